import type { DbOrTx } from "@quartet/db/client";

// The only code that reads or writes ticket_ccs (customer addresses copied on a ticket's mail).
// Every query is scoped by organizationId.

const ccSelect = { email: true, name: true } as const;

export function findTicketCcs(db: DbOrTx, orgId: string, ticketId: string) {
  return db.ticketCc.findMany({
    where: { organizationId: orgId, ticketId },
    orderBy: [{ createdAt: "asc" }, { email: "asc" }],
    select: ccSelect,
  });
}

/** Adds addresses the ticket doesn't copy yet (ON CONFLICT DO NOTHING on ticket + email). */
export async function insertTicketCcs(
  db: DbOrTx,
  data: { orgId: string; ticketId: string; ccs: { email: string; name: string | null }[]; now: Date },
): Promise<number> {
  if (data.ccs.length === 0) return 0;
  const { count } = await db.ticketCc.createMany({
    data: data.ccs.map((c) => ({
      organizationId: data.orgId,
      ticketId: data.ticketId,
      email: c.email,
      name: c.name,
      createdAt: data.now,
    })),
    skipDuplicates: true,
  });
  return count;
}

/** Removes every copied address of the ticket not in `keep`. */
export async function deleteTicketCcsExcept(db: DbOrTx, orgId: string, ticketId: string, keep: string[]) {
  await db.ticketCc.deleteMany({ where: { organizationId: orgId, ticketId, email: { notIn: keep } } });
}

export async function updateTicketCcName(
  db: DbOrTx,
  orgId: string,
  ticketId: string,
  email: string,
  name: string | null,
) {
  await db.ticketCc.updateMany({ where: { organizationId: orgId, ticketId, email }, data: { name } });
}

/** The ticket's requester address (null without one), or null when the ticket isn't in the workspace. */
export function findTicketRequester(db: DbOrTx, orgId: string, ticketId: string) {
  return db.ticket.findFirst({
    where: { id: ticketId, organizationId: orgId, deletedAt: null },
    select: { id: true, contact: { select: { email: true } } },
  });
}

/** Those of `emails` that belong to active agents (AGENT, ADMIN, OWNER) of the workspace. */
export async function findAgentEmails(db: DbOrTx, orgId: string, emails: string[]): Promise<Set<string>> {
  if (emails.length === 0) return new Set();
  const rows = await db.user.findMany({
    where: {
      email: { in: emails },
      deletedAt: null,
      memberships: {
        some: { organizationId: orgId, disabled: false, role: { in: ["OWNER", "ADMIN", "AGENT"] } },
      },
    },
    select: { email: true },
  });
  return new Set(rows.map((r) => r.email.toLowerCase()));
}
