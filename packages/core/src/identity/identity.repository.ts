import { generateSessionToken, hashToken } from "@quartet/auth/session";
import type { DbOrTx } from "@quartet/db/client";
import type { AuthEventType, EmailTokenType } from "@quartet/db/enums";
import type { Prisma } from "@quartet/db/types";

// The identity module's Prisma calls: users, email tokens, deleted-email records.

export const authUserSelect = {
  id: true,
  email: true,
  name: true,
  passwordHash: true,
  status: true,
  platformRole: true,
  locale: true,
  timezone: true,
  avatarUrl: true,
  twoFactorEnabled: true,
  twoFactorSecret: true,
  emailVerifiedAt: true,
  deletedAt: true,
  createdAt: true,
} as const satisfies Prisma.UserSelect;

export type AuthUser = Prisma.UserGetPayload<{ select: typeof authUserSelect }>;

export const profileSelect = {
  id: true,
  email: true,
  name: true,
  locale: true,
  timezone: true,
  avatarUrl: true,
  twoFactorEnabled: true,
  platformRole: true,
  emailVerifiedAt: true,
  createdAt: true,
} as const satisfies Prisma.UserSelect;

export type Profile = Prisma.UserGetPayload<{ select: typeof profileSelect }>;

/** Live (not deleted) account by its lower-cased email. */
export function findUserByEmail(db: DbOrTx, email: string): Promise<AuthUser | null> {
  return db.user.findFirst({ where: { email, deletedAt: null }, select: authUserSelect });
}

export function findUserById(db: DbOrTx, id: string): Promise<AuthUser | null> {
  return db.user.findFirst({ where: { id, deletedAt: null }, select: authUserSelect });
}

export function findProfile(db: DbOrTx, id: string): Promise<Profile | null> {
  return db.user.findFirst({ where: { id, deletedAt: null }, select: profileSelect });
}

export function updateProfile(db: DbOrTx, id: string, data: Prisma.UserUpdateInput): Promise<Profile> {
  return db.user.update({ where: { id }, data, select: profileSelect });
}

export function emailExists(db: DbOrTx, email: string): Promise<AuthUser | null> {
  // Any row holding the address (deleted accounts are renamed to a tombstone, so they don't).
  return db.user.findUnique({ where: { email }, select: authUserSelect });
}

export function createPendingUser(
  db: DbOrTx,
  data: { email: string; name: string; passwordHash: string; locale: string; timezone: string; now: Date },
) {
  return db.user.create({
    data: {
      email: data.email,
      name: data.name,
      passwordHash: data.passwordHash,
      locale: data.locale,
      timezone: data.timezone,
      status: "PENDING",
      createdAt: data.now,
      lastReadNotificationsAt: data.now,
    },
    select: { id: true, email: true, name: true, locale: true },
  });
}

export async function recordLogin(
  db: DbOrTx,
  userId: string,
  meta: { ip: string; userAgent: string },
  now: Date,
) {
  await db.user.update({
    where: { id: userId },
    data: {
      lastLoginAt: now,
      lastOnlineAt: now,
      lastIp: meta.ip.slice(0, 64),
      lastUserAgent: meta.userAgent.slice(0, 500),
    },
  });
}

/** A PENDING account whose address is now proven: it becomes ACTIVE. */
export async function activateUser(db: DbOrTx, userId: string, now: Date): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { status: "ACTIVE", emailVerifiedAt: now } });
}

export async function setPasswordHash(db: DbOrTx, userId: string, passwordHash: string): Promise<void> {
  await db.user.update({
    where: { id: userId },
    data: { passwordHash },
  });
}

/** Issues a single-use email token; only its SHA-256 is stored. Returns the token for the link. */
export async function createEmailToken(
  db: DbOrTx,
  userId: string,
  tokenType: EmailTokenType,
  ttlMs: number,
  now: Date,
): Promise<string> {
  const token = generateSessionToken();
  await db.emailToken.create({
    data: {
      userId,
      tokenType,
      tokenHash: hashToken(token),
      createdAt: now,
      expiresAt: new Date(now.getTime() + ttlMs),
    },
  });
  return token;
}

/** Older links of the same kind stop working when a new one is sent or one is used. */
export async function retireEmailTokens(db: DbOrTx, userId: string, tokenType: EmailTokenType, now: Date) {
  await db.emailToken.updateMany({ where: { userId, tokenType, usedAt: null }, data: { usedAt: now } });
}

export type ConsumedToken =
  | { ok: true; userId: string }
  | { ok: false; reason: "TOKEN_EXPIRED" | "TOKEN_INVALID" };

