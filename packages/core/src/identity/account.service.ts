import { decryptSecret, encryptSecret } from "@quartet/auth/crypto";
import { hashPassword, verifyPasswordOrDummy } from "@quartet/auth/password";
import { invalidateUserSessions } from "@quartet/auth/session";
import {
  encodeTotpKey,
  generateRecoveryCodes,
  generateTotpKey,
  hashRecoveryCode,
  totpQrDataUrl,
  totpUri,
  verifyTotpCode,
} from "@quartet/auth/totp";
import type { Deps, UserActor } from "../deps.ts";
import { mailUser } from "../email/email.queue.ts";
import { AppError, notFound } from "../errors.ts";
import { keyRingOf } from "../security/key-ring.ts";
import { rateLimits } from "./identity.limits.ts";
import {
  type AuthUser,
  findOwnedWorkspaces,
  findProfile,
  findUserById,
  type Profile,
  setPasswordHash,
  setRecoveryCodes,
  setTwoFactor,
  softDeleteUser,
  softDeleteWorkspaces,
  updateProfile as updateProfileRow,
} from "./identity.repository.ts";
import type {
  ChangePasswordInput,
  PasswordConfirmInput,
  TwoFactorCodeInput,
  UpdateProfileInput,
} from "./identity.schema.ts";
import {
  assertStrongPassword,
  enforceRateLimits,
  recordAuthEventFrom,
  TOTP_SECRET_PURPOSE,
} from "./identity.shared.ts";
import { clearSignInLockout } from "./sign-in-lockout.repository.ts";

// The signed-in person's own account: profile, password, two-factor, deletion.

const TOTP_ISSUER = "Quartet";

const twoFactorAlreadyOn = () =>
  new AppError(
    "CONFLICT",
    "Two-factor authentication is already on.",
    undefined,
    "TWO_FACTOR_ALREADY_ENABLED",
  );

async function requireUser(deps: Deps, actor: UserActor): Promise<AuthUser> {
  const user = await findUserById(deps.db, actor.userId);
  if (!user) throw notFound("Account not found.");
  return user;
}

/**
 * Re-checks the password before a sensitive change. Rate limited per account so a stolen
 * session can't be used to guess the password.
 */
async function confirmPassword(
  deps: Deps,
  actor: UserActor,
  user: AuthUser,
  password: string,
  field: string,
  action: string,
): Promise<void> {
  await enforceRateLimits(deps, actor, [rateLimits.passwordConfirmPerUser(user.id)], {
    userId: user.id,
    action,
  });
  if (await verifyPasswordOrDummy(user.passwordHash, password)) return;
  await recordAuthEventFrom(deps.db, actor, {
    type: action === "change_password" ? "PASSWORD_CHANGE" : "LOGIN_FAILED",
    outcome: "FAILURE",
    userId: user.id,
    failureReason: "BAD_PASSWORD",
    metadata: { action },
    at: deps.clock.now(),
  });
  throw new AppError(
    "BAD_REQUEST",
    "Incorrect password.",
    { [field]: "Incorrect password." },
    "INVALID_PASSWORD",
  );
}

// ── Profile ──────────────────────────────────────────────────────────────────────────────────

export async function getProfile(deps: Deps, actor: UserActor): Promise<Profile> {
  const profile = await findProfile(deps.db, actor.userId);
  if (!profile) throw notFound("Account not found.");
  return profile;
}

export async function updateProfile(
  deps: Deps,
  actor: UserActor,
  input: UpdateProfileInput,
): Promise<Profile> {
  const data: { name?: string; locale?: string; timezone?: string; avatarUrl?: string | null } = {};
  if (input.name !== undefined) data.name = input.name;
  if (input.locale !== undefined) data.locale = input.locale;
  if (input.timezone !== undefined) data.timezone = input.timezone;
  if (input.avatarUrl !== undefined) data.avatarUrl = input.avatarUrl;
  await requireUser(deps, actor);
  const profile = await updateProfileRow(deps.db, actor.userId, data);
  await recordAuthEventFrom(deps.db, actor, {
    type: "PROFILE_UPDATE",
    outcome: "SUCCESS",
    userId: actor.userId,
    metadata: { fields: Object.keys(data) },
    at: deps.clock.now(),
  });
  return profile;
}

