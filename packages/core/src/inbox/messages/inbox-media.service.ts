import { randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import type { Deps, UserActor } from "../../deps.ts";
import { cleanFileName, type UploadedFile } from "../../desk/attachments/attachment.schema.ts";
import { executableReason } from "../../desk/attachments/attachment.service.ts";
import { AppError } from "../../errors.ts";
import { requireMembership } from "../../orgs/org-access.service.ts";
import * as repo from "./message.repository.ts";
import { INBOX_UPLOAD_MAX_FILES } from "./message.schema.ts";
import { isStoredMedia } from "./message.service.ts";

// Inbox files: what an agent uploads to send (stored before the message exists, sent by id), and
// the media of stored messages served back to the workspace's members only. The same rules as Desk
// attachments (no programs, names cleaned, type from the bytes), with the platforms' larger limit.

/** WhatsApp's largest outbound media (video 16 MB); each platform's own limit is checked at send. */
export const INBOX_UPLOAD_MAX_BYTES = 16 * 1024 * 1024;
export { INBOX_UPLOAD_MAX_FILES };

export interface UploadedInboxFile {
  id: string;
  fileName: string;
  size: number;
  mimeType: string;
}

export interface InboxMediaDownload {
  fileName: string;
  mimeType: string;
  size: number;
  body: Readable;
}

const mediaNotFound = () => new AppError("NOT_FOUND", "File not found.");

/** Storage keys are ours, never the file's name: `inbox/<orgId>/<uuid>`. */
const storageKeyFor = (orgId: string) => `inbox/${orgId}/${randomUUID()}`;

/** Checked before the route reads the body: agents upload; outsiders get NOT_FOUND. */
export async function assertCanUploadInboxMedia(deps: Deps, actor: UserActor, orgId: string): Promise<void> {
  await requireMembership(deps.db, orgId, actor, "AGENT");
}

/**
 * Stores an agent's files for a message not sent yet (at most 5 of 16 MB, no programs). Files
 * first, rows second; if the rows can't be written the files go again. Unsent uploads are removed
 * after a day by the retention job.
 */
export async function storeInboxUploads(
  deps: Deps,
  actor: UserActor,
  orgId: string,
  files: UploadedFile[],
): Promise<{ attachments: UploadedInboxFile[] }> {
  await requireMembership(deps.db, orgId, actor, "AGENT");
  if (files.length === 0)
    throw new AppError("BAD_REQUEST", "Choose a file to attach.", { files: "Choose a file to attach." });
  if (files.length > INBOX_UPLOAD_MAX_FILES)
    throw new AppError("BAD_REQUEST", `Attach at most ${INBOX_UPLOAD_MAX_FILES} files.`, {
      files: `Attach at most ${INBOX_UPLOAD_MAX_FILES} files.`,
    });
  for (const file of files) {
    const refused = executableReason(file.fileName, file.mimeType);
    if (refused) throw new AppError("BAD_REQUEST", refused, { files: refused });
    if (file.body.length > INBOX_UPLOAD_MAX_BYTES)
      throw new AppError("BAD_REQUEST", `${file.fileName} is larger than 16 MB.`, {
        files: `${file.fileName} is larger than 16 MB.`,
      });
  }
  const stored: { key: string; file: UploadedFile }[] = [];
  try {
    for (const file of files) {
      const key = storageKeyFor(orgId);
      await deps.storage.put(key, file.body, { contentType: file.mimeType, size: file.body.length });
      stored.push({ key, file });
    }
    const now = deps.clock.now();
    const rows = await deps.db.$transaction(async (tx) => {
      const out: UploadedInboxFile[] = [];
      for (const { key, file } of stored) {
        const row = await repo.insertUpload(tx, {
          orgId,
          storageKey: key,
          fileName: cleanFileName(file.fileName),
          mimeType: file.mimeType,
          sizeBytes: file.body.length,
          userId: actor.userId,
          now,
        });
        out.push({ id: row.id, fileName: row.fileName, size: row.sizeBytes, mimeType: row.mimeType });
      }
      return out;
    });
    return { attachments: rows };
  } catch (error) {
    await Promise.all(stored.map(({ key }) => deps.storage.delete(key).catch(() => {})));
    throw error;
  }
}

/**
 * A message's stored media (or its thumbnail) for a member of the message's workspace; anything
 * else — another workspace, a file not fetched yet — is NOT_FOUND.
 */
export async function openMessageMedia(
  deps: Deps,
  actor: UserActor,
  messageId: string,
  part: "media" | "thumbnail",
): Promise<InboxMediaDownload> {
  const row = await repo.findMessageMedia(deps.db, messageId);
  if (!row) throw mediaNotFound();
  try {
    await requireMembership(deps.db, row.organizationId, actor, "MEMBER");
  } catch {
    throw mediaNotFound();
  }
  const key = part === "media" ? row.mediaUrl : row.mediaThumbnail;
  if (!isStoredMedia(key)) throw mediaNotFound();
  const file = await deps.storage.get(key);
  if (!file) {
    deps.log.error({ messageId, key }, "inbox media missing from storage");
    throw mediaNotFound();
  }
  return {
    fileName: row.mediaFileName ?? (part === "thumbnail" ? "thumbnail" : "file"),
    mimeType: part === "media" ? (row.mediaType ?? file.contentType) : file.contentType,
    size: file.size,
    body: file.body,
  };
}
