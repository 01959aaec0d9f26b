import type { DbOrTx } from "@quartet/db/client";
import type { TicketChannel, TicketPriority, TicketStatus } from "@quartet/db/enums";
import type { Prisma } from "@quartet/db/types";
import { findOrCreateContactIdByEmail } from "../../contacts/contact.repository.ts";
import { rowsAfterDesc } from "../../keyset-cursor.ts";
import type { TicketSort } from "./ticket.schema.ts";
import { lessUrgentThan, type TicketCursor } from "./ticket-cursor.ts";

// The only code in the desk module that reads or writes tickets, their messages and activity,
// the ticket counter and (for requesters) contacts. Every query is scoped by organizationId.

const userBrief = { select: { id: true, name: true, email: true, avatarUrl: true } } as const;
const contactBrief = { select: { id: true, name: true, email: true, phone: true } } as const;

export const ticketListSelect = {
  id: true,
  number: true,
  subject: true,
  status: true,
  priority: true,
  channel: true,
  tags: true,
  firstResponseAt: true,
  slaDueAt: true,
  slaBreached: true,
  /** When the SLA badge turns amber (WARNING_SHARE of the current target elapsed). */
  slaWarnAt: true,
  createdAt: true,
  updatedAt: true,
  contact: contactBrief,
  assignee: userBrief,
  team: { select: { id: true, name: true } },
} as const;

export const ticketMessageSelect = {
  id: true,
  message: true,
  messageHtml: true,
  isInternal: true,
  attachmentUrls: true,
  emailMessageId: true,
  createdAt: true,
  authorUser: userBrief,
  authorContact: contactBrief,
  attachments: {
    select: { id: true, fileName: true, mimeType: true, sizeBytes: true },
    orderBy: { createdAt: "asc" },
  },
} as const;

export const ticketActivitySelect = {
  id: true,
  actionType: true,
  oldValue: true,
  newValue: true,
  createdAt: true,
  actor: userBrief,
} as const;

// Conversation and timeline in insertion order (seq): rows written in one instant tie on createdAt.
// Not `as const`: Prisma's orderBy takes mutable arrays.
const messagesInOrder: Prisma.TicketMessageOrderByWithRelationInput[] = [{ seq: "asc" }];
const activitiesInOrder: Prisma.TicketActivityOrderByWithRelationInput[] = [{ seq: "asc" }];

export const ticketDetailSelect = {
  ...ticketListSelect,
  description: true,
  customFields: true,
  resolvedAt: true,
  closedAt: true,
  mergedIntoId: true,
  mergedInto: { select: { id: true, number: true, subject: true } },
  createdBy: userBrief,
  messages: { select: ticketMessageSelect, orderBy: messagesInOrder },
  activities: { select: ticketActivitySelect, orderBy: activitiesInOrder },
  /**
   * Files of the opening message (the description has no message row): the ticket's attachments
   * linked to no message, e.g. those of the mail that opened an EMAIL ticket or of the contact form.
   */
  attachments: {
    where: { messageId: null },
    select: { id: true, fileName: true, mimeType: true, sizeBytes: true },
    orderBy: { createdAt: "asc" },
  },
} as const;

/**
 * The workspace's contact with this (lower-cased) email, created if missing. ON CONFLICT DO NOTHING
 * (createMany skipDuplicates) so a concurrent creation of the same contact can't abort the caller's
 * transaction; the second statement then sees the committed row. An address kept from a contact
 * merge (another address of a contact) finds that contact.
 */
export function findOrCreateContactByEmail(
  db: DbOrTx,
  data: { orgId: string; email: string; name: string | null; now: Date },
): Promise<string> {
  return findOrCreateContactIdByEmail(db, data);
}

/**
 * Next ticket number of the workspace. The counter row stays locked until the caller's transaction
 * ends, so concurrent creations get distinct, consecutive numbers (and a rollback gives it back).
 */
export async function nextTicketNumber(db: DbOrTx, orgId: string): Promise<number> {
  const rows = await db.$queryRaw<{ last_number: number }[]>`
    INSERT INTO desk_ticket_counters (organization_id, last_number)
    VALUES (${orgId}::uuid, 1)
    ON CONFLICT (organization_id)
    DO UPDATE SET last_number = desk_ticket_counters.last_number + 1
    RETURNING last_number`;
  const row = rows[0];
  if (!row) throw new Error("ticket counter returned no row");
  return row.last_number;
}

