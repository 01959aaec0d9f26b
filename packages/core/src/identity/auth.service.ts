import type { AuthEventInput } from "@quartet/auth/auth-events";
import { decryptSecret } from "@quartet/auth/crypto";
import { hashPassword, verifyPasswordOrDummy } from "@quartet/auth/password";
import { clearRateLimit } from "@quartet/auth/rate-limit";
import { invalidateSession, invalidateUserSessions, type ValidatedSession } from "@quartet/auth/session";
import { hashRecoveryCode, looksLikeTotpCode, verifyTotpCode } from "@quartet/auth/totp";
import type { Tx } from "@quartet/db/client";
import {
  identityPasswordResetJob,
  identitySignUpJob,
  identityVerificationResendJob,
} from "@quartet/jobs/definitions";
import { enqueue } from "@quartet/jobs/queue";
import type { Deps, RequestMeta } from "../deps.ts";
import { type MailRecipient, mailUser } from "../email/email.queue.ts";
import { AppError } from "../errors.ts";
import { configValue } from "../platform/settings/app-config.service.ts";
import { keyRingOf } from "../security/key-ring.ts";
import { deletedEmailRule, rateLimits, tokenTtlMs } from "./identity.limits.ts";
import {
  type AuthUser,
  activateUser,
  consumeEmailToken,
  countRecentDeletions,
  createEmailToken,
  findUserByEmail,
  findUserById,
  recordLogin,
  retireEmailTokens,
  setPasswordHash,
  spendRecoveryCode,
} from "./identity.repository.ts";
import type {
  EmailInput,
  ResetPasswordInput,
  SignInInput,
  SignUpInput,
  TokenInput,
  TwoFactorCodeInput,
} from "./identity.schema.ts";
import {
  type AuthRequest,
  appLink,
  assertStrongPassword,
  enforceRateLimits,
  type IssuedSession,
  issueSession,
  normalizeEmail,
  recordAuthEventFrom,
  TOTP_SECRET_PURPOSE,
  tokenError,
} from "./identity.shared.ts";
import { findSession } from "./session.repository.ts";
import { clearSignInLockout, findSignInLockout, useUnlockCode } from "./sign-in-lockout.repository.ts";
import { checkUnlockCode, mailUnlockCode, recordSignInFailure } from "./sign-in-lockout.ts";

// Public authentication flows: sign-up, email verification, sign-in (with second factor),
// sign-out and password reset. Answers never reveal whether an address has an account.

export interface SessionView {
  user: {
    id: string;
    email: string;
    name: string | null;
    locale: string;
    timezone: string;
    avatarUrl: string | null;
    twoFactorEnabled: boolean;
    platformRole: "USER" | "SUPERADMIN";
  };
  twoFactorPending: boolean;
}

/** What `auth.session()` returns for the request's validated session (or null). */
export function viewSession(auth: ValidatedSession | null): SessionView | null {
  if (!auth) return null;
  const { user, session } = auth;
  return {
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      locale: user.locale,
      timezone: user.timezone,
      avatarUrl: user.avatarUrl,
      twoFactorEnabled: user.twoFactorEnabled,
      platformRole: user.platformRole,
    },
    twoFactorPending: session.twoFactorPending,
  };
}

const invalidCredentials = () =>
  new AppError("UNAUTHORIZED", "Incorrect email or password.", undefined, "INVALID_CREDENTIALS");

/** The app page each emailed link opens. */
const linkPages = { VERIFICATION: "/verify-email", PASSWORD_RESET: "/reset-password" } as const;

/** Mails a fresh single-use link; the user's earlier links of the same kind stop working. */
export async function mailTokenLink(
  deps: Deps,
  tx: Tx,
  user: MailRecipient,
  type: keyof typeof linkPages,
  now: Date,
): Promise<void> {
  await retireEmailTokens(tx, user.id, type, now);
  const token = await createEmailToken(tx, user.id, type, tokenTtlMs[type], now);
  await mailUser(tx, deps.boss, user, type, { name: user.name, link: appLink(deps, linkPages[type], token) });
}

/**
 * Signs the browser in with a new session, ending the one it replaces, and records the LOGIN.
 * A 2FA-pending session doesn't count as a login on the account until its second step.
 */
