import type { Db, DbOrTx } from "@quartet/db/client";

export function deleteExpiredSessions(db: DbOrTx, now: Date) {
  return db.session.deleteMany({
    where: { OR: [{ expiresAt: { lt: now } }, { absoluteExpiresAt: { lt: now } }] },
  });
}

/**
 * Tokens used, or expired, before `before`. An unused verification token of a still-PENDING user is
 * kept: its expiry dates the end of that user's verification window (it goes with the user).
 */
export function deleteSpentEmailTokens(db: DbOrTx, before: Date) {
  return db.emailToken.deleteMany({
    where: {
      OR: [{ usedAt: { lt: before } }, { expiresAt: { lt: before } }],
      NOT: { tokenType: "VERIFICATION", usedAt: null, user: { status: "PENDING" } },
    },
  });
}

export function expireInvitations(db: DbOrTx, now: Date) {
  return db.invitation.updateMany({
    where: { status: "PENDING", expiresAt: { lt: now } },
    data: { status: "EXPIRED" },
  });
}

export function deleteExpiredRateLimitCounters(db: DbOrTx, now: Date) {
  return db.rateLimitCounter.deleteMany({ where: { expiresAt: { lt: now } } });
}

/** Sign-in lockouts whose failures are older than the window and whose lock (if any) is over. */
export function deleteStaleSignInLockouts(db: DbOrTx, now: Date, windowStartedBefore: Date) {
  return db.signInLockout.deleteMany({
    where: {
      windowStart: { lt: windowStartedBefore },
      OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }],
    },
  });
}

/** Unlock codes expired before `before` (used ones expire too). */
export function deleteOldUnlockCodes(db: DbOrTx, before: Date) {
  return db.unlockCode.deleteMany({ where: { expiresAt: { lt: before } } });
}

/**
 * PENDING users nobody can activate any more: signed up before `createdBefore`, no verification
 * token still inside the grace period, never signed in (no sessions), owning only a personal workspace.
 */
function abandonedPendingWhere(createdBefore: Date, tokenExpiredBefore: Date) {
  return {
    status: "PENDING" as const,
    emailVerifiedAt: null,
    createdAt: { lt: createdBefore },
    sessions: { none: {} },
    emailTokens: { none: { tokenType: "VERIFICATION" as const, expiresAt: { gte: tokenExpiredBefore } } },
    ownedOrganizations: { every: { isPersonal: true } },
  };
}

/** Deletes abandoned sign-ups and their personal workspaces; returns how many of each went. */
export async function deleteAbandonedPendingUsers(
  db: Db,
  input: { createdBefore: Date; tokenExpiredBefore: Date; limit: number },
): Promise<{ users: number; workspaces: number }> {
  const where = abandonedPendingWhere(input.createdBefore, input.tokenExpiredBefore);
  const candidates = await db.user.findMany({
    where,
    select: { id: true },
    take: input.limit,
    orderBy: { createdAt: "asc" },
  });
  if (candidates.length === 0) return { users: 0, workspaces: 0 };
  return db.$transaction(async (tx) => {
    // Re-check inside the transaction so a user who signed in meanwhile is kept.
    const ids = (
      await tx.user.findMany({
        where: { ...where, id: { in: candidates.map((c) => c.id) } },
        select: { id: true },
      })
    ).map((u) => u.id);
    if (ids.length === 0) return { users: 0, workspaces: 0 };
    const workspaces = await tx.organization.deleteMany({
      where: { ownerId: { in: ids }, isPersonal: true },
    });
    const users = await tx.user.deleteMany({ where: { id: { in: ids }, status: "PENDING" } });
    return { users: users.count, workspaces: workspaces.count };
  });
}
