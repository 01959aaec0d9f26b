import type { Tx } from "@quartet/db/client";
import { emailSendJob } from "@quartet/jobs/definitions";
import { enqueue, type JobSender } from "@quartet/jobs/queue";
import { z } from "zod";
import {
  type EmailTemplateData,
  type EmailTemplateType,
  emailTemplateDataSchemas,
  renderEmail,
} from "./email.templates.ts";
import { insertEmailLog } from "./email-log.repository.ts";

/** One mail to send; `data` is the template's variables (see email.templates.ts). */
export type QueueEmailInput = {
  [K in EmailTemplateType]: {
    type: K;
    to: string;
    toName?: string | null;
    userId?: string | null;
    /** The recipient's locale (`en`, `fr`, `ar`, or a regional variant); anything else sends English. */
    locale: string;
    data: EmailTemplateData[K];
  };
}[EmailTemplateType];

/**
 * Who the mail is from and how replies thread, when not the defaults: a help desk mail goes out
 * under the workspace's name with its inbound address as Reply-To and its own Message-ID.
 */
export interface EmailEnvelope {
  /** Full From header, e.g. `"Acme Support" <no-reply@quartet.local>`; default `config.mailFrom`. */
  fromAddress?: string | null;
  replyTo?: string | null;
  /** Message-ID, In-Reply-To, References (and any other header) sent as-is. */
  headers?: Record<string, string> | null;
  /** Plain addresses copied on the mail (a ticket's customer CCs); kept as the stored `Cc` header. */
  cc?: readonly string[] | null;
}

/** Copied addresses: valid, at most 50 (the desk caps a ticket's CCs lower). */
const ccSchema = z.array(z.email().max(255)).max(50);

const HEADER_NAME = /^[A-Za-z][A-Za-z0-9-]{0,75}$/;

/** Refuses header injection: names are tokens, values single lines. */
function checkEnvelope(envelope: EmailEnvelope): void {
  const values = [envelope.fromAddress, envelope.replyTo, ...Object.values(envelope.headers ?? {})];
  if (values.some((v) => v != null && /[\r\n]/.test(v)))
    throw new Error("Mail envelope values must be single lines.");
  if (Object.keys(envelope.headers ?? {}).some((k) => !HEADER_NAME.test(k)))
    throw new Error("Mail header names must be tokens.");
}

/**
 * Records the mail as a PENDING EmailLog and enqueues `email.send` on the same transaction: if the
 * caller's write rolls back, neither the log row nor the job exists. Returns the EmailLog id.
 */
export async function queueEmail(
  tx: Tx,
  boss: JobSender,
  input: QueueEmailInput,
  envelope: EmailEnvelope = {},
): Promise<string> {
  checkEnvelope(envelope);
  const cc = envelope.cc?.length ? ccSchema.parse(envelope.cc) : [];
  const data = emailTemplateDataSchemas[input.type].parse(input.data) as Record<string, unknown>;
  // The subject is rendered now so the outbox shows it before the worker picks the job up.
  const rendered = renderEmail(input.type, input.locale, input.data as never);
  const log = await insertEmailLog(tx, {
    userId: input.userId ?? null,
    recipientEmail: input.to.trim().toLowerCase(),
    recipientName: input.toName?.trim().slice(0, 200) || null,
    emailType: input.type,
    subject: rendered.subject,
    locale: rendered.locale,
    metadata: data,
    fromAddress: envelope.fromAddress?.slice(0, 320) ?? null,
    replyTo: envelope.replyTo?.slice(0, 320) ?? null,
    headers: cc.length ? { ...envelope.headers, Cc: cc.join(", ") } : (envelope.headers ?? null),
  });
  await enqueue(boss, tx, emailSendJob, { emailLogId: log.id });
  return log.id;
}

/** An account holder as the recipient of a mail. */
export interface MailRecipient {
  id: string;
  email: string;
  name: string | null;
  locale: string;
}

/** Queues a mail to an account holder: to their address and name, linked to them, in their locale. */
export function mailUser<K extends EmailTemplateType>(
  tx: Tx,
  boss: JobSender,
  user: MailRecipient,
  type: K,
  data: EmailTemplateData[K],
): Promise<string> {
  // The signature ties `data` to `type`; TypeScript just can't narrow the generic pair to one union member.
  const input = { type, to: user.email, toName: user.name, userId: user.id, locale: user.locale, data };
  return queueEmail(tx, boss, input as QueueEmailInput);
}