async function startSession(
  tx: Tx,
  req: AuthRequest,
  userId: string,
  now: Date,
  login: { replaces: string | null; twoFactorPending?: boolean; metadata: AuthEventInput["metadata"] },
): Promise<IssuedSession> {
  const twoFactorPending = login.twoFactorPending ?? false;
  if (login.replaces) await invalidateSession(tx, login.replaces);
  const session = await issueSession(tx, req, userId, now, twoFactorPending);
  if (!twoFactorPending) await recordLogin(tx, userId, req, now);
  await recordAuthEventFrom(tx, req, {
    type: "LOGIN",
    outcome: "SUCCESS",
    userId,
    metadata: login.metadata,
    at: now,
  });
  return session;
}

// ── Sign-up and verification ─────────────────────────────────────────────────────────────────

/**
 * Signs up: checks the password and hashes it, then enqueues one `identity.sign-up` job that creates
 * the PENDING account with its personal workspace and verification mail, or records that the address
 * is taken (a still-pending owner is simply sent a fresh link). The request does the same work for
 * every address (rate limit, password checks, argon2, the recently-deleted guard, one job) and always
 * answers `{ ok: true }`, so neither the answer nor its timing tells who has an account. The account
 * appears a moment later, when the worker has run the job.
 */
export async function signUp(deps: Deps, req: RequestMeta, input: SignUpInput): Promise<{ ok: true }> {
  const now = deps.clock.now();
  const email = normalizeEmail(input.email);
  await enforceRateLimits(deps, req, [rateLimits.signUpPerIp(req.ip)], { action: "sign_up" });
  // Runtime switch (admin console → App config): closes sign-ups without a deploy.
  if (!(await configValue(deps, "auth.signup_enabled")))
    throw new AppError(
      "FORBIDDEN",
      "Sign-ups are closed for now. Please try again later.",
      undefined,
      "SIGNUP_DISABLED",
    );

  assertStrongPassword(input.password, "password", { email });
  const passwordHash = await hashPassword(input.password);

  // Asked for every address (it says nothing about whether one has an account now).
  const deletions = await countRecentDeletions(
    deps.db,
    email,
    new Date(now.getTime() - deletedEmailRule.windowMs),
  );
  if (deletions >= deletedEmailRule.maxDeletions) {
    await recordAuthEventFrom(deps.db, req, {
      type: "REGISTRATION",
      outcome: "FAILURE",
      failureReason: "EMAIL_RECENTLY_DELETED",
      metadata: { email },
      at: now,
    });
    const message =
      "Accounts for this email address were deleted too many times recently. Please try again in 30 days.";
    throw new AppError("BAD_REQUEST", message, { email: message }, "EMAIL_RECENTLY_DELETED");
  }

  await enqueue(deps.boss, deps.db, identitySignUpJob, {
    ...jobRequest(req, email, now),
    name: input.name,
    passwordHash,
    locale: input.locale ?? "en",
    timezone: input.timezone ?? "UTC",
  });
  return { ok: true };
}

/** Who asked and when, for an identity job that decides off the request path. */
function jobRequest(req: RequestMeta, email: string, now: Date) {
  return {
    requestId: crypto.randomUUID(),
    email,
    ip: req.ip.slice(0, 64),
    userAgent: req.userAgent.slice(0, 500),
    requestedAt: now.toISOString(),
  };
}

/**
 * Spends a verification link: the account becomes ACTIVE, a welcome mail is queued and the
 * browser is signed in (in the admin console only for platform admins).
 */
export async function verifyEmail(
  deps: Deps,
  req: AuthRequest,
  input: TokenInput,
): Promise<{ ok: true; session: IssuedSession | null }> {
  const now = deps.clock.now();
  return deps.db.$transaction(async (tx) => {
    const consumed = await consumeEmailToken(tx, input.token, "VERIFICATION", now);
    if (!consumed.ok) throw tokenError(consumed.reason);
    const user = await findUserById(tx, consumed.userId);
    if (!user) throw tokenError("TOKEN_INVALID");
    if (user.status === "LOCKED" || user.status === "DISABLED") {
      throw new AppError(
        "FORBIDDEN",
        "This account can't be used. Please contact support.",
        undefined,
        `ACCOUNT_${user.status}`,
      );
    }
    if (user.status === "PENDING") {
      await activateUser(tx, user.id, now);
      await retireEmailTokens(tx, user.id, "VERIFICATION", now);
      await mailUser(tx, deps.boss, user, "WELCOME", { name: user.name, link: deps.config.webUrl });
    }
    await recordAuthEventFrom(tx, req, {
      type: "EMAIL_VERIFIED",
      outcome: "SUCCESS",
      userId: user.id,
      at: now,
    });
    const maySignIn = !user.twoFactorEnabled && (req.kind === "WEB" || user.platformRole === "SUPERADMIN");
    if (!maySignIn) return { ok: true as const, session: null };
    const session = await startSession(tx, req, user.id, now, {
      replaces: req.currentSessionId,
      metadata: { via: "email_verification" },
    });
    return { ok: true as const, session };
  });
}

