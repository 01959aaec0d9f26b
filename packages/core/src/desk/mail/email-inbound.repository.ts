import type { DbOrTx } from "@quartet/db/client";

// Lookups of the inbound mail channel: which workspace a mail is for, whether its Message-ID was
// seen, and which ticket it answers. Every ticket query is scoped by organizationId.

/** Live workspaces whose slug is one of `slugs` (the local parts of the recipient addresses). */
export function findWorkspacesBySlugs(db: DbOrTx, slugs: string[]) {
  return db.organization.findMany({
    where: { slug: { in: slugs }, deletedAt: null },
    select: { id: true, slug: true },
  });
}

/**
 * Serialises deliveries of one Message-ID to one workspace until the caller's transaction ends, so
 * a relay posting the same mail twice at once can't create two tickets.
 */
export async function lockMessageId(db: DbOrTx, orgId: string, messageId: string): Promise<void> {
  const key = `inbound-mail:${orgId}:${messageId}`;
  // `, 1 AS locked`: Prisma can't deserialise pg_advisory_xact_lock's void result on its own.
  await db.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))) AS l`;
}

/** Tickets of the workspace that registered any of these Message-IDs (inbound or outbound). */
export function findReferencedTickets(db: DbOrTx, orgId: string, messageIds: string[]) {
  return db.ticketEmailReference.findMany({
    where: { organizationId: orgId, messageId: { in: messageIds } },
    select: { messageId: true, ticketId: true },
  });
}

/**
 * A live ticket by number whose requester, or one of its copied addresses, has this address (the
 * `[#1042]` subject fallback).
 */
export function findTicketByNumberAndRequester(db: DbOrTx, orgId: string, number: number, email: string) {
  return db.ticket.findFirst({
    where: {
      organizationId: orgId,
      number,
      deletedAt: null,
      OR: [{ contact: { email } }, { ccs: { some: { organizationId: orgId, email } } }],
    },
    select: { id: true },
  });
}

/** Where a ticket lives now: itself, or the ticket it was merged into. */
export function findTicketForReply(db: DbOrTx, orgId: string, ticketId: string) {
  return db.ticket.findFirst({
    where: { id: ticketId, organizationId: orgId, deletedAt: null },
    select: { id: true, mergedIntoId: true },
  });
}

/**
 * The workspace's active agent (AGENT, ADMIN or OWNER, membership enabled, account active) with
 * this address, or null. Used to tell an agent answering from their own mail client from a contact.
 */
export function findActiveAgentByEmail(db: DbOrTx, orgId: string, email: string) {
  return db.user.findFirst({
    where: {
      email: email.toLowerCase(),
      deletedAt: null,
      status: "ACTIVE",
      memberships: {
        some: { organizationId: orgId, disabled: false, role: { in: ["OWNER", "ADMIN", "AGENT"] } },
      },
    },
    select: { id: true, name: true },
  });
}

/** The address of a ticket's requester (null when the contact has none). */
export async function findTicketRequesterEmail(db: DbOrTx, orgId: string, ticketId: string) {
  const row = await db.ticket.findFirst({
    where: { id: ticketId, organizationId: orgId },
    select: { contact: { select: { email: true } } },
  });
  return row?.contact.email ?? null;
}
