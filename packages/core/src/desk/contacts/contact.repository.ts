import type { DbOrTx } from "@quartet/db/client";
import type { Prisma } from "@quartet/db/types";
import { rowsAfterDesc } from "../../keyset-cursor.ts";
import type { ContactIdentityChannel } from "./contact.schema.ts";

// The only code that reads or writes contacts and their other addresses outside the requester
// find-or-create of ticket creation (ticket.repository.ts, which asks `findContactIdByIdentity`
// first). Every query is scoped by organizationId; soft-deleted contacts are invisible.

const contactItemSelect = {
  id: true,
  name: true,
  email: true,
  phone: true,
  company: true,
  avatarUrl: true,
  createdAt: true,
  updatedAt: true,
  _count: { select: { tickets: { where: { deletedAt: null } } } },
} as const satisfies Prisma.ContactSelect;

type ContactItemRow = Prisma.ContactGetPayload<{ select: typeof contactItemSelect }>;

/** Flattens Prisma's `_count` into the DTO's `ticketCount`. */
export function toContactItem<T extends ContactItemRow>({ _count, ...row }: T) {
  return { ...row, ticketCount: _count.tickets };
}

/** Prisma passes `contains` to LIKE as is: escape its wildcards so they match literally. */
const escapeLike = (q: string) => q.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Contacts matching `q` in name, email, company, phone (or its digits), or one of their other addresses. */
function searchWhere(q: string): Prisma.ContactWhereInput {
  const pattern = escapeLike(q);
  const text = { contains: pattern, mode: "insensitive" as const };
  const or: Prisma.ContactWhereInput[] = [
    { name: text },
    { email: text },
    { company: text },
    { phone: text },
    { identities: { some: { value: text } } },
  ];
  // "0612" finds "06 12 34 56 78": compare digits with the generated digits-only column.
  const digits = q.replace(/\D/g, "");
  if (digits.length >= 3 && /^[0-9+()\-.\s]+$/.test(q)) or.push({ phoneDigits: { contains: digits } });
  return { OR: or };
}

/**
 * One page of contacts by (createdAt desc, id desc), strictly after `after` — keyset pagination
 * served by the (organization_id, created_at desc, id desc) index. Takes `take` rows.
 */
export async function listContactRows(
  db: DbOrTx,
  orgId: string,
  filters: { q?: string; excludeId?: string },
  after: { at: Date; id: string } | null,
  take: number,
) {
  const and: Prisma.ContactWhereInput[] = [{ organizationId: orgId, deletedAt: null }];
  if (filters.q) and.push(searchWhere(filters.q));
  if (filters.excludeId) and.push({ id: { not: filters.excludeId } });
  if (after) and.push(rowsAfterDesc("createdAt", after));
  const rows = await db.contact.findMany({
    where: { AND: and },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: contactItemSelect,
  });
  return rows.map(toContactItem);
}

/** A contact of the workspace with its notes and other addresses. */
export async function findContactDetail(db: DbOrTx, orgId: string, contactId: string) {
  const row = await db.contact.findFirst({
    where: { id: contactId, organizationId: orgId, deletedAt: null },
    select: {
      ...contactItemSelect,
      notes: true,
      identities: {
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: { id: true, channel: true, value: true, createdAt: true },
      },
    },
  });
  return row ? toContactItem(row) : null;
}

/** Which contact uses this email, as its primary address or another one (null: nobody). */
export async function findContactIdByEmail(db: DbOrTx, orgId: string, email: string): Promise<string | null> {
  const primary = await db.contact.findUnique({
    where: { organizationId_email: { organizationId: orgId, email } },
    select: { id: true },
  });
  return primary?.id ?? (await findContactIdByIdentity(db, orgId, "EMAIL", email));
}

/** The contact owning this other address (an email kept from a merge, a second phone…). */
export async function findContactIdByIdentity(
  db: DbOrTx,
  orgId: string,
  channel: ContactIdentityChannel,
  value: string,
): Promise<string | null> {
  const row = await db.contactIdentity.findUnique({
    where: { organizationId_channel_value: { organizationId: orgId, channel, value } },
    select: { contactId: true },
  });
  return row?.contactId ?? null;
}

