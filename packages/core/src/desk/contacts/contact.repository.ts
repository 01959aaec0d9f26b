import type { DbOrTx } from "@quartet/db/client";
import type { Prisma } from "@quartet/db/types";
import { rowsAfterDesc } from "../../keyset-cursor.ts";

// The only code that reads or writes contacts outside ticket creation (the requester find-or-create
// lives in ticket.repository.ts). Every query is scoped by organizationId; soft-deleted contacts are
// invisible.

export const contactSelect = {
  id: true,
  name: true,
  email: true,
  phone: true,
  avatarUrl: true,
  createdAt: true,
  updatedAt: true,
} as const;

/** How many of a contact's tickets the customer panel shows. */
export const CONTACT_TICKETS_LIMIT = 50;

const contactTicketsOrder: Prisma.TicketOrderByWithRelationInput[] = [{ updatedAt: "desc" }, { id: "desc" }];

/** Prisma passes `contains` to LIKE as is: escape its wildcards so they match literally. */
const escapeLike = (q: string) => q.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * One page of contacts by (createdAt desc, id desc), strictly after `after` — keyset pagination
 * served by the (organization_id, created_at desc, id desc) index. Takes `take` rows.
 */
export function listContactRows(
  db: DbOrTx,
  orgId: string,
  q: string | undefined,
  after: { at: Date; id: string } | null,
  take: number,
) {
  const and: Prisma.ContactWhereInput[] = [{ organizationId: orgId, deletedAt: null }];
  if (q) {
    const pattern = escapeLike(q);
    and.push({
      OR: [
        { name: { contains: pattern, mode: "insensitive" } },
        { email: { contains: pattern, mode: "insensitive" } },
      ],
    });
  }
  if (after) {
    and.push(rowsAfterDesc("createdAt", after));
  }
  return db.contact.findMany({
    where: { AND: and },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: contactSelect,
  });
}

/** A contact of the workspace with its (not deleted) tickets, most recently active first. */
export function findContactDetail(db: DbOrTx, orgId: string, contactId: string) {
  return db.contact.findFirst({
    where: { id: contactId, organizationId: orgId, deletedAt: null },
    select: {
      ...contactSelect,
      tickets: {
        where: { organizationId: orgId, deletedAt: null },
        orderBy: contactTicketsOrder,
        take: CONTACT_TICKETS_LIMIT,
        select: { id: true, number: true, subject: true, status: true, updatedAt: true },
      },
    },
  });
}

export function findContactByEmail(db: DbOrTx, orgId: string, email: string) {
  return db.contact.findUnique({
    where: { organizationId_email: { organizationId: orgId, email } },
    select: { id: true },
  });
}

export function insertContact(
  db: DbOrTx,
  data: { orgId: string; email: string; name: string | null; phone: string | null; now: Date },
) {
  return db.contact.create({
    data: {
      organizationId: data.orgId,
      email: data.email,
      name: data.name,
      phone: data.phone,
      createdAt: data.now,
      updatedAt: data.now,
    },
    select: { id: true },
  });
}

/** Updates a contact of the workspace; false if there is none with that id. */
export async function updateContactRow(
  db: DbOrTx,
  orgId: string,
  contactId: string,
  data: { name?: string | null; phone?: string | null; now: Date },
): Promise<boolean> {
  const { count } = await db.contact.updateMany({
    where: { id: contactId, organizationId: orgId, deletedAt: null },
    data: { name: data.name, phone: data.phone, updatedAt: data.now },
  });
  return count === 1;
}
