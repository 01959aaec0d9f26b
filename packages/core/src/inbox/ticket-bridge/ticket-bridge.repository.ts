import type { DbOrTx } from "@quartet/db/client";

// Reads and writes of the bridge between an Inbox conversation and the Desk ticket made from it.
// The link is conversations.ticket_id (unique: one conversation per ticket); each message crosses
// at most once because messages.ticket_message_id is unique.

/** The whole thread for the transcript, oldest first (bounded: a transcript is a summary). */
export function findTranscriptRows(db: DbOrTx, conversationId: string, take: number) {
  return db.message.findMany({
    where: { conversationId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: {
      direction: true,
      content: true,
      contentType: true,
      mediaFileName: true,
      attributes: true,
      createdAt: true,
      platformTimestamp: true,
      sentByUser: { select: { name: true, email: true } },
    },
  });
}

export function countMessages(db: DbOrTx, conversationId: string) {
  return db.message.count({ where: { conversationId } });
}

/** The conversation linked to a ticket, with what sending a DM needs. */
export function findConversationOfTicket(db: DbOrTx, orgId: string, ticketId: string) {
  return db.conversation.findFirst({
    where: { organizationId: orgId, ticketId },
    select: {
      id: true,
      organizationId: true,
      platform: true,
      platformConnectionId: true,
      firstResponseAt: true,
      lastInboundAt: true,
      platformConnection: { select: { status: true } },
    },
  });
}

/** Is this ticket message already the mirror of an inbox message? */
export async function isMirrored(db: DbOrTx, ticketMessageId: string): Promise<boolean> {
  return (await db.message.count({ where: { ticketMessageId } })) > 0;
}

export function findTicketMessage(db: DbOrTx, orgId: string, ticketMessageId: string) {
  return db.ticketMessage.findFirst({
    where: { id: ticketMessageId, organizationId: orgId },
    select: {
      id: true,
      message: true,
      isInternal: true,
      authorUserId: true,
      attachments: {
        select: { fileName: true, storageKey: true, mimeType: true, sizeBytes: true },
        orderBy: [{ createdAt: "asc" }, { fileName: "asc" }],
      },
    },
  });
}

/** Inbox messages to mirror on the ticket (still unlinked). */
export function findMessagesToMirror(db: DbOrTx, ids: string[]) {
  return db.message.findMany({
    where: { id: { in: ids }, ticketMessageId: null },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      content: true,
      contentType: true,
      mediaFileName: true,
      attributes: true,
      conversationId: true,
    },
  });
}

export function findInboundForMirror(db: DbOrTx, messageId: string) {
  return db.message.findUnique({
    where: { id: messageId },
    select: {
      id: true,
      organizationId: true,
      direction: true,
      content: true,
      contentType: true,
      mediaFileName: true,
      attributes: true,
      ticketMessageId: true,
      conversation: { select: { id: true, ticketId: true, contactId: true } },
      platformConnection: { select: { connectedById: true } },
    },
  });
}

export async function linkMessage(db: DbOrTx, messageId: string, ticketMessageId: string) {
  await db.message.update({ where: { id: messageId }, data: { ticketMessageId }, select: { id: true } });
}
