import type { DbOrTx } from "@quartet/db/client";
import type { Prisma } from "@quartet/db/types";

// The only code that reads or writes desk_macros. Every query is scoped by organizationId.

export const macroSelect = {
  id: true,
  userId: true,
  name: true,
  body: true,
  actions: true,
  isShared: true,
  usageCount: true,
  createdAt: true,
  updatedAt: true,
} as const;

/** The user's own macros and the workspace's shared ones, most used first. */
export function listVisibleMacros(db: DbOrTx, orgId: string, userId: string) {
  return db.macro.findMany({
    where: { organizationId: orgId, OR: [{ userId }, { isShared: true }] },
    orderBy: [{ usageCount: "desc" }, { name: "asc" }, { id: "asc" }],
    select: macroSelect,
  });
}

export function findMacro(db: DbOrTx, orgId: string, macroId: string) {
  return db.macro.findFirst({ where: { id: macroId, organizationId: orgId }, select: macroSelect });
}

export function insertMacro(
  db: DbOrTx,
  data: {
    orgId: string;
    userId: string;
    name: string;
    body: string;
    actions: Prisma.InputJsonObject;
    isShared: boolean;
    now: Date;
  },
) {
  const { orgId, now, ...rest } = data;
  return db.macro.create({
    data: { ...rest, organizationId: orgId, createdAt: now, updatedAt: now },
    select: macroSelect,
  });
}

export function updateMacro(db: DbOrTx, macroId: string, data: Prisma.MacroUncheckedUpdateInput) {
  return db.macro.update({ where: { id: macroId }, data, select: macroSelect });
}

export function deleteMacro(db: DbOrTx, macroId: string) {
  return db.macro.delete({ where: { id: macroId }, select: { id: true } });
}

export function countUse(db: DbOrTx, macroId: string) {
  return db.macro.update({
    where: { id: macroId },
    data: { usageCount: { increment: 1 } },
    select: { id: true },
  });
}

/** What the placeholders read: requester, ticket, workspace (the ticket is already locked). */
export function findRenderContext(db: DbOrTx, orgId: string, ticketId: string) {
  return db.ticket.findFirst({
    where: { id: ticketId, organizationId: orgId, deletedAt: null },
    select: {
      number: true,
      subject: true,
      tags: true,
      contact: { select: { name: true, email: true } },
      organization: { select: { name: true } },
    },
  });
}

export function findAgent(db: DbOrTx, userId: string) {
  return db.user.findUniqueOrThrow({ where: { id: userId }, select: { name: true, email: true } });
}