export function insertTicket(
  db: DbOrTx,
  data: {
    orgId: string;
    number: number;
    subject: string;
    description: string;
    contactId: string;
    createdById: string | null;
    assigneeId: string | null;
    teamId: string | null;
    priority: TicketPriority;
    channel: TicketChannel;
    tags: string[];
    customFields: Prisma.InputJsonObject;
    now: Date;
    /** SLA policy and deadlines computed before the insert (see slaForNewTicket). */
    sla?: { slaPolicyId: string; slaDueAt: Date; slaWarnAt: Date } | null;
  },
) {
  const { orgId, now, sla, ...rest } = data;
  return db.ticket.create({
    data: { ...rest, ...sla, organizationId: orgId, createdAt: now, updatedAt: now },
    select: { id: true, number: true },
  });
}

export interface ActivityRow {
  orgId: string;
  ticketId: string;
  actorId: string | null;
  actionType: string;
  oldValue?: Prisma.InputJsonValue | null;
  newValue?: Prisma.InputJsonValue | null;
  /** e.g. `{ source: "automation", ruleId }` when no person made the change. */
  metadata?: Prisma.InputJsonObject;
  now: Date;
}

export async function insertActivities(db: DbOrTx, rows: ActivityRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.ticketActivity.createMany({
    data: rows.map((r) => ({
      organizationId: r.orgId,
      ticketId: r.ticketId,
      actorId: r.actorId,
      actionType: r.actionType,
      oldValue: r.oldValue ?? undefined,
      newValue: r.newValue ?? undefined,
      metadata: r.metadata ?? undefined,
      createdAt: r.now,
    })),
  });
}

/** The ticket with its people, conversation, timeline and files, in one statement (relation joins). */
export function findTicketDetail(db: DbOrTx, orgId: string, ticketId: string) {
  return db.ticket.findFirst({
    relationLoadStrategy: "join",
    where: { id: ticketId, organizationId: orgId, deletedAt: null },
    select: ticketDetailSelect,
  });
}

/** The ticket's current editable state, row-locked for the rest of the caller's transaction. */
export async function lockTicket(db: DbOrTx, orgId: string, ticketId: string) {
  const locked = await db.$queryRaw<{ id: string }[]>`
    SELECT id FROM tickets
    WHERE id = ${ticketId}::uuid AND organization_id = ${orgId}::uuid AND deleted_at IS NULL
    FOR UPDATE`;
  if (locked.length === 0) return null;
  return db.ticket.findUniqueOrThrow({
    where: { id: ticketId },
    select: {
      id: true,
      status: true,
      priority: true,
      assigneeId: true,
      teamId: true,
      tags: true,
      customFields: true,
      firstResponseAt: true,
      resolvedAt: true,
      closedAt: true,
    },
  });
}

/** The tickets of a bulk action that exist in the workspace (number and tags for messages and add-tag). */
export function findTicketsForBulk(db: DbOrTx, orgId: string, ids: string[]) {
  return db.ticket.findMany({
    where: { id: { in: ids }, organizationId: orgId, deletedAt: null },
    select: { id: true, number: true, tags: true },
  });
}

export function updateTicketRow(db: DbOrTx, ticketId: string, data: Prisma.TicketUncheckedUpdateInput) {
  return db.ticket.update({ where: { id: ticketId }, data, select: { id: true } });
}

export function insertMessage(
  db: DbOrTx,
  data: {
    orgId: string;
    ticketId: string;
    authorUserId: string | null;
    authorContactId: string | null;
    message: string;
    isInternal: boolean;
    messageHtml?: string | null;
    emailMessageId?: string | null;
    now: Date;
  },
) {
  const { orgId, now, ...rest } = data;
  return db.ticketMessage.create({
    data: { ...rest, organizationId: orgId, createdAt: now, updatedAt: now },
    select: ticketMessageSelect,
  });
}

/** Registers a Message-ID on the ticket's mail thread; a Message-ID seen before is ignored. */
export async function insertEmailReference(
  db: DbOrTx,
  data: { orgId: string; ticketId: string; messageId: string; direction: "INBOUND" | "OUTBOUND"; now: Date },
): Promise<void> {
  await db.ticketEmailReference.createMany({
    data: [
      {
        organizationId: data.orgId,
        ticketId: data.ticketId,
        messageId: data.messageId,
        direction: data.direction,
        createdAt: data.now,
      },
    ],
    skipDuplicates: true,
  });
}

/** Records the first response unless one is already recorded (compare-and-set). */
export async function setFirstResponseIfUnset(db: DbOrTx, ticketId: string, at: Date): Promise<boolean> {
  const { count } = await db.ticket.updateMany({
    where: { id: ticketId, firstResponseAt: null },
    data: { firstResponseAt: at },
  });
  return count === 1;
}

