import MailComposer from "nodemailer/lib/mail-composer/index.js";
import type Mail from "nodemailer/lib/mailer/index.js";

/** Options of a composed message (nodemailer's mail options: from, to, subject, text, html, headers…). */
export type ComposeMimeOptions = Mail.Options;

/**
 * Builds a real RFC 5322 message (multipart, encoded words, quoted-printable) with nodemailer's
 * composer: what a mail client or relay would deliver. Used by tests and the inbound dev script.
 */
export function composeMime(options: ComposeMimeOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    new MailComposer(options).compile().build((error, message) => {
      if (error) reject(error);
      else resolve(message);
    });
  });
}
