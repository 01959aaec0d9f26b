import type { DbOrTx } from "@quartet/db/client";
import { Prisma } from "@quartet/db/types";

export const notificationItemSelect = {
  id: true,
  type: true,
  title: true,
  message: true,
  link: true,
  read: true,
  createdAt: true,
  organizationId: true,
} as const;

export function insertNotification(
  db: DbOrTx,
  data: {
    userId: string;
    organizationId: string | null;
    type: string;
    title: string;
    message: string;
    link: string | null;
  },
) {
  return db.notification.create({ data, select: notificationItemSelect });
}

/**
 * One page of ids in (createdAt desc, id desc) order, strictly after the cursor row. The
 * comparison happens in SQL against the cursor row itself, so microsecond timestamps and ties
 * page correctly, and a cursor row that no longer matches the filter (read meanwhile) still works.
 */
export async function findPageIds(
  db: DbOrTx,
  userId: string,
  opts: { cursor?: string; unreadOnly: boolean; take: number },
): Promise<string[]> {
  const unread = opts.unreadOnly ? Prisma.sql`AND n.read = false` : Prisma.empty;
  const after = opts.cursor
    ? Prisma.sql`AND (n.created_at, n.id) < (SELECT c.created_at, c.id FROM notifications c WHERE c.id = ${opts.cursor}::uuid AND c.user_id = ${userId}::uuid)`
    : Prisma.empty;
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT n.id::text AS id FROM notifications n
    WHERE n.user_id = ${userId}::uuid AND n.deleted_at IS NULL ${unread} ${after}
    ORDER BY n.created_at DESC, n.id DESC
    LIMIT ${opts.take}`;
  return rows.map((r) => r.id);
}

export function findByIds(db: DbOrTx, ids: string[]) {
  return db.notification.findMany({ where: { id: { in: ids } }, select: notificationItemSelect });
}

export function countUnread(db: DbOrTx, userId: string) {
  return db.notification.count({ where: { userId, read: false, deletedAt: null } });
}

export function markRead(db: DbOrTx, userId: string, ids: string[], now: Date) {
  return db.notification.updateMany({
    where: { id: { in: ids }, userId, read: false },
    data: { read: true, readAt: now },
  });
}

export async function markAllRead(db: DbOrTx, userId: string, now: Date) {
  const result = await db.notification.updateMany({
    where: { userId, read: false },
    data: { read: true, readAt: now },
  });
  await db.user.update({
    where: { id: userId },
    data: { lastReadNotificationsAt: now },
    select: { id: true },
  });
  return result;
}
