import type { Deps, UserActor } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import { requireMembership } from "../../orgs/org-access.service.ts";
import {
  type CreateTagInput,
  createTagInput,
  type TagIdInput,
  type TagItem,
  tagIdInput,
  type UpdateTagInput,
  updateTagInput,
} from "./tag.schema.ts";

// Post tags: any member lists and manages them (Postiz). Deleting keeps the row (soft) so old
// posts' links stay readable, but it no longer shows or can be picked.

const select = { id: true, name: true, color: true } as const;
const notFound = () => new AppError("NOT_FOUND", "Tag not found.");

export async function listTags(
  deps: Deps,
  actor: UserActor,
  rawInput: { orgId: string },
): Promise<TagItem[]> {
  const { orgId } = tagIdInput.pick({ orgId: true }).parse(rawInput);
  await requireMembership(deps.db, orgId, actor, "MEMBER");
  return deps.db.tags.findMany({
    where: { organizationId: orgId, deletedAt: null },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    select,
  });
}

export async function createTag(deps: Deps, actor: UserActor, rawInput: CreateTagInput): Promise<TagItem> {
  const input = createTagInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "MEMBER");
  return deps.db.tags.create({
    data: { organizationId: input.orgId, name: input.name, color: input.color.toLowerCase() },
    select,
  });
}

export async function updateTag(deps: Deps, actor: UserActor, rawInput: UpdateTagInput): Promise<TagItem> {
  const input = updateTagInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "MEMBER");
  const moved = await deps.db.tags.updateMany({
    where: { id: input.tagId, organizationId: input.orgId, deletedAt: null },
    data: { name: input.name, color: input.color?.toLowerCase() },
  });
  if (moved.count === 0) throw notFound();
  return deps.db.tags.findUniqueOrThrow({ where: { id: input.tagId }, select });
}

export async function deleteTag(deps: Deps, actor: UserActor, rawInput: TagIdInput) {
  const input = tagIdInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "MEMBER");
  const gone = await deps.db.tags.updateMany({
    where: { id: input.tagId, organizationId: input.orgId, deletedAt: null },
    data: { deletedAt: deps.clock.now() },
  });
  if (gone.count === 0) throw notFound();
  return { ok: true as const };
}