/**
 * Marks the token used if it is unused and unexpired, with one conditional UPDATE, so two
 * concurrent clicks can't both succeed.
 */
export async function consumeEmailToken(
  db: DbOrTx,
  token: string,
  tokenType: EmailTokenType,
  now: Date,
): Promise<ConsumedToken> {
  const tokenHash = hashToken(token);
  const { count } = await db.emailToken.updateMany({
    where: { tokenHash, tokenType, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  const row = await db.emailToken.findUnique({
    where: { tokenHash },
    select: { userId: true, tokenType: true, expiresAt: true, usedAt: true },
  });
  if (count === 1 && row) return { ok: true, userId: row.userId };
  if (row && row.tokenType === tokenType && row.usedAt === null && row.expiresAt <= now) {
    return { ok: false, reason: "TOKEN_EXPIRED" };
  }
  return { ok: false, reason: "TOKEN_INVALID" };
}

/**
 * The event an identity job (password reset, sign-up) recorded for its request, if an earlier
 * attempt committed: a retry then does nothing.
 */
export function findRequestEvent(db: DbOrTx, eventType: AuthEventType, requestId: string, requestedAt: Date) {
  return db.authEvent.findFirst({
    where: {
      eventType,
      timestamp: requestedAt,
      metadata: { path: ["requestId"], equals: requestId },
    },
    select: { id: true },
  });
}

export function countRecentDeletions(db: DbOrTx, email: string, since: Date): Promise<number> {
  return db.deletedEmail.count({ where: { email, deletedAt: { gte: since } } });
}

/** Removes one recovery code if present, atomically: a code can't be spent twice. */
export async function spendRecoveryCode(db: DbOrTx, userId: string, codeHash: string): Promise<boolean> {
  const count = await db.$executeRaw`
    UPDATE users SET two_factor_recovery_codes = array_remove(two_factor_recovery_codes, ${codeHash})
    WHERE id = ${userId}::uuid AND ${codeHash} = ANY(two_factor_recovery_codes)`;
  return count === 1;
}

export async function setTwoFactor(
  db: DbOrTx,
  userId: string,
  data: { enabled: boolean; secret: string | null; recoveryCodeHashes: string[] },
): Promise<void> {
  await db.user.update({
    where: { id: userId },
    data: {
      twoFactorEnabled: data.enabled,
      twoFactorSecret: data.secret,
      twoFactorRecoveryCodes: data.recoveryCodeHashes,
    },
  });
}

export async function setRecoveryCodes(db: DbOrTx, userId: string, hashes: string[]): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { twoFactorRecoveryCodes: hashes } });
}

export function countRecoveryCodes(db: DbOrTx, userId: string) {
  return db.user
    .findUnique({ where: { id: userId }, select: { twoFactorRecoveryCodes: true } })
    .then((u) => u?.twoFactorRecoveryCodes.length ?? 0);
}

/** Workspaces the user owns, with the other members of each, for the delete-account rules. */
export function findOwnedWorkspaces(db: DbOrTx, userId: string) {
  return db.organization.findMany({
    where: { deletedAt: null, memberships: { some: { userId, role: "OWNER" } } },
    select: {
      id: true,
      name: true,
      isPersonal: true,
      memberships: {
        where: { userId: { not: userId } },
        select: { userId: true, role: true, disabled: true },
      },
    },
  });
}

export async function softDeleteWorkspaces(db: DbOrTx, orgIds: string[], now: Date): Promise<void> {
  if (orgIds.length === 0) return;
  await db.organization.updateMany({
    where: { id: { in: orgIds }, deletedAt: null },
    data: { deletedAt: now },
  });
}

/**
 * Soft-deletes the account: the address is freed (renamed to a tombstone) so it can sign up
 * again, credentials are wiped, memberships end, and a DeletedEmail row feeds the abuse guard.
 */
export async function softDeleteUser(
  db: DbOrTx,
  user: { id: string; email: string },
  now: Date,
): Promise<void> {
  await db.user.update({
    where: { id: user.id },
    data: {
      deletedAt: now,
      email: `deleted+${user.id}@deleted.invalid`,
      passwordHash: null,
      twoFactorEnabled: false,
      twoFactorSecret: null,
      twoFactorRecoveryCodes: [],
      lastIp: null,
      lastUserAgent: null,
    },
  });
  await db.membership.deleteMany({ where: { userId: user.id } });
  await db.emailToken.deleteMany({ where: { userId: user.id } });
  await db.deletedEmail.create({ data: { email: user.email, deletedAt: now } });
}
