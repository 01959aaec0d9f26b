import type { DbOrTx, Tx } from "@quartet/db/client";
import type { TicketPriority, TicketStatus } from "@quartet/db/enums";
import type { Prisma } from "@quartet/db/types";
import type { Deps, UserActor } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import { requireMembership } from "../../orgs/org-access.service.ts";
import {
  linkAttachmentsToMessage,
  linkAttachmentsToOpeningMessage,
} from "../attachments/attachment.service.ts";
import { validateCustomFieldValues } from "../fields/custom-field.service.ts";
import { applySla, slaForNewTicket } from "../sla/sla-policy.service.ts";
import * as repo from "./ticket.repository.ts";
import {
  type AddMessageInput,
  addMessageInput,
  type CreateTicketInput,
  createTicketInput,
  type ListTicketsInput,
  listTicketsInput,
  type SearchTicketsInput,
  STATUS_TRANSITIONS,
  searchTicketsInput,
  type TicketIdInput,
  type UpdateTicketInput,
  updateTicketInput,
} from "./ticket.schema.ts";
import { cursorAfter, decodeTicketCursor, encodeTicketCursor } from "./ticket-cursor.ts";
import {
  publishTicketEvent,
  type TicketEventDeps,
  type TicketEventSource,
  type TicketFieldChange,
} from "./ticket-events.ts";
import {
  listRowsOfSearch,
  searchRows,
  type TicketSearchHit,
  type TicketSearchMatch,
  toHits,
} from "./ticket-search.service.ts";

export type TicketDetail = NonNullable<Awaited<ReturnType<typeof repo.findTicketDetail>>>;
export type TicketListItem = Awaited<ReturnType<typeof repo.listTicketRows>>[number] & {
  /** While searching: the highlighted subject and a snippet of why the ticket matched. */
  match?: TicketSearchMatch;
};
export type TicketMessageDto = TicketDetail["messages"][number];

const ticketNotFound = () => new AppError("NOT_FOUND", "Ticket not found.");

// Parallel creations queue for a pooled connection; give them longer than Prisma's 2 s default.
const TX_OPTIONS = { maxWait: 15_000, timeout: 15_000 } as const;

/** Messages the customer may see (customer-facing procedures must only ever return these). */
export function customerVisibleMessages<T extends { isInternal: boolean }>(messages: readonly T[]): T[] {
  return messages.filter((m) => !m.isInternal);
}

async function assertAssignable(db: DbOrTx, orgId: string, assigneeId: string | null | undefined) {
  if (!assigneeId) return;
  if (!(await repo.findAssignableMember(db, orgId, assigneeId))) {
    throw new AppError("BAD_REQUEST", "Tickets can only be assigned to agents of this workspace.", {
      assigneeId: "Choose an agent of this workspace.",
    });
  }
}

async function assertTeam(db: DbOrTx, orgId: string, teamId: string | null | undefined) {
  if (!teamId) return;
  if (!(await repo.findTeam(db, orgId, teamId))) {
    throw new AppError("BAD_REQUEST", "That team doesn't exist in this workspace.", {
      teamId: "Choose a team of this workspace.",
    });
  }
}

/** An agent opens a ticket on behalf of a requester (a Contact found or created by email). */
export async function createTicket(
  deps: Deps,
  actor: UserActor,
  rawInput: CreateTicketInput,
): Promise<TicketDetail> {
  const input = createTicketInput.parse(rawInput);
  const ticketId = await deps.db.$transaction(async (tx) => {
    await requireMembership(tx, input.orgId, actor.userId, "AGENT");
    await assertAssignable(tx, input.orgId, input.assigneeId);
    await assertTeam(tx, input.orgId, input.teamId);
    const customFields = await validateCustomFieldValues(tx, input.orgId, input.customFields, {
      kind: "create",
    });
    const now = deps.clock.now();
    const contactId = await repo.findOrCreateContactByEmail(tx, {
      orgId: input.orgId,
      email: input.requester.email,
      name: input.requester.name ?? null,
      now,
    });
    const sla = await slaForNewTicket(tx, input.orgId, input.priority, now);
    // Taken last: the counter row stays locked only for the ticket insert and the commit.
    const number = await repo.nextTicketNumber(tx, input.orgId);
    const ticket = await repo.insertTicket(tx, {
      orgId: input.orgId,
      number,
      subject: input.subject,
      description: input.description,
      contactId,
      createdById: actor.userId,
      assigneeId: input.assigneeId ?? null,
      teamId: input.teamId ?? null,
      priority: input.priority,
      channel: input.channel,
      tags: input.tags,
      customFields,
      now,
      sla,
    });
    await linkAttachmentsToOpeningMessage(tx, {
      orgId: input.orgId,
      ticketId: ticket.id,
      attachmentIds: input.attachmentIds,
      userId: actor.userId,
    });
    await repo.insertActivities(tx, [
      {
        orgId: input.orgId,
        ticketId: ticket.id,
        actorId: actor.userId,
        actionType: "created",
        newValue: {
          number,
          status: "OPEN",
          priority: input.priority,
          channel: input.channel,
          assigneeId: input.assigneeId ?? null,
          teamId: input.teamId ?? null,
          tags: input.tags,
        },
        now,
      },
    ]);
    await publishTicketEvent(tx, deps, {
      type: "ticket.created",
      orgId: input.orgId,
      ticketId: ticket.id,
      actorUserId: actor.userId,
      source: "agent",
      depth: 0,
      at: now,
    });
    return ticket.id;
  }, TX_OPTIONS);
  return getTicket(deps, actor, { orgId: input.orgId, ticketId });
}

