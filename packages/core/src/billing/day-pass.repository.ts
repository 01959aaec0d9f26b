import type { DbOrTx, Tx } from "@quartet/db/client";
import type { DayPassSource } from "@quartet/db/enums";

// Day Passes and the User.dayPassExpiresAt projection (latest unrevoked pass end), written together.

export const dayPassSelect = {
  id: true,
  userId: true,
  source: true,
  paymentId: true,
  startsAt: true,
  endsAt: true,
  revokedAt: true,
  grantedById: true,
  reason: true,
  createdAt: true,
} as const;

/** Locks the user row: purchases of one person are serialized (passes chain end to start). */
export async function lockUserForDayPass(
  tx: Tx,
  userId: string,
): Promise<{ dayPassExpiresAt: Date | null } | null> {
  const rows = await tx.$queryRaw<{ day_pass_expires_at: Date | null }[]>`
    SELECT day_pass_expires_at FROM users WHERE id = ${userId}::uuid FOR UPDATE`;
  const row = rows[0];
  return row ? { dayPassExpiresAt: row.day_pass_expires_at } : null;
}

export function insertDayPass(
  tx: Tx,
  data: {
    userId: string;
    source: DayPassSource;
    paymentId?: string | null;
    startsAt: Date;
    endsAt: Date;
    grantedById?: string | null;
    reason?: string | null;
    now: Date;
  },
) {
  const { now, ...rest } = data;
  return tx.dayPass.create({ data: { ...rest, createdAt: now }, select: dayPassSelect });
}

/** Recomputes User.dayPassExpiresAt from the unrevoked passes (after a grant or a revocation). */
export async function refreshDayPassExpiry(tx: Tx, userId: string): Promise<Date | null> {
  const rows = await tx.$queryRaw<{ day_pass_expires_at: Date | null }[]>`
    UPDATE users SET day_pass_expires_at =
      (SELECT max(ends_at) FROM day_passes WHERE user_id = ${userId}::uuid AND revoked_at IS NULL)
    WHERE id = ${userId}::uuid
    RETURNING day_pass_expires_at`;
  return rows[0]?.day_pass_expires_at ?? null;
}

export function markRevoked(tx: Tx, passId: string, now: Date) {
  return tx.dayPass.updateManyAndReturn({
    where: { id: passId, revokedAt: null },
    data: { revokedAt: now },
    select: dayPassSelect,
  });
}

export function findDayPassByPayment(db: DbOrTx, paymentId: string) {
  return db.dayPass.findUnique({ where: { paymentId }, select: dayPassSelect });
}

export function listDayPasses(db: DbOrTx, userId: string, take = 50) {
  return db.dayPass.findMany({
    where: { userId },
    orderBy: { endsAt: "desc" },
    take,
    select: dayPassSelect,
  });
}

export function findUserTierFacts(db: DbOrTx, userId: string) {
  return db.user.findUnique({
    where: { id: userId },
    select: { id: true, dayPassExpiresAt: true, deletedAt: true },
  });
}
