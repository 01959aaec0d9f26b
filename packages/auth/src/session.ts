import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import type { DbOrTx } from "@quartet/db/client";
import type { MemberRole, SessionKind } from "@quartet/db/enums";
import type { Session, User } from "@quartet/db/types";

// Lucia's design: the cookie carries 256 random bits; the database keeps only their SHA-256,
// so a leaked sessions table can't be replayed.

export interface SessionPolicy {
  /** Idle lifetime: each use pushes expiry this far ahead. */
  idleMs: number;
  /** Absolute lifetime from sign-in, whatever the activity. */
  absoluteMs: number;
  /** Activity is written at most this often, to keep reads cheap. */
  touchEveryMs: number;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export const sessionPolicies: Record<SessionKind, SessionPolicy> = {
  WEB: { idleMs: 30 * DAY, absoluteMs: 90 * DAY, touchEveryMs: MINUTE },
  ADMIN: { idleMs: 2 * 60 * MINUTE, absoluteMs: 12 * 60 * MINUTE, touchEveryMs: MINUTE },
};

export function generateSessionToken(): string {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export interface SessionMeta {
  ip: string;
  userAgent: string;
  deviceInfo: Record<string, string | undefined>;
  twoFactorPending?: boolean;
}

export async function createSession(
  db: DbOrTx,
  userId: string,
  kind: SessionKind,
  meta: SessionMeta,
  now: Date,
): Promise<{ token: string; session: Session }> {
  const token = generateSessionToken();
  const policy = sessionPolicies[kind];
  const session = await db.session.create({
    data: {
      id: hashToken(token),
      userId,
      kind,
      ipAddress: meta.ip,
      userAgent: meta.userAgent.slice(0, 500),
      deviceInfo: meta.deviceInfo,
      twoFactorPending: meta.twoFactorPending ?? false,
      createdAt: now,
      lastActivityAt: now,
      expiresAt: new Date(Math.min(now.getTime() + policy.idleMs, now.getTime() + policy.absoluteMs)),
      absoluteExpiresAt: new Date(now.getTime() + policy.absoluteMs),
    },
  });
  return { token, session };
}

export type SessionUser = Pick<
  User,
  | "id"
  | "email"
  | "name"
  | "status"
  | "platformRole"
  | "locale"
  | "timezone"
  | "avatarUrl"
  | "twoFactorEnabled"
  | "emailVerifiedAt"
  | "deletedAt"
>;

export const sessionUserSelect = {
  id: true,
  email: true,
  name: true,
  status: true,
  platformRole: true,
  locale: true,
  timezone: true,
  avatarUrl: true,
  twoFactorEnabled: true,
  emailVerifiedAt: true,
  deletedAt: true,
} as const;

export interface ValidatedSession {
  session: Session;
  user: SessionUser;
}

/** A user who may hold a working session: LOCKED, DISABLED, PENDING or deleted users may not. */
export function canHoldSession(user: Pick<User, "status" | "deletedAt">): boolean {
  return user.status === "ACTIVE" && user.deletedAt === null;
}

/** The caller's active membership in one workspace, as the session query can bring it along. */
export interface SessionMembership {
  id: string;
  role: MemberRole;
}

/**
 * Resolves a cookie token to its session and user, sliding the idle expiry. Returns null (and
 * deletes the row when it is dead) for unknown, expired, wrong-kind or blocked-user sessions.
 */
export async function validateSessionToken(
  db: DbOrTx,
  token: string,
  kind: SessionKind,
  now: Date,
): Promise<ValidatedSession | null> {
  const id = hashToken(token);
  // Runs on every request: the session and its user come back from one statement.
  const row = await db.session.findUnique({
    relationLoadStrategy: "join",
    where: { id },
    include: { user: { select: sessionUserSelect } },
  });
  return row ? checkSession(db, row, kind, now) : null;
}

/**
 * validateSessionToken for a workspace-scoped request: the caller's active membership in `orgId`
 * (not disabled, workspace not deleted — the rule of core's findActiveMembership) comes back from
 * the same statement, so a request checks session, user and membership in one round trip.
 * `membership` is null when the user is no active member there.
 */
export async function validateSessionTokenInOrg(
  db: DbOrTx,
  token: string,
  kind: SessionKind,
  now: Date,
  orgId: string,
): Promise<{ auth: ValidatedSession; membership: SessionMembership | null } | null> {
  const id = hashToken(token);
  const row = await db.session.findUnique({
    relationLoadStrategy: "join",
    where: { id },
    include: {
      user: {
        select: {
          ...sessionUserSelect,
          memberships: {
            where: { organizationId: orgId, disabled: false, organization: { deletedAt: null } },
            select: { id: true, role: true },
            take: 1,
          },
        },
      },
    },
  });
  if (!row) return null;
  const { memberships, ...user } = row.user;
  const auth = await checkSession(db, { ...row, user }, kind, now);
  return auth ? { auth, membership: memberships[0] ?? null } : null;
}

async function checkSession(
  db: DbOrTx,
  row: Session & { user: SessionUser },
  kind: SessionKind,
  now: Date,
): Promise<ValidatedSession | null> {
  if (row.kind !== kind) return null;
  const { user, ...session } = row;
  if (now >= session.expiresAt || now >= session.absoluteExpiresAt) {
    await db.session.deleteMany({ where: { id: session.id } });
    return null;
  }
  // Blocked users' sessions stop working at once, whatever their expiry.
  if (!canHoldSession(user)) return null;

  const policy = sessionPolicies[kind];
  if (now.getTime() - session.lastActivityAt.getTime() >= policy.touchEveryMs) {
    const expiresAt = new Date(Math.min(now.getTime() + policy.idleMs, session.absoluteExpiresAt.getTime()));
    await db.session.update({ where: { id: session.id }, data: { lastActivityAt: now, expiresAt } });
    session.lastActivityAt = now;
    session.expiresAt = expiresAt;
  }
  return { session, user };
}

export async function invalidateSession(db: DbOrTx, sessionId: string): Promise<void> {
  await db.session.deleteMany({ where: { id: sessionId } });
}

/** Ends every session of a user, optionally keeping one (the caller's). Returns how many ended. */
export async function invalidateUserSessions(
  db: DbOrTx,
  userId: string,
  exceptSessionId?: string,
): Promise<number> {
  const { count } = await db.session.deleteMany({
    where: { userId, ...(exceptSessionId ? { id: { not: exceptSessionId } } : {}) },
  });
  return count;
}

export interface CookieSpec {
  name: string;
  options: { httpOnly: true; secure: boolean; sameSite: "lax"; path: "/"; maxAge?: number };
}

/** Cookie name and flags per app: `__Host-` + Secure in production; web and admin never share one. */
export function sessionCookie(kind: SessionKind, production: boolean): CookieSpec {
  const base = kind === "ADMIN" ? "quartet_admin_session" : "quartet_session";
  return {
    name: production ? `__Host-${base}` : base,
    options: { httpOnly: true, secure: production, sameSite: "lax", path: "/" },
  };
}
