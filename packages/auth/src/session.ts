import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { type DbOrTx, pgQuery } from "@quartet/db/client";
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

// The session lookup runs on every request: one hand-written statement on the pg pool (pgQuery),
// the session, its user and (for a workspace-scoped request) the caller's membership together.
const SESSION_SQL = `
  SELECT s.id, s.user_id, s.kind, s.device_info, s.ip_address, s.user_agent, s.two_factor_pending,
         s.created_at, s.last_activity_at, s.expires_at, s.absolute_expires_at,
         u.email, u.name, u.status, u.platform_role, u.locale, u.timezone, u.avatar_url,
         u.two_factor_enabled, u.email_verified_at, u.deleted_at`;

/** The caller's active membership in $2: not disabled, workspace not deleted (core's findActiveMembership). */
const MEMBERSHIP_SQL = `
  LEFT JOIN LATERAL (
    SELECT m.id, m.role FROM "memberships" m JOIN "organizations" o ON o.id = m.organization_id
    WHERE m.user_id = s.user_id AND m.organization_id = $2::uuid AND NOT m.disabled AND o.deleted_at IS NULL
    LIMIT 1) m ON true`;

interface SessionRow {
  id: string;
  user_id: string;
  kind: SessionKind;
  device_info: Session["deviceInfo"];
  ip_address: string | null;
  user_agent: string | null;
  two_factor_pending: boolean;
  created_at: Date;
  last_activity_at: Date;
  expires_at: Date;
  absolute_expires_at: Date;
  email: string;
  name: string | null;
  status: SessionUser["status"];
  platform_role: SessionUser["platformRole"];
  locale: string;
  timezone: string;
  avatar_url: string | null;
  two_factor_enabled: boolean;
  email_verified_at: Date | null;
  deleted_at: Date | null;
}

function fromRow(r: SessionRow): Session & { user: SessionUser } {
  return {
    id: r.id,
    userId: r.user_id,
    kind: r.kind,
    deviceInfo: r.device_info,
    ipAddress: r.ip_address,
    userAgent: r.user_agent,
    twoFactorPending: r.two_factor_pending,
    createdAt: r.created_at,
    lastActivityAt: r.last_activity_at,
    expiresAt: r.expires_at,
    absoluteExpiresAt: r.absolute_expires_at,
    user: {
      id: r.user_id,
      email: r.email,
      name: r.name,
      status: r.status,
      platformRole: r.platform_role,
      locale: r.locale,
      timezone: r.timezone,
      avatarUrl: r.avatar_url,
      twoFactorEnabled: r.two_factor_enabled,
      emailVerifiedAt: r.email_verified_at,
      deletedAt: r.deleted_at,
    },
  };
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
  const [row] = await pgQuery<SessionRow>(
    db,
    `${SESSION_SQL} FROM "sessions" s JOIN "users" u ON u.id = s.user_id WHERE s.id = $1`,
    [hashToken(token)],
  );
  return row ? checkSession(db, fromRow(row), kind, now) : null;
}

/**
 * validateSessionToken for a workspace-scoped request: the caller's active membership in `orgId`
 * comes back from the same statement, so a request checks session, user and membership in one
 * round trip. `membership` is null when the user is no active member there.
 */
export async function validateSessionTokenInOrg(
  db: DbOrTx,
  token: string,
  kind: SessionKind,
  now: Date,
  orgId: string,
): Promise<{ auth: ValidatedSession; membership: SessionMembership | null } | null> {
  const [row] = await pgQuery<
    SessionRow & { membership_id: string | null; membership_role: MemberRole | null }
  >(
    db,
    `${SESSION_SQL}, m.id AS membership_id, m.role AS membership_role
     FROM "sessions" s JOIN "users" u ON u.id = s.user_id ${MEMBERSHIP_SQL} WHERE s.id = $1`,
    [hashToken(token), orgId],
  );
  if (!row) return null;
  const auth = await checkSession(db, fromRow(row), kind, now);
  if (!auth) return null;
  const membership =
    row.membership_id && row.membership_role ? { id: row.membership_id, role: row.membership_role } : null;
  return { auth, membership };
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
