import type { Tx } from "@quartet/db/client";
import type { TicketChannel } from "@quartet/db/enums";
import { slaForNewTicket } from "../sla/sla-policy.service.ts";
import * as repo from "./ticket.repository.ts";
import { applyTicketUpdate } from "./ticket.service.ts";
import { publishTicketEvent, type TicketEventDeps } from "./ticket-events.ts";

// What customers do without an account, shared by the help-center portal and the email channel:
// open a ticket, and reply to one. Callers validate their input and authenticate the customer
// (signed inbound mail, or a ticket access token) before calling in their transaction.

export interface CustomerTicketInput {
  orgId: string;
  requester: { email: string; name?: string | null };
  subject: string;
  description: string;
  channel: Extract<TicketChannel, "PORTAL" | "EMAIL" | "API">;
  /** Message-ID of the mail that opened it (email channel), registered for threading. */
  emailMessageId?: string | null;
}

/** Opens a ticket for a customer (a Contact found or created by email) and publishes `ticket.created`. */
export async function createCustomerTicket(
  tx: Tx,
  deps: TicketEventDeps,
  input: CustomerTicketInput,
): Promise<{ ticketId: string; number: number; contactId: string }> {
  const now = deps.clock.now();
  const contactId = await repo.findOrCreateContactByEmail(tx, {
    orgId: input.orgId,
    email: input.requester.email.trim().toLowerCase(),
    name: input.requester.name?.trim() || null,
    now,
  });
  const sla = await slaForNewTicket(tx, input.orgId, "MEDIUM", now);
  const number = await repo.nextTicketNumber(tx, input.orgId);
  const ticket = await repo.insertTicket(tx, {
    orgId: input.orgId,
    number,
    subject: input.subject,
    description: input.description,
    contactId,
    createdById: null,
    assigneeId: null,
    teamId: null,
    priority: "MEDIUM",
    channel: input.channel,
    tags: [],
    customFields: {},
    now,
    sla,
  });
  await repo.insertActivities(tx, [
    {
      orgId: input.orgId,
      ticketId: ticket.id,
      actorId: null,
      actionType: "created",
      newValue: { number, status: "OPEN", priority: "MEDIUM", channel: input.channel },
      metadata: { source: input.channel === "EMAIL" ? "email" : "customer", contactId },
      now,
    },
  ]);
  if (input.emailMessageId) {
    await repo.insertEmailReference(tx, {
      orgId: input.orgId,
      ticketId: ticket.id,
      messageId: input.emailMessageId,
      direction: "INBOUND",
      now,
    });
  }
  await publishTicketEvent(tx, deps, {
    type: "ticket.created",
    orgId: input.orgId,
    ticketId: ticket.id,
    actorUserId: null,
    source: input.channel === "EMAIL" ? "email" : "customer",
    depth: 0,
    at: now,
  });
  return { ticketId: ticket.id, number, contactId };
}

export interface CustomerReplyInput {
  orgId: string;
  ticketId: string;
  /** The requester (or another contact of the workspace writing on the thread). */
  contactId: string;
  message: string;
  messageHtml?: string | null;
  emailMessageId?: string | null;
  via: "customer" | "email";
}

/**
 * A customer's reply. A reply to a pending, resolved or closed ticket reopens it (which also
 * cancels a pending auto-close); the message is public and publishes `ticket.message_added`.
 */
export async function addCustomerReply(tx: Tx, deps: TicketEventDeps, input: CustomerReplyInput) {
  const ticket = await repo.lockTicket(tx, input.orgId, input.ticketId);
  if (!ticket) return null;
  const now = deps.clock.now();
  if (ticket.status !== "OPEN") {
    await applyTicketUpdate(
      tx,
      deps,
      { orgId: input.orgId, actorUserId: null, source: input.via, depth: 0 },
      ticket.id,
      { status: "OPEN" },
    );
  }
  const message = await repo.insertMessage(tx, {
    orgId: input.orgId,
    ticketId: ticket.id,
    authorUserId: null,
    authorContactId: input.contactId,
    message: input.message,
    messageHtml: input.messageHtml ?? null,
    isInternal: false,
    emailMessageId: input.emailMessageId ?? null,
    now,
  });
  if (input.emailMessageId) {
    await repo.insertEmailReference(tx, {
      orgId: input.orgId,
      ticketId: ticket.id,
      messageId: input.emailMessageId,
      direction: "INBOUND",
      now,
    });
  }
  await repo.updateTicketRow(tx, ticket.id, { updatedAt: now });
  await repo.insertActivities(tx, [
    {
      orgId: input.orgId,
      ticketId: ticket.id,
      actorId: null,
      actionType: "customer_replied",
      newValue: { messageId: message.id },
      metadata: { source: input.via, contactId: input.contactId },
      now,
    },
  ]);
  await publishTicketEvent(tx, deps, {
    type: "ticket.message_added",
    orgId: input.orgId,
    ticketId: ticket.id,
    actorUserId: null,
    source: input.via,
    depth: 0,
    at: now,
    messageId: message.id,
    isInternal: false,
    author: "customer",
  });
  return message;
}
