import type { Db } from "@quartet/db/client";
import type { MailTransport } from "@quartet/integrations/mail/mail-transport";
import { EMAIL_LOG_HEADER, mailErrorCode } from "@quartet/integrations/mail/mail-transport";
import { PermanentJobError } from "@quartet/jobs/job-errors";
import type { AppConfig, Clock, Logger } from "../deps.ts";
import { campaignMailDataSchema, isCampaignEmailType, renderCampaignEmail } from "./campaign-mail.ts";
import {
  EMAIL_TEMPLATE_TYPES,
  type EmailTemplateType,
  emailTemplateDataSchemas,
  renderEmail,
} from "./email.templates.ts";
import {
  claimEmailLogForSend,
  findEmailLogForSend,
  markEmailLogFailed,
  markEmailLogSent,
} from "./email-log.repository.ts";
import { isAddressSuppressed, isSuppressibleType } from "./email-suppression.ts";

export interface EmailSendDeps {
  db: Db;
  transport: MailTransport;
  log: Logger;
  clock: Clock;
  config: Pick<AppConfig, "mailFrom" | "webUrl">;
}

/** The part of a pg-boss job the handler needs: which attempt this is. */
export interface JobAttemptInfo {
  id: string;
  retryCount: number;
}

export type EmailSendOutcome = "SENT" | "ALREADY_SENT" | "RECOVERED" | "MISSING" | "SUPPRESSED";

const THREADING = new Set(["message-id", "in-reply-to", "references", "cc"]);

/** The stored envelope headers, split into the transport's threading fields and the rest. */
function envelopeHeaders(stored: unknown) {
  const headers: Record<string, string> = {};
  const threading: { messageId?: string; inReplyTo?: string; references?: string[]; cc?: string[] } = {};
  if (!stored || typeof stored !== "object" || Array.isArray(stored)) return { headers, threading };
  for (const [key, value] of Object.entries(stored as Record<string, unknown>)) {
    if (typeof value !== "string" || !value) continue;
    const name = key.toLowerCase();
    if (name === "message-id") threading.messageId = value;
    else if (name === "in-reply-to") threading.inReplyTo = value;
    else if (name === "references") threading.references = value.split(/\s+/).filter(Boolean);
    // Copied recipients go to the transport as addresses (SMTP puts them in the envelope too).
    else if (name === "cc")
      threading.cc = value
        .split(",")
        .map((a) => a.trim())
        .filter(Boolean);
    else if (!THREADING.has(name)) headers[key] = value;
  }
  return { headers, threading };
}

/** The sender's domain (`"Acme" <no-reply@acme.test>` → `acme.test`). */
function senderDomain(from: string): string {
  return /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1]?.toLowerCase() ?? "quartet.local";
}

/** The Message-ID of a mail without one of its own: a pure function of its EmailLog row. */
export function emailLogMessageId(emailLogId: string, from: string): string {
  return `<${emailLogId}@${senderDomain(from)}>`;
}

/**
 * `email.send`: renders the EmailLog's template in its locale and sends it. A row that is already
 * SENT is left alone. A transport error marks the row FAILED (error, code, attempts) and is
 * rethrown so pg-boss retries with backoff; after the last retry the job goes to `email.send.dead`
 * and the row keeps the last error.
 *
 * Sending twice. Each mail has one Message-ID for all its attempts (the sender's, or
 * `<EmailLog id@sender domain>`), and before the transport is called the attempt commits its
 * idempotency record: status SENDING. A worker that dies between the transport's acceptance and
 * the SENT update leaves the row in SENDING, so the retry knows the earlier outcome is unknown:
 * - where the transport can look the Message-ID up (the capture transport), a mail it already has
 *   is recorded as SENT and not sent again;
 * - SMTP cannot be asked whether a relay accepted a message, so there the retry sends again:
 *   delivery is at-least-once. The copy carries the same Message-ID, which lets mail systems and
 *   clients that deduplicate on it (many do) show it once. The same holds when a connection drops
 *   after the relay received the message but before it answered, and when an attempt outlives its
 *   job's expiry and a second one starts.
 */
