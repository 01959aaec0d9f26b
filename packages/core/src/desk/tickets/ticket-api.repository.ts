import type { DbOrTx } from "@quartet/db/client";

// Reads of the Tickets REST API (writes go through ticket-customer.service).

export function findApiTicketByNumber(db: DbOrTx, orgId: string, number: number) {
  return db.ticket.findFirst({
    where: { organizationId: orgId, number, deletedAt: null },
    select: {
      id: true,
      number: true,
      subject: true,
      status: true,
      priority: true,
      createdAt: true,
      updatedAt: true,
    },
  });
}
