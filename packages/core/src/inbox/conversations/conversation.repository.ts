import type { DbOrTx } from "@quartet/db/client";
import type { ConnectionStatus, ConversationStatus, Platform } from "@quartet/db/enums";
import { Prisma } from "@quartet/db/types";
import type { KeysetCursor } from "../../keyset-cursor.ts";
import { SEARCH_PROBE } from "../messages/message.repository.ts";
import type { ConversationListItem, InboxView } from "./conversation.schema.ts";

// The only code that reads or writes conversations (and their labels) for the inbox. Every query
// is scoped by organization_id. The list is hand-written SQL: one statement per page, served by
// conversations (organization_id, status, last_message_at desc, id desc), with the same text the
// benchmark's bare route runs.

export interface ConversationListFilters {
  view: InboxView;
  /** The caller (the `mine` view). */
  userId: string;
  now: Date;
  platform?: Platform;
  labelId?: string;
  assigneeId?: string | null;
  q?: string;
}

interface ListRow {
  id: string;
  platform: Platform;
  connection_id: string;
  connection_name: string;
  contact_id: string | null;
  contact_name: string | null;
  contact_avatar_url: string | null;
  last_message_preview: string | null;
  last_message_at: Date | null;
  unread_count: number;
  status: ConversationStatus;
  snoozed_until: Date | null;
  assignee_id: string | null;
  assignee_name: string | null;
  assignee_email: string | null;
  ticket_id: string | null;
  ticket_number: number | null;
  labels: { id: string; name: string; color: string }[];
}

/** The columns of a list row (shared with the detail query). */
export const LIST_COLUMNS = Prisma.sql`
  c.id, c.platform, pc.id AS connection_id,
  coalesce(pc.platform_display_name, pc.platform_username, pc.platform_user_id) AS connection_name,
  c.contact_id, c.contact_name, c.contact_avatar_url, c.last_message_preview, c.last_message_at,
  c.unread_count, c.status, c.snoozed_until,
  u.id AS assignee_id, u.name AS assignee_name, u.email AS assignee_email,
  t.id AS ticket_id, t.number AS ticket_number,
  (SELECT coalesce(json_agg(json_build_object('id', l.id, 'name', l.name, 'color', l.color) ORDER BY l.name), '[]'::json)
     FROM conversation_labels cl JOIN labels l ON l.id = cl.label_id
    WHERE cl.conversation_id = c.id) AS labels`;

export const LIST_JOINS = Prisma.sql`
  JOIN platform_connections pc ON pc.id = c.platform_connection_id
  LEFT JOIN users u ON u.id = c.assigned_to_id
  LEFT JOIN tickets t ON t.id = c.ticket_id`;

export function toListItem(r: ListRow): ConversationListItem {
  return {
    id: r.id,
    platform: r.platform,
    connection: { id: r.connection_id, name: r.connection_name },
    contactId: r.contact_id,
    contactName: r.contact_name,
    contactAvatarUrl: r.contact_avatar_url,
    lastMessagePreview: r.last_message_preview,
    lastMessageAt: r.last_message_at,
    unreadCount: r.unread_count,
    status: r.status,
    snoozedUntil: r.snoozed_until,
    assignedTo: r.assignee_id ? { id: r.assignee_id, name: r.assignee_name ?? r.assignee_email ?? "" } : null,
    labels: r.labels,
    ticket: r.ticket_id && r.ticket_number !== null ? { id: r.ticket_id, number: r.ticket_number } : null,
  };
}

/** The WHERE conditions of a view (status and snooze). */
function viewCondition(view: InboxView, userId: string, now: Date): Prisma.Sql {
  const awake = Prisma.sql`(c.snoozed_until IS NULL OR c.snoozed_until <= ${now}::timestamptz)`;
  switch (view) {
    case "open":
      return Prisma.sql`c.status = 'OPEN' AND ${awake}`;
    case "mine":
      return Prisma.sql`c.status = 'OPEN' AND ${awake} AND c.assigned_to_id = ${userId}::uuid`;
    case "unassigned":
      return Prisma.sql`c.status = 'OPEN' AND ${awake} AND c.assigned_to_id IS NULL`;
    case "snoozed":
      return Prisma.sql`c.status = 'OPEN' AND c.snoozed_until > ${now}::timestamptz`;
    case "closed":
      return Prisma.sql`c.status = 'CLOSED'`;
    case "archived":
      return Prisma.sql`c.status = 'ARCHIVED'`;
  }
}