/**
 * Asks for a fresh verification link. Like a password reset, the request does the same work for any
 * address (rate limits, one `identity.verification-resend` job); the job mails a still-pending
 * account and ignores every other address.
 */
export async function resendVerification(
  deps: Deps,
  req: RequestMeta,
  input: EmailInput,
): Promise<{ ok: true }> {
  const now = deps.clock.now();
  const email = normalizeEmail(input.email);
  await enforceRateLimits(
    deps,
    req,
    [rateLimits.verificationPerIp(req.ip), rateLimits.verificationPerEmail(email)],
    { action: "resend_verification" },
  );
  await enqueue(deps.boss, deps.db, identityVerificationResendJob, jobRequest(req, email, now));
  return { ok: true };
}

// ── Sign-in ──────────────────────────────────────────────────────────────────────────────────

export type SignInResult =
  | { status: "SIGNED_IN"; session: IssuedSession }
  | { status: "TWO_FACTOR_REQUIRED"; session: IssuedSession }
  | { status: "UNLOCK_CODE_REQUIRED" };

/**
 * Password sign-in. An unknown address and a wrong password get the same error after the same
 * work: one argon2 verification (against a throwaway hash when there is no account), the same
 * rate-limit and lockout writes, one LOGIN_FAILED event. Only once the password is right do we
 * explain a PENDING/LOCKED/DISABLED account.
 *
 * An account locked by failed sign-ins still lets its owner in: with 2FA on, the usual second step
 * (its success lifts the lock); otherwise a one-time code is mailed (`UNLOCK_CODE_REQUIRED`) and
 * the same call with `unlockCode` signs in and lifts the lock.
 */
export async function signIn(deps: Deps, req: AuthRequest, input: SignInInput): Promise<SignInResult> {
  const now = deps.clock.now();
  const email = normalizeEmail(input.email);
  const perAccount = [
    rateLimits.signInPerIpAndEmail(req.ip, email),
    rateLimits.signInPerIpAndEmailDaily(req.ip, email),
  ];
  await enforceRateLimits(deps, req, [...perAccount, rateLimits.signInPerIp(req.ip)], { action: "sign_in" });

  const user = await findUserByEmail(deps.db, email);
  const lockout = await findSignInLockout(deps.db, email);
  const passwordOk = await verifyPasswordOrDummy(user?.passwordHash, input.password);
  if (!user || !passwordOk) {
    await recordSignInFailure(deps, req, email, user?.id ?? null, now);
    await recordAuthEventFrom(deps.db, req, {
      type: "LOGIN_FAILED",
      outcome: "FAILURE",
      userId: user?.id ?? null,
      failureReason: !user ? "UNKNOWN_EMAIL" : user.passwordHash ? "BAD_PASSWORD" : "NO_PASSWORD",
      ...(user ? {} : { metadata: { email } }),
      at: now,
    });
    throw invalidCredentials();
  }

  // The right password: this IP isn't guessing. Its per-account counters start over.
  for (const rule of perAccount) await clearRateLimit(deps.db, rule.key);
  await refuseUnlessAllowed(deps, req, user, now);

  const lockedUntil = lockout?.lockedUntil && lockout.lockedUntil > now ? lockout.lockedUntil : null;
  let unlockCodeId: string | null = null;
  if (lockedUntil && !user.twoFactorEnabled) {
    if (req.kind === "ADMIN") await refuseLockedAdmin(deps, req, user, lockedUntil, now);
    if (!input.unlockCode) {
      await mailUnlockCode(deps, req, user, lockedUntil, now);
      return { status: "UNLOCK_CODE_REQUIRED" };
    }
    unlockCodeId = await checkUnlockCode(deps, req, user.id, input.unlockCode, now);
  }
  // Failures before this right password are forgotten, unless a lock waits for its second proof
  // (the 2FA step lifts it).
  if (lockout && !(lockedUntil && user.twoFactorEnabled)) await clearSignInLockout(deps.db, email);

  return deps.db.$transaction(async (tx) => {
    if (unlockCodeId) {
      if (!(await useUnlockCode(tx, unlockCodeId, now))) throw unlockCodeUsed();
      await recordAuthEventFrom(tx, req, {
        type: "ACCOUNT_UNLOCKED",
        outcome: "SUCCESS",
        userId: user.id,
        metadata: { method: "email_code", codeId: unlockCodeId },
        at: now,
      });
    }
    const twoFactorPending = user.twoFactorEnabled;
    const session = await startSession(tx, req, user.id, now, {
      replaces: req.currentSessionId,
      twoFactorPending,
      metadata: {
        step: "password",
        twoFactorPending,
        kind: req.kind,
        ...(lockedUntil ? { lockedUntil: lockedUntil.toISOString() } : {}),
      },
    });
    return { status: twoFactorPending ? ("TWO_FACTOR_REQUIRED" as const) : ("SIGNED_IN" as const), session };
  });
}

