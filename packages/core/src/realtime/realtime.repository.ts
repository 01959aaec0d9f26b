import type { DbOrTx } from "@quartet/db/client";
import type { MemberRole } from "@quartet/db/enums";

// The only code that reads or writes realtime_events / realtime_streams (see their migration: the
// per-workspace `seq` is given at commit by a trigger, which also NOTIFYs).

/** The Postgres channel; the payload of each notification is a workspace id. */
export const REALTIME_CHANNEL = "quartet_realtime";

export interface RealtimeRow {
  orgId: string;
  seq: number;
  topic: string;
  payload: unknown;
  at: Date;
}

interface RawRow {
  orgId: string;
  seq: bigint;
  topic: string;
  payload: unknown;
  at: Date;
}

const toRow = (r: RawRow): RealtimeRow => ({ ...r, seq: Number(r.seq) });

/** Appends an event in the caller's transaction (seq and NOTIFY come at its commit). */
export async function insertRealtimeEvent(
  db: DbOrTx,
  row: { orgId: string; topic: string; payload: unknown },
): Promise<void> {
  await db.$executeRaw`
    INSERT INTO realtime_events (organization_id, topic, payload)
    VALUES (${row.orgId}::uuid, ${row.topic}, ${JSON.stringify(row.payload)}::jsonb)`;
}

/** The workspace's last committed seq (0 before its first event). */
export async function readHead(db: DbOrTx, orgId: string): Promise<number> {
  const rows = await db.$queryRaw<{ lastSeq: bigint }[]>`
    SELECT last_seq AS "lastSeq" FROM realtime_streams WHERE organization_id = ${orgId}::uuid`;
  return Number(rows[0]?.lastSeq ?? 0n);
}

/** Events with after < seq <= upTo, in order, at most `limit`. */
export async function readRange(
  db: DbOrTx,
  orgId: string,
  after: number,
  upTo: number,
  limit: number,
): Promise<RealtimeRow[]> {
  const rows = await db.$queryRaw<RawRow[]>`
    SELECT organization_id::text AS "orgId", seq, topic, payload, created_at AS at
    FROM realtime_events
    WHERE organization_id = ${orgId}::uuid AND seq > ${after} AND seq <= ${upTo}
    ORDER BY seq
    LIMIT ${limit}`;
  return rows.map(toRow);
}

/**
 * The events after each workspace's cursor, in one statement for every workspace a hub woke up
 * for (at most `limitPerOrg` each, in seq order per workspace).
 */
export async function readAfterCursors(
  db: DbOrTx,
  cursors: { orgId: string; after: number }[],
  limitPerOrg: number,
): Promise<RealtimeRow[]> {
  if (cursors.length === 0) return [];
  const orgIds = cursors.map((c) => c.orgId);
  const afters = cursors.map((c) => c.after);
  const rows = await db.$queryRaw<RawRow[]>`
    SELECT e.organization_id::text AS "orgId", e.seq, e.topic, e.payload, e.created_at AS at
    FROM unnest(${orgIds}::uuid[], ${afters}::bigint[]) AS c(org, after)
    CROSS JOIN LATERAL (
      SELECT organization_id, seq, topic, payload, created_at
      FROM realtime_events
      WHERE organization_id = c.org AND seq > c.after
      ORDER BY seq
      LIMIT ${limitPerOrg}
    ) e
    ORDER BY e.organization_id, e.seq`;
  return rows.map(toRow);
}

/** Deletes events created before `before` (every workspace); returns how many. */
export async function deleteRealtimeEventsBefore(db: DbOrTx, before: Date): Promise<number> {
  return db.$executeRaw`DELETE FROM realtime_events WHERE created_at < ${before}`;
}

/**
 * The role a long-lived subscription may still act with, or null when it must stop: the session is
 * gone (signed out, expired, second factor owed), its user blocked, or no longer an active member
 * of a live workspace. Read only: an open stream doesn't slide the session's idle expiry.
 */
export async function roleIfStillInOrg(
  db: DbOrTx,
  input: { sessionId: string; userId: string; orgId: string; now: Date },
): Promise<MemberRole | null> {
  const found = await db.membership.findFirst({
    where: {
      organizationId: input.orgId,
      userId: input.userId,
      disabled: false,
      organization: { deletedAt: null },
      user: {
        status: "ACTIVE",
        deletedAt: null,
        sessions: {
          some: {
            id: input.sessionId,
            twoFactorPending: false,
            expiresAt: { gt: input.now },
            absoluteExpiresAt: { gt: input.now },
          },
        },
      },
    },
    select: { role: true },
  });
  return found?.role ?? null;
}