/**
 * A prefix query on the words of a contact's name: "ri lo" finds "Rita Lopez" (each word starts a
 * word of the name). Only letters and digits get through, so the result is always valid tsquery
 * syntax; null when nothing is left.
 */
export function namePrefixQuery(q: string): string | null {
  const words = (q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 8);
  return words.length ? words.map((w) => `${w}:*`).join(" & ") : null;
}

/** The name's words, as the GIN index conversations_contact_name_search_idx stores them. */
const NAME_VECTOR = Prisma.sql`to_tsvector('simple', coalesce(c.contact_name, ''))`;

/**
 * One page of conversations, newest activity first, strictly after `after` (keyset, no OFFSET).
 * A conversation shows once it has a message (last_message_at).
 *
 * With `q`: conversations with a message matching the words (full text, messages.search_vector) or
 * whose contact's name has words starting with them. The planner can't tell a rare word from a
 * common one, and they want opposite plans, so the statement first probes both GIN indexes for up
 * to SEARCH_PROBE hits: when both come back short, the page is taken from those few conversations
 * by id; when either is full, the list is walked newest first, checking each conversation (a
 * common word matches at once). One branch runs, the other is cut by its one-time filter.
 */
export async function listConversationRows(
  db: DbOrTx,
  orgId: string,
  filters: ConversationListFilters,
  after: KeysetCursor | null,
  take: number,
): Promise<ConversationListItem[]> {
  const conditions: Prisma.Sql[] = [
    Prisma.sql`c.organization_id = ${orgId}::uuid`,
    viewCondition(filters.view, filters.userId, filters.now),
    Prisma.sql`c.last_message_at IS NOT NULL`,
  ];
  if (filters.platform) conditions.push(Prisma.sql`c.platform = ${filters.platform}::platform`);
  if (filters.assigneeId === null) conditions.push(Prisma.sql`c.assigned_to_id IS NULL`);
  else if (filters.assigneeId) conditions.push(Prisma.sql`c.assigned_to_id = ${filters.assigneeId}::uuid`);
  if (filters.labelId) {
    conditions.push(
      Prisma.sql`EXISTS (SELECT 1 FROM conversation_labels fl WHERE fl.conversation_id = c.id AND fl.label_id = ${filters.labelId}::uuid)`,
    );
  }
  if (after) {
    // `<=` then a tie-break: PostgreSQL starts the index range at the cursor (see keyset-cursor.ts).
    conditions.push(
      Prisma.sql`c.last_message_at <= ${after.at}::timestamptz AND (c.last_message_at < ${after.at}::timestamptz OR c.id < ${after.id}::uuid)`,
    );
  }
  const where = Prisma.join(conditions, " AND ");
  if (!filters.q) {
    const rows = await db.$queryRaw<ListRow[]>`
      SELECT ${LIST_COLUMNS}
      FROM conversations c ${LIST_JOINS}
      WHERE ${where}
      ORDER BY c.last_message_at DESC, c.id DESC
      LIMIT ${take}`;
    return rows.map(toListItem);
  }
  const tsq = Prisma.sql`websearch_to_tsquery('simple', ${filters.q})`;
  const nameQuery = namePrefixQuery(filters.q);
  const nameq = nameQuery ? Prisma.sql`to_tsquery('simple', ${nameQuery})` : null;
  const nameProbe = nameq
    ? Prisma.sql`SELECT c.id FROM conversations c WHERE c.organization_id = ${orgId}::uuid AND ${NAME_VECTOR} @@ ${nameq} LIMIT ${SEARCH_PROBE}`
    : Prisma.sql`SELECT NULL::uuid AS id WHERE false`;
  const nameMatch = nameq ? Prisma.sql`${NAME_VECTOR} @@ ${nameq}` : Prisma.sql`false`;
  const rows = await db.$queryRaw<ListRow[]>`
    WITH mprobe AS MATERIALIZED (
      SELECT m.conversation_id AS id FROM messages m
      WHERE m.organization_id = ${orgId}::uuid AND m.search_vector @@ ${tsq}
      LIMIT ${SEARCH_PROBE}
    ),
    nprobe AS MATERIALIZED (${nameProbe}),
    few AS MATERIALIZED (
      SELECT (SELECT count(*) FROM mprobe) < ${SEARCH_PROBE} AND (SELECT count(*) FROM nprobe) < ${SEARCH_PROBE} AS yes
    ),
    hits AS (
      (SELECT c.id, c.last_message_at FROM conversations c
        WHERE (SELECT yes FROM few) AND c.id IN (SELECT id FROM mprobe UNION SELECT id FROM nprobe) AND ${where})
      UNION ALL
      (SELECT c.id, c.last_message_at FROM conversations c
        WHERE NOT (SELECT yes FROM few) AND ${where}
          AND (${nameMatch}
               -- OFFSET 0 keeps it a per-row check (hashing every match of a common word is the slow plan).
               OR EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.search_vector @@ ${tsq} OFFSET 0))
        ORDER BY c.last_message_at DESC, c.id DESC
        LIMIT ${take})
    ),
    page AS (SELECT id FROM hits ORDER BY last_message_at DESC, id DESC LIMIT ${take})
    SELECT ${LIST_COLUMNS}
    FROM page JOIN conversations c ON c.id = page.id ${LIST_JOINS}
    ORDER BY c.last_message_at DESC, c.id DESC`;
  return rows.map(toListItem);
}

