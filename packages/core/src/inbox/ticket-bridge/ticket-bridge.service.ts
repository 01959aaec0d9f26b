import type { Tx } from "@quartet/db/client";
import type { ContentType, Platform } from "@quartet/db/enums";
import { resolveContactInput } from "../../contacts/contact.schema.ts";
import { resolveContactForIdentity } from "../../contacts/contact-resolve.service.ts";
import type { Deps, UserActor } from "../../deps.ts";
import { applySla, slaForNewTicket } from "../../desk/sla/sla-policy.service.ts";
import * as tickets from "../../desk/tickets/ticket.repository.ts";
import { addCustomerReply } from "../../desk/tickets/ticket-customer.service.ts";
import { publishTicketEvent, type TicketEventDeps } from "../../desk/tickets/ticket-events.ts";
import { AppError } from "../../errors.ts";
import { requireMembership } from "../../orgs/org-access.service.ts";
import * as conversations from "../conversations/conversation.repository.ts";
import { type ConversationIdInput, conversationIdInput } from "../conversations/conversation.schema.ts";
import { platformName } from "../conversations/inbox-window.ts";
import { messagePreview } from "../inbound/message-preview.ts";
import { publishInboxEvent } from "../inbox-realtime.ts";
import * as repo from "./ticket-bridge.repository.ts";

// "Create ticket from conversation" and what keeps both sides in step afterwards:
//   inbox agent message → a public agent reply on the ticket  (mirrorAgentMessagesToTicket)
//   inbound DM          → a customer reply on the ticket       (mirrorInboundToTicket)
//   ticket agent reply  → a DM in the conversation            (ticket-bridge.events.ts)
// Each message crosses exactly once: messages.ticket_message_id is unique, and the side that
// receives a mirrored message sees the link and doesn't send it back.

const TX_OPTIONS = { maxWait: 15_000, timeout: 15_000 } as const;
const TRANSCRIPT_MESSAGES = 500;
const DESCRIPTION_MAX = 50_000;

const stamp = (d: Date) => d.toISOString().slice(0, 16).replace("T", " ");

/** The text a message shows on the other side: its words, or a line naming its attachment. */
export function bridgeText(m: {
  content: string | null;
  contentType: ContentType;
  mediaFileName: string | null;
  attributes: unknown;
}): string {
  const template = (m.attributes as { template?: { name?: string } } | null)?.template?.name;
  if (template) return `📋 Template: ${template}`;
  if (m.contentType === "TEXT") return m.content ?? "";
  const line = messagePreview({ contentType: m.contentType, text: null, fileName: m.mediaFileName });
  return m.content ? `${line}\n${m.content}` : line;
}

/** The conversation as a transcript: one paragraph per message, oldest first. */
async function transcriptOf(tx: Tx, conversationId: string, contactName: string): Promise<string> {
  const rows = (await repo.findTranscriptRows(tx, conversationId, TRANSCRIPT_MESSAGES)).reverse();
  const total = await repo.countMessages(tx, conversationId);
  const lines = rows.map((m) => {
    const who =
      m.direction === "INBOUND" ? contactName : (m.sentByUser?.name ?? m.sentByUser?.email ?? "Agent");
    return `[${stamp(m.platformTimestamp ?? m.createdAt)}] ${who}: ${bridgeText(m)}`;
  });
  const head = total > rows.length ? `(the last ${rows.length} of ${total} messages)\n\n` : "";
  const text = `${head}${lines.join("\n\n")}` || "(no messages)";
  return text.length > DESCRIPTION_MAX ? `…${text.slice(text.length - DESCRIPTION_MAX + 1)}` : text;
}

/** A page-scoped id means something only on its page (the ingest's convention for identities). */
const identityValue = (platform: Platform, accountId: string, externalId: string) =>
  platform === "FACEBOOK" || platform === "INSTAGRAM" ? `${accountId}:${externalId}` : externalId;

