import type { MemberRole } from "@quartet/db/enums";
import type { Prisma } from "@quartet/db/types";
import type { Deps, UserActor } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import { atLeast, requireMembership } from "../../orgs/org-access.service.ts";
import * as ticketRepo from "../tickets/ticket.repository.ts";
import {
  applyTicketUpdate,
  getTicket,
  type TicketDetail,
  type TicketPatch,
} from "../tickets/ticket.service.ts";
import type { TicketFieldChange } from "../tickets/ticket-events.ts";
import * as repo from "./macro.repository.ts";
import {
  type ApplyMacroInput,
  applyMacroInput,
  type CreateMacroInput,
  createMacroInput,
  listMacrosInput,
  type MacroActions,
  type MacroIdInput,
  macroActionsSchema,
  macroIdInput,
  type UpdateMacroInput,
  updateMacroInput,
} from "./macro.schema.ts";
import { macroVariables, renderMacro } from "./macro-template.ts";

export interface MacroDto {
  id: string;
  name: string;
  body: string;
  actions: MacroActions;
  isShared: boolean;
  usageCount: number;
  /** The caller may change or delete it (their own macro, or a shared one and they're an admin). */
  canEdit: boolean;
  mine: boolean;
}

type Row = NonNullable<Awaited<ReturnType<typeof repo.findMacro>>>;

function toDto(row: Row, userId: string, role: MemberRole): MacroDto {
  // Stored actions are re-read through the schema: an invalid value degrades to no actions.
  const actions = macroActionsSchema.safeParse(row.actions);
  return {
    id: row.id,
    name: row.name,
    body: row.body,
    actions: actions.success ? actions.data : {},
    isShared: row.isShared,
    usageCount: row.usageCount,
    canEdit: canEdit(row, userId, role),
    mine: row.userId === userId,
  };
}

/** Personal macros are their owner's; shared macros are the admins'. */
function canEdit(row: Pick<Row, "userId" | "isShared">, userId: string, role: MemberRole): boolean {
  return row.isShared ? atLeast(role, "ADMIN") : row.userId === userId;
}

/** Someone else's personal macro doesn't exist for the caller. */
const visible = (row: Row | null, userId: string): row is Row =>
  row !== null && (row.isShared || row.userId === userId);

const macroNotFound = () => new AppError("NOT_FOUND", "Macro not found.");
const sharedNeedsAdmin = () =>
  new AppError("FORBIDDEN", "Only admins can share macros or change shared macros.", {
    isShared: "Only admins can share macros.",
  });

export async function listMacros(
  deps: Deps,
  actor: UserActor,
  rawInput: { orgId: string },
): Promise<MacroDto[]> {
  const input = listMacrosInput.parse(rawInput);
  const membership = await requireMembership(deps.db, input.orgId, actor.userId, "AGENT");
  const rows = await repo.listVisibleMacros(deps.db, input.orgId, actor.userId);
  return rows.map((r) => toDto(r, actor.userId, membership.role));
}

export async function createMacro(
  deps: Deps,
  actor: UserActor,
  rawInput: CreateMacroInput,
): Promise<MacroDto> {
  const input = createMacroInput.parse(rawInput);
  return deps.db.$transaction(async (tx) => {
    const membership = await requireMembership(tx, input.orgId, actor.userId, "AGENT");
    if (input.isShared && !atLeast(membership.role, "ADMIN")) throw sharedNeedsAdmin();
    const row = await repo.insertMacro(tx, {
      orgId: input.orgId,
      userId: actor.userId,
      name: input.name,
      body: input.body,
      actions: input.actions as Prisma.InputJsonObject,
      isShared: input.isShared,
      now: deps.clock.now(),
    });
    return toDto(row, actor.userId, membership.role);
  });
}

