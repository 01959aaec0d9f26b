import type { DbOrTx } from "@quartet/db/client";
import type { Prisma } from "@quartet/db/types";

export const configRowSelect = {
  key: true,
  value: true,
  valueType: true,
  category: true,
  isSensitive: true,
  isPublic: true,
  updatedBy: true,
  updatedAt: true,
} as const;

export function findConfigRows(db: DbOrTx) {
  return db.appConfig.findMany({ select: configRowSelect, orderBy: { key: "asc" } });
}

/** The row locked for the change, so two admins' edits write their audits in order. */
export async function lockConfigRow(tx: DbOrTx, key: string) {
  const rows = await tx.$queryRaw<{ value: unknown }[]>`
    SELECT value FROM app_configs WHERE key = ${key} FOR UPDATE`;
  return rows[0] ?? null;
}

export function upsertConfigRow(
  tx: DbOrTx,
  row: {
    key: string;
    value: Prisma.InputJsonValue;
    valueType: string;
    category: string;
    description: string;
    isSensitive: boolean;
    isPublic: boolean;
    updatedBy: string;
  },
) {
  const { key, ...rest } = row;
  return tx.appConfig.upsert({
    where: { key },
    create: row,
    update: rest,
    select: configRowSelect,
  });
}

export function insertConfigAudit(
  tx: DbOrTx,
  audit: {
    configKey: string;
    oldValue: Prisma.InputJsonValue | null;
    newValue: Prisma.InputJsonValue;
    changedBy: string;
    changeReason: string;
    ipAddress: string;
  },
) {
  return tx.appConfigAudit.create({
    data: {
      ...audit,
      oldValue: audit.oldValue ?? undefined,
    },
    select: { id: true },
  });
}

export function findConfigAudits(db: DbOrTx, key: string | undefined, limit: number) {
  return db.appConfigAudit.findMany({
    where: key ? { configKey: key } : {},
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: {
      id: true,
      configKey: true,
      oldValue: true,
      newValue: true,
      changedBy: true,
      changeReason: true,
      ipAddress: true,
      createdAt: true,
    },
  });
}

export function findEmails(db: DbOrTx, ids: string[]) {
  return ids.length
    ? db.user.findMany({ where: { id: { in: ids } }, select: { id: true, email: true } })
    : Promise.resolve([]);
}
