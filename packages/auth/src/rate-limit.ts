import type { DbOrTx } from "@quartet/db/client";

// Fixed-window counters in Postgres, so a limit holds across every web/admin process. One atomic
// upsert per hit: a new key or an expired window starts at 1, otherwise the count goes up.

export interface RateLimitRule {
  /** e.g. "signin:ip:203.0.113.7"; keep it under 200 characters. */
  key: string;
  limit: number;
  windowSeconds: number;
}

export interface RateLimitResult {
  allowed: boolean;
  /** 0 when allowed; otherwise seconds until the window resets. */
  retryAfterSeconds: number;
  count: number;
}

export async function hitRateLimit(db: DbOrTx, rule: RateLimitRule, now: Date): Promise<RateLimitResult> {
  const key = rule.key.slice(0, 200);
  const windowEnd = new Date(now.getTime() + rule.windowSeconds * 1000);
  const rows = await db.$queryRaw<{ count: number; expires_at: Date }[]>`
    INSERT INTO rate_limit_counters AS c (key, count, window_start, expires_at)
    VALUES (${key}, 1, ${now}::timestamptz, ${windowEnd}::timestamptz)
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN c.expires_at <= ${now}::timestamptz THEN 1 ELSE c.count + 1 END,
      window_start = CASE WHEN c.expires_at <= ${now}::timestamptz THEN ${now}::timestamptz ELSE c.window_start END,
      expires_at = CASE WHEN c.expires_at <= ${now}::timestamptz THEN ${windowEnd}::timestamptz ELSE c.expires_at END
    RETURNING c.count, c.expires_at`;
  const row = rows[0];
  if (!row) throw new Error("rate limit upsert returned no row");
  const count = Number(row.count);
  const allowed = count <= rule.limit;
  const retryAfterSeconds = allowed
    ? 0
    : Math.max(1, Math.ceil((new Date(row.expires_at).getTime() - now.getTime()) / 1000));
  return { allowed, retryAfterSeconds, count };
}

/** Counts one hit against every rule; refused if any is over its limit (the longest wait wins). */
export async function hitRateLimits(
  db: DbOrTx,
  rules: readonly RateLimitRule[],
  now: Date,
): Promise<RateLimitResult> {
  let worst: RateLimitResult = { allowed: true, retryAfterSeconds: 0, count: 0 };
  for (const rule of rules) {
    const result = await hitRateLimit(db, rule, now);
    if (!result.allowed && result.retryAfterSeconds >= worst.retryAfterSeconds) worst = result;
    else if (worst.allowed && result.count > worst.count) worst = result;
  }
  return worst;
}

/** Forgets a key, e.g. the per-account sign-in counter after a successful sign-in. */
export async function clearRateLimit(db: DbOrTx, key: string): Promise<void> {
  await db.rateLimitCounter.deleteMany({ where: { key: key.slice(0, 200) } });
}
