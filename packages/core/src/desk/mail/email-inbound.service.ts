import { randomUUID } from "node:crypto";
import type { Tx } from "@quartet/db/client";
import {
  type InboundAttachment,
  parseInboundMail,
  UnparsableMailError,
} from "@quartet/integrations/mail/inbound-mail";
import type { Deps } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import * as attachments from "../attachments/attachment.repository.ts";
import {
  ATTACHMENT_MAX_BYTES,
  ATTACHMENT_MAX_FILES,
  cleanFileName,
} from "../attachments/attachment.schema.ts";
import { executableReason, storeInboundAttachment } from "../attachments/attachment.service.ts";
import { applySla } from "../sla/sla-policy.service.ts";
import * as tickets from "../tickets/ticket.repository.ts";
import { findOrCreateContactByEmail } from "../tickets/ticket.repository.ts";
import { addCustomerReply, createCustomerTicket } from "../tickets/ticket-customer.service.ts";
import { publishTicketEvent, type TicketEventDeps } from "../tickets/ticket-events.ts";
import * as repo from "./email-inbound.repository.ts";
import { type InboundEmail, type InboundEmailResult, inboundEmailSchema } from "./email-inbound.schema.ts";
import { stripQuotedReply, tidy } from "./email-inbound.text.ts";
import { keepMailCcs } from "./ticket-cc.service.ts";

// The email channel's way in: a raw message posted by the inbound relay (already authenticated by
// the HTTP route) becomes a new EMAIL ticket or a reply on the ticket it answers.

/** Local parts of `<slug>@<inboundEmailDomain>` (and `<slug>+anything@…`) among the recipients. */
export function workspaceSlugsFor(recipients: readonly string[], domain: string): string[] {
  const suffix = `@${domain.toLowerCase()}`;
  const slugs = new Set<string>();
  for (const address of recipients) {
    const a = address.trim().toLowerCase();
    if (!a.endsWith(suffix)) continue;
    const local = a.slice(0, -suffix.length).split("+")[0] ?? "";
    if (/^[a-z0-9][a-z0-9-]{0,59}$/.test(local)) slugs.add(local);
  }
  return [...slugs];
}

/** Why a mail is automatic (out-of-office, bounce, list or bulk mail), or null for a person's mail. */
export function automaticMailReason(
  mail: Pick<InboundEmail, "autoHeaders" | "from">,
  config: Pick<Deps["config"], "mailFrom" | "inboundEmailDomain">,
): string | null {
  const { autoSubmitted, precedence, xAutoreply } = mail.autoHeaders;
  if (autoSubmitted && autoSubmitted.trim().toLowerCase() !== "no") return `Auto-Submitted: ${autoSubmitted}`;
  if (precedence && /^(bulk|junk|list|auto_reply)$/i.test(precedence.trim()))
    return `Precedence: ${precedence}`;
  if (xAutoreply) return "X-Autoreply";
  const from = mail.from.address.toLowerCase();
  if (/^(mailer-daemon|postmaster)@/.test(from)) return "delivery notification";
  // Our own mail coming back (a forward rule, a Bcc to the inbound address) must not loop.
  const ourSender = (/<([^<>]+)>\s*$/.exec(config.mailFrom)?.[1] ?? config.mailFrom).trim().toLowerCase();
  if (from === ourSender || from.endsWith(`@${config.inboundEmailDomain.toLowerCase()}`))
    return "sent by Quartet";
  return null;
}

