import type { Tx } from "@quartet/db/client";
import type { AppConfig } from "../../deps.ts";
import { type EmailEnvelope, type QueueEmailInput, queueEmail } from "../../email/email.queue.ts";
import { insertEmailReference } from "../tickets/ticket.repository.ts";
import { csatSurveyUrl, customerTicketUrl } from "../tickets/ticket-access.ts";
import type { TicketEvent, TicketEventDeps } from "../tickets/ticket-events.ts";
import { replyCcAddresses } from "./ticket-cc.service.ts";
import * as repo from "./ticket-mail.repository.ts";

// Mail to the requester, queued in the transaction of the ticket change (ticket-events.ts):
// - a new customer or email ticket → an acknowledgement with the ticket link;
// - a public agent reply → the reply, threaded (Message-ID, In-Reply-To, References) so the
//   customer's answer comes back to the same ticket through the inbound address (Reply-To),
//   copied (Cc) to the ticket's customer CCs;
// - resolved → a CSAT survey, once per ticket (the CsatResponse row is the guard).
// Internal notes never produce mail.

/** How many earlier Message-IDs a References header carries (RFC 5322 allows more; clients trim). */
const REFERENCES_CAP = 20;

/** The workspace's inbound address: where customers write and where replies go back to. */
export function workspaceInboundAddress(config: Pick<AppConfig, "inboundEmailDomain">, slug: string): string {
  return `${slug}@${config.inboundEmailDomain}`.toLowerCase();
}

/** Our Message-ID for an outgoing ticket mail: `<t{ticketId}.{part}@{inboundEmailDomain}>`. */
export function ticketMailMessageId(
  config: Pick<AppConfig, "inboundEmailDomain">,
  ticketId: string,
  part: string,
): string {
  return `<t${ticketId}.${part}@${config.inboundEmailDomain}>`;
}

/** The address part of `Name <address>` (or the whole value when it is a bare address). */
function addressOf(mailbox: string): string {
  return (/<([^<>]+)>\s*$/.exec(mailbox)?.[1] ?? mailbox).trim();
}

