import type { DbOrTx } from "@quartet/db/client";

// The only code that reads or writes desk_attachments. Every query is scoped by organizationId.

export const attachmentBriefSelect = { id: true, fileName: true, mimeType: true, sizeBytes: true } as const;

export function insertAttachment(
  db: DbOrTx,
  data: {
    orgId: string;
    storageKey: string;
    fileName: string;
    mimeType: string;
    sizeBytes: number;
    uploadedByUserId: string | null;
    uploadedByContactId?: string | null;
    ticketId?: string | null;
    messageId?: string | null;
    now: Date;
  },
) {
  const { orgId, now, ...rest } = data;
  return db.deskAttachment.create({
    data: { ...rest, organizationId: orgId, createdAt: now },
    select: attachmentBriefSelect,
  });
}

/**
 * Links the actor's own pending uploads (no ticket, no message yet) to a message. Returns how many
 * were linked: fewer than asked means some id was not the actor's pending upload in this workspace.
 */
export async function linkPendingAttachments(
  db: DbOrTx,
  data: {
    orgId: string;
    ids: string[];
    uploadedByUserId: string;
    ticketId: string;
    messageId: string | null;
  },
): Promise<number> {
  const { count } = await db.deskAttachment.updateMany({
    where: {
      id: { in: data.ids },
      organizationId: data.orgId,
      uploadedByUserId: data.uploadedByUserId,
      ticketId: null,
      messageId: null,
    },
    data: { ticketId: data.ticketId, messageId: data.messageId },
  });
  return count;
}

/**
 * Links pending customer uploads (no user uploader, no ticket, no message; uploaded by
 * `uploadedByContactId`, or by nobody known for the contact form) to a ticket and a message (or
 * its opening message with `messageId: null`). Returns how many were linked.
 */
export async function linkPendingCustomerAttachments(
  db: DbOrTx,
  data: {
    orgId: string;
    attachmentIds: string[];
    uploadedByContactId: string | null;
    contactId: string;
    ticketId: string;
    messageId: string | null;
  },
): Promise<number> {
  const { count } = await db.deskAttachment.updateMany({
    where: {
      id: { in: data.attachmentIds },
      organizationId: data.orgId,
      uploadedByUserId: null,
      uploadedByContactId: data.uploadedByContactId,
      ticketId: null,
      messageId: null,
    },
    data: { ticketId: data.ticketId, messageId: data.messageId, uploadedByContactId: data.contactId },
  });
  return count;
}

/** A ticket's files of one message (or, with `messageId: null`, of its opening message). */
export function listTicketAttachments(db: DbOrTx, orgId: string, ticketId: string, messageId: string | null) {
  return db.deskAttachment.findMany({
    where: { organizationId: orgId, ticketId, messageId },
    orderBy: { createdAt: "asc" },
    select: attachmentBriefSelect,
  });
}

export function listMessageAttachments(db: DbOrTx, messageId: string) {
  return db.deskAttachment.findMany({
    where: { messageId },
    orderBy: { createdAt: "asc" },
    select: attachmentBriefSelect,
  });
}

/** An attachment with what the download checks need: its message's visibility and ticket. */
export function findAttachmentForDownload(db: DbOrTx, attachmentId: string) {
  return db.deskAttachment.findUnique({
    where: { id: attachmentId },
    select: {
      id: true,
      organizationId: true,
      ticketId: true,
      messageId: true,
      storageKey: true,
      fileName: true,
      mimeType: true,
      sizeBytes: true,
      uploadedByUserId: true,
      message: { select: { isInternal: true } },
      ticket: { select: { deletedAt: true } },
    },
  });
}

/** Moves every attachment of one ticket to another (merge). */
export function moveTicketAttachments(db: DbOrTx, orgId: string, fromTicketId: string, toTicketId: string) {
  return db.deskAttachment.updateMany({
    where: { organizationId: orgId, ticketId: fromTicketId },
    data: { ticketId: toTicketId },
  });
}

/** Uploads never sent with a message, older than `before` (oldest first). */
export function findOrphanAttachments(db: DbOrTx, before: Date, take: number) {
  return db.deskAttachment.findMany({
    where: { ticketId: null, messageId: null, createdAt: { lt: before } },
    orderBy: { createdAt: "asc" },
    take,
    select: { id: true, storageKey: true },
  });
}

/** Deletes the rows that are still orphans (a row linked meanwhile is kept). */
export async function deleteOrphanAttachments(db: DbOrTx, ids: string[]): Promise<number> {
  const { count } = await db.deskAttachment.deleteMany({
    where: { id: { in: ids }, ticketId: null, messageId: null },
  });
  return count;
}

export async function existingAttachmentIds(db: DbOrTx, ids: string[]): Promise<string[]> {
  const rows = await db.deskAttachment.findMany({ where: { id: { in: ids } }, select: { id: true } });
  return rows.map((r) => r.id);
}
