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
import { findOrCreateContactByEmail } from "../tickets/ticket.repository.ts";
import { addCustomerReply, createCustomerTicket } from "../tickets/ticket-customer.service.ts";
import * as repo from "./email-inbound.repository.ts";
import { type InboundEmail, type InboundEmailResult, inboundEmailSchema } from "./email-inbound.schema.ts";
import { stripQuotedReply, tidy } from "./email-inbound.text.ts";

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
    if (ticketId) {
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
    return { outcome: "created", ticketId: created.ticketId };
  });
  deps.log.info({ ...logged, orgId: org.id, ...result }, "inbound mail handled");
  return result;
}