/** The inbox's view counts in one pass over the workspace's open conversations. */
export async function countConversations(db: DbOrTx, orgId: string, userId: string, now: Date) {
  const rows = await db.$queryRaw<
    {
      open: bigint;
      mine: bigint;
      unassigned: bigint;
      snoozed: bigint;
      unread_total: bigint | null;
      unread_conversations: bigint;
    }[]
  >`
    SELECT count(*) FILTER (WHERE awake) AS open,
           count(*) FILTER (WHERE awake AND assigned_to_id = ${userId}::uuid) AS mine,
           count(*) FILTER (WHERE awake AND assigned_to_id IS NULL) AS unassigned,
           count(*) FILTER (WHERE NOT awake) AS snoozed,
           sum(unread_count) FILTER (WHERE awake) AS unread_total,
           count(*) FILTER (WHERE awake AND unread_count > 0) AS unread_conversations
    FROM (
      SELECT assigned_to_id, unread_count, (snoozed_until IS NULL OR snoozed_until <= ${now}::timestamptz) AS awake
      FROM conversations
      WHERE organization_id = ${orgId}::uuid AND status = 'OPEN' AND last_message_at IS NOT NULL
    ) c`;
  const r = rows[0];
  return {
    open: Number(r?.open ?? 0),
    mine: Number(r?.mine ?? 0),
    unassigned: Number(r?.unassigned ?? 0),
    snoozed: Number(r?.snoozed ?? 0),
    unreadTotal: Number(r?.unread_total ?? 0),
    unreadConversations: Number(r?.unread_conversations ?? 0),
  };
}

interface DetailRow extends ListRow {
  connection_platform: Platform;
  connection_status: ConnectionStatus;
  contact_external_id: string;
  contact_username: string | null;
  last_inbound_at: Date | null;
  created_at: Date;
  contact: {
    id: string;
    name: string | null;
    email: string | null;
    phone: string | null;
    avatarUrl: string | null;
    company: string | null;
  } | null;
}

/** One conversation with its connection and contact, or null outside the workspace. */
export async function findConversationDetail(db: DbOrTx, orgId: string, conversationId: string) {
  const rows = await db.$queryRaw<DetailRow[]>`
    SELECT ${LIST_COLUMNS}, pc.platform AS connection_platform, pc.status AS connection_status,
           c.contact_external_id, c.contact_username, c.last_inbound_at, c.created_at,
           CASE WHEN ct.id IS NULL THEN NULL ELSE json_build_object(
             'id', ct.id, 'name', ct.name, 'email', ct.email, 'phone', ct.phone,
             'avatarUrl', ct.avatar_url, 'company', ct.company) END AS contact
    FROM conversations c ${LIST_JOINS}
    LEFT JOIN contacts ct ON ct.id = c.contact_id AND ct.deleted_at IS NULL
    WHERE c.id = ${conversationId}::uuid AND c.organization_id = ${orgId}::uuid`;
  const r = rows[0];
  if (!r) return null;
  return {
    item: toListItem(r),
    connection: {
      id: r.connection_id,
      name: r.connection_name,
      platform: r.connection_platform,
      status: r.connection_status,
    },
    contact: r.contact,
    contactExternalId: r.contact_external_id,
    contactUsername: r.contact_username,
    lastInboundAt: r.last_inbound_at,
    createdAt: r.created_at,
  };
}