export function insertContact(
  db: DbOrTx,
  data: {
    orgId: string;
    email: string;
    name: string | null;
    phone: string | null;
    company: string | null;
    notes: string | null;
    now: Date;
  },
) {
  return db.contact.create({
    data: {
      organizationId: data.orgId,
      email: data.email,
      name: data.name,
      phone: data.phone,
      company: data.company,
      notes: data.notes,
      createdAt: data.now,
      updatedAt: data.now,
    },
    select: { id: true },
  });
}

export interface ContactPatch {
  email?: string;
  name?: string | null;
  phone?: string | null;
  company?: string | null;
  notes?: string | null;
  metadata?: Prisma.InputJsonValue;
}

/** Updates a contact of the workspace; false if there is none with that id. */
export async function updateContactRow(
  db: DbOrTx,
  orgId: string,
  contactId: string,
  data: ContactPatch & { now: Date },
): Promise<boolean> {
  const { now, ...patch } = data;
  const { count } = await db.contact.updateMany({
    where: { id: contactId, organizationId: orgId, deletedAt: null },
    data: { ...patch, updatedAt: now },
  });
  return count === 1;
}

/** Drops one of the contact's other addresses (e.g. the one just made its primary email). */
export function deleteIdentity(
  db: DbOrTx,
  orgId: string,
  contactId: string,
  channel: ContactIdentityChannel,
  value: string,
) {
  return db.contactIdentity.deleteMany({ where: { organizationId: orgId, contactId, channel, value } });
}

/** Adds other addresses to a contact; an address already recorded is left as it is. */
export function insertIdentities(
  db: DbOrTx,
  orgId: string,
  contactId: string,
  identities: { channel: ContactIdentityChannel; value: string }[],
  now: Date,
) {
  if (identities.length === 0) return Promise.resolve({ count: 0 });
  return db.contactIdentity.createMany({
    data: identities.map((i) => ({ organizationId: orgId, contactId, ...i, createdAt: now })),
    skipDuplicates: true,
  });
}

// ── Merge ──────────────────────────────────────────────────────────────────────────────────

export interface LockedContact {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  company: string | null;
  notes: string | null;
  metadata: Prisma.JsonValue;
}

/** Locks the contacts in id order (two merges of one pair in opposite directions can't deadlock). */
export async function lockContacts(
  db: DbOrTx,
  orgId: string,
  ids: string[],
): Promise<Map<string, LockedContact>> {
  const locked = new Map<string, LockedContact>();
  for (const id of [...new Set(ids)].sort()) {
    const rows = await db.$queryRaw<LockedContact[]>`
      SELECT id, name, email, phone, company, notes, metadata FROM contacts
      WHERE id = ${id}::uuid AND organization_id = ${orgId}::uuid AND deleted_at IS NULL
      FOR UPDATE`;
    const row = rows[0];
    if (row) locked.set(id, row);
  }
  return locked;
}

/**
 * Points every row that references contact `fromId` at `toId`: each single-column foreign key to
 * `contacts` in the database, read from the catalog (tickets, message authors, surveys,
 * attachments, other addresses today; Inbox conversations tomorrow without a change here).
 * Postgres quotes the identifiers (`format('%I')`). Returns the rows moved per table.column.
 */
export async function moveContactReferences(
  db: DbOrTx,
  fromId: string,
  toId: string,
): Promise<Record<string, number>> {
  const refs = await db.$queryRaw<{ ref: string; statement: string }[]>`
    SELECT c.conrelid::regclass::text || '.' || a.attname AS ref,
           format('UPDATE %s SET %I = $1::uuid WHERE %I = $2::uuid', c.conrelid::regclass, a.attname, a.attname)
             AS statement
    FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
    WHERE c.contype = 'f' AND c.confrelid = 'contacts'::regclass AND cardinality(c.conkey) = 1
    ORDER BY 1`;
  const moved: Record<string, number> = {};
  // One after the other: statements of one transaction share its connection.
  for (const { ref, statement } of refs) moved[ref] = await db.$executeRawUnsafe(statement, toId, fromId);
  return moved;
}

/** Deletes a contact row for good (after its references moved). */
export function deleteContactRow(db: DbOrTx, orgId: string, contactId: string) {
  return db.contact.deleteMany({ where: { id: contactId, organizationId: orgId } });
}
