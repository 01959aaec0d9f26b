import type { DbOrTx } from "@quartet/db/client";

const channelsSelect = { type: true, inApp: true, email: true, scope: true } as const;

export function findPreferences(db: DbOrTx, userId: string) {
  return db.notificationPreference.findMany({ where: { userId }, select: channelsSelect });
}

export function findPreference(db: DbOrTx, userId: string, type: string) {
  return db.notificationPreference.findUnique({
    where: { userId_type: { userId, type } },
    select: channelsSelect,
  });
}

export function upsertPreference(
  db: DbOrTx,
  userId: string,
  type: string,
  create: { inApp: boolean; email: boolean; scope?: string | null },
  update: { inApp?: boolean; email?: boolean; scope?: string },
) {
  return db.notificationPreference.upsert({
    where: { userId_type: { userId, type } },
    create: { userId, type, ...create },
    update,
    select: channelsSelect,
  });
}