const unlockCodeUsed = () => {
  const message = "This code was already used. Send yourself a new one.";
  return new AppError("BAD_REQUEST", message, { unlockCode: message }, "UNLOCK_CODE_EXPIRED");
};

/**
 * The admin console has no code step: a locked platform admin without 2FA unlocks in the customer
 * app (or waits), and is told so only now that the password is known to be right.
 */
async function refuseLockedAdmin(
  deps: Deps,
  req: AuthRequest,
  user: AuthUser,
  lockedUntil: Date,
  now: Date,
): Promise<never> {
  await recordAuthEventFrom(deps.db, req, {
    type: "LOGIN_FAILED",
    outcome: "FAILURE",
    userId: user.id,
    failureReason: "LOCKED_OUT",
    metadata: { lockedUntil: lockedUntil.toISOString(), kind: req.kind },
    at: now,
  });
  const minutes = Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 60_000));
  throw new AppError(
    "FORBIDDEN",
    `Too many failed sign-ins locked this account. Sign in to the customer app to unlock it with a code sent to your email, or try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
    undefined,
    "ACCOUNT_TEMPORARILY_LOCKED",
  );
}

/** The password was right; these reasons may now be told to the person. */
async function refuseUnlessAllowed(deps: Deps, req: AuthRequest, user: AuthUser, now: Date): Promise<void> {
  const refusal = signInRefusal(req, user);
  if (!refusal) return;
  await recordAuthEventFrom(deps.db, req, {
    type: "LOGIN_FAILED",
    outcome: "FAILURE",
    userId: user.id,
    failureReason: refusal.reason,
    at: now,
  });
  throw new AppError("FORBIDDEN", refusal.message, undefined, refusal.reason);
}

function signInRefusal(req: AuthRequest, user: AuthUser): { reason: string; message: string } | null {
  if (user.status === "PENDING") {
    const message = "Please verify your email first: open the link we sent you, or ask for a new one.";
    return { reason: "EMAIL_NOT_VERIFIED", message };
  }
  if (user.status === "LOCKED") {
    return { reason: "ACCOUNT_LOCKED", message: "This account is locked. Please contact support." };
  }
  if (user.status === "DISABLED") {
    return { reason: "ACCOUNT_DISABLED", message: "This account has been disabled. Please contact support." };
  }
  if (req.kind === "ADMIN" && user.platformRole !== "SUPERADMIN") {
    const message = "Only platform administrators can sign in to the admin console.";
    return { reason: "NOT_PLATFORM_ADMIN", message };
  }
  return null;
}

const twoFactorExpired = () =>
  new AppError(
    "UNAUTHORIZED",
    "Your sign-in has expired. Please enter your email and password again.",
    undefined,
    "TWO_FACTOR_SESSION_EXPIRED",
  );

/**
 * Second step of sign-in: a TOTP code or an unused recovery code (spent on use). On success the
 * 2FA-pending session is replaced by a fresh one, so the token seen before the second factor
 * never becomes a full session.
 */
export async function signInTwoFactor(
  deps: Deps,
  req: AuthRequest,
  input: TwoFactorCodeInput,
): Promise<{ status: "SIGNED_IN"; session: IssuedSession }> {
  const now = deps.clock.now();
  const pending = req.currentSessionId ? await findSession(deps.db, req.currentSessionId) : null;
  if (!pending?.twoFactorPending || pending.kind !== req.kind || pending.expiresAt <= now) {
    throw twoFactorExpired();
  }
  const user = await findUserById(deps.db, pending.userId);
  if (user?.status !== "ACTIVE" || !user.twoFactorEnabled || !user.twoFactorSecret) {
    await invalidateSession(deps.db, pending.id);
    throw twoFactorExpired();
  }
  await enforceRateLimits(deps, req, [rateLimits.twoFactorPerUser(user.id)], {
    userId: user.id,
    action: "two_factor",
  });

  let method: "totp" | "recovery_code";
  let ok: boolean;
  if (looksLikeTotpCode(input.code)) {
    method = "totp";
    const key = decryptSecret(keyRingOf(deps.config), TOTP_SECRET_PURPOSE, user.twoFactorSecret);
    ok = verifyTotpCode(key, input.code, now);
  } else {
    method = "recovery_code";
    ok = await spendRecoveryCode(deps.db, user.id, hashRecoveryCode(input.code));
  }
  if (!ok) {
    await recordAuthEventFrom(deps.db, req, {
      type: "TWO_FACTOR_FAILED",
      outcome: "FAILURE",
      userId: user.id,
      failureReason: method === "totp" ? "BAD_TOTP_CODE" : "BAD_RECOVERY_CODE",
      at: now,
    });
    const message = "That code didn't work. Check your authenticator app and try again.";
    throw new AppError("BAD_REQUEST", message, { code: message }, "INVALID_TWO_FACTOR_CODE");
  }

  const lockout = await findSignInLockout(deps.db, user.email);
  return deps.db.$transaction(async (tx) => {
    // The second factor proves the owner: a sign-in lockout in force is lifted.
    if (
      lockout &&
      (await clearSignInLockout(tx, user.email)) &&
      lockout.lockedUntil &&
      lockout.lockedUntil > now
    ) {
      await recordAuthEventFrom(tx, req, {
        type: "ACCOUNT_UNLOCKED",
        outcome: "SUCCESS",
        userId: user.id,
        metadata: { method: "two_factor" },
        at: now,
      });
    }
    const session = await startSession(tx, { ...req, kind: pending.kind }, user.id, now, {
      replaces: pending.id,
      metadata: { step: "two_factor", method, kind: pending.kind },
    });
    return { status: "SIGNED_IN" as const, session };
  });
}

export async function signOut(deps: Deps, req: AuthRequest): Promise<{ ok: true }> {
  if (!req.currentSessionId) return { ok: true };
  const now = deps.clock.now();
  const session = await findSession(deps.db, req.currentSessionId);
  await invalidateSession(deps.db, req.currentSessionId);
  if (session) {
    await recordAuthEventFrom(deps.db, req, {
      type: "LOGOUT",
      outcome: "SUCCESS",
      userId: session.userId,
      at: now,
    });
  }
  return { ok: true };
}

// ── Password reset ───────────────────────────────────────────────────────────────────────────

/**
 * Asks for a 1-hour reset link. The request does the same work whatever the address (rate limits,
 * then one `identity.password-reset` job), so neither the answer nor its timing tells whether an
 * account exists; the job mails the link or records the miss.
 */
export async function requestPasswordReset(
  deps: Deps,
  req: RequestMeta,
  input: EmailInput,
): Promise<{ ok: true }> {
  const now = deps.clock.now();
  const email = normalizeEmail(input.email);
  await enforceRateLimits(deps, req, [rateLimits.resetPerIp(req.ip), rateLimits.resetPerEmail(email)], {
    action: "password_reset",
  });
  await enqueue(deps.boss, deps.db, identityPasswordResetJob, jobRequest(req, email, now));
  return { ok: true };
}

/**
 * Sets a new password from a reset link: ends every session of the account, clears the sign-in
 * lockout, and (since the link proves the address) activates a still-pending account.
 */
export async function resetPassword(
  deps: Deps,
  req: RequestMeta,
  input: ResetPasswordInput,
): Promise<{ ok: true }> {
  const now = deps.clock.now();
  assertStrongPassword(input.password, "password");
  const passwordHash = await hashPassword(input.password);

  await deps.db.$transaction(async (tx) => {
    const consumed = await consumeEmailToken(tx, input.token, "PASSWORD_RESET", now);
    if (!consumed.ok) throw tokenError(consumed.reason);
    const user = await findUserById(tx, consumed.userId);
    if (!user || user.status === "DISABLED") throw tokenError("TOKEN_INVALID");
    // Now that the address is known, check the password against it too. Throwing rolls the
    // token back, so the person can retry with the same link.
    assertStrongPassword(input.password, "password", { email: user.email });
    await setPasswordHash(tx, user.id, passwordHash);
    await clearSignInLockout(tx, user.email);
    if (user.status === "PENDING") await activateUser(tx, user.id, now);
    await retireEmailTokens(tx, user.id, "PASSWORD_RESET", now);
    const ended = await invalidateUserSessions(tx, user.id);
    await mailUser(tx, deps.boss, user, "PASSWORD_CHANGED", { name: user.name });
    await recordAuthEventFrom(tx, req, {
      type: "PASSWORD_RESET_COMPLETE",
      outcome: "SUCCESS",
      userId: user.id,
      metadata: { endedSessions: ended },
      at: now,
    });
  });
  return { ok: true };
}