/**
 * Makes a Desk ticket of a conversation: same contact, the transcript as its opening message,
 * channel SOCIAL (CHAT for the website widget), linked both ways. Asking again returns the ticket.
 */
export async function createTicketFromConversation(
  deps: Deps,
  actor: UserActor,
  rawInput: ConversationIdInput,
): Promise<{ ticketId: string; number: number; created: boolean }> {
  const input = conversationIdInput.parse(rawInput);
  return deps.db.$transaction(async (tx) => {
    await requireMembership(tx, input.orgId, actor, "AGENT");
    const conversation = await conversations.lockConversation(tx, input.orgId, input.conversationId);
    if (!conversation) throw new AppError("NOT_FOUND", "Conversation not found.");
    if (conversation.ticketId) {
      const existing = await tx.ticket.findUnique({
        where: { id: conversation.ticketId },
        select: { id: true, number: true },
      });
      if (existing) return { ticketId: existing.id, number: existing.number, created: false };
    }
    const now = deps.clock.now();
    const name = conversation.contactName ?? conversation.contactExternalId;
    let contactId = conversation.contactId;
    if (!contactId) {
      const connection = await tx.platformConnection.findUniqueOrThrow({
        where: { id: conversation.platformConnectionId },
        select: { platformUserId: true },
      });
      const identity = {
        channel: conversation.platform,
        value: identityValue(
          conversation.platform,
          connection.platformUserId,
          conversation.contactExternalId,
        ),
        name,
      };
      // An address the contacts area can't file (the ingest kept the thread without a contact):
      // the ticket still needs its requester, a contact known by name only.
      contactId = resolveContactInput.safeParse(identity).success
        ? await resolveContactForIdentity(tx, input.orgId, identity, now)
        : (
            await tx.contact.create({
              data: { organizationId: input.orgId, name: name.slice(0, 200), createdAt: now, updatedAt: now },
              select: { id: true },
            })
          ).id;
      await conversations.updateConversationRow(tx, conversation.id, { contactId });
    }
    const channel = conversation.platform === "WEBCHAT" ? "CHAT" : "SOCIAL";
    const subject =
      `${platformName[conversation.platform].replace(/^the /, "")} conversation with ${name}`.slice(0, 200);
    const description = await transcriptOf(tx, conversation.id, name);
    const sla = await slaForNewTicket(tx, input.orgId, "MEDIUM", now);
    const number = await tickets.nextTicketNumber(tx, input.orgId);
    const ticket = await tickets.insertTicket(tx, {
      orgId: input.orgId,
      number,
      subject: subject.charAt(0).toUpperCase() + subject.slice(1),
      description,
      contactId,
      createdById: actor.userId,
      assigneeId: conversation.assignedToId,
      teamId: null,
      priority: "MEDIUM",
      channel,
      tags: [],
      customFields: {},
      now,
      sla,
    });
    await tickets.insertActivities(tx, [
      {
        orgId: input.orgId,
        ticketId: ticket.id,
        actorId: actor.userId,
        actionType: "created",
        newValue: {
          number,
          status: "OPEN",
          priority: "MEDIUM",
          channel,
          assigneeId: conversation.assignedToId,
          teamId: null,
          tags: [],
        },
        metadata: { source: "inbox", conversationId: conversation.id },
        now,
      },
    ]);
    await conversations.updateConversationRow(tx, conversation.id, { ticketId: ticket.id });
    await publishTicketEvent(tx, deps, {
      type: "ticket.created",
      orgId: input.orgId,
      ticketId: ticket.id,
      actorUserId: actor.userId,
      source: "agent",
      depth: 0,
      at: now,
    });
    await publishInboxEvent(tx, {
      topic: "inbox.conversation",
      organizationId: input.orgId,
      conversationId: conversation.id,
      kind: "ticket",
    });
    return { ticketId: ticket.id, number, created: true };
  }, TX_OPTIONS);
}

/**
 * An agent's messages in a linked conversation, added to the ticket as public agent replies (in
 * the sending transaction). The ticket's event then finds them already mirrored and sends no DM.
 */
