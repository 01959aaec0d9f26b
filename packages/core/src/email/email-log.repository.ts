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
  return db.emailLog.create({
    data: {
      ...rest,
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
