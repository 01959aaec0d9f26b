import { randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import type { Tx } from "@quartet/db/client";
import type { Deps, UserActor } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import { requireMembership } from "../../orgs/org-access.service.ts";
import { verifyTicketAccessToken } from "../tickets/ticket-access.ts";
import * as repo from "./attachment.repository.ts";
import {
  ATTACHMENT_MAX_BYTES,
  ATTACHMENT_MAX_FILES,
  cleanFileName,
  EXECUTABLE_EXTENSIONS,
  EXECUTABLE_MIME_TYPES,
  type UploadedFile,
} from "./attachment.schema.ts";

export type AttachmentDto = Awaited<ReturnType<typeof repo.insertAttachment>>;

export interface AttachmentDownload {
  fileName: string;
  mimeType: string;
  size: number;
  body: Readable;
}

const attachmentNotFound = () => new AppError("NOT_FOUND", "File not found.");

/** Storage keys are ours and never contain the user's file name: `desk/<orgId>/<uuid>`. */
const storageKeyFor = (orgId: string) => `desk/${orgId}/${randomUUID()}`;

/** Why a file is refused, or null: programs (by sniffed type or by extension) are never stored. */
export function executableReason(fileName: string, mimeType: string): string | null {
  const ext = fileName.includes(".") ? fileName.split(".").pop()?.toLowerCase() : undefined;
  if (EXECUTABLE_MIME_TYPES.has(mimeType) || (ext && EXECUTABLE_EXTENSIONS.has(ext)))
    return `${fileName}: programs and scripts can't be attached.`;
  return null;
}

/** Checked before the route reads the request body: only agents upload, outsiders see NOT_FOUND. */
export async function assertCanUploadAttachments(deps: Deps, actor: UserActor, orgId: string): Promise<void> {
  await requireMembership(deps.db, orgId, actor.userId, "AGENT");
}

/**
 * Stores files uploaded for a message not sent yet: the rows have no ticket and no message until
 * the message is sent (see linkAttachmentsToMessage and the help center's reply and contact form).
 * Same limits for everyone: at most 5 files of 10 MB, no programs. Files are written first, rows
 * second; if the rows can't be written the files are removed again.
 */
export async function storePendingFiles(
  deps: Pick<Deps, "db" | "storage" | "clock">,
  orgId: string,
  uploader: { userId: string | null; contactId: string | null },
  files: UploadedFile[],
): Promise<{ attachments: AttachmentDto[] }> {
  if (files.length === 0)
    throw new AppError("BAD_REQUEST", "Choose a file to attach.", { files: "Choose a file to attach." });
  if (files.length > ATTACHMENT_MAX_FILES)
    throw new AppError("BAD_REQUEST", `Attach at most ${ATTACHMENT_MAX_FILES} files.`, {
      files: `Attach at most ${ATTACHMENT_MAX_FILES} files.`,
    });
  for (const file of files) {
    const refused = executableReason(file.fileName, file.mimeType);
    if (refused) throw new AppError("BAD_REQUEST", refused, { files: refused });
    if (file.body.length > ATTACHMENT_MAX_BYTES)
      throw new AppError("BAD_REQUEST", `${file.fileName} is larger than 10 MB.`, {
        files: `${file.fileName} is larger than 10 MB.`,
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
    const attachments = await deps.db.$transaction(async (tx) => {
      const rows: AttachmentDto[] = [];
      for (const { key, file } of stored) {
        rows.push(
          await repo.insertAttachment(tx, {
            orgId,
            storageKey: key,
            fileName: cleanFileName(file.fileName),
            mimeType: file.mimeType,
            sizeBytes: file.body.length,
            uploadedByUserId: uploader.userId,
            uploadedByContactId: uploader.contactId,
            now,
          }),
        );
      }
      return rows;
    });
    return { attachments };
  } catch (error) {
    await Promise.all(stored.map(({ key }) => deps.storage.delete(key).catch(() => {})));
    throw error;
  }
}

/** An agent's files for a message not sent yet (see storePendingFiles). */
export async function storeUploadedAttachments(
  deps: Deps,
  actor: UserActor,
  orgId: string,
  files: UploadedFile[],
): Promise<{ attachments: AttachmentDto[] }> {
  await requireMembership(deps.db, orgId, actor.userId, "AGENT");
  return storePendingFiles(deps, orgId, { userId: actor.userId, contactId: null }, files);
}

/**
 * Links a customer's pending uploads to what they sent, inside its transaction: the ids must be
 * uploads of this workspace not sent yet, by this contact (`contactId`; the ticket page) or by
 * nobody known yet (`null`; the contact form, whose sender has no contact before sending). With
 * `messageId: null` the files belong to the ticket's opening message.
 */
export async function linkCustomerAttachments(
  tx: Tx,
  data: {
    orgId: string;
    ticketId: string;
    messageId: string | null;
    attachmentIds: string[];
    uploadedByContactId: string | null;
    /** The contact the files are recorded as uploaded by (the sender). */
    contactId: string;
  },
): Promise<AttachmentDto[]> {
  if (data.attachmentIds.length === 0) return [];
  const linked = await repo.linkPendingCustomerAttachments(tx, data);
  if (linked !== data.attachmentIds.length) {
    throw new AppError("BAD_REQUEST", "One of the attached files can't be used. Upload it again.", {
      attachmentIds: "One of the attached files can't be used. Upload it again.",
    });
  }
  return repo.listTicketAttachments(tx, data.orgId, data.ticketId, data.messageId);
}

/**
 * Links the actor's pending uploads to a message, inside the message's transaction. Each id must
 * be an upload of this actor in this workspace not yet sent with another message.
 */
export async function linkAttachmentsToMessage(
  tx: Tx,
  data: { orgId: string; ticketId: string; messageId: string; attachmentIds: string[]; userId: string },
): Promise<AttachmentDto[]> {
  if (data.attachmentIds.length === 0) return [];
  const linked = await repo.linkPendingAttachments(tx, {
    orgId: data.orgId,
    ids: data.attachmentIds,
    uploadedByUserId: data.userId,
    ticketId: data.ticketId,
    messageId: data.messageId,
  });
  if (linked !== data.attachmentIds.length) {
    throw new AppError("BAD_REQUEST", "One of the attached files can't be used. Upload it again.", {
      attachmentIds: "One of the attached files can't be used. Upload it again.",
    });
  }
  return repo.listMessageAttachments(tx, data.messageId);
}

/**
 * Links an agent's pending uploads to the opening message (the description) of a ticket the agent
 * is creating, inside the creation's transaction. Same rules as linkAttachmentsToMessage.
 */
export async function linkAttachmentsToOpeningMessage(
  tx: Tx,
  data: { orgId: string; ticketId: string; attachmentIds: string[]; userId: string },
): Promise<void> {
  if (data.attachmentIds.length === 0) return;
  const linked = await repo.linkPendingAttachments(tx, {
    orgId: data.orgId,
    ids: data.attachmentIds,
    uploadedByUserId: data.userId,
    ticketId: data.ticketId,
    messageId: null,
  });
  if (linked !== data.attachmentIds.length) {
    throw new AppError("BAD_REQUEST", "One of the attached files can't be used. Upload it again.", {
      attachmentIds: "One of the attached files can't be used. Upload it again.",
    });
  }
}

/**
 * For the email channel: stores one attachment of an inbound mail and links it to the message the
 * mail became, in the caller's transaction. Returns null (stores nothing) for a program or a file
 * over 10 MB, so one bad attachment doesn't lose the customer's mail. The file is written before the
 * row: if the transaction rolls back, an unreferenced file stays behind (harmless, never served).
 */
export async function storeInboundAttachment(
  tx: Tx,
  deps: Pick<Deps, "storage" | "clock" | "log">,
  data: {
    orgId: string;
    ticketId: string;
    messageId: string;
    fileName: string;
    mimeType: string;
    body: Buffer;
    contactId: string | null;
  },
): Promise<AttachmentDto | null> {
  const fileName = cleanFileName(data.fileName);
  const refused = executableReason(fileName, data.mimeType);
  if (refused || data.body.length > ATTACHMENT_MAX_BYTES) {
    deps.log.warn(
      { orgId: data.orgId, ticketId: data.ticketId, fileName, size: data.body.length },
      "inbound attachment skipped",
    );
    return null;
  }
  const key = storageKeyFor(data.orgId);
  await deps.storage.put(key, data.body, { contentType: data.mimeType, size: data.body.length });
  return repo.insertAttachment(tx, {
    orgId: data.orgId,
    storageKey: key,
    fileName,
    mimeType: data.mimeType,
    sizeBytes: data.body.length,
    uploadedByUserId: null,
    uploadedByContactId: data.contactId,
    ticketId: data.ticketId,
    messageId: data.messageId,
    now: deps.clock.now(),
  });
}

async function open(
  deps: Deps,
  row: NonNullable<Awaited<ReturnType<typeof repo.findAttachmentForDownload>>>,
) {
  const file = await deps.storage.get(row.storageKey);
  if (!file) {
    deps.log.error({ attachmentId: row.id, key: row.storageKey }, "attachment file missing from storage");
    throw attachmentNotFound();
  }
  return { fileName: row.fileName, mimeType: row.mimeType, size: file.size, body: file.body };
}

/**
 * A member downloads an attachment of their workspace. Anything else is NOT_FOUND (never
 * FORBIDDEN: outsiders don't learn the file exists); an upload not sent yet is its uploader's only.
 */
export async function openAttachmentForMember(
  deps: Deps,
  actor: UserActor,
  attachmentId: string,
): Promise<AttachmentDownload> {
  const row = await repo.findAttachmentForDownload(deps.db, attachmentId);
  if (!row || row.ticket?.deletedAt) throw attachmentNotFound();
  try {
    await requireMembership(deps.db, row.organizationId, actor.userId, "MEMBER");
  } catch {
    throw attachmentNotFound();
  }
  if (!row.ticketId && row.uploadedByUserId !== actor.userId) throw attachmentNotFound();
  return open(deps, row);
}

/**
 * A customer with their ticket link downloads an attachment of a public message of that ticket,
 * or of its opening message (a file linked to the ticket and no message: the description's).
 */
export async function openAttachmentForCustomer(
  deps: Deps,
  attachmentId: string,
  token: string,
): Promise<AttachmentDownload> {
  const row = await repo.findAttachmentForDownload(deps.db, attachmentId);
  // A message's file: only if the message is public. No message: the opening message's file.
  const visible = row?.messageId ? row.message?.isInternal === false : true;
  if (
    !row?.ticketId ||
    row.ticket?.deletedAt ||
    !visible ||
    !verifyTicketAccessToken(deps.config, row.ticketId, token)
  ) {
    throw attachmentNotFound();
  }
  return open(deps, row);
}

/** How long an upload may wait for its message before the cleanup removes it. */
export const ORPHAN_ATTACHMENT_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Removes uploads never sent with a message (the agent closed the tab, removed the file) after
 * 24 h: rows first, then their files, so a file is never deleted while a row still points to it.
 * For the maintenance cleanup job. Returns how many were removed.
 */
export async function cleanupOrphanAttachments(
  deps: Pick<Deps, "db" | "storage" | "clock" | "log">,
  batch = 500,
): Promise<number> {
  const before = new Date(deps.clock.now().getTime() - ORPHAN_ATTACHMENT_TTL_MS);
  const orphans = await repo.findOrphanAttachments(deps.db, before, batch);
  if (orphans.length === 0) return 0;
  const removed = await repo.deleteOrphanAttachments(
    deps.db,
    orphans.map((o) => o.id),
  );
  // A row linked to a message between the two queries survived the delete: keep its file.
  const kept = new Set(
    await repo.existingAttachmentIds(
      deps.db,
      orphans.map((o) => o.id),
    ),
  );
  for (const o of orphans) {
    if (kept.has(o.id)) continue;
    await deps.storage
      .delete(o.storageKey)
      .catch((error: unknown) =>
        deps.log.warn({ err: error, key: o.storageKey }, "orphan attachment file not deleted"),
      );
  }
  return removed;
}
