import { type AuthEventInput, recordAuthEvent } from "@quartet/auth/auth-events";
import { parseUserAgent } from "@quartet/auth/device";
import { checkPasswordPolicy } from "@quartet/auth/password";
import { hitRateLimits, type RateLimitRule } from "@quartet/auth/rate-limit";
import { createSession } from "@quartet/auth/session";
import type { DbOrTx } from "@quartet/db/client";
import type { SessionKind } from "@quartet/db/enums";
import type { Deps, RequestMeta } from "../deps.ts";
import { AppError } from "../errors.ts";
import { twoFactorPendingTtlMs } from "./identity.limits.ts";
import { shortenSession } from "./session.repository.ts";

// Helpers shared by the identity services (not exported outside the module by convention).

/** A public auth request: who is asking, which app (WEB or ADMIN), and the browser's current session. */
export interface AuthRequest extends RequestMeta {
  kind: SessionKind;
  /** The session id from the request's cookie, when it had a valid one (possibly 2FA-pending). */
  currentSessionId: string | null;
}

/** A session for the router to put in the cookie. */
export interface IssuedSession {
  token: string;
  userId: string;
  kind: SessionKind;
  expiresAt: Date;
  absoluteExpiresAt: Date;
  twoFactorPending: boolean;
}

/** Purpose label for deriving the TOTP-secret encryption key. */
export const TOTP_SECRET_PURPOSE = "totp-secret";

function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

/** Records an AuthEvent stamped with the IP address and user agent of the request behind it. */
export function recordAuthEventFrom(
  db: DbOrTx,
  req: RequestMeta,
  event: Omit<AuthEventInput, "ip" | "userAgent">,
): Promise<void> {
  return recordAuthEvent(db, { ...event, ip: req.ip, userAgent: req.userAgent });
}

/** Refuses a password the policy rejects, with the reason on the form field it came from. */
export function assertStrongPassword(password: string, field: string, context?: { email: string }): void {
  const weak = checkPasswordPolicy(password, context);
  if (weak)
    throw new AppError("BAD_REQUEST", "Choose a stronger password.", { [field]: weak }, "WEAK_PASSWORD");
}

/** Counts one attempt against each rule; over a limit, records RATE_LIMITED and refuses. */
export async function enforceRateLimits(
  deps: Deps,
  meta: RequestMeta,
  rules: RateLimitRule[],
  context: { userId?: string | null; action: string },
): Promise<void> {
  const now = deps.clock.now();
  const result = await hitRateLimits(deps.db, rules, now);
  if (result.allowed) return;
  await recordAuthEventFrom(deps.db, meta, {
    type: "RATE_LIMITED",
    outcome: "FAILURE",
    userId: context.userId ?? null,
    failureReason: "RATE_LIMITED",
    metadata: { action: context.action, retryAfterSeconds: result.retryAfterSeconds },
    at: now,
  });
  throw new AppError(
    "TOO_MANY_REQUESTS",
    `Too many attempts. Please try again in ${formatWait(result.retryAfterSeconds)}.`,
    undefined,
    "RATE_LIMITED",
  );
}

export async function issueSession(
  db: DbOrTx,
  req: AuthRequest,
  userId: string,
  now: Date,
  twoFactorPending = false,
): Promise<IssuedSession> {
  const { token, session } = await createSession(
    db,
    userId,
    req.kind,
    {
      ip: req.ip,
      userAgent: req.userAgent,
      deviceInfo: { ...parseUserAgent(req.userAgent) },
      twoFactorPending,
    },
    now,
  );
  if (twoFactorPending) {
    const until = new Date(now.getTime() + twoFactorPendingTtlMs);
    await shortenSession(db, session.id, until);
    return { token, userId, kind: req.kind, expiresAt: until, absoluteExpiresAt: until, twoFactorPending };
  }
  return {
    token,
    userId,
    kind: req.kind,
    expiresAt: session.expiresAt,
    absoluteExpiresAt: session.absoluteExpiresAt,
    twoFactorPending,
  };
}

export function appLink(deps: Deps, path: string, token: string): string {
  return `${deps.config.webUrl.replace(/\/+$/, "")}${path}?token=${encodeURIComponent(token)}`;
}

export function tokenError(reason: "TOKEN_EXPIRED" | "TOKEN_INVALID"): AppError {
  return reason === "TOKEN_EXPIRED"
    ? new AppError("BAD_REQUEST", "This link has expired. Please request a new one.", undefined, reason)
    : new AppError("BAD_REQUEST", "This link is invalid or has already been used.", undefined, reason);
}

/** Addresses are stored lower-cased; services normalise too, whatever the caller parsed. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