export async function mirrorAgentMessagesToTicket(
  tx: Tx,
  deps: TicketEventDeps,
  data: { orgId: string; ticketId: string; userId: string; messageIds: string[] },
): Promise<void> {
  const messages = await repo.findMessagesToMirror(tx, data.messageIds);
  if (messages.length === 0) return;
  const ticket = await tickets.lockTicket(tx, data.orgId, data.ticketId);
  if (!ticket) return;
  const now = deps.clock.now();
  for (const m of messages) {
    const ticketMessage = await tickets.insertMessage(tx, {
      orgId: data.orgId,
      ticketId: ticket.id,
      authorUserId: data.userId,
      authorContactId: null,
      message: bridgeText(m),
      isInternal: false,
      now,
    });
    await repo.linkMessage(tx, m.id, ticketMessage.id);
    const activities: tickets.ActivityRow[] = [
      {
        orgId: data.orgId,
        ticketId: ticket.id,
        actorId: data.userId,
        actionType: "replied",
        newValue: { messageId: ticketMessage.id },
        metadata: { source: "inbox", conversationId: m.conversationId },
        now,
      },
    ];
    const first = await tickets.setFirstResponseIfUnset(tx, ticket.id, now);
    if (first) {
      activities.push({
        orgId: data.orgId,
        ticketId: ticket.id,
        actorId: data.userId,
        actionType: "first_response",
        oldValue: null,
        newValue: now.toISOString(),
        now,
      });
    }
    await tickets.insertActivities(tx, activities);
    if (first) await applySla(tx, ticket.id, now);
    await publishTicketEvent(tx, deps, {
      type: "ticket.message_added",
      orgId: data.orgId,
      ticketId: ticket.id,
      actorUserId: data.userId,
      source: "agent",
      depth: 0,
      at: now,
      messageId: ticketMessage.id,
      isInternal: false,
      author: "agent",
    });
  }
  await tickets.updateTicketRow(tx, ticket.id, { updatedAt: now });
}

/**
 * A contact's message in a linked conversation, added to the ticket as a customer reply (which
 * reopens a resolved ticket, like a mail would). Call it in the transaction that stored the
 * message (the inbound ingest); a message already mirrored, an outbound one or an unlinked
 * conversation does nothing.
 */
export async function mirrorInboundToTicket(
  tx: Tx,
  deps: TicketEventDeps,
  messageId: string,
): Promise<string | null> {
  const m = await repo.findInboundForMirror(tx, messageId);
  if (m?.direction !== "INBOUND" || m.ticketMessageId || !m.conversation.ticketId) return null;
  if (!m.conversation.contactId) return null;
  const reply = await addCustomerReply(tx, deps, {
    orgId: m.organizationId,
    ticketId: m.conversation.ticketId,
    contactId: m.conversation.contactId,
    message: bridgeText(m) || "(empty message)",
    via: "customer",
  });
  if (!reply) return null;
  await repo.linkMessage(tx, m.id, reply.id);
  return reply.id;
}

/**
 * A message the business sent from the platform's own app (an echo: the WhatsApp Business app,
 * Messenger's inbox) in a linked conversation, added to the ticket as an agent reply by whoever
 * connected the channel (the app is theirs), so the ticket shows the whole exchange. Call it in
 * the transaction that stored the echo; one already mirrored, or on a channel nobody connected
 * through the app, does nothing.
 */
export async function mirrorEchoToTicket(tx: Tx, deps: TicketEventDeps, messageId: string): Promise<void> {
  const m = await repo.findInboundForMirror(tx, messageId);
  if (m?.direction !== "OUTBOUND" || m.ticketMessageId || !m.conversation.ticketId) return;
  const author = m.platformConnection.connectedById;
  if (!author) return;
  await mirrorAgentMessagesToTicket(tx, deps, {
    orgId: m.organizationId,
    ticketId: m.conversation.ticketId,
    userId: author,
    messageIds: [m.id],
  });
}