/**
 * A page of tickets in the chosen order (see ticket-cursor.ts), with keyset cursors. With `q`, the
 * same rows and filters narrowed by the search, best match first unless another order is chosen,
 * each with its highlighted match.
 */
export async function listTickets(
  deps: Deps,
  actor: UserActor,
  rawInput: ListTicketsInput,
): Promise<{ items: TicketListItem[]; nextCursor: string | null }> {
  const input = listTicketsInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "MEMBER");
  const filters: repo.TicketListFilters = {
    status: input.status,
    priority: input.priority,
    assigneeId: input.assigneeId,
    teamId: input.teamId,
    tag: input.tag,
    contactId: input.contactId,
    number: input.number,
  };
  if (input.q) {
    const sort = input.sort ?? "relevance";
    const after = input.cursor ? decodeTicketCursor(input.cursor, sort) : null;
    const found = await searchRows(deps.db, {
      orgId: input.orgId,
      q: input.q,
      filters,
      sort,
      after,
      take: input.limit + 1,
    });
    const page = found.slice(0, input.limit);
    const last = page.at(-1);
    const nextCursor =
      found.length > input.limit && last
        ? encodeTicketCursor(
            sort === "relevance"
              ? { sort, rank: Number(last.rank), at: last.updatedAt, id: last.id }
              : cursorAfter(sort, last),
          )
        : null;
    return { items: await listRowsOfSearch(deps.db, input.orgId, page), nextCursor };
  }
  const sort = input.sort === undefined || input.sort === "relevance" ? "updatedAt" : input.sort;
  const after = input.cursor ? decodeTicketCursor(input.cursor, sort) : null;
  const rows = await repo.listTicketRows(deps.db, input.orgId, filters, sort, after, input.limit + 1);
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  const nextCursor = rows.length > input.limit && last ? encodeTicketCursor(cursorAfter(sort, last)) : null;
  return { items, nextCursor };
}

/** A ticket with its whole conversation (internal notes included: the caller is a member). */
export async function getTicket(deps: Deps, actor: UserActor, input: TicketIdInput): Promise<TicketDetail> {
  await requireMembership(deps.db, input.orgId, actor, "MEMBER");
  const ticket = await repo.findTicketDetail(deps.db, input.orgId, input.ticketId);
  if (!ticket) throw ticketNotFound();
  return ticket;
}

/** The part of a ticket's conversation its customer may see: never internal notes. */
export async function listCustomerVisibleMessages(
  deps: Deps,
  ticket: { orgId: string; ticketId: string },
): Promise<TicketMessageDto[]> {
  const rows = await repo.findCustomerVisibleMessageRows(deps.db, ticket.orgId, ticket.ticketId);
  return customerVisibleMessages(rows);
}

