import { createHmac, randomInt, randomUUID, timingSafeEqual } from "node:crypto";
import { deriveKey } from "@quartet/auth/crypto";
import type { Deps, RequestMeta } from "../deps.ts";
import { type MailRecipient, mailUser } from "../email/email.queue.ts";
import { AppError } from "../errors.ts";
import { lockoutDurationMs, lockoutPolicy, rateLimits, unlockCodePolicy } from "./identity.limits.ts";
import { enforceRateLimits, recordAuthEventFrom } from "./identity.shared.ts";
import {
  countSignInFailure,
  findOpenUnlockCode,
  insertUnlockCode,
  setSignInLock,
  spendUnlockCodeAttempt,
} from "./sign-in-lockout.repository.ts";

// The account-wide sign-in lockout and its way out for the owner.
//
// Failures are counted per typed address in one upsert, whether or not an account has it, so a wrong
// password and an unknown address cost the same writes. The lock needs failures from several IPs
// (each IP is throttled per account first), and it never shuts the owner out: the right password plus
// a one-time code mailed to the address (or the 2FA code) signs in and lifts it.

const UNLOCK_CODE_PURPOSE = "unlock-code";

/** HMAC of the code under a key derived from the app's encryption key, bound to the code's row. */
export function hashUnlockCode(encryptionKey: string, codeId: string, code: string): string {
  return createHmac("sha256", deriveKey(encryptionKey, UNLOCK_CODE_PURPOSE))
    .update(`${codeId}:${code}`)
    .digest("hex");
}

function generateUnlockCode(): string {
  return randomInt(0, 10 ** unlockCodePolicy.digits)
    .toString()
    .padStart(unlockCodePolicy.digits, "0");
}

/**
 * Counts a failed sign-in against the typed address. When the failures reach the threshold from
 * enough distinct IPs (and no lock is in force), the address is locked and ACCOUNT_LOCKED recorded.
 * Identical statements for a known and an unknown address; only the event's user id differs.
 */
export async function recordSignInFailure(
  deps: Deps,
  req: RequestMeta,
  email: string,
  userId: string | null,
  now: Date,
): Promise<void> {
  const state = await countSignInFailure(deps.db, {
    email,
    ip: req.ip,
    now,
    windowMs: lockoutPolicy.windowMs,
    maxTrackedIps: lockoutPolicy.maxTrackedIps,
  });
  const alreadyLocked = state.lockedUntil !== null && state.lockedUntil > now;
  if (
    alreadyLocked ||
    state.failedCount < lockoutPolicy.threshold ||
    state.distinctIps < lockoutPolicy.minDistinctIps
  )
    return;
  const lockedUntil = new Date(now.getTime() + lockoutDurationMs(state.lockCount + 1));
  await setSignInLock(deps.db, email, lockedUntil, now);
  await recordAuthEventFrom(deps.db, req, {
    type: "ACCOUNT_LOCKED",
    outcome: "SUCCESS",
    userId,
    failureReason: "TOO_MANY_FAILED_SIGN_INS",
    metadata: {
      failedCount: state.failedCount,
      distinctIps: state.distinctIps,
      lockNumber: state.lockCount + 1,
      lockedUntil: lockedUntil.toISOString(),
      ...(userId ? {} : { email }),
    },
    at: now,
  });
}

/** Mails a fresh 6-digit unlock code (the previous one stops working) and records UNLOCK_CODE_SENT. */
export async function mailUnlockCode(
  deps: Deps,
  req: RequestMeta,
  user: MailRecipient,
  lockedUntil: Date,
  now: Date,
): Promise<void> {
  await enforceRateLimits(deps, req, [rateLimits.unlockCodeMailsPerUser(user.id)], {
    userId: user.id,
    action: "unlock_code_mail",
  });
  const id = randomUUID();
  const code = generateUnlockCode();
  const expiresAt = new Date(now.getTime() + unlockCodePolicy.ttlMs);
  await deps.db.$transaction(async (tx) => {
    await insertUnlockCode(tx, {
      id,
      userId: user.id,
      codeHash: hashUnlockCode(deps.config.encryptionKey, id, code),
      now,
      expiresAt,
    });
    await mailUser(tx, deps.boss, user, "UNLOCK_CODE", {
      name: user.name,
      code,
      minutes: Math.round(unlockCodePolicy.ttlMs / 60_000),
    });
    await recordAuthEventFrom(tx, req, {
      type: "UNLOCK_CODE_SENT",
      outcome: "SUCCESS",
      userId: user.id,
      metadata: { codeId: id, expiresAt: expiresAt.toISOString(), lockedUntil: lockedUntil.toISOString() },
      at: now,
    });
  });
}

const unlockCodeError = (reason: "INVALID_UNLOCK_CODE" | "UNLOCK_CODE_EXPIRED") => {
  const message =
    reason === "INVALID_UNLOCK_CODE"
      ? "That code didn't work. Check the newest email from us and try again."
      : "This code has expired or was tried too many times. Send yourself a new one.";
  return new AppError("BAD_REQUEST", message, { unlockCode: message }, reason);
};

/**
 * Checks a typed unlock code against the account's newest one. Each try is spent (and rate limited
 * per account) before the comparison, outside any transaction, so a wrong guess always counts.
 * Returns the code's id for the caller to mark used in its sign-in transaction; throws otherwise.
 */
export async function checkUnlockCode(
  deps: Deps,
  req: RequestMeta,
  userId: string,
  typed: string,
  now: Date,
): Promise<string> {
  await enforceRateLimits(deps, req, [rateLimits.unlockCodeChecksPerUser(userId)], {
    userId,
    action: "unlock_code_check",
  });
  const code = typed.replace(/\s+/g, "");
  const open = await findOpenUnlockCode(deps.db, userId);
  const failed = async (reason: string, error: AppError) => {
    await recordAuthEventFrom(deps.db, req, {
      type: "UNLOCK_CODE_FAILED",
      outcome: "FAILURE",
      userId,
      failureReason: reason,
      ...(open ? { metadata: { codeId: open.id } } : {}),
      at: now,
    });
    return error;
  };
  if (!open) throw await failed("NO_CODE", unlockCodeError("UNLOCK_CODE_EXPIRED"));
  if (open.expiresAt <= now) throw await failed("CODE_EXPIRED", unlockCodeError("UNLOCK_CODE_EXPIRED"));
  if (!(await spendUnlockCodeAttempt(deps.db, open.id, unlockCodePolicy.maxAttempts)))
    throw await failed("CODE_TRIES_EXHAUSTED", unlockCodeError("UNLOCK_CODE_EXPIRED"));
  const expected = Buffer.from(open.codeHash, "hex");
  const actual = Buffer.from(hashUnlockCode(deps.config.encryptionKey, open.id, code), "hex");
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual))
    throw await failed("BAD_CODE", unlockCodeError("INVALID_UNLOCK_CODE"));
  return open.id;
}
