import type { DbOrTx } from "@quartet/db/client";
import type { UserStatus } from "@quartet/db/enums";
import type { Prisma } from "@quartet/db/types";
import { keysetArgs } from "./pagination.schema.ts";

export const adminUserRowSelect = {
  id: true,
  email: true,
  name: true,
  status: true,
  platformRole: true,
  emailVerifiedAt: true,
  twoFactorEnabled: true,
  lastLoginAt: true,
  createdAt: true,
  deletedAt: true,
} as const;

export const adminUserDetailSelect = {
  ...adminUserRowSelect,
  lastName: true,
  avatarUrl: true,
  providerName: true,
  locale: true,
  timezone: true,
  dayPassExpiresAt: true,
  lastOnlineAt: true,
  lastIp: true,
  lastUserAgent: true,
  updatedAt: true,
} as const;

export function findUsers(
  db: DbOrTx,
  filter: { q?: string; status?: UserStatus },
  cursor: string | undefined,
  limit: number,
) {
  const where: Prisma.UserWhereInput = {};
  if (filter.status) where.status = filter.status;
  if (filter.q) {
    where.OR = [
      { email: { contains: filter.q, mode: "insensitive" } },
      { name: { contains: filter.q, mode: "insensitive" } },
      { lastName: { contains: filter.q, mode: "insensitive" } },
    ];
  }
  return db.user.findMany({ where, select: adminUserRowSelect, ...keysetArgs(cursor, limit) });
}

export function findUserDetail(db: DbOrTx, userId: string) {
  return db.user.findUnique({ where: { id: userId }, select: adminUserDetailSelect });
}

export function findUserMemberships(db: DbOrTx, userId: string) {
  return db.membership.findMany({
    where: { userId },
    orderBy: { joinedAt: "asc" },
    select: {
      id: true,
      role: true,
      disabled: true,
      joinedAt: true,
      organization: { select: { id: true, name: true, slug: true, isPersonal: true, deletedAt: true } },
    },
  });
}

export function findActiveSessions(db: DbOrTx, userId: string, now: Date) {
  return db.session.findMany({
    where: { userId, expiresAt: { gt: now }, absoluteExpiresAt: { gt: now } },
    orderBy: { lastActivityAt: "desc" },
    select: {
      id: true,
      kind: true,
      deviceInfo: true,
      ipAddress: true,
      userAgent: true,
      twoFactorPending: true,
      createdAt: true,
      lastActivityAt: true,
      expiresAt: true,
    },
  });
}

export function findRecentAuthEvents(db: DbOrTx, userId: string, take = 50) {
  return db.authEvent.findMany({
    where: { userId },
    orderBy: [{ timestamp: "desc" }, { id: "desc" }],
    take,
    select: {
      id: true,
      eventType: true,
      outcome: true,
      ipAddress: true,
      userAgent: true,
      deviceInfo: true,
      failureReason: true,
      metadata: true,
      timestamp: true,
    },
  });
}

export async function findNotesWithAuthors(db: DbOrTx, userId: string) {
  const notes = await db.userAdminNote.findMany({
    where: { userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true, note: true, adminId: true, createdAt: true },
  });
  // UserAdminNote keeps the author's id only; resolve emails in one query.
  const authorIds = [...new Set(notes.map((n) => n.adminId))];
  const authors = authorIds.length
    ? await db.user.findMany({ where: { id: { in: authorIds } }, select: { id: true, email: true } })
    : [];
  const emailOf = new Map(authors.map((a) => [a.id, a.email]));
  return notes.map((n) => ({ ...n, adminEmail: emailOf.get(n.adminId) ?? null }));
}

export function countActiveSessions(db: DbOrTx, userId: string, now: Date) {
  return db.session.count({ where: { userId, expiresAt: { gt: now } } });
}

/** Compare-and-set status change: returns false when the status moved under us. */
export async function setUserStatus(
  tx: DbOrTx,
  userId: string,
  from: UserStatus,
  data: { status: UserStatus },
): Promise<boolean> {
  const { count } = await tx.user.updateMany({ where: { id: userId, status: from }, data });
  return count === 1;
}

export function insertAuthEvent(tx: DbOrTx, data: Prisma.AuthEventUncheckedCreateInput) {
  return tx.authEvent.create({ data, select: { id: true } });
}

export function insertNote(tx: DbOrTx, userId: string, adminId: string, note: string) {
  return tx.userAdminNote.create({
    data: { userId, adminId, note },
    select: { id: true, note: true, adminId: true, createdAt: true },
  });
}
