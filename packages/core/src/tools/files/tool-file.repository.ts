import type { DbOrTx } from "@quartet/db/client";
import type { Prisma } from "@quartet/db/types";

export const toolFileSelect = {
  id: true,
  kind: true,
  ownerUserId: true,
  guestKey: true,
  jobId: true,
  name: true,
  mime: true,
  size: true,
  sha256: true,
  storageKey: true,
  pages: true,
  width: true,
  height: true,
  expiresAt: true,
  createdAt: true,
} as const;

export type ToolFileRow = Prisma.ToolFileGetPayload<{ select: typeof toolFileSelect }>;

export function insertToolFile(db: DbOrTx, data: Prisma.ToolFileUncheckedCreateInput): Promise<ToolFileRow> {
  return db.toolFile.create({ data, select: toolFileSelect });
}

export function findToolFile(db: DbOrTx, id: string): Promise<ToolFileRow | null> {
  return db.toolFile.findUnique({ where: { id }, select: toolFileSelect });
}

export function findToolFiles(db: DbOrTx, ids: readonly string[]): Promise<ToolFileRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.toolFile.findMany({ where: { id: { in: [...ids] } }, select: toolFileSelect });
}

/** Keeps inputs at least as long as the job that uses them. */
export function extendExpiry(db: DbOrTx, ids: readonly string[], until: Date) {
  return db.toolFile.updateMany({
    where: { id: { in: [...ids] }, expiresAt: { lt: until } },
    data: { expiresAt: until },
  });
}

/** Files past their expiry, oldest first (the expiry job deletes them in batches). */
export function findExpiredFiles(db: DbOrTx, now: Date, take: number) {
  return db.toolFile.findMany({
    where: { expiresAt: { lte: now } },
    select: { id: true, storageKey: true },
    orderBy: { expiresAt: "asc" },
    take,
  });
}

export function deleteToolFiles(db: DbOrTx, ids: readonly string[]) {
  return db.toolFile.deleteMany({ where: { id: { in: [...ids] } } });
}
