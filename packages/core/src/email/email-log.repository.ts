import type { DbOrTx } from "@quartet/db/client";
import type { EmailType } from "@quartet/db/enums";
import type { Prisma } from "@quartet/db/types";

export const emailLogSendSelect = {
  id: true,
  userId: true,
  recipientEmail: true,
  recipientName: true,
  emailType: true,
  subject: true,
  locale: true,
  status: true,
  retryCount: true,
  metadata: true,
  fromAddress: true,
  replyTo: true,
  headers: true,
  messageId: true,
} as const;

export function insertEmailLog(
  db: DbOrTx,
  data: {
    userId: string | null;
    recipientEmail: string;
    recipientName: string | null;
    emailType: EmailType;
    subject: string;
    locale: string;
    metadata: Record<string, unknown>;
    fromAddress?: string | null;
    replyTo?: string | null;
    headers?: Record<string, string> | null;
  },
) {
  const { headers, ...rest } = data;
  // A sender-chosen Message-ID (help desk threads) is the mail's for good; otherwise the first
  // attempt fixes one derived from the row's id (see email-send.handler.ts).
  const explicit = Object.entries(headers ?? {}).find(([k]) => k.toLowerCase() === "message-id")?.[1];
  return db.emailLog.create({
    data: {
      ...rest,
      ...(explicit ? { messageId: explicit.slice(0, 255) } : {}),
      status: "PENDING",
      metadata: data.metadata as Prisma.InputJsonObject,
      ...(headers ? { headers: headers as Prisma.InputJsonObject } : {}),
    },
    select: { id: true },
  });
}

export function findEmailLogForSend(db: DbOrTx, id: string) {
  return db.emailLog.findUnique({ where: { id }, select: emailLogSendSelect });
}

/**
 * The idempotency record of one attempt, committed BEFORE the transport is called: the row becomes
 * SENDING with its (stable) Message-ID. A later attempt that finds SENDING knows the outcome of an
 * earlier one is unknown. False when the mail is already SENT (nothing to do).
 */
export async function claimEmailLogForSend(
  db: DbOrTx,
  id: string,
  input: { messageId: string; at: Date },
): Promise<boolean> {
  const { count } = await db.emailLog.updateMany({
    where: { id, status: { notIn: ["SENT", "DELIVERED"] } },
    data: { status: "SENDING", messageId: input.messageId.slice(0, 255), lastAttemptAt: input.at },
  });
  return count === 1;
}

/** Compare-and-set: only a row that is not already SENT moves to SENT (a duplicate run is a no-op). */
export async function markEmailLogSent(
  db: DbOrTx,
  id: string,
  input: { providerMessageId: string; sentAt: Date; subject: string },
): Promise<boolean> {
  const { count } = await db.emailLog.updateMany({
    where: { id, status: { notIn: ["SENT", "DELIVERED"] } },
    data: {
      status: "SENT",
      sentAt: input.sentAt,
      providerMessageId: input.providerMessageId.slice(0, 255),
      subject: input.subject.slice(0, 300),
      errorMessage: null,
      errorCode: null,
    },
  });
  return count === 1;
}

export async function markEmailLogFailed(
  db: DbOrTx,
  id: string,
  input: { errorMessage: string; errorCode: string; retryCount: number },
): Promise<void> {
  await db.emailLog.updateMany({
    where: { id, status: { notIn: ["SENT", "DELIVERED"] } },
    data: {
      status: "FAILED",
      errorMessage: input.errorMessage.slice(0, 2000),
      errorCode: input.errorCode.slice(0, 100),
      retryCount: input.retryCount,
    },
  });
}
