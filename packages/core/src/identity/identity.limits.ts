import type { RateLimitRule } from "@quartet/auth/rate-limit";

// Abuse-guard numbers in one place, so they can be tuned without reading the services.

const MINUTE = 60;
const HOUR = 60 * MINUTE;

export const rateLimits = {
  /**
   * Password guesses at one account from one IP: throttled long before the account-wide lockout
   * (which needs failures from several IPs), so one attacker can't lock the owner out. Forgotten
   * when the password is right.
   */
  signInPerIpAndEmail: (ip: string, email: string): RateLimitRule => ({
    key: `signin:ip-email:${ip}:${email}`,
    limit: 5,
    windowSeconds: 15 * MINUTE,
  }),
  signInPerIpAndEmailDaily: (ip: string, email: string): RateLimitRule => ({
    key: `signin:ip-email-day:${ip}:${email}`,
    limit: 20,
    windowSeconds: 24 * HOUR,
  }),
  /**
   * Every sign-in from one IP, right or wrong: slows password spraying across many accounts. High
   * enough for an office behind one address (and the e2e suite, all from 127.0.0.1).
   */
  signInPerIp: (ip: string): RateLimitRule => ({
    key: `signin:ip:${ip}`,
    limit: 300,
    windowSeconds: 15 * MINUTE,
  }),
  /** Unlock codes mailed to one account (each new one replaces the last). */
  unlockCodeMailsPerUser: (userId: string): RateLimitRule => ({
    key: `unlock-mail:user:${userId}`,
    limit: 3,
    windowSeconds: 15 * MINUTE,
  }),
  /** Unlock codes tried against one account, whatever the IP (each code also allows 5 tries). */
  unlockCodeChecksPerUser: (userId: string): RateLimitRule => ({
    key: `unlock-check:user:${userId}`,
    limit: 10,
    windowSeconds: 15 * MINUTE,
  }),
  signUpPerIp: (ip: string): RateLimitRule => ({ key: `signup:ip:${ip}`, limit: 5, windowSeconds: HOUR }),
  resetPerIp: (ip: string): RateLimitRule => ({ key: `reset:ip:${ip}`, limit: 5, windowSeconds: HOUR }),
  resetPerEmail: (email: string): RateLimitRule => ({
    key: `reset:email:${email}`,
    limit: 3,
    windowSeconds: HOUR,
  }),
  verificationPerIp: (ip: string): RateLimitRule => ({
    key: `verify-resend:ip:${ip}`,
    limit: 5,
    windowSeconds: HOUR,
  }),
  verificationPerEmail: (email: string): RateLimitRule => ({
    key: `verify-resend:email:${email}`,
    limit: 3,
    windowSeconds: HOUR,
  }),
  /** Second-factor codes: 6 digits fall to brute force without a tight limit. */
  twoFactorPerUser: (userId: string): RateLimitRule => ({
    key: `2fa:user:${userId}`,
    limit: 5,
    windowSeconds: 15 * MINUTE,
  }),
  /** Re-entering the password for sensitive account changes (change password, 2FA, delete). */
  passwordConfirmPerUser: (userId: string): RateLimitRule => ({
    key: `password-confirm:user:${userId}`,
    limit: 10,
    windowSeconds: 15 * MINUTE,
  }),
};

/**
 * Account-wide sign-in lockout: after `threshold` failed sign-ins within `windowMs` coming from at
 * least `minDistinctIps` addresses, the account is locked for base × 2^n (capped). One IP gets at
 * most 5 tries per 15 minutes (rateLimits.signInPerIpAndEmail), so it can never lock an account
 * alone. While locked, the right password plus a mailed code (or the 2FA code) still signs in.
 */
export const lockoutPolicy = {
  threshold: 10,
  minDistinctIps: 3,
  windowMs: 24 * 60 * 60_000,
  baseMs: 15 * 60_000,
  maxMs: 60 * 60_000,
  /** How many distinct IPs a lockout row remembers (enough to tell "several"). */
  maxTrackedIps: 20,
};

/** How long the `lockNumber`-th lock of a window lasts (1st: base, then doubling, capped). */
export function lockoutDurationMs(lockNumber: number, policy = lockoutPolicy): number {
  const doublings = Math.min(Math.max(lockNumber - 1, 0), 16);
  return Math.min(policy.baseMs * 2 ** doublings, policy.maxMs);
}

export const tokenTtlMs = {
  VERIFICATION: 24 * 60 * 60_000,
  PASSWORD_RESET: 60 * 60_000,
} as const;

/** The code mailed to unlock a locked account: 6 digits, single use. */
export const unlockCodePolicy = { digits: 6, ttlMs: 15 * 60_000, maxAttempts: 5 };

/** A session that has passed the password but still owes its second factor. */
export const twoFactorPendingTtlMs = 10 * 60_000;

/** DeletedEmail rule: this many deletions of one address within the window block re-registration. */
export const deletedEmailRule = { maxDeletions: 3, windowMs: 30 * 24 * 60 * 60_000 };