/** Messages a customer may see: internal notes are filtered out in the query itself. */
export function findCustomerVisibleMessageRows(db: DbOrTx, orgId: string, ticketId: string) {
  return db.ticketMessage.findMany({
    where: { organizationId: orgId, ticketId, isInternal: false },
    orderBy: messagesInOrder,
    select: ticketMessageSelect,
  });
}

export interface TicketListFilters {
  status?: TicketStatus;
  priority?: TicketPriority;
  assigneeId?: string | null;
  teamId?: string | null;
  tag?: string;
  contactId?: string;
  number?: number;
}

/** Rows strictly after the cursor in the cursor's order (see ticket-cursor.ts). */
function afterCursor(c: TicketCursor): Prisma.TicketWhereInput {
  switch (c.sort) {
    case "updatedAt":
    case "createdAt":
      return rowsAfterDesc(c.sort, c);
    case "priority":
      // Prisma has no lt/gt on enums: "less urgent" is an IN over the remaining priorities.
      return {
        OR: [
          { priority: { in: lessUrgentThan(c.priority) } },
          { priority: c.priority, updatedAt: { lt: c.at } },
          { priority: c.priority, updatedAt: c.at, id: { lt: c.id } },
        ],
      };
    case "slaDueAt":
      // Nulls sort last: after a dated row come later dates, then every undated row.
      return c.at === null
        ? { slaDueAt: null, id: { gt: c.id } }
        : { OR: [{ slaDueAt: { gt: c.at } }, { slaDueAt: c.at, id: { gt: c.id } }, { slaDueAt: null }] };
    case "relevance":
      // Only searches rank (see ticket-search.repository.ts); the service decodes per order.
      throw new Error("a relevance cursor is read by the ticket search, not the list");
  }
}

function orderFor(sort: TicketSort): Prisma.TicketOrderByWithRelationInput[] {
  switch (sort) {
    case "updatedAt":
    case "createdAt":
      return [{ [sort]: "desc" }, { id: "desc" }];
    case "priority":
      return [{ priority: "desc" }, { updatedAt: "desc" }, { id: "desc" }];
    case "slaDueAt":
      return [{ slaDueAt: { sort: "asc", nulls: "last" } }, { id: "asc" }];
  }
}

/**
 * One page of tickets in the chosen order, strictly after `after` — keyset pagination, no OFFSET.
 * updatedAt/createdAt are served by the (organization_id[, filter], <sort> desc, id desc) indexes,
 * slaDueAt by (organization_id, sla_due_at); priority has no dedicated index yet. Takes `take` rows.
 */
export function listTicketRows(
  db: DbOrTx,
  orgId: string,
  filters: TicketListFilters,
  sort: TicketSort,
  after: TicketCursor | null,
  take: number,
) {
  const where: Prisma.TicketWhereInput = { organizationId: orgId, deletedAt: null };
  if (filters.status) where.status = filters.status;
  if (filters.priority) where.priority = filters.priority;
  if (filters.assigneeId !== undefined) where.assigneeId = filters.assigneeId;
  if (filters.teamId !== undefined) where.teamId = filters.teamId;
  if (filters.tag) where.tags = { has: filters.tag };
  if (filters.contactId) where.contactId = filters.contactId;
  if (filters.number) where.number = filters.number;
  if (after) where.AND = [afterCursor(after)];
  // Requester, assignee and team joined in the same statement: one round trip per page.
  return db.ticket.findMany({
    relationLoadStrategy: "join",
    where,
    orderBy: orderFor(sort),
    take,
    select: ticketListSelect,
  });
}

/** The list rows of these tickets of the workspace, in no particular order (a search page's). */
export function listTicketRowsByIds(db: DbOrTx, orgId: string, ids: string[]) {
  return db.ticket.findMany({
    relationLoadStrategy: "join",
    where: { id: { in: ids }, organizationId: orgId, deletedAt: null },
    select: ticketListSelect,
  });
}

/** Highlight delimiters: control characters that can't come from the text, split on by the service. */
export const HL_START = "\u0001";
export const HL_STOP = "\u0002";

/** An active member of the workspace with at least the AGENT role (who can be assigned tickets). */
export function findAssignableMember(db: DbOrTx, orgId: string, userId: string) {
  return db.membership.findFirst({
    where: { organizationId: orgId, userId, disabled: false, role: { in: ["AGENT", "ADMIN", "OWNER"] } },
    select: { id: true },
  });
}

export function findTeam(db: DbOrTx, orgId: string, teamId: string) {
  return db.team.findFirst({ where: { id: teamId, organizationId: orgId }, select: { id: true } });
}
