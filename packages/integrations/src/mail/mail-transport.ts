/** One outgoing message, already rendered. */
export interface MailMessage {
  /** Sender, e.g. `Quartet <no-reply@quartet.local>`. */
  from: string;
  to: string;
  toName?: string;
  /** Plain addresses copied on the mail (a help desk ticket's customer CCs). */
  cc?: string[];
  subject: string;
  html: string;
  text: string;
  /** Extra headers, e.g. `X-Quartet-Email-Log` to correlate the message with its EmailLog row. */
  headers?: Record<string, string>;
  /** Where the recipient's reply goes (a help desk's inbound address). */
  replyTo?: string;
  /** Our own RFC 5322 Message-ID (`<id@domain>`), so replies can be threaded back to what we sent. */
  messageId?: string;
  /** Message-ID this mail answers (threading in the recipient's client). */
  inReplyTo?: string;
  /** The thread's Message-IDs, oldest first. */
  references?: string[];
}

export interface MailSendResult {
  /** The provider's id for the message (SMTP Message-ID, or the capture id offline). */
  messageId: string;
}

/** Where mail goes: SMTP in production, the database when offline. */
export interface MailTransport {
  /** `smtp` or `capture`: shown in logs so an operator knows where mail ends up. */
  readonly kind: string;
  send(message: MailMessage): Promise<MailSendResult>;
  /**
   * Whether this transport already accepted a message with this Message-ID, for transports that can
   * know (the capture store can look it up). Absent when the transport cannot tell: SMTP gives no way
   * to ask a relay whether it accepted a message, so a retry after an unknown outcome sends again.
   */
  findSent?(messageId: string): Promise<MailSendResult | null>;
  /** Releases pooled connections; safe to call twice. */
  close?(): Promise<void>;
}

/** Header that carries the EmailLog id through the transport (the capture store links on it). */
export const EMAIL_LOG_HEADER = "X-Quartet-Email-Log";

/** A short machine-readable code for a send error (nodemailer sets `code`, e.g. ECONNECTION, EAUTH). */
export function mailErrorCode(error: unknown): string {
  if (error && typeof error === "object") {
    const e = error as { code?: unknown; responseCode?: unknown; name?: unknown };
    if (typeof e.code === "string" && e.code) return e.code.slice(0, 100);
    if (typeof e.responseCode === "number") return `SMTP_${e.responseCode}`;
    if (typeof e.name === "string" && e.name !== "Error") return e.name.slice(0, 100);
  }
  return "SEND_FAILED";
}
