import type { RateLimitRule } from "@quartet/auth/rate-limit";

// Abuse-guard numbers in one place, so they can be tuned without reading the services.

const MINUTE = 60;
const HOUR = 60 * MINUTE;

export const rateLimits = {
  signInPerIpAndEmail: (ip: string, email: string): RateLimitRule => ({
    key: `signin:ip-email:${ip}:${email}`,
    limit: 10,
    windowSeconds: 15 * MINUTE,
  }),
  signInPerIp: (ip: string): RateLimitRule => ({
    key: `signin:ip:${ip}`,
    limit: 50,
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

/** Sign-in lockout: after `threshold` consecutive wrong passwords, locked for base × 2^n, capped. */
export const lockoutPolicy = { threshold: 5, baseMs: 15 * 60_000, maxMs: 60 * 60_000 };

/** How long the account stays locked after its `failedCount`-th consecutive failure (0 = not locked). */
export function lockoutDurationMs(failedCount: number, policy = lockoutPolicy): number {
  if (failedCount < policy.threshold) return 0;
  const doublings = Math.min(failedCount - policy.threshold, 16);
  return Math.min(policy.baseMs * 2 ** doublings, policy.maxMs);
}

export const tokenTtlMs = {
  VERIFICATION: 24 * 60 * 60_000,
  PASSWORD_RESET: 60 * 60_000,
} as const;

/** A session that has passed the password but still owes its second factor. */
export const twoFactorPendingTtlMs = 10 * 60_000;

/** DeletedEmail rule: this many deletions of one address within the window block re-registration. */
export const deletedEmailRule = { maxDeletions: 3, windowMs: 30 * 24 * 60 * 60_000 };
