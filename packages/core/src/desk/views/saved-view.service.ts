import type { MemberRole } from "@quartet/db/enums";
import type { Prisma } from "@quartet/db/types";
import type { Deps, UserActor } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import { atLeast, requireMembership } from "../../orgs/org-access.service.ts";
import {
  type TicketListFiltersInput,
  type TicketSort,
  ticketListFiltersSchema,
  ticketSortSchema,
} from "../tickets/ticket.schema.ts";
import * as repo from "./saved-view.repository.ts";
import {
  type CreateSavedViewInput,
  createSavedViewInput,
  listSavedViewsInput,
  type SavedViewIdInput,
  savedViewIdInput,
  type UpdateSavedViewInput,
  updateSavedViewInput,
} from "./saved-view.schema.ts";

export interface SavedViewDto {
  id: string;
  name: string;
  filters: TicketListFiltersInput;
  sort: TicketSort;
  isShared: boolean;
  position: number;
  /** The caller may rename, change or delete it (their own view, or a shared one and they're an admin). */
  canEdit: boolean;
  mine: boolean;
}

type Row = NonNullable<Awaited<ReturnType<typeof repo.findView>>>;

function toDto(row: Row, userId: string, role: MemberRole): SavedViewDto {
  // Stored filters are re-read through the schema: a view saved by an older version (or pointing
  // at a removed value) degrades to fewer filters instead of breaking the list.
  const filters = ticketListFiltersSchema.safeParse(row.filters);
  const sort = ticketSortSchema.safeParse(row.sort);
  return {
    id: row.id,
    name: row.name,
    filters: filters.success ? filters.data : {},
    sort: sort.success ? sort.data : "updatedAt",
    isShared: row.isShared,
    position: row.position,
    canEdit: canEdit(row, userId, role),
    mine: row.userId === userId,
  };
}

/** Personal views are their owner's; shared views are the admins'. */
function canEdit(row: Pick<Row, "userId" | "isShared">, userId: string, role: MemberRole): boolean {
  return row.isShared ? atLeast(role, "ADMIN") : row.userId === userId;
}

const viewNotFound = () => new AppError("NOT_FOUND", "View not found.");
const sharedNeedsAdmin = () =>
  new AppError("FORBIDDEN", "Only admins can share views or change shared views.", {
    isShared: "Only admins can share views.",
  });

export async function listSavedViews(
  deps: Deps,
  actor: UserActor,
  rawInput: { orgId: string },
): Promise<SavedViewDto[]> {
  const input = listSavedViewsInput.parse(rawInput);
  const membership = await requireMembership(deps.db, input.orgId, actor.userId, "MEMBER");
  const rows = await repo.listVisibleViews(deps.db, input.orgId, actor.userId);
  return rows.map((r) => toDto(r, actor.userId, membership.role));
}

export async function createSavedView(
  deps: Deps,
  actor: UserActor,
  rawInput: CreateSavedViewInput,
): Promise<SavedViewDto> {
  const input = createSavedViewInput.parse(rawInput);
  return deps.db.$transaction(async (tx) => {
    const membership = await requireMembership(tx, input.orgId, actor.userId, "MEMBER");
    if (input.isShared && !atLeast(membership.role, "ADMIN")) throw sharedNeedsAdmin();
    const row = await repo.insertView(tx, {
      orgId: input.orgId,
      userId: actor.userId,
      name: input.name,
      filters: input.filters as Prisma.InputJsonObject,
      sort: input.sort,
      isShared: input.isShared,
      position: input.position ?? (await repo.nextPosition(tx, input.orgId, actor.userId)),
      now: deps.clock.now(),
    });
    return toDto(row, actor.userId, membership.role);
  });
}

export async function updateSavedView(
  deps: Deps,
  actor: UserActor,
  rawInput: UpdateSavedViewInput,
): Promise<SavedViewDto> {
  const { orgId, viewId, ...patch } = updateSavedViewInput.parse(rawInput);
  return deps.db.$transaction(async (tx) => {
    const membership = await requireMembership(tx, orgId, actor.userId, "MEMBER");
    const row = await repo.findView(tx, orgId, viewId);
    // Someone else's personal view doesn't exist for the caller.
    if (!row || (!row.isShared && row.userId !== actor.userId)) throw viewNotFound();
    if (!canEdit(row, actor.userId, membership.role)) throw sharedNeedsAdmin();
    if (patch.isShared !== undefined && patch.isShared !== row.isShared && !atLeast(membership.role, "ADMIN"))
      throw sharedNeedsAdmin();
    const data: Prisma.SavedViewUncheckedUpdateInput = { updatedAt: deps.clock.now() };
    if (patch.name !== undefined) data.name = patch.name;
    if (patch.filters !== undefined) data.filters = patch.filters as Prisma.InputJsonObject;
    if (patch.sort !== undefined) data.sort = patch.sort;
    if (patch.isShared !== undefined) data.isShared = patch.isShared;
    if (patch.position !== undefined) data.position = patch.position;
    return toDto(await repo.updateView(tx, row.id, data), actor.userId, membership.role);
  });
}

export async function deleteSavedView(
  deps: Deps,
  actor: UserActor,
  rawInput: SavedViewIdInput,
): Promise<{ id: string }> {
  const input = savedViewIdInput.parse(rawInput);
  return deps.db.$transaction(async (tx) => {
    const membership = await requireMembership(tx, input.orgId, actor.userId, "MEMBER");
    const row = await repo.findView(tx, input.orgId, input.viewId);
    if (!row || (!row.isShared && row.userId !== actor.userId)) throw viewNotFound();
    if (!canEdit(row, actor.userId, membership.role)) throw sharedNeedsAdmin();
    await repo.deleteView(tx, row.id);
    return { id: row.id };
  });
}
