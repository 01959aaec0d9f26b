import type { DbOrTx } from "@quartet/db/client";

// Desk's side of contacts: the tickets a contact requested.

/** Ids of every ticket (merged or deleted ones too) this contact requested. */
export async function findTicketIdsOfContact(
  db: DbOrTx,
  orgId: string,
  contactId: string,
): Promise<string[]> {
  const rows = await db.ticket.findMany({
    where: { organizationId: orgId, contactId },
    select: { id: true },
  });
  return rows.map((r) => r.id);
}