// ── Password ─────────────────────────────────────────────────────────────────────────────────

/** Needs the current password; ends every other session and tells the owner by mail. */
export async function changePassword(
  deps: Deps,
  actor: UserActor,
  input: ChangePasswordInput,
): Promise<{ ok: true }> {
  const now = deps.clock.now();
  const user = await requireUser(deps, actor);
  await confirmPassword(deps, actor, user, input.currentPassword, "currentPassword", "change_password");
  if (input.newPassword === input.currentPassword) {
    const message = "Choose a password different from your current one.";
    throw new AppError("BAD_REQUEST", message, { newPassword: message }, "SAME_PASSWORD");
  }
  assertStrongPassword(input.newPassword, "newPassword", { email: user.email });
  const passwordHash = await hashPassword(input.newPassword);

  await deps.db.$transaction(async (tx) => {
    await setPasswordHash(tx, user.id, passwordHash);
    await clearSignInLockout(tx, user.email);
    const ended = await invalidateUserSessions(tx, user.id, actor.sessionId);
    await mailUser(tx, deps.boss, user, "PASSWORD_CHANGED", { name: user.name });
    await recordAuthEventFrom(tx, actor, {
      type: "PASSWORD_CHANGE",
      outcome: "SUCCESS",
      userId: user.id,
      metadata: { endedSessions: ended },
      at: now,
    });
  });
  return { ok: true };
}

// ── Two-factor ───────────────────────────────────────────────────────────────────────────────

/**
 * Starts TOTP set-up: a new secret, stored encrypted but not yet enforced, as a QR code and as
 * text. 2FA turns on only when `twoFactorEnable` sees a valid code from it.
 */
export async function twoFactorSetup(
  deps: Deps,
  actor: UserActor,
): Promise<{ secret: string; otpauthUrl: string; qrDataUrl: string }> {
  const user = await requireUser(deps, actor);
  if (user.twoFactorEnabled) throw twoFactorAlreadyOn();
  const key = generateTotpKey();
  await setTwoFactor(deps.db, user.id, {
    enabled: false,
    secret: encryptSecret(keyRingOf(deps.config), TOTP_SECRET_PURPOSE, key),
    recoveryCodeHashes: [],
  });
  const otpauthUrl = totpUri(TOTP_ISSUER, user.email, key);
  return { secret: encodeTotpKey(key), otpauthUrl, qrDataUrl: await totpQrDataUrl(otpauthUrl) };
}

export async function twoFactorEnable(
  deps: Deps,
  actor: UserActor,
  input: TwoFactorCodeInput,
): Promise<{ recoveryCodes: string[] }> {
  const now = deps.clock.now();
  const user = await requireUser(deps, actor);
  if (user.twoFactorEnabled) throw twoFactorAlreadyOn();
  if (!user.twoFactorSecret) {
    throw new AppError(
      "PRECONDITION_FAILED",
      "Start the set-up again to get a new QR code.",
      undefined,
      "TWO_FACTOR_SETUP_REQUIRED",
    );
  }
  await enforceRateLimits(deps, actor, [rateLimits.twoFactorPerUser(user.id)], {
    userId: user.id,
    action: "two_factor_enable",
  });
  const key = decryptSecret(keyRingOf(deps.config), TOTP_SECRET_PURPOSE, user.twoFactorSecret);
  if (!verifyTotpCode(key, input.code, now)) {
    const message = "That code didn't work. Check the time on your phone and try the newest code.";
    throw new AppError("BAD_REQUEST", message, { code: message }, "INVALID_TWO_FACTOR_CODE");
  }
  const recoveryCodes = generateRecoveryCodes();
  await setTwoFactor(deps.db, user.id, {
    enabled: true,
    secret: user.twoFactorSecret,
    recoveryCodeHashes: recoveryCodes.map(hashRecoveryCode),
  });
  await recordAuthEventFrom(deps.db, actor, {
    type: "TWO_FACTOR_ENABLED",
    outcome: "SUCCESS",
    userId: user.id,
    at: now,
  });
  return { recoveryCodes };
}