/** `"Acme Support" <no-reply@…>`: the workspace's sender name on our sending address. */
function senderFor(config: Pick<AppConfig, "mailFrom">, displayName: string): string {
  const name = displayName
    .replace(/[\r\n]+/g, " ")
    .replace(/["\\]/g, "")
    .trim()
    .slice(0, 120);
  const address = addressOf(config.mailFrom);
  return name ? `"${name}" <${address}>` : address;
}

/** The customer's locale from their contact metadata (`en` when unknown). */
function contactLocale(metadata: unknown): string {
  if (metadata && typeof metadata === "object" && !Array.isArray(metadata)) {
    const locale = (metadata as Record<string, unknown>).locale;
    if (typeof locale === "string" && locale.trim()) return locale.trim().slice(0, 10);
  }
  return "en";
}

type Ticket = repo.TicketForMail;
type MailableTicket = Ticket & { contact: { email: string } };

interface DeskMailBase {
  to: string;
  toName: string | null;
  locale: string;
  common: { name: string | null; workspaceName: string; number: number; subject: string; link: string };
}

/** The ticket when its requester can receive mail (has an address and still exists). */
async function mailableTicket(tx: Tx, orgId: string, ticketId: string): Promise<MailableTicket | null> {
  const ticket = await repo.findTicketForMail(tx, orgId, ticketId);
  if (!ticket?.contact.email || ticket.contact.deletedAt) return null;
  return ticket as MailableTicket;
}

/** Queues one mail to the ticket's requester and registers its Message-ID on the thread. */
async function mailRequester(
  tx: Tx,
  deps: TicketEventDeps,
  orgId: string,
  ticket: MailableTicket,
  mail: {
    messageId: string;
    automatic: boolean;
    build: (base: DeskMailBase) => QueueEmailInput;
    /** Customer addresses copied on this mail (agent replies: the ticket's CCs). */
    cc?: readonly string[];
  },
): Promise<void> {
  const { config } = deps;
  const org = ticket.organization;
  // Read before registering this mail's own id: References lists what came before it.
  const thread = await repo.findThreadReferences(tx, orgId, ticket.id, REFERENCES_CAP);
  const lastInbound = thread.filter((r) => r.direction === "INBOUND").at(-1)?.messageId;
  const headers: Record<string, string> = { "Message-ID": mail.messageId };
  if (lastInbound) headers["In-Reply-To"] = lastInbound;
  if (thread.length) headers.References = thread.map((r) => r.messageId).join(" ");
  // RFC 3834: automatic mail says so, and Exchange is asked not to answer it (no out-of-office loops).
  if (mail.automatic) {
    headers["Auto-Submitted"] = "auto-generated";
    headers["X-Auto-Response-Suppress"] = "All";
  }
  const envelope: EmailEnvelope = {
    fromAddress: senderFor(config, org.deskSettings?.emailSenderName?.trim() || org.name),
    replyTo: workspaceInboundAddress(config, org.slug),
    headers,
    ...(mail.cc?.length ? { cc: mail.cc } : {}),
  };
  const base: DeskMailBase = {
    to: ticket.contact.email,
    toName: ticket.contact.name,
    locale: contactLocale(ticket.contact.metadata),
    common: {
      name: ticket.contact.name,
      workspaceName: org.name,
      number: ticket.number,
      subject: ticket.subject,
      link: customerTicketUrl(config, org.slug, ticket.id),
    },
  };
  await queueEmail(tx, deps.boss, mail.build(base), envelope);
  await insertEmailReference(tx, {
    orgId,
    ticketId: ticket.id,
    messageId: mail.messageId,
    direction: "OUTBOUND",
    now: deps.clock.now(),
  });
}

/** Acknowledges a ticket a customer opened (portal, mail or API). */
async function sendTicketReceived(tx: Tx, deps: TicketEventDeps, orgId: string, ticketId: string) {
  const ticket = await mailableTicket(tx, orgId, ticketId);
  if (!ticket) return;
  await mailRequester(tx, deps, orgId, ticket, {
    messageId: ticketMailMessageId(deps.config, ticket.id, "received"),
    automatic: true,
    build: (b) => ({
      type: "DESK_TICKET_RECEIVED",
      to: b.to,
      toName: b.toName,
      locale: b.locale,
      data: b.common,
    }),
  });
}

/** Mails an agent's public reply and records the Message-ID it went out as. */
async function sendAgentReply(
  tx: Tx,
  deps: TicketEventDeps,
  orgId: string,
  ticketId: string,
  messageId: string,
) {
  const message = await repo.findMessageForMail(tx, orgId, messageId);
  // Re-checked on the row itself: an internal note must never leave, whatever the event said.
  // A message that already is a mail (an agent answered from their own mail client with the
  // customer among the recipients, see email-inbound.service) is not sent a second time.
  if (!message || message.isInternal || message.emailMessageId) return;
  const ticket = await mailableTicket(tx, orgId, ticketId);
  // A ticket made from an Inbox conversation answers there (the inbox bridge sends it as a DM).
  if (!ticket || ticket.conversation) return;
  const emailMessageId = ticketMailMessageId(deps.config, ticket.id, `m${message.id}`);
  await mailRequester(tx, deps, orgId, ticket, {
    messageId: emailMessageId,
    automatic: false,
    // To the requester, Cc the customer addresses copied on the ticket: a reply-all reaches everyone.
    cc: await replyCcAddresses(tx, orgId, ticket.id, ticket.contact.email),
    build: (b) => ({
      type: "DESK_TICKET_REPLY",
      to: b.to,
      toName: b.toName,
      locale: b.locale,
      data: { ...b.common, agentName: message.authorUser?.name ?? null, message: message.message },
    }),
  });
  await repo.setMessageEmailId(tx, orgId, message.id, emailMessageId);
}

/**
 * Sends the CSAT survey of a resolved ticket when the workspace wants surveys (the default). The
 * CsatResponse row is created first with ON CONFLICT DO NOTHING: resolving again (after a reopen,
 * or a retried transaction racing another) finds it and sends nothing.
 */
async function sendCsatSurvey(tx: Tx, deps: TicketEventDeps, orgId: string, ticketId: string) {
  const ticket = await mailableTicket(tx, orgId, ticketId);
  if (!ticket || ticket.organization.deskSettings?.csatEnabled === false) return;
  const created = await repo.insertCsatIfAbsent(tx, {
    orgId,
    ticketId: ticket.id,
    contactId: ticket.contactId,
    agentId: ticket.assigneeId,
    now: deps.clock.now(),
  });
  if (!created) return;
  const org = ticket.organization;
  await mailRequester(tx, deps, orgId, ticket, {
    messageId: ticketMailMessageId(deps.config, ticket.id, "csat"),
    automatic: true,
    build: (b) => ({
      type: "DESK_CSAT_SURVEY",
      to: b.to,
      toName: b.toName,
      locale: b.locale,
      data: { ...b.common, link: csatSurveyUrl(deps.config, org.slug, ticket.id) },
    }),
  });
}

/** Subscriber of ticket events (see ticket-events.ts); stays an `async function` declaration. */
export async function mailOnTicketEvent(tx: Tx, deps: TicketEventDeps, event: TicketEvent): Promise<void> {
  switch (event.type) {
    case "ticket.created":
      if (event.source === "customer" || event.source === "email")
        await sendTicketReceived(tx, deps, event.orgId, event.ticketId);
      return;
    case "ticket.message_added":
      if (event.author === "agent" && !event.isInternal)
        await sendAgentReply(tx, deps, event.orgId, event.ticketId, event.messageId);
      return;
    case "ticket.updated":
      if (event.changes.some((c) => c.field === "status" && c.to === "RESOLVED"))
        await sendCsatSurvey(tx, deps, event.orgId, event.ticketId);
      return;
    default:
      return;
  }
}