export async function handleEmailSend(
  deps: EmailSendDeps,
  payload: { emailLogId: string },
  job: JobAttemptInfo,
): Promise<EmailSendOutcome> {
  const row = await findEmailLogForSend(deps.db, payload.emailLogId);
  if (!row) {
    // Nothing to send (the row was deleted with its user): completing the job is the right outcome.
    deps.log.warn({ emailLogId: payload.emailLogId, jobId: job.id }, "email.send: EmailLog not found");
    return "MISSING";
  }
  if (row.status === "SENT" || row.status === "DELIVERED") return "ALREADY_SENT";

  const type = row.emailType as string;
  // Non-essential mail (campaigns, notifications) to an address that bounced or complained stops here.
  if (
    row.status !== "SENDING" &&
    isSuppressibleType(type) &&
    (await isAddressSuppressed(deps.db, row.recipientEmail))
  ) {
    await markEmailLogFailed(deps.db, row.id, {
      errorMessage: "The address bounced or complained earlier: non-essential mail to it is suppressed.",
      errorCode: "SUPPRESSED",
      retryCount: job.retryCount,
    });
    return "SUPPRESSED";
  }
  const campaign = isCampaignEmailType(type);
  const parsed = campaign
    ? campaignMailDataSchema.safeParse(row.metadata ?? {})
    : (EMAIL_TEMPLATE_TYPES as readonly string[]).includes(type)
      ? emailTemplateDataSchemas[type as EmailTemplateType].safeParse(row.metadata ?? {})
      : null;
  if (!parsed?.success) {
    const reason = parsed ? "template data does not match the template" : `no template for ${type}`;
    await markEmailLogFailed(deps.db, row.id, {
      errorMessage: `Cannot render: ${reason}`,
      errorCode: "INVALID_TEMPLATE",
      retryCount: job.retryCount + 1,
    });
    throw new PermanentJobError(`email ${row.id}: ${reason}`, "INVALID_TEMPLATE");
  }

  const rendered = campaign
    ? renderCampaignEmail(row.locale, parsed.data as never)
    : renderEmail(type as EmailTemplateType, row.locale, parsed.data as never, {
        webUrl: deps.config.webUrl,
      });
  const from = row.fromAddress ?? deps.config.mailFrom;
  const envelope = envelopeHeaders(row.headers);
  const stableId = row.messageId ?? envelope.threading.messageId ?? emailLogMessageId(row.id, from);

  if (row.status === "SENDING") {
    // An earlier attempt claimed this mail and never recorded how it ended (it died in between).
    const earlier = deps.transport.findSent ? await deps.transport.findSent(stableId) : null;
    if (earlier) {
      await markEmailLogSent(deps.db, row.id, {
        providerMessageId: earlier.messageId,
        sentAt: deps.clock.now(),
        subject: rendered.subject,
      });
      deps.log.info(
        { emailLogId: row.id, messageId: stableId, transport: deps.transport.kind },
        "email was already accepted by the transport: recorded as sent, not sent again",
      );
      return "RECOVERED";
    }
    if (!deps.transport.findSent)
      deps.log.warn(
        {
          emailLogId: row.id,
          messageId: stableId,
          transport: deps.transport.kind,
          attempt: job.retryCount + 1,
        },
        "email.send: the previous attempt's outcome is unknown and this transport cannot tell; sending again (same Message-ID)",
      );
  }
  // The idempotency record, committed before the transport call.
  if (!(await claimEmailLogForSend(deps.db, row.id, { messageId: stableId, at: deps.clock.now() })))
    return "ALREADY_SENT";

  let messageId: string;
  try {
    const result = await deps.transport.send({
      from,
      to: row.recipientEmail,
      ...(row.recipientName ? { toName: row.recipientName } : {}),
      ...(row.replyTo ? { replyTo: row.replyTo } : {}),
      ...envelope.threading,
      messageId: stableId,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      headers: { ...envelope.headers, [EMAIL_LOG_HEADER]: row.id },
    });
    messageId = result.messageId;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const code = mailErrorCode(error);
    await markEmailLogFailed(deps.db, row.id, {
      errorMessage: message,
      errorCode: code,
      retryCount: job.retryCount + 1,
    });
    deps.log.warn(
      { emailLogId: row.id, type, attempt: job.retryCount + 1, code, err: message },
      "email send failed",
    );
    throw error;
  }
  await markEmailLogSent(deps.db, row.id, {
    providerMessageId: messageId,
    sentAt: deps.clock.now(),
    subject: rendered.subject,
  });
  // Per mail at debug (the EmailLog row is the record); the worker logs counts per queue.
  deps.log.debug?.({ emailLogId: row.id, type, transport: deps.transport.kind }, "email sent");
  return "SENT";
}
