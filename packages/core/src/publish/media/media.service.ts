import type { Deps, UserActor } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import { requireMembership } from "../../orgs/org-access.service.ts";
import {
  type ListMediaInput,
  listMediaInput,
  type MediaIdInput,
  type MediaItem,
  mediaIdInput,
  type UpdateMediaInput,
  updateMediaInput,
} from "./media.schema.ts";

// The media library: members list it, set alt text and delete (soft: posts that used an item keep
// their copy of its reference). Uploading, thumbnails and resizing are not built yet.

const select = {
  id: true,
  name: true,
  type: true,
  mimeType: true,
  fileSize: true,
  width: true,
  height: true,
  durationMs: true,
  alt: true,
  thumbnail: true,
  createdAt: true,
} as const;
const notFound = () => new AppError("NOT_FOUND", "Media not found.");

export async function listMedia(
  deps: Deps,
  actor: UserActor,
  rawInput: ListMediaInput,
): Promise<MediaItem[]> {
  const input = listMediaInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "MEMBER");
  return deps.db.media.findMany({
    where: { organizationId: input.orgId, deletedAt: null, ...(input.type ? { type: input.type } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit,
    select,
  });
}

export async function updateMedia(
  deps: Deps,
  actor: UserActor,
  rawInput: UpdateMediaInput,
): Promise<MediaItem> {
  const input = updateMediaInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "MEMBER");
  const moved = await deps.db.media.updateMany({
    where: { id: input.mediaId, organizationId: input.orgId, deletedAt: null },
    data: { alt: input.alt || null },
  });
  if (moved.count === 0) throw notFound();
  return deps.db.media.findUniqueOrThrow({ where: { id: input.mediaId }, select });
}

export async function deleteMedia(deps: Deps, actor: UserActor, rawInput: MediaIdInput) {
  const input = mediaIdInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "MEMBER");
  const gone = await deps.db.media.updateMany({
    where: { id: input.mediaId, organizationId: input.orgId, deletedAt: null },
    data: { deletedAt: deps.clock.now() },
  });
  if (gone.count === 0) throw notFound();
  return { ok: true as const };
}