export async function updateMacro(
  deps: Deps,
  actor: UserActor,
  rawInput: UpdateMacroInput,
): Promise<MacroDto> {
  const { orgId, macroId, ...patch } = updateMacroInput.parse(rawInput);
  return deps.db.$transaction(async (tx) => {
    const membership = await requireMembership(tx, orgId, actor.userId, "AGENT");
    const row = await repo.findMacro(tx, orgId, macroId);
    if (!visible(row, actor.userId)) throw macroNotFound();
    if (!canEdit(row, actor.userId, membership.role)) throw sharedNeedsAdmin();
    if (patch.isShared !== undefined && patch.isShared !== row.isShared && !atLeast(membership.role, "ADMIN"))
      throw sharedNeedsAdmin();
    const data: Prisma.MacroUncheckedUpdateInput = { updatedAt: deps.clock.now() };
    if (patch.name !== undefined) data.name = patch.name;
    if (patch.body !== undefined) data.body = patch.body;
    if (patch.actions !== undefined) data.actions = patch.actions as Prisma.InputJsonObject;
    if (patch.isShared !== undefined) data.isShared = patch.isShared;
    return toDto(await repo.updateMacro(tx, row.id, data), actor.userId, membership.role);
  });
}

export async function deleteMacro(
  deps: Deps,
  actor: UserActor,
  rawInput: MacroIdInput,
): Promise<{ id: string }> {
  const input = macroIdInput.parse(rawInput);
  return deps.db.$transaction(async (tx) => {
    const membership = await requireMembership(tx, input.orgId, actor.userId, "AGENT");
    const row = await repo.findMacro(tx, input.orgId, input.macroId);
    if (!visible(row, actor.userId)) throw macroNotFound();
    if (!canEdit(row, actor.userId, membership.role)) throw sharedNeedsAdmin();
    await repo.deleteMacro(tx, row.id);
    return { id: row.id };
  });
}

export interface AppliedMacro {
  /** The rendered reply text, for the reply box (the agent edits and sends it). */
  text: string;
  changes: TicketFieldChange[];
  ticket: TicketDetail;
}

/** Tags after the macro: removed ones dropped, added ones appended (order kept). */
export function macroTags(current: readonly string[], actions: MacroActions): string[] {
  const remove = new Set(actions.removeTags ?? []);
  const next = current.filter((t) => !remove.has(t));
  for (const tag of actions.addTags ?? []) if (!next.includes(tag)) next.push(tag);
  return next;
}

/**
 * Applies a macro to a ticket: renders its text (returned, not sent) and applies its field changes
 * through the regular update path (one activity per changed field), counting the use.
 */
export async function applyMacro(
  deps: Deps,
  actor: UserActor,
  rawInput: ApplyMacroInput,
): Promise<AppliedMacro> {
  const input = applyMacroInput.parse(rawInput);
  const result = await deps.db.$transaction(async (tx) => {
    await requireMembership(tx, input.orgId, actor.userId, "AGENT");
    const row = await repo.findMacro(tx, input.orgId, input.macroId);
    if (!visible(row, actor.userId)) throw macroNotFound();
    const locked = await ticketRepo.lockTicket(tx, input.orgId, input.ticketId);
    if (!locked) throw new AppError("NOT_FOUND", "Ticket not found.");
    const context = await repo.findRenderContext(tx, input.orgId, input.ticketId);
    if (!context) throw new AppError("NOT_FOUND", "Ticket not found.");
    const agent = await repo.findAgent(tx, actor.userId);
    const actions = macroActionsSchema.parse(row.actions);
    const text = renderMacro(
      row.body,
      macroVariables({
        requester: context.contact,
        ticket: { number: context.number, subject: context.subject },
        agent,
        workspace: context.organization,
      }),
    );
    const patch: TicketPatch = {};
    if (actions.status !== undefined) patch.status = actions.status;
    if (actions.priority !== undefined) patch.priority = actions.priority;
    if (actions.assigneeId !== undefined) patch.assigneeId = actions.assigneeId;
    if (actions.addTags?.length || actions.removeTags?.length) patch.tags = macroTags(context.tags, actions);
    const changes = await applyTicketUpdate(
      tx,
      deps,
      { orgId: input.orgId, actorUserId: actor.userId, source: "agent", depth: 0 },
      input.ticketId,
      patch,
    );
    await repo.countUse(tx, row.id);
    return { text, changes };
  });
  return {
    ...result,
    ticket: await getTicket(deps, actor, { orgId: input.orgId, ticketId: input.ticketId }),
  };
}
