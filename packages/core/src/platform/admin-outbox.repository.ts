import type { DbOrTx } from "@quartet/db/client";
import type { Prisma } from "@quartet/db/types";
import { keysetArgs } from "./pagination.schema.ts";

const mailRowSelect = {
  id: true,
  messageId: true,
  fromAddress: true,
  toAddress: true,
  subject: true,
  createdAt: true,
  emailLog: { select: { id: true, emailType: true, status: true, locale: true, userId: true } },
} as const;

export function findCapturedMails(
  db: DbOrTx,
  filter: { q?: string },
  cursor: string | undefined,
  limit: number,
) {
  const where: Prisma.CapturedMailWhereInput = {};
  if (filter.q) {
    where.OR = [
      { toAddress: { contains: filter.q, mode: "insensitive" } },
      { subject: { contains: filter.q, mode: "insensitive" } },
    ];
  }
  return db.capturedMail.findMany({ where, select: mailRowSelect, ...keysetArgs(cursor, limit) });
}

export function findCapturedMail(db: DbOrTx, id: string) {
  return db.capturedMail.findUnique({
    where: { id },
    select: { ...mailRowSelect, html: true, text: true, headers: true },
  });
}
