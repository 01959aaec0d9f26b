import type { DbOrTx } from "@quartet/db/client";

// Sign-in lockouts (per typed address, known or not) and the one-time codes that unlock them.

export interface SignInLockoutState {
  failedCount: number;
  failedIps: string[];
  lockedUntil: Date | null;
  lockCount: number;
}

export function findSignInLockout(db: DbOrTx, email: string): Promise<SignInLockoutState | null> {
  return db.signInLockout.findUnique({
    where: { email },
    select: { failedCount: true, failedIps: true, lockedUntil: true, lockCount: true },
  });
}

/**
 * Counts one failed sign-in for the address, from `ip`, in one upsert (the same statement whether an
 * account has the address or not). A window older than `windowMs` starts over (locks counted
 * included) unless a lock is in force. Returns the new count, how many distinct IPs failed, the
 * lock in force or last expired, and how many locks the window has seen.
 */
export async function countSignInFailure(
  db: DbOrTx,
  input: { email: string; ip: string; now: Date; windowMs: number; maxTrackedIps: number },
): Promise<{ failedCount: number; distinctIps: number; lockedUntil: Date | null; lockCount: number }> {
  const { email, now, maxTrackedIps } = input;
  const ip = input.ip.slice(0, 64);
  const windowFloor = new Date(now.getTime() - input.windowMs);
  const rows = await db.$queryRaw<
    { failed_count: number; distinct_ips: number; locked_until: Date | null; lock_count: number }[]
  >`
    INSERT INTO sign_in_lockouts AS l (email, failed_count, failed_ips, window_start, updated_at)
    VALUES (${email}, 1, ARRAY[${ip}]::text[], ${now}::timestamptz, ${now}::timestamptz)
    ON CONFLICT (email) DO UPDATE SET
      failed_count = CASE
        WHEN l.window_start <= ${windowFloor}::timestamptz
          AND (l.locked_until IS NULL OR l.locked_until <= ${now}::timestamptz) THEN 1
        ELSE l.failed_count + 1 END,
      failed_ips = CASE
        WHEN l.window_start <= ${windowFloor}::timestamptz
          AND (l.locked_until IS NULL OR l.locked_until <= ${now}::timestamptz) THEN ARRAY[${ip}]::text[]
        WHEN ${ip} = ANY(l.failed_ips) OR cardinality(l.failed_ips) >= ${maxTrackedIps} THEN l.failed_ips
        ELSE array_append(l.failed_ips, ${ip}::text) END,
      window_start = CASE
        WHEN l.window_start <= ${windowFloor}::timestamptz
          AND (l.locked_until IS NULL OR l.locked_until <= ${now}::timestamptz) THEN ${now}::timestamptz
        ELSE l.window_start END,
      lock_count = CASE
        WHEN l.window_start <= ${windowFloor}::timestamptz
          AND (l.locked_until IS NULL OR l.locked_until <= ${now}::timestamptz) THEN 0
        ELSE l.lock_count END,
      updated_at = ${now}::timestamptz
    RETURNING l.failed_count, cardinality(l.failed_ips) AS distinct_ips, l.locked_until, l.lock_count`;
  const row = rows[0];
  if (!row) throw new Error("sign-in lockout upsert returned no row");
  return {
    failedCount: Number(row.failed_count),
    distinctIps: Number(row.distinct_ips),
    lockedUntil: row.locked_until ? new Date(row.locked_until) : null,
    lockCount: Number(row.lock_count),
  };
}

export async function setSignInLock(db: DbOrTx, email: string, lockedUntil: Date, now: Date): Promise<void> {
  await db.signInLockout.update({
    where: { email },
    data: { lockedUntil, lockCount: { increment: 1 }, updatedAt: now },
  });
}

/** Forgets the address's failures and lock (right password outside a lock, an unlock, a reset). */
export async function clearSignInLockout(db: DbOrTx, email: string): Promise<boolean> {
  const { count } = await db.signInLockout.deleteMany({ where: { email } });
  return count > 0;
}

// ── Unlock codes ─────────────────────────────────────────────────────────────────────────────

/** Stores a new code's hash; the account's earlier codes stop working. */
export async function insertUnlockCode(
  db: DbOrTx,
  input: { id: string; userId: string; codeHash: string; now: Date; expiresAt: Date },
): Promise<void> {
  await db.unlockCode.updateMany({
    where: { userId: input.userId, usedAt: null },
    data: { usedAt: input.now },
  });
  await db.unlockCode.create({
    data: {
      id: input.id,
      userId: input.userId,
      codeHash: input.codeHash,
      createdAt: input.now,
      expiresAt: input.expiresAt,
    },
  });
}

/** The account's newest code not yet spent or retired. */
export function findOpenUnlockCode(db: DbOrTx, userId: string) {
  return db.unlockCode.findFirst({
    where: { userId, usedAt: null },
    orderBy: { createdAt: "desc" },
    select: { id: true, codeHash: true, attempts: true, expiresAt: true },
  });
}

/** Spends one try of the code; false once it has none left (atomic under concurrent tries). */
export async function spendUnlockCodeAttempt(db: DbOrTx, id: string, maxAttempts: number): Promise<boolean> {
  const { count } = await db.unlockCode.updateMany({
    where: { id, usedAt: null, attempts: { lt: maxAttempts } },
    data: { attempts: { increment: 1 } },
  });
  return count === 1;
}

/** Marks the code used; false if another request used it first. */
export async function useUnlockCode(db: DbOrTx, id: string, now: Date): Promise<boolean> {
  const { count } = await db.unlockCode.updateMany({ where: { id, usedAt: null }, data: { usedAt: now } });
  return count === 1;
}
