import type { DbOrTx, PgTx } from "@quartet/db/client";
import type { InboxWebhookStatus, Platform } from "@quartet/db/enums";
import { Prisma } from "@quartet/db/types";

// The raw inbound webhook log (inbox_webhook_events) and the connections a delivery is routed to.

/** Stores a delivery once per body hash: `fresh` false for a redelivery of the same bytes. */
/**
 * Stores a delivery once (keyed by the SHA-256 of its bytes): fresh, or the row stored before. On
 * the ingest's pg transaction (see pgTransaction), one statement in the common cases.
 */
export async function insertWebhookEventOnce(
  tx: PgTx,
  e: { platform: Platform; body: string; bodyHash: string; now: Date },
): Promise<{ id: string; fresh: boolean }> {
  const rows = await tx.query<{ id: string; fresh: boolean }>(
    `WITH stored AS (
       INSERT INTO inbox_webhook_events (id, platform, body, body_hash, status, received_at)
       VALUES (gen_random_uuid(), $1::platform, $2, $3, 'RECEIVED', $4)
       ON CONFLICT (body_hash) DO NOTHING
       RETURNING id)
     SELECT id, true AS fresh FROM stored
     UNION ALL
     SELECT id, false FROM inbox_webhook_events WHERE body_hash = $3 AND NOT EXISTS (SELECT 1 FROM stored)`,
    [e.platform, e.body, e.bodyHash, e.now],
  );
  if (rows[0]) return rows[0];
  // The same bytes arrived at the same moment on another connection, committed after this
  // statement's snapshot: the row is there now.
  const [again] = await tx.query<{ id: string }>("SELECT id FROM inbox_webhook_events WHERE body_hash = $1", [
    e.bodyHash,
  ]);
  if (!again) throw new Error("webhook event vanished while being stored");
  return { id: again.id, fresh: false };
}

export function findWebhookEvent(db: DbOrTx, id: string) {
  return db.inboxWebhookEvent.findUnique({
    where: { id },
    select: { id: true, platform: true, body: true, status: true, attempts: true },
  });
}

/** Records an attempt's outcome (attempts counts every normalisation run). */
export async function markWebhookEvent(
  db: DbOrTx,
  id: string,
  status: InboxWebhookStatus,
  error: string | null,
  now: Date,
): Promise<void> {
  await db.inboxWebhookEvent.update({
    where: { id },
    data: {
      status,
      error: error ? error.slice(0, 2000) : null,
      attempts: { increment: 1 },
      processedAt: status === "FAILED" ? null : now,
    },
  });
}

/** Puts a FAILED delivery back in line (an operator's retry after a fix). */
export async function resetFailedWebhookEvent(db: DbOrTx, id: string): Promise<boolean> {
  const n = await db.$executeRaw`
    UPDATE inbox_webhook_events SET status = 'RECEIVED', error = NULL
    WHERE id = ${id}::uuid AND status = 'FAILED'`;
  return n > 0;
}

/** The workspaces' live connections to the business account a delivery names. */
export function findActiveConnections(db: DbOrTx, platform: Platform, accountId: string) {
  return db.platformConnection.findMany({
    where: { platform, platformUserId: accountId, status: "ACTIVE" },
    select: { id: true, organizationId: true, platform: true, platformUserId: true },
    orderBy: { createdAt: "asc" },
  });
}

// ---- The admin console's view of failed deliveries (never the body: it can hold personal data).

export interface FailedWebhookEventRow {
  id: string;
  platform: Platform;
  error: string | null;
  attempts: number;
  receivedAt: Date;
  /** Size of the stored body in bytes (the body itself is not read). */
  bodyBytes: number;
}

/**
 * FAILED deliveries, newest first (received_at desc, id desc), keyset-paged on the id of the last
 * row seen; one extra row tells whether more exist.
 */
export function findFailedWebhookEvents(
  db: DbOrTx,
  filter: { platform?: Platform },
  cursor: string | undefined,
  take: number,
): Promise<FailedWebhookEventRow[]> {
  const platform = filter.platform ? Prisma.sql`AND e.platform = ${filter.platform}::platform` : Prisma.empty;
  const after = cursor
    ? Prisma.sql`AND (e.received_at, e.id) < (SELECT c.received_at, c.id FROM inbox_webhook_events c WHERE c.id = ${cursor}::uuid)`
    : Prisma.empty;
  return db.$queryRaw<FailedWebhookEventRow[]>`
    SELECT e.id, e.platform, e.error, e.attempts, e.received_at AS "receivedAt",
           octet_length(e.body)::int AS "bodyBytes"
      FROM inbox_webhook_events e
     WHERE e.status = 'FAILED' ${platform} ${after}
     ORDER BY e.received_at DESC, e.id DESC
     LIMIT ${take}`;
}

/** How many deliveries are FAILED, optionally on one platform. */
export function countFailedWebhookEvents(db: DbOrTx, filter: { platform?: Platform }): Promise<number> {
  return db.inboxWebhookEvent.count({
    where: { status: "FAILED", ...(filter.platform ? { platform: filter.platform } : {}) },
  });
}

/**
 * Puts up to `limit` FAILED deliveries (oldest first) back in line; returns their ids. Rows another
 * transaction holds are skipped, so two operators pressing at once don't retry a row twice.
 */
export function resetFailedWebhookEvents(
  db: DbOrTx,
  filter: { platform?: Platform },
  limit: number,
): Promise<{ id: string }[]> {
  const platform = filter.platform ? Prisma.sql`AND platform = ${filter.platform}::platform` : Prisma.empty;
  return db.$queryRaw<{ id: string }[]>`
    UPDATE inbox_webhook_events SET status = 'RECEIVED', error = NULL
     WHERE id IN (
       SELECT id FROM inbox_webhook_events
        WHERE status = 'FAILED' ${platform}
        ORDER BY received_at, id
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
       AND status = 'FAILED'
    RETURNING id`;
}

/** A delivery's status alone (no body), or null when there is no such delivery. */
export function findWebhookEventStatus(db: DbOrTx, id: string) {
  return db.inboxWebhookEvent.findUnique({
    where: { id },
    select: { id: true, status: true, platform: true },
  });
}