export const conversationStateSelect = {
  id: true,
  organizationId: true,
  platform: true,
  platformConnectionId: true,
  externalId: true,
  contactId: true,
  contactExternalId: true,
  contactName: true,
  status: true,
  snoozedUntil: true,
  assignedToId: true,
  unreadCount: true,
  ticketId: true,
  lastInboundAt: true,
  lastMessageAt: true,
  firstResponseAt: true,
} as const;

/** The conversation's state, row-locked until the caller's transaction ends (null: not here). */
export async function lockConversation(db: DbOrTx, orgId: string, conversationId: string) {
  const locked = await db.$queryRaw<{ id: string }[]>`
    SELECT id FROM conversations
    WHERE id = ${conversationId}::uuid AND organization_id = ${orgId}::uuid
    FOR UPDATE`;
  if (locked.length === 0) return null;
  return db.conversation.findUniqueOrThrow({
    where: { id: conversationId },
    select: conversationStateSelect,
  });
}

export type ConversationState = NonNullable<Awaited<ReturnType<typeof lockConversation>>>;

export function findConversationState(db: DbOrTx, orgId: string, conversationId: string) {
  return db.conversation.findFirst({
    where: { id: conversationId, organizationId: orgId },
    select: conversationStateSelect,
  });
}

export function updateConversationRow(
  db: DbOrTx,
  conversationId: string,
  data: Prisma.ConversationUncheckedUpdateInput,
) {
  return db.conversation.update({ where: { id: conversationId }, data, select: { id: true } });
}

/** Outbound messages since the contact last wrote (TikTok's per-window limit). */
export function countOutboundSince(db: DbOrTx, conversationId: string, since: Date) {
  return db.message.count({
    where: { conversationId, direction: "OUTBOUND", createdAt: { gte: since }, status: { not: "FAILED" } },
  });
}

/** An active member of the workspace who can answer conversations (AGENT and above). */
export function findAssignableMember(db: DbOrTx, orgId: string, userId: string) {
  return db.membership.findFirst({
    where: {
      organizationId: orgId,
      userId,
      disabled: false,
      role: { in: ["AGENT", "ADMIN", "OWNER"] },
      organization: { deletedAt: null },
    },
    select: { id: true, user: { select: { name: true, email: true } } },
  });
}

export function findOrgSlug(db: DbOrTx, orgId: string) {
  return db.organization.findUnique({ where: { id: orgId }, select: { slug: true, name: true } });
}

/** How many of these label ids are the workspace's. */
export function countLabelsInOrg(db: DbOrTx, orgId: string, labelIds: string[]) {
  return db.label.count({ where: { organizationId: orgId, id: { in: labelIds } } });
}

/** Replaces the conversation's labels with `labelIds`. */
export async function replaceLabels(db: DbOrTx, orgId: string, conversationId: string, labelIds: string[]) {
  await db.conversationLabel.deleteMany({
    where: { conversationId, ...(labelIds.length ? { labelId: { notIn: labelIds } } : {}) },
  });
  if (labelIds.length === 0) return;
  await db.conversationLabel.createMany({
    data: labelIds.map((labelId) => ({ conversationId, labelId, organizationId: orgId })),
    skipDuplicates: true,
  });
}

export function findNotes(db: DbOrTx, conversationId: string) {
  return db.conversationNote.findMany({
    where: { conversationId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      content: true,
      createdAt: true,
      updatedAt: true,
      author: { select: { id: true, name: true, email: true } },
    },
  });
}

/** Clears a snooze that is still the one set for `until` and whose time came; its workspace, or null. */
export async function clearSnooze(db: DbOrTx, conversationId: string, until: Date, now: Date) {
  const rows = await db.$queryRaw<{ organization_id: string }[]>`
    UPDATE conversations SET snoozed_until = NULL, updated_at = ${now}
    WHERE id = ${conversationId}::uuid AND snoozed_until = ${until} AND snoozed_until <= ${now}
    RETURNING organization_id`;
  return rows[0] ? { organizationId: rows[0].organization_id } : null;
}
