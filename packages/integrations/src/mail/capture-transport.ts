import { randomUUID } from "node:crypto";
import type { MailMessage, MailSendResult, MailTransport } from "./mail-transport.ts";
import { EMAIL_LOG_HEADER } from "./mail-transport.ts";

/** What the capture transport hands its store: the message plus the id it was given. */
export interface CapturedMessage {
  messageId: string;
  /** EmailLog id taken from the `X-Quartet-Email-Log` header, when the sender set one. */
  emailLogId: string | null;
  from: string;
  /** Plain address (the outbox searches by it). */
  to: string;
  toName: string | null;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
}

/**
 * Persists a captured message and returns the message id that is stored (an earlier capture of the
 * same EmailLog may already exist: a retry after a crash must not store the mail twice).
 */
export type CaptureStore = (message: CapturedMessage) => Promise<{ messageId: string }>;

/**
 * The offline default: nothing leaves the machine; each message is stored (in the CapturedMail table
 * via the store the app passes in) so the admin outbox and tests can read it.
 */
export function createCaptureTransport(options: {
  store: CaptureStore;
  /** Looks a captured message up by Message-ID: lets a retry after a crash see the mail went out. */
  find?: (messageId: string) => Promise<{ messageId: string } | null>;
  domain?: string;
}): MailTransport {
  const domain = options.domain ?? "quartet.local";
  const find = options.find;
  return {
    kind: "capture",
    ...(find ? { findSent: (messageId: string) => find(messageId) } : {}),
    async send(message: MailMessage): Promise<MailSendResult> {
      const headers = { ...(message.headers ?? {}) };
      const logHeader = Object.keys(headers).find((k) => k.toLowerCase() === EMAIL_LOG_HEADER.toLowerCase());
      // Kept with the other headers so the outbox (and tests) see exactly what SMTP would have sent.
      if (message.cc?.length) headers.Cc = message.cc.join(", ");
      if (message.replyTo) headers["Reply-To"] = message.replyTo;
      if (message.inReplyTo) headers["In-Reply-To"] = message.inReplyTo;
      if (message.references?.length) headers.References = message.references.join(" ");
      if (message.messageId) headers["Message-ID"] = message.messageId;
      const stored = await options.store({
        messageId: message.messageId ?? `<${randomUUID()}@${domain}>`,
        emailLogId: logHeader ? (headers[logHeader] ?? null) : null,
        from: message.from,
        to: message.to,
        toName: message.toName ?? null,
        subject: message.subject,
        html: message.html,
        text: message.text,
        headers,
      });
      return { messageId: stored.messageId };
    },
  };
}
