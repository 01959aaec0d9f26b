import type { DbOrTx } from "@quartet/db/client";

// Reads and writes of the outbound ticket mail (ticket-mail.service.ts): what a customer mail
// needs to know about the ticket, its workspace and its mail thread. Scoped by organizationId.

/** The ticket, its requester and the workspace's desk mail settings. */
export function findTicketForMail(db: DbOrTx, orgId: string, ticketId: string) {
  return db.ticket.findFirst({
    where: { id: ticketId, organizationId: orgId, deletedAt: null },
    select: {
      id: true,
      number: true,
      subject: true,
      status: true,
      assigneeId: true,
      contactId: true,
      contact: { select: { email: true, name: true, metadata: true, deletedAt: true } },
      /** A ticket made from an Inbox conversation: agent replies go out there as DMs. */
      conversation: { select: { id: true } },
      organization: {
        select: {
          name: true,
          slug: true,
          deskSettings: { select: { emailSenderName: true, csatEnabled: true } },
        },
      },
    },
  });
}

export type TicketForMail = NonNullable<Awaited<ReturnType<typeof findTicketForMail>>>;

export function findMessageForMail(db: DbOrTx, orgId: string, messageId: string) {
  return db.ticketMessage.findFirst({
    where: { id: messageId, organizationId: orgId },
    select: {
      id: true,
      message: true,
      isInternal: true,
      emailMessageId: true,
      authorUser: { select: { name: true } },
    },
  });
}

/**
 * The thread's newest Message-IDs (at most `limit`), oldest first, with their direction. Within one
 * instant (a mail and our acknowledgement share a transaction) the inbound mail comes first: we
 * only ever answer what we received. Two of our own mails in one transaction (a reply and the
 * survey of "reply and resolve") tie in no particular order, which mail clients tolerate.
 */
export async function findThreadReferences(db: DbOrTx, orgId: string, ticketId: string, limit: number) {
  const rows = await db.ticketEmailReference.findMany({
    where: { organizationId: orgId, ticketId },
    orderBy: [{ createdAt: "desc" }, { direction: "desc" }, { id: "desc" }],
    take: limit,
    select: { messageId: true, direction: true },
  });
  return rows.reverse();
}

/** Links a message to the Message-ID it went out as. */
export async function setMessageEmailId(
  db: DbOrTx,
  orgId: string,
  messageId: string,
  emailMessageId: string,
) {
  await db.ticketMessage.updateMany({
    where: { id: messageId, organizationId: orgId },
    data: { emailMessageId },
  });
}

/**
 * The ticket's CSAT row, created unless it exists (ON CONFLICT DO NOTHING on the unique ticketId).
 * True when this call created it: only then does a survey go out.
 */
export async function insertCsatIfAbsent(
  db: DbOrTx,
  data: { orgId: string; ticketId: string; contactId: string; agentId: string | null; now: Date },
): Promise<boolean> {
  const { count } = await db.csatResponse.createMany({
    data: [
      {
        organizationId: data.orgId,
        ticketId: data.ticketId,
        contactId: data.contactId,
        agentId: data.agentId,
        sentAt: data.now,
      },
    ],
    skipDuplicates: true,
  });
  return count === 1;
}