function assertTransition(from: TicketStatus, to: TicketStatus) {
  if (!STATUS_TRANSITIONS[from].includes(to)) {
    const message =
      from === "CLOSED"
        ? "A closed ticket can only be reopened."
        : `A ${from.toLowerCase()} ticket can't move to ${to.toLowerCase()}.`;
    throw new AppError("PRECONDITION_FAILED", message, { status: message }, "INVALID_STATUS_TRANSITION");
  }
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((v, i) => v === b[i]);

/** Who is changing a ticket, for activities and events (agents, automation rules, jobs). */
export interface TicketChangeContext {
  orgId: string;
  actorUserId: string | null;
  source: TicketEventSource;
  /** Automation hops that led to this change (0 for a person). */
  depth: number;
  /** A bulk action (its events say so: notifications come as one digest, see ticket-bulk.service). */
  bulk?: boolean;
}

/** Fields an update may set; absent fields stay as they are. */
export type TicketPatch = Partial<{
  status: TicketStatus;
  priority: TicketPriority;
  assigneeId: string | null;
  teamId: string | null;
  tags: string[];
  customFields: Prisma.InputJsonObject;
}>;

/**
 * Applies a patch to one ticket inside the caller's transaction: validates the status transition,
 * assignee and team, writes one TicketActivity per changed field, keeps the SLA current and
 * publishes `ticket.updated`. Returns the changes (empty when nothing changed).
 * Shared by agent updates, bulk actions and automation actions.
 */
export async function applyTicketUpdate(
  tx: Tx,
  deps: TicketEventDeps,
  ctx: TicketChangeContext,
  ticketId: string,
  patch: TicketPatch,
): Promise<TicketFieldChange[]> {
  const current = await repo.lockTicket(tx, ctx.orgId, ticketId);
  if (!current) throw ticketNotFound();
  const now = deps.clock.now();
  const data: Prisma.TicketUncheckedUpdateInput = {};
  const activities: repo.ActivityRow[] = [];
  const changes: TicketFieldChange[] = [];
  const change = (
    actionType: string,
    field: TicketFieldChange["field"],
    oldValue: Prisma.InputJsonValue | null,
    newValue: typeof oldValue,
  ) => {
    changes.push({ field, from: oldValue, to: newValue });
    activities.push({
      orgId: ctx.orgId,
      ticketId: current.id,
      actorId: ctx.actorUserId,
      actionType,
      oldValue,
      newValue,
      metadata: ctx.source === "agent" ? undefined : { source: ctx.source },
      now,
    });
  };

  if (patch.status !== undefined && patch.status !== current.status) {
    assertTransition(current.status, patch.status);
    data.status = patch.status;
    data.statusChangedAt = now;
    if (patch.status === "RESOLVED") data.resolvedAt = now;
    if (patch.status === "CLOSED") data.closedAt = now;
    if (patch.status === "OPEN" && (current.status === "RESOLVED" || current.status === "CLOSED")) {
      data.resolvedAt = null;
      data.closedAt = null;
      data.autoClosedAt = null;
    }
    change("status_changed", "status", current.status, patch.status);
  }
  if (patch.priority !== undefined && patch.priority !== current.priority) {
    data.priority = patch.priority;
    change("priority_changed", "priority", current.priority, patch.priority);
  }
  if (patch.assigneeId !== undefined && patch.assigneeId !== current.assigneeId) {
    await assertAssignable(tx, ctx.orgId, patch.assigneeId);
    data.assigneeId = patch.assigneeId;
    change("assigned", "assigneeId", current.assigneeId, patch.assigneeId);
  }
  if (patch.teamId !== undefined && patch.teamId !== current.teamId) {
    await assertTeam(tx, ctx.orgId, patch.teamId);
    data.teamId = patch.teamId;
    change("team_changed", "teamId", current.teamId, patch.teamId);
  }
  if (patch.tags !== undefined && !sameList(patch.tags, current.tags)) {
    data.tags = patch.tags;
    change("tags_changed", "tags", current.tags, patch.tags);
  }
  if (
    patch.customFields !== undefined &&
    JSON.stringify(patch.customFields) !== JSON.stringify(current.customFields)
  ) {
    data.customFields = patch.customFields;
    change(
      "custom_fields_changed",
      "customFields",
      current.customFields as Prisma.InputJsonValue,
      patch.customFields,
    );
  }
  if (activities.length === 0) return changes;
  data.updatedAt = now;
  await repo.updateTicketRow(tx, current.id, data);
  await repo.insertActivities(tx, activities);
  if (data.status !== undefined || data.priority !== undefined) await applySla(tx, current.id, now);
  await publishTicketEvent(tx, deps, {
    type: "ticket.updated",
    orgId: ctx.orgId,
    ticketId: current.id,
    actorUserId: ctx.actorUserId,
    source: ctx.source,
    depth: ctx.depth,
    at: now,
    changes,
    ...(ctx.bulk ? { bulk: true } : {}),
  });
  return changes;
}

/** An agent changes status, assignee, team, priority, tags or custom fields. */
export async function updateTicket(
  deps: Deps,
  actor: UserActor,
  rawInput: UpdateTicketInput,
): Promise<TicketDetail> {
  const { orgId, ticketId, customFields: customFieldsPatch, ...rest } = updateTicketInput.parse(rawInput);
  await deps.db.$transaction(async (tx) => {
    await requireMembership(tx, orgId, actor.userId, "AGENT");
    const patch: TicketPatch = rest;
    if (customFieldsPatch !== undefined) {
      // Custom fields are a patch over the stored values, validated against the definitions.
      const current = await repo.lockTicket(tx, orgId, ticketId);
      if (!current) throw ticketNotFound();
      patch.customFields = await validateCustomFieldValues(tx, orgId, customFieldsPatch, {
        kind: "update",
        current: (current.customFields ?? {}) as Record<string, unknown>,
      });
    }
    await applyTicketUpdate(
      tx,
      deps,
      { orgId, actorUserId: actor.userId, source: "agent", depth: 0 },
      ticketId,
      patch,
    );
  });
  return getTicket(deps, actor, { orgId, ticketId });
}

/**
 * An agent's public reply or internal note. The first public agent reply records firstResponseAt.
 * Internal notes are flagged `isInternal` and never reach customer-facing procedures.
 */
export async function addMessage(
  deps: Deps,
  actor: UserActor,
  rawInput: AddMessageInput,
): Promise<TicketMessageDto> {
  const input = addMessageInput.parse(rawInput);
  return deps.db.$transaction(async (tx) => {
    await requireMembership(tx, input.orgId, actor.userId, "AGENT");
    const ticket = await repo.lockTicket(tx, input.orgId, input.ticketId);
    if (!ticket) throw ticketNotFound();
    const now = deps.clock.now();
    const message = await repo.insertMessage(tx, {
      orgId: input.orgId,
      ticketId: ticket.id,
      authorUserId: actor.userId,
      authorContactId: null,
      message: input.message,
      isInternal: input.isInternal,
      now,
    });
    const attachments = await linkAttachmentsToMessage(tx, {
      orgId: input.orgId,
      ticketId: ticket.id,
      messageId: message.id,
      attachmentIds: input.attachmentIds,
      userId: actor.userId,
    });
    const activities: repo.ActivityRow[] = [
      {
        orgId: input.orgId,
        ticketId: ticket.id,
        actorId: actor.userId,
        actionType: input.isInternal ? "internal_note_added" : "replied",
        newValue: { messageId: message.id },
        now,
      },
    ];
    if (!input.isInternal && (await repo.setFirstResponseIfUnset(tx, ticket.id, now))) {
      activities.push({
        orgId: input.orgId,
        ticketId: ticket.id,
        actorId: actor.userId,
        actionType: "first_response",
        oldValue: null,
        newValue: now.toISOString(),
        now,
      });
    }
    await repo.updateTicketRow(tx, ticket.id, { updatedAt: now });
    await repo.insertActivities(tx, activities);
    if (activities.some((a) => a.actionType === "first_response")) await applySla(tx, ticket.id, now);
    if (input.status !== undefined) {
      // "Send and set status": the status moves in the same transaction as the reply.
      await applyTicketUpdate(
        tx,
        deps,
        { orgId: input.orgId, actorUserId: actor.userId, source: "agent", depth: 0 },
        ticket.id,
        { status: input.status },
      );
    }
    await publishTicketEvent(tx, deps, {
      type: "ticket.message_added",
      orgId: input.orgId,
      ticketId: ticket.id,
      actorUserId: actor.userId,
      source: "agent",
      depth: 0,
      at: now,
      messageId: message.id,
      isInternal: input.isInternal,
      author: "agent",
    });
    return { ...message, attachments };
  });
}

/** Full-text search (web-search syntax), best match first, with highlighted subject and snippet. */
export async function searchTickets(
  deps: Deps,
  actor: UserActor,
  rawInput: SearchTicketsInput,
): Promise<{ items: TicketSearchHit[] }> {
  const input = searchTicketsInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor.userId, "MEMBER");
  const rows = await searchRows(deps.db, {
    orgId: input.orgId,
    q: input.q,
    filters: {},
    sort: "relevance",
    after: null,
    take: input.limit,
  });
  return { items: toHits(rows) };
}
