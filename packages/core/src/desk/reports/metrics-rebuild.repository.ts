import type { DbOrTx } from "@quartet/db/client";

// DeskMetricsRebuild rows: an owner's rebuild of the report rollups and its progress.

export const rebuildSelect = {
  id: true,
  organizationId: true,
  fromDate: true,
  toDate: true,
  status: true,
  daysTotal: true,
  daysDone: true,
  error: true,
  createdAt: true,
  updatedAt: true,
  finishedAt: true,
  requestedBy: { select: { name: true, email: true } },
} as const;

/** A QUEUED or RUNNING rebuild of the workspace touched since `freshSince` (older ones are stale). */
export function findActiveRebuild(db: DbOrTx, orgId: string, freshSince: Date) {
  return db.deskMetricsRebuild.findFirst({
    where: { organizationId: orgId, status: { in: ["QUEUED", "RUNNING"] }, updatedAt: { gte: freshSince } },
    select: rebuildSelect,
  });
}

export function findLatestRebuild(db: DbOrTx, orgId: string) {
  return db.deskMetricsRebuild.findFirst({
    where: { organizationId: orgId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: rebuildSelect,
  });
}

export function findRebuild(db: DbOrTx, id: string) {
  return db.deskMetricsRebuild.findUnique({ where: { id }, select: rebuildSelect });
}

export function createRebuild(
  db: DbOrTx,
  data: { orgId: string; userId: string; from: Date; to: Date; days: number; now: Date },
) {
  return db.deskMetricsRebuild.create({
    data: {
      organizationId: data.orgId,
      requestedById: data.userId,
      fromDate: data.from,
      toDate: data.to,
      daysTotal: data.days,
      createdAt: data.now,
      updatedAt: data.now,
    },
    select: rebuildSelect,
  });
}

/** Takes the workspace's rebuild lock for the transaction (one request at a time). */
export async function lockRebuilds(db: DbOrTx, orgId: string): Promise<void> {
  await db.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtextextended(${`desk.metrics-rebuild:${orgId}`}, 0))) AS l`;
}

export function markRunning(db: DbOrTx, id: string, now: Date) {
  return db.deskMetricsRebuild.update({
    where: { id },
    data: { status: "RUNNING", startedAt: now, updatedAt: now, error: null },
  });
}

export function markProgress(db: DbOrTx, id: string, daysDone: number, now: Date) {
  return db.deskMetricsRebuild.update({ where: { id }, data: { daysDone, updatedAt: now } });
}

export function markFinished(
  db: DbOrTx,
  id: string,
  outcome: { status: "DONE" | "FAILED"; error?: string; now: Date },
) {
  return db.deskMetricsRebuild.update({
    where: { id },
    data: {
      status: outcome.status,
      error: outcome.error ?? null,
      finishedAt: outcome.now,
      updatedAt: outcome.now,
    },
  });
}
