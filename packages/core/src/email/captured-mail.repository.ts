import type { DbOrTx } from "@quartet/db/client";
import type { CapturedMessage, CaptureStore } from "@quartet/integrations/mail/capture-transport";

/**
 * The capture transport's store: one CapturedMail row per EmailLog. A retry of a mail that was
 * captured but not yet marked SENT (worker crashed in between) returns the first capture.
 */
export function capturedMailStore(db: DbOrTx): CaptureStore {
  return async (m: CapturedMessage) => {
    const data = {
      messageId: m.messageId,
      fromAddress: m.from.slice(0, 255),
      toAddress: m.to.slice(0, 255),
      subject: m.subject.slice(0, 300),
      html: m.html,
      text: m.text,
      headers: m.headers,
    };
    if (!m.emailLogId) {
      const row = await db.capturedMail.create({ data, select: { messageId: true } });
      return { messageId: row.messageId };
    }
    const row = await db.capturedMail.upsert({
      where: { emailLogId: m.emailLogId },
      create: { ...data, emailLogId: m.emailLogId },
      update: {},
      select: { messageId: true },
    });
    return { messageId: row.messageId };
  };
}

/** The capture transport's look-up: the message captured earlier under this Message-ID, if any. */
export function capturedMailFinder(db: DbOrTx) {
  return async (messageId: string): Promise<{ messageId: string } | null> =>
    db.capturedMail.findFirst({ where: { messageId }, select: { messageId: true } });
}
