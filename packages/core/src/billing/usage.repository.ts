import type { DbOrTx, Tx } from "@quartet/db/client";

// Usage: the real rows behind "how many exist" limits, and the period counters (usage_counters)
// behind "how many per day / month" limits.

/** Roles that work tickets: they take an agent seat. */
export const AGENT_ROLES = ["OWNER", "ADMIN", "AGENT"] as const;

/** Active members plus invitations still pending (an invitation holds its seat until it expires). */
export async function countSeats(db: DbOrTx, orgId: string, now: Date): Promise<number> {
  const [members, pending] = await Promise.all([
    db.membership.count({ where: { organizationId: orgId, disabled: false } }),
    db.invitation.count({ where: { organizationId: orgId, status: "PENDING", expiresAt: { gt: now } } }),
  ]);
  return members + pending;
}

/** Active members in an agent role plus pending invitations for one. */
export async function countAgents(db: DbOrTx, orgId: string, now: Date): Promise<number> {
  const [members, pending] = await Promise.all([
    db.membership.count({
      where: { organizationId: orgId, disabled: false, role: { in: [...AGENT_ROLES] } },
    }),
    db.invitation.count({
      where: {
        organizationId: orgId,
        status: "PENDING",
        expiresAt: { gt: now },
        role: { in: [...AGENT_ROLES] },
      },
    }),
  ]);
  return members + pending;
}

export const countAutomationRules = (db: DbOrTx, orgId: string) =>
  db.automationRule.count({ where: { organizationId: orgId } });

export const countSlaPolicies = (db: DbOrTx, orgId: string) =>
  db.sLAPolicy.count({ where: { organizationId: orgId } });

/** Inbox channels that can receive messages (not disconnected); the offline sandbox is free. */
export const countInboxChannels = (db: DbOrTx, orgId: string) =>
  db.platformConnection.count({
    where: { organizationId: orgId, status: { not: "DISCONNECTED" }, platform: { not: "SANDBOX" } },
  });

/** Publish channels: every live (not deleted) channel, the sandbox included. */
export const countPublishChannels = (db: DbOrTx, orgId: string) =>
  db.integration.count({ where: { organizationId: orgId, deletedAt: null } });

/**
 * Serializes the "count, then create" of one limit in one workspace until the transaction ends
 * (two concurrent creations can't both see room for one more).
 */
export async function lockLimit(tx: Tx, orgId: string, key: string): Promise<void> {
  const name = `entitlement:${orgId}:${key}`;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${name}, 0))`;
}

// ── Period counters ─────────────────────────────────────────────────────────────────────────────

export interface CounterKey {
  subject: string;
  metric: string;
  periodKey: string;
}

export interface CounterOwner {
  organizationId?: string | null;
  userId?: string | null;
}

/**
 * Adds `amount` to a period counter in one statement, only if the result stays within `limit`
 * (null = no limit). Returns the new count, or null when the limit refused it (nothing changed).
 */
export async function incrementCounter(
  db: DbOrTx,
  key: CounterKey,
  owner: CounterOwner,
  amount: number,
  limit: number | null,
  expiresAt: Date,
  now: Date,
): Promise<number | null> {
  if (limit !== null && amount > limit) return null;
  const orgId = owner.organizationId ?? null;
  const userId = owner.userId ?? null;
  const rows = await db.$queryRaw<{ count: number }[]>`
    INSERT INTO usage_counters (id, subject, metric, period_key, count, organization_id, user_id, expires_at, updated_at)
    VALUES (gen_random_uuid(), ${key.subject}, ${key.metric}, ${key.periodKey}, ${amount},
            ${orgId}::uuid, ${userId}::uuid, ${expiresAt}, ${now})
    ON CONFLICT (subject, metric, period_key) DO UPDATE
      SET count = usage_counters.count + EXCLUDED.count, updated_at = EXCLUDED.updated_at
      WHERE ${limit}::int IS NULL OR usage_counters.count + EXCLUDED.count <= ${limit}::int
    RETURNING count`;
  return rows[0]?.count ?? null;
}

/** Gives back `amount` (an operation that failed after consuming); never below zero. */
export async function decrementCounter(db: DbOrTx, key: CounterKey, amount: number): Promise<number | null> {
  const rows = await db.$queryRaw<{ count: number }[]>`
    UPDATE usage_counters SET count = GREATEST(count - ${amount}, 0)
    WHERE subject = ${key.subject} AND metric = ${key.metric} AND period_key = ${key.periodKey}
    RETURNING count`;
  return rows[0]?.count ?? null;
}

export async function readCounter(db: DbOrTx, key: CounterKey): Promise<number> {
  const row = await db.usageCounter.findUnique({
    where: { subject_metric_periodKey: key },
    select: { count: true },
  });
  return row?.count ?? 0;
}

/** Deletes counters whose period is long over (maintenance). */
export function deleteExpiredCounters(db: DbOrTx, now: Date) {
  return db.usageCounter.deleteMany({ where: { expiresAt: { lt: now } } });
}

/**
 * Ids of the automation rules / SLA policies beyond the first `limit` (oldest first): after a
 * downgrade these are read-only (rules don't run) until the plan allows them again or others go.
 */
export async function idsBeyondLimit(
  db: DbOrTx,
  table: "automationRule" | "slaPolicy",
  orgId: string,
  limit: number,
): Promise<string[]> {
  const args = {
    where: { organizationId: orgId },
    orderBy: [{ createdAt: "asc" as const }, { id: "asc" as const }],
    skip: limit,
    select: { id: true },
  };
  const rows =
    table === "automationRule" ? await db.automationRule.findMany(args) : await db.sLAPolicy.findMany(args);
  return rows.map((r) => r.id);
}
