import type { DbOrTx, Tx } from "@quartet/db/client";
import type { Prisma } from "@quartet/db/types";
import { rowsAfterDesc } from "../keyset-cursor.ts";
import type { ContactIdentityChannel } from "./contact.schema.ts";

// The only code that reads or writes contacts and their other addresses. Every query is scoped by
// organizationId; soft-deleted contacts are invisible.

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

/**
 * The workspace's contact with this (normalised) email, created if missing; returns its id. An
 * address kept from a merge finds the contact it was merged into. Safe under concurrent creation:
 * the insert skips on the (organization_id, email) unique key and the row is read back.
 */
export async function findOrCreateContactIdByEmail(
  db: DbOrTx,
  data: {
    orgId: string;
    email: string;
    name: string | null;
    now: Date;
    phone?: string | null;
    avatarUrl?: string | null;
  },
): Promise<string> {
  const merged = await findContactIdByIdentity(db, data.orgId, "EMAIL", data.email);
  if (merged) return merged;
  await db.contact.createMany({
    data: [
      {
        organizationId: data.orgId,
        email: data.email,
        name: data.name,
        phone: data.phone ?? null,
        avatarUrl: data.avatarUrl ?? null,
        createdAt: data.now,
        updatedAt: data.now,
      },
    ],
    skipDuplicates: true,
  });
  const contact = await db.contact.findUniqueOrThrow({
    where: { organizationId_email: { organizationId: data.orgId, email: data.email } },
    select: { id: true },
  });
  return contact.id;
}

/**
 * Serialises the resolution of one address (channel + value) until the caller's transaction ends:
 * a second first-message of the same person waits, then finds the identity the first one wrote.
 */
export async function lockIdentityKey(tx: Tx, orgId: string, channel: string, value: string): Promise<void> {
  const key = `contact-identity:${orgId}:${channel}:${value}`;
  // `, 1 AS locked`: Prisma can't deserialise pg_advisory_xact_lock's void result on its own.
  await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))) AS l`;
}

/**
 * The contact whose phone has these digits: its primary phone first (oldest contact first), else
 * one of its other phones or WhatsApp numbers. Null when nobody has them.
 */
export async function findContactIdByPhoneDigits(
  db: DbOrTx,
  orgId: string,
  digits: string,
): Promise<string | null> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT id FROM (
      SELECT c.id, 0 AS rank, c.created_at FROM contacts c
      WHERE c.organization_id = ${orgId}::uuid AND c.deleted_at IS NULL AND c.phone_digits = ${digits}
      UNION ALL
      SELECT i.contact_id, 1, i.created_at FROM contact_identities i
      WHERE i.organization_id = ${orgId}::uuid
        AND ((i.channel = 'WHATSAPP' AND i.value = ${digits})
          OR (i.channel = 'PHONE' AND regexp_replace(i.value, '[^0-9]', '', 'g') = ${digits}))
    ) m
    ORDER BY rank, created_at, id
    LIMIT 1`;
  return rows[0]?.id ?? null;
}

/** A new contact without an email (an Inbox sender known by a platform id only). */
export async function insertBareContact(
  db: DbOrTx,
  data: { orgId: string; name: string | null; phone: string | null; avatarUrl: string | null; now: Date },
): Promise<string> {
  const row = await db.contact.create({
    data: {
      organizationId: data.orgId,
      name: data.name,
      phone: data.phone,
      avatarUrl: data.avatarUrl,
      createdAt: data.now,
      updatedAt: data.now,
    },
    select: { id: true },
  });
  return row.id;
}

/**
 * Fills a contact's empty name, phone and avatar from what a channel says about the person; known
 * values stay (an agent's edit wins over a profile name). Writes nothing when nothing is missing.
 */
export async function fillContactBlanks(
  db: DbOrTx,
  orgId: string,
  contactId: string,
  data: { name: string | null; phone: string | null; avatarUrl: string | null; now: Date },
): Promise<void> {
  if (!data.name && !data.phone && !data.avatarUrl) return;
  await db.$executeRaw`
    UPDATE contacts SET
      name = COALESCE(name, ${data.name}::varchar),
      phone = COALESCE(phone, ${data.phone}::varchar),
      avatar_url = COALESCE(avatar_url, ${data.avatarUrl}::varchar),
      updated_at = ${data.now}
    WHERE id = ${contactId}::uuid AND organization_id = ${orgId}::uuid
      AND ((name IS NULL AND ${data.name}::varchar IS NOT NULL)
        OR (phone IS NULL AND ${data.phone}::varchar IS NOT NULL)
        OR (avatar_url IS NULL AND ${data.avatarUrl}::varchar IS NOT NULL))`;
}

/**
 * Gives a contact without an email this one, unless another contact of the workspace already has
 * it (as its primary or another address).
 */
export async function fillContactEmail(
  db: DbOrTx,
  orgId: string,
  contactId: string,
  email: string,
  now: Date,
): Promise<void> {
  await db.$executeRaw`
    UPDATE contacts SET email = ${email}, updated_at = ${now}
    WHERE id = ${contactId}::uuid AND organization_id = ${orgId}::uuid AND email IS NULL
      AND NOT EXISTS (SELECT 1 FROM contacts o WHERE o.organization_id = ${orgId}::uuid AND o.email = ${email})
      AND NOT EXISTS (SELECT 1 FROM contact_identities i
                      WHERE i.organization_id = ${orgId}::uuid AND i.channel = 'EMAIL' AND i.value = ${email})`;
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
 * attachments, other addresses, Inbox conversations; a new module's without a change here).
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
