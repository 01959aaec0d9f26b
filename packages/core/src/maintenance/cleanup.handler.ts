import type { Db } from "@quartet/db/client";
import type { Clock, Logger } from "../deps.ts";
import { lockoutPolicy } from "../identity/identity.limits.ts";
import {
  deleteAbandonedPendingUsers,
  deleteExpiredRateLimitCounters,
  deleteExpiredSessions,
  deleteOldUnlockCodes,
  deleteSpentEmailTokens,
  deleteStaleSignInLockouts,
  expireInvitations,
} from "./cleanup.repository.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** How long the sign-up verification link lives (matches the VERIFICATION token's 24 h). */
export const VERIFICATION_WINDOW_MS = DAY;
/** Grace period after the verification window before an unverified sign-up is deleted. */
export const PENDING_GRACE_MS = 7 * DAY;
/** Spent tokens are kept a day for support questions ("my link didn't work"). */
export const SPENT_TOKEN_RETENTION_MS = DAY;

export interface CleanupCounts {
  sessions: number;
  emailTokens: number;
  pendingUsers: number;
  personalWorkspaces: number;
  invitationsExpired: number;
  rateLimitCounters: number;
  signInLockouts: number;
  unlockCodes: number;
}

/**
 * `maintenance.cleanup` (cron): removes what has expired. Every step is a set-based statement with
 * the time in its WHERE clause, so running it twice (or on two workers) does no harm.
 */
export async function handleMaintenanceCleanup(deps: {
  db: Db;
  clock: Clock;
  log: Logger;
}): Promise<CleanupCounts> {
  const now = deps.clock.now();
  const sessions = await deleteExpiredSessions(deps.db, now);
  const emailTokens = await deleteSpentEmailTokens(
    deps.db,
    new Date(now.getTime() - SPENT_TOKEN_RETENTION_MS),
  );
  const pending = await deleteAbandonedPendingUsers(deps.db, {
    createdBefore: new Date(now.getTime() - VERIFICATION_WINDOW_MS - PENDING_GRACE_MS),
    tokenExpiredBefore: new Date(now.getTime() - PENDING_GRACE_MS),
    limit: 1000,
  });
  const invitations = await expireInvitations(deps.db, now);
  const counters = await deleteExpiredRateLimitCounters(deps.db, now);
  const lockouts = await deleteStaleSignInLockouts(
    deps.db,
    now,
    new Date(now.getTime() - lockoutPolicy.windowMs),
  );
  const unlockCodes = await deleteOldUnlockCodes(deps.db, new Date(now.getTime() - SPENT_TOKEN_RETENTION_MS));
  const counts: CleanupCounts = {
    sessions: sessions.count,
    emailTokens: emailTokens.count,
    pendingUsers: pending.users,
    personalWorkspaces: pending.workspaces,
    invitationsExpired: invitations.count,
    rateLimitCounters: counters.count,
    signInLockouts: lockouts.count,
    unlockCodes: unlockCodes.count,
  };
  deps.log.info({ job: "maintenance.cleanup", ...counts }, "cleanup done");
  return counts;
}
