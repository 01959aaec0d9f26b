import type { DbOrTx } from "@quartet/db/client";
import type { Prisma } from "@quartet/db/types";

// The only code that reads or writes saved_views. Every query is scoped by organizationId.

export const savedViewSelect = {
  id: true,
  userId: true,
  name: true,
  filters: true,
  sort: true,
  isShared: true,
  position: true,
  createdAt: true,
  updatedAt: true,
} as const;

/** The user's own views and the workspace's shared ones, in display order. */
export function listVisibleViews(db: DbOrTx, orgId: string, userId: string) {
  return db.savedView.findMany({
    where: { organizationId: orgId, OR: [{ userId }, { isShared: true }] },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    select: savedViewSelect,
  });
}

export function findView(db: DbOrTx, orgId: string, viewId: string) {
  return db.savedView.findFirst({ where: { id: viewId, organizationId: orgId }, select: savedViewSelect });
}

export async function nextPosition(db: DbOrTx, orgId: string, userId: string): Promise<number> {
  const last = await db.savedView.aggregate({
    where: { organizationId: orgId, OR: [{ userId }, { isShared: true }] },
    _max: { position: true },
  });
  return (last._max.position ?? -1) + 1;
}

export function insertView(
  db: DbOrTx,
  data: {
    orgId: string;
    userId: string;
    name: string;
    filters: Prisma.InputJsonObject;
    sort: string;
    isShared: boolean;
    position: number;
    now: Date;
  },
) {
  const { orgId, now, ...rest } = data;
  return db.savedView.create({
    data: { ...rest, organizationId: orgId, createdAt: now, updatedAt: now },
    select: savedViewSelect,
  });
}

export function updateView(db: DbOrTx, viewId: string, data: Prisma.SavedViewUncheckedUpdateInput) {
  return db.savedView.update({ where: { id: viewId }, data, select: savedViewSelect });
}

export function deleteView(db: DbOrTx, viewId: string) {
  return db.savedView.delete({ where: { id: viewId }, select: { id: true } });
}
