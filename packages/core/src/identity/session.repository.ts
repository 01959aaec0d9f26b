import type { DbOrTx } from "@quartet/db/client";

// Session rows as the account page lists them. Creating, validating and ending sessions is
// @quartet/auth/session's job; this is the read/revoke side the identity services need.

export const sessionListSelect = {
  id: true,
  kind: true,
  deviceInfo: true,
  ipAddress: true,
  userAgent: true,
  createdAt: true,
  lastActivityAt: true,
} as const;

/** Live, fully signed-in sessions of a user, most recent activity first. */
export function listActiveSessions(db: DbOrTx, userId: string, now: Date) {
  return db.session.findMany({
    where: { userId, twoFactorPending: false, expiresAt: { gt: now }, absoluteExpiresAt: { gt: now } },
    orderBy: [{ lastActivityAt: "desc" }, { createdAt: "desc" }],
    select: sessionListSelect,
  });
}

export function findSession(db: DbOrTx, id: string) {
  return db.session.findUnique({ where: { id } });
}

/** Deletes one of the user's sessions; false when it isn't theirs (or is already gone). */
export async function deleteUserSession(db: DbOrTx, userId: string, sessionId: string): Promise<boolean> {
  const { count } = await db.session.deleteMany({ where: { id: sessionId, userId } });
  return count === 1;
}

/** A session waiting for its second factor lives only minutes, whatever the kind's policy. */
export async function shortenSession(db: DbOrTx, id: string, until: Date): Promise<void> {
  await db.session.update({ where: { id }, data: { expiresAt: until, absoluteExpiresAt: until } });
}