/** The ticket number of a `[#1042]` tag in the subject (our outgoing subjects carry one). */
export function ticketNumberInSubject(subject: string): number | null {
  const m = /\[#(\d{1,9})\]/.exec(subject);
  return m ? Number(m[1]) : null;
}

/**
 * The ticket a mail answers: the thread's Message-IDs first (In-Reply-To, then References from the
 * newest), then the `[#n]` subject tag of a ticket the same sender opened. A merged ticket leads
 * to its survivor.
 */
async function findThreadTicket(tx: Tx, orgId: string, mail: InboundEmail): Promise<string | null> {
  const candidates = [...(mail.inReplyTo ? [mail.inReplyTo] : []), ...[...mail.references].reverse()];
  let ticketId: string | null = null;
  if (candidates.length) {
    const refs = await repo.findReferencedTickets(tx, orgId, candidates);
    const byId = new Map(refs.map((r) => [r.messageId, r.ticketId]));
    ticketId = candidates.map((id) => byId.get(id)).find((id) => id !== undefined) ?? null;
  }
  if (!ticketId) {
    const number = ticketNumberInSubject(mail.subject);
    if (number !== null)
      ticketId =
        (await repo.findTicketByNumberAndRequester(tx, orgId, number, mail.from.address))?.id ?? null;
  }
  // Follow merges (a chain is short; the cap guards against a cycle).
  for (let hops = 0; ticketId && hops < 5; hops++) {
    const ticket = await repo.findTicketForReply(tx, orgId, ticketId);
    if (!ticket) return null;
    if (!ticket.mergedIntoId) return ticket.id;
    ticketId = ticket.mergedIntoId;
  }
  return null;
}

/** Attachments worth keeping: real files (not inline images of a signature), within the limits. */
function keptAttachments(list: InboundAttachment[]): InboundAttachment[] {
  return list.filter((a) => !a.inline && a.size > 0).slice(0, ATTACHMENT_MAX_FILES);
}

/**
 * Files of the mail that opened a ticket: there is no message row (the body is the description),
 * so they are linked to the ticket itself. Programs and oversized files are skipped.
 */
async function storeTicketAttachments(
  tx: Tx,
  deps: Deps,
  data: { orgId: string; ticketId: string; contactId: string; files: InboundAttachment[] },
) {
  for (const file of data.files) {
    const fileName = cleanFileName(file.fileName);
    if (executableReason(fileName, file.contentType) || file.content.length > ATTACHMENT_MAX_BYTES) {
      deps.log.warn({ orgId: data.orgId, ticketId: data.ticketId, fileName }, "inbound attachment skipped");
      continue;
    }
    const key = `desk/${data.orgId}/${randomUUID()}`;
    await deps.storage.put(key, file.content, { contentType: file.contentType, size: file.content.length });
    await attachments.insertAttachment(tx, {
      orgId: data.orgId,
      storageKey: key,
      fileName,
      mimeType: file.contentType,
      sizeBytes: file.content.length,
      uploadedByUserId: null,
      uploadedByContactId: data.contactId,
      ticketId: data.ticketId,
      messageId: null,
      now: deps.clock.now(),
    });
  }
}

/** A first line `#internal` or `#note` (alone on it) turns an agent's mailed reply into an internal note. */
const INTERNAL_MARKER = /^\s*#(?:internal|note)\b[^\S\n]*(?:\n|$)/i;

/**
 * What an agent's mail says: a public reply by default; an internal note when its first line is
 * `#internal` or `#note` (the marker line is dropped), the way agents keep a remark off the
 * customer's thread from their own mail client.
 */
export function agentMailIntent(text: string): { isInternal: boolean; message: string } {
  const marked = INTERNAL_MARKER.exec(text);
  if (!marked) return { isInternal: false, message: text };
  return { isInternal: true, message: text.slice(marked[0].length).trim() };
}

/**
 * An agent of the workspace answered the thread from their own mail client: the message is theirs
 * (author = the agent, public unless marked internal, first response and SLA as for a reply in the
 * app — see addMessage in ticket.service.ts), not a new message of a contact with their address.
 * When the customer was among the mail's recipients they already have it: the message keeps the
 * agent's Message-ID, which tells the mail reaction not to send it again; otherwise the desk mails
 * it to the requester like any agent reply. Never reopens the ticket (an agent's reply doesn't).
 */
async function addAgentMailReply(
  tx: Tx,
  deps: TicketEventDeps,
  data: {
    orgId: string;
    ticketId: string;
    agentUserId: string;
    text: string;
    emailMessageId: string;
    recipients: readonly string[];
  },
) {
  const ticket = await tickets.lockTicket(tx, data.orgId, data.ticketId);
  if (!ticket) return null;
  const requester = await repo.findTicketRequesterEmail(tx, data.orgId, ticket.id);
  const intent = agentMailIntent(data.text);
  const customerHasIt =
    !intent.isInternal &&
    !!requester &&
    data.recipients.some((r) => r.trim().toLowerCase() === requester.toLowerCase());
  const now = deps.clock.now();
  const message = await tickets.insertMessage(tx, {
    orgId: data.orgId,
    ticketId: ticket.id,
    authorUserId: data.agentUserId,
    authorContactId: null,
    message: intent.message || "(no text)",
    isInternal: intent.isInternal,
    emailMessageId: customerHasIt ? data.emailMessageId : null,
    now,
  });
  await tickets.insertEmailReference(tx, {
    orgId: data.orgId,
    ticketId: ticket.id,
    messageId: data.emailMessageId,
    direction: "INBOUND",
    now,
  });
  const activities: tickets.ActivityRow[] = [
    {
      orgId: data.orgId,
      ticketId: ticket.id,
      actorId: data.agentUserId,
      actionType: intent.isInternal ? "internal_note_added" : "replied",
      newValue: { messageId: message.id },
      metadata: { source: "email" },
      now,
    },
  ];
  if (!intent.isInternal && (await tickets.setFirstResponseIfUnset(tx, ticket.id, now))) {
    activities.push({
      orgId: data.orgId,
      ticketId: ticket.id,
      actorId: data.agentUserId,
      actionType: "first_response",
      oldValue: null,
      newValue: now.toISOString(),
      metadata: { source: "email" },
      now,
    });
  }
  await tickets.updateTicketRow(tx, ticket.id, { updatedAt: now });
  await tickets.insertActivities(tx, activities);
  if (activities.some((a) => a.actionType === "first_response")) await applySla(tx, ticket.id, now);
  await publishTicketEvent(tx, deps, {
    type: "ticket.message_added",
    orgId: data.orgId,
    ticketId: ticket.id,
    actorUserId: data.agentUserId,
    source: "email",
    depth: 0,
    at: now,
    messageId: message.id,
    isInternal: intent.isInternal,
    author: "agent",
  });
  return message;
}

/**
 * Handles one raw inbound message. Unparsable mail → BAD_REQUEST (the relay should not retry);
 * everything else is an outcome: `created` / `replied` (with the ticket), `duplicate` (the
 * Message-ID was already handled), `ignored` (automatic mail: no ack loops), `unknown_workspace`.
 */
export async function receiveInboundEmail(deps: Deps, raw: Buffer): Promise<InboundEmailResult> {
  let parsed: Awaited<ReturnType<typeof parseInboundMail>>;
  try {
    parsed = await parseInboundMail(raw);
  } catch (error) {
    if (error instanceof UnparsableMailError) throw new AppError("BAD_REQUEST", error.message);
    throw error;
  }
  const checked = inboundEmailSchema.safeParse(parsed);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const field = String(issue?.path[0] ?? "message");
    const message = issue?.message ?? "The message is not a usable email.";
    throw new AppError("BAD_REQUEST", message, { [field]: message });
  }
  const mail = checked.data;
  const logged = { messageId: mail.messageId, from: mail.from.address };

  const slugs = workspaceSlugsFor(mail.recipients, deps.config.inboundEmailDomain);
  const workspaces = slugs.length ? await repo.findWorkspacesBySlugs(deps.db, slugs) : [];
  // The first recipient that is a workspace wins (a mail to two workspaces goes to the first).
  const org = slugs.map((s) => workspaces.find((w) => w.slug === s)).find((w) => w !== undefined);
  if (!org) {
    deps.log.info(
      { ...logged, recipients: mail.recipients },
      "inbound mail: no workspace for the recipients",
    );
    return { outcome: "unknown_workspace" };
  }
  const automatic = automaticMailReason(mail, deps.config);
  if (automatic) {
    deps.log.info({ ...logged, orgId: org.id, reason: automatic }, "inbound mail ignored (automatic)");
    return { outcome: "ignored" };
  }

  const files = keptAttachments(parsed.attachments);
  const result = await deps.db.$transaction(async (tx): Promise<InboundEmailResult> => {
    await repo.lockMessageId(tx, org.id, mail.messageId);
    const seen = await repo.findReferencedTickets(tx, org.id, [mail.messageId]);
    if (seen[0]) return { outcome: "duplicate", ticketId: seen[0].ticketId };

    const ticketId = await findThreadTicket(tx, org.id, mail);
    // An agent's address on a mail that continues a thread (found by its Message-IDs, or the
    // subject tag of a ticket this address opened) is that agent answering. On a NEW ticket the
    // sender is only ever a contact: From can be forged, so a mail can't open an agent-authored
    // ticket (an agent forwarding a customer's mail gets an ordinary ticket with them as requester).
    const agent = ticketId ? await repo.findActiveAgentByEmail(tx, org.id, mail.from.address) : null;
    if (ticketId && agent) {
      const message = await addAgentMailReply(tx, deps, {
        orgId: org.id,
        ticketId,
        agentUserId: agent.id,
        text: stripQuotedReply(mail.text),
        emailMessageId: mail.messageId,
        recipients: mail.recipients,
      });
      if (message) {
        for (const file of files) {
          await storeInboundAttachment(tx, deps, {
            orgId: org.id,
            ticketId,
            messageId: message.id,
            fileName: file.fileName,
            mimeType: file.contentType,
            body: file.content,
            contactId: null,
          });
        }
        return { outcome: "replied", ticketId };
      }
    }
    if (ticketId && !agent) {
      const contactId = await findOrCreateContactByEmail(tx, {
        orgId: org.id,
        email: mail.from.address,
        name: mail.from.name,
        now: deps.clock.now(),
      });
      const message = await addCustomerReply(tx, deps, {
        orgId: org.id,
        ticketId,
        contactId,
        message: stripQuotedReply(mail.text) || "(no text)",
        // The HTML part is dropped: agents read the text, and unsanitised customer HTML is never stored.
        messageHtml: null,
        emailMessageId: mail.messageId,
        via: "email",
      });
      if (message) {
        for (const file of files) {
          await storeInboundAttachment(tx, deps, {
            orgId: org.id,
            ticketId,
            messageId: message.id,
            fileName: file.fileName,
            mimeType: file.contentType,
            body: file.content,
            contactId,
          });
        }
        await keepMailCcs(tx, deps, {
          orgId: org.id,
          ticketId,
          sender: mail.from.address,
          addresses: [...mail.to, ...mail.cc],
        });
        return { outcome: "replied", ticketId };
      }
    }
    const created = await createCustomerTicket(tx, deps, {
      orgId: org.id,
      requester: { email: mail.from.address, name: mail.from.name },
      subject: mail.subject,
      description: tidy(mail.text) || "(no text)",
      channel: "EMAIL",
      emailMessageId: mail.messageId,
    });
    await storeTicketAttachments(tx, deps, {
      orgId: org.id,
      ticketId: created.ticketId,
      contactId: created.contactId,
      files,
    });
    // The customer's other recipients (To and Cc) are copied on the replies.
    await keepMailCcs(tx, deps, {
      orgId: org.id,
      ticketId: created.ticketId,
      sender: mail.from.address,
      addresses: [...mail.to, ...mail.cc],
    });
    return { outcome: "created", ticketId: created.ticketId };
  });
  deps.log.info({ ...logged, orgId: org.id, ...result }, "inbound mail handled");
  return result;
}