export async function twoFactorDisable(
  deps: Deps,
  actor: UserActor,
  input: PasswordConfirmInput,
): Promise<{ ok: true }> {
  const user = await requireUser(deps, actor);
  await confirmPassword(deps, actor, user, input.password, "password", "two_factor_disable");
  await setTwoFactor(deps.db, user.id, { enabled: false, secret: null, recoveryCodeHashes: [] });
  if (user.twoFactorEnabled) {
    await recordAuthEventFrom(deps.db, actor, {
      type: "TWO_FACTOR_DISABLED",
      outcome: "SUCCESS",
      userId: user.id,
      at: deps.clock.now(),
    });
  }
  return { ok: true };
}

/** New set of ten recovery codes; the old ones stop working. */
export async function regenerateRecoveryCodes(
  deps: Deps,
  actor: UserActor,
  input: PasswordConfirmInput,
): Promise<{ recoveryCodes: string[] }> {
  const user = await requireUser(deps, actor);
  await confirmPassword(deps, actor, user, input.password, "password", "regenerate_recovery_codes");
  if (!user.twoFactorEnabled) {
    throw new AppError(
      "PRECONDITION_FAILED",
      "Turn on two-factor authentication first.",
      undefined,
      "TWO_FACTOR_NOT_ENABLED",
    );
  }
  const recoveryCodes = generateRecoveryCodes();
  await setRecoveryCodes(deps.db, user.id, recoveryCodes.map(hashRecoveryCode));
  await recordAuthEventFrom(deps.db, actor, {
    type: "PROFILE_UPDATE",
    outcome: "SUCCESS",
    userId: user.id,
    metadata: { action: "recovery_codes_regenerated" },
    at: deps.clock.now(),
  });
  return { recoveryCodes };
}

// ── Deletion ─────────────────────────────────────────────────────────────────────────────────

/**
 * Soft-deletes the account after a password check. Refused while the person is the only owner of
 * a shared workspace that still has other members (they must hand it over or delete it first).
 * Their personal workspace and any shared one left with no one else are soft-deleted too.
 */
export async function deleteAccount(
  deps: Deps,
  actor: UserActor,
  input: PasswordConfirmInput,
): Promise<{ ok: true }> {
  const now = deps.clock.now();
  const user = await requireUser(deps, actor);
  await confirmPassword(deps, actor, user, input.password, "password", "delete_account");

  const owned = await findOwnedWorkspaces(deps.db, user.id);
  const others = (org: (typeof owned)[number]) => org.memberships.filter((m) => !m.disabled);
  const blocking = owned.filter(
    (org) => !org.isPersonal && others(org).length > 0 && !others(org).some((m) => m.role === "OWNER"),
  );
  if (blocking.length > 0) {
    const names = blocking.map((org) => `"${org.name}"`).join(", ");
    throw new AppError(
      "CONFLICT",
      `You're the only owner of ${names}, which still has other members. Transfer ownership or delete the workspace first.`,
      undefined,
      "SOLE_OWNER",
    );
  }
  const toDelete = owned.filter((org) => org.isPersonal || others(org).length === 0).map((org) => org.id);
  const handOver = owned.filter((org) => !toDelete.includes(org.id));

  await deps.db.$transaction(async (tx) => {
    await softDeleteWorkspaces(tx, toDelete, now);
    for (const org of handOver) {
      const heir = org.memberships.find((m) => m.role === "OWNER" && !m.disabled);
      if (heir)
        await tx.organization.updateMany({
          where: { id: org.id, ownerId: user.id },
          data: { ownerId: heir.userId },
        });
    }
    await softDeleteUser(tx, user, now);
    await invalidateUserSessions(tx, user.id);
    await recordAuthEventFrom(tx, actor, {
      type: "ACCOUNT_DELETED",
      outcome: "SUCCESS",
      userId: user.id,
      metadata: { deletedWorkspaces: toDelete },
      at: now,
    });
  });
  return { ok: true };
}
