import nodemailer from "nodemailer";
import type { MailMessage, MailSendResult, MailTransport } from "./mail-transport.ts";

export interface SmtpOptions {
  host: string;
  port: number;
  /** true = TLS from the first byte (port 465); false = plain, upgraded with STARTTLS when offered. */
  secure: boolean;
  user?: string;
  pass?: string;
  /** Seconds to wait for the connection and greeting before failing (so a job never hangs). */
  timeoutSeconds?: number;
}

/** Sends through an SMTP server (Mailpit in docker, a provider's relay in production). */
export function createSmtpTransport(options: SmtpOptions): MailTransport {
  const timeout = (options.timeoutSeconds ?? 20) * 1000;
  const transporter = nodemailer.createTransport({
    host: options.host,
    port: options.port,
    secure: options.secure,
    pool: true,
    maxConnections: 5,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    // Below email.send's 60 s expiry, so a stuck connection fails the attempt instead of outliving it.
    socketTimeout: timeout * 2,
    ...(options.user ? { auth: { user: options.user, pass: options.pass ?? "" } } : {}),
  });
  let closed = false;
  return {
    kind: "smtp",
    async send(message: MailMessage): Promise<MailSendResult> {
      const info = await transporter.sendMail({
        from: message.from,
        // nodemailer quotes and MIME-encodes the display name itself.
        to: message.toName
          ? { name: message.toName.replace(/[\r\n]+/g, " "), address: message.to }
          : message.to,
        // Cc as a field, not a header: nodemailer adds the addresses to the SMTP envelope too.
        ...(message.cc?.length ? { cc: message.cc } : {}),
        subject: message.subject,
        html: message.html,
        text: message.text,
        headers: message.headers,
        // Threading headers: nodemailer validates and folds them; absent ones are left to its defaults.
        ...(message.replyTo ? { replyTo: message.replyTo } : {}),
        ...(message.messageId ? { messageId: message.messageId } : {}),
        ...(message.inReplyTo ? { inReplyTo: message.inReplyTo } : {}),
        ...(message.references?.length ? { references: message.references } : {}),
      });
      return { messageId: String(info.messageId ?? "") };
    },
    async close() {
      if (closed) return;
      closed = true;
      transporter.close();
    },
  };
}
