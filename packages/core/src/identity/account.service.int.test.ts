import { decryptSecret } from "@quartet/auth/crypto";
import { createSession, validateSessionToken } from "@quartet/auth/session";
import { generateTotpCode } from "@quartet/auth/totp";
import { makeOrg, makeUser } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import type { UserActor } from "../deps.ts";
import { appError, useTestEnv } from "../testing/integration.ts";
import {
  changePassword,
  deleteAccount,
  getProfile,
  regenerateRecoveryCodes,
  twoFactorDisable,
  twoFactorEnable,
  twoFactorSetup,
  updateProfile,
} from "./account.service.ts";
import { signIn, signUp } from "./auth.service.ts";
import { updateProfileInput } from "./identity.schema.ts";
import { TOTP_SECRET_PURPOSE } from "./identity.shared.ts";
import { lastMail, runIdentityJobs, testRequest } from "./identity.test-helpers.ts";

const { db, deps, boss } = await useTestEnv();

const PASSWORD = "correct horse battery staple";

/** A user with a live session, as the API would see them. */
async function signedIn(overrides: Parameters<typeof makeUser>[1] = {}) {
  const user = await makeUser(db, overrides);
  const { session } = await createSession(
    db,
    user.id,
    "WEB",
    { ip: "192.0.2.10", userAgent: "test", deviceInfo: {} },
    deps.clock.now(),
  );
  const actor: UserActor = { userId: user.id, sessionId: session.id, ip: "192.0.2.10", userAgent: "test" };
  return { user, actor };
}

describe("profile", () => {
  it("reads and updates name, locale, timezone and avatar", async () => {
    const { user, actor } = await signedIn();
    expect(await getProfile(deps, actor)).toMatchObject({
      id: user.id,
      email: user.email,
      locale: "en",
      timezone: "UTC",
    });
    const input = updateProfileInput.parse({
      name: "  Nadia  ",
      locale: "ar",
      timezone: "Africa/Casablanca",
      avatarUrl: "https://cdn.example.test/a.png",
    });
    const updated = await updateProfile(deps, actor, input);
    expect(updated).toMatchObject({
      name: "Nadia",
      locale: "ar",
      timezone: "Africa/Casablanca",
      avatarUrl: "https://cdn.example.test/a.png",
    });
    expect((await updateProfile(deps, actor, { avatarUrl: null })).avatarUrl).toBeNull();
    expect(await db.authEvent.count({ where: { userId: user.id, eventType: "PROFILE_UPDATE" } })).toBe(2);
  });

  it("validates locale, IANA timezone and https-only avatar", () => {
    const issues = (v: unknown) => {
      const r = updateProfileInput.safeParse(v);
      return r.success ? [] : r.error.issues.map((i) => i.path.join("."));
    };
    expect(issues({ locale: "de" })).toEqual(["locale"]);
    expect(issues({ timezone: "Mars/Olympus" })).toEqual(["timezone"]);
    expect(issues({ timezone: "Europe/Paris" })).toEqual([]);
    expect(issues({ avatarUrl: "http://cdn.example.test/a.png" })).toEqual(["avatarUrl"]);
    expect(issues({ avatarUrl: "javascript:alert(1)" })).toEqual(["avatarUrl"]);
    expect(issues({ name: "   " })).toEqual(["name"]);
  });
});

describe("changePassword", () => {
  it("needs the current password", async () => {
    const { actor } = await signedIn();
    const error = await appError(
      changePassword(deps, actor, { currentPassword: "wrong one", newPassword: "a new passphrase" }),
    );
    expect(error.fieldErrors).toEqual({ currentPassword: "Incorrect password." });
  });

  it("refuses a common new password", async () => {
    const { actor } = await signedIn();
    const error = await appError(
      changePassword(deps, actor, { currentPassword: PASSWORD, newPassword: "sunshine1" }),
    );
    expect(error.fieldErrors?.newPassword).toMatch(/too common/);
  });

  it("ends every other session, keeps this one, and mails a notice", async () => {
    const { user, actor } = await signedIn();
    const other = await createSession(
      db,
      user.id,
      "WEB",
      { ip: "192.0.2.11", userAgent: "x", deviceInfo: {} },
      deps.clock.now(),
    );
    await changePassword(deps, actor, { currentPassword: PASSWORD, newPassword: "a new passphrase" });
    expect(await db.session.findMany({ where: { userId: user.id }, select: { id: true } })).toEqual([
      { id: actor.sessionId },
    ]);
    expect(await validateSessionToken(db, other.token, "WEB", deps.clock.now())).toBeNull();
    expect(await lastMail(db, user.email, "PASSWORD_CHANGED")).not.toBeNull();
    expect(
      (await signIn(deps, testRequest(), { email: user.email, password: "a new passphrase" })).status,
    ).toBe("SIGNED_IN");
  });
});

describe("two-factor set-up", () => {
  it("stores the secret encrypted, enables only with a valid code, and can be turned off with the password", async () => {
    const { user, actor } = await signedIn();
    const setup = await twoFactorSetup(deps, actor);
    expect(setup.otpauthUrl).toContain(`secret=${setup.secret}`);
    expect(setup.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    let row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.twoFactorEnabled).toBe(false);
    expect(row.twoFactorSecret).not.toContain(setup.secret);
    const key = decryptSecret(deps.config.encryptionKey, TOTP_SECRET_PURPOSE, row.twoFactorSecret!);

    const bad = await appError(twoFactorEnable(deps, actor, { code: "000000" }));
    expect(bad.reason).toBe("INVALID_TWO_FACTOR_CODE");
    const { recoveryCodes } = await twoFactorEnable(deps, actor, {
      code: generateTotpCode(key, deps.clock.now()),
    });
    expect(recoveryCodes).toHaveLength(10);
    row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.twoFactorEnabled).toBe(true);
    // Only hashes are stored.
    expect(row.twoFactorRecoveryCodes).toHaveLength(10);
    for (const code of recoveryCodes) expect(row.twoFactorRecoveryCodes).not.toContain(code);
    expect((await appError(twoFactorSetup(deps, actor))).reason).toBe("TWO_FACTOR_ALREADY_ENABLED");
    expect((await signIn(deps, testRequest(), { email: user.email, password: PASSWORD })).status).toBe(
      "TWO_FACTOR_REQUIRED",
    );

    const regenerated = await regenerateRecoveryCodes(deps, actor, { password: PASSWORD });
    const after = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.twoFactorRecoveryCodes).toHaveLength(10);
    expect(after.twoFactorRecoveryCodes.some((h) => row.twoFactorRecoveryCodes.includes(h))).toBe(false);
    expect(regenerated.recoveryCodes).not.toEqual(recoveryCodes);

    expect((await appError(twoFactorDisable(deps, actor, { password: "nope" }))).reason).toBe(
      "INVALID_PASSWORD",
    );
    await twoFactorDisable(deps, actor, { password: PASSWORD });
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({
      twoFactorEnabled: false,
      twoFactorSecret: null,
      twoFactorRecoveryCodes: [],
    });
    expect((await signIn(deps, testRequest(), { email: user.email, password: PASSWORD })).status).toBe(
      "SIGNED_IN",
    );
    const types = (
      await db.authEvent.findMany({ where: { userId: user.id }, select: { eventType: true } })
    ).map((e) => e.eventType);
    expect(types).toEqual(expect.arrayContaining(["TWO_FACTOR_ENABLED", "TWO_FACTOR_DISABLED"]));
  });
});

describe("deleteAccount", () => {
  it("needs the password", async () => {
    const { actor } = await signedIn();
    expect((await appError(deleteAccount(deps, actor, { password: "wrong" }))).fieldErrors).toEqual({
      password: "Incorrect password.",
    });
  });

  it("refuses the only owner of a workspace that still has members", async () => {
    const { user, actor } = await signedIn();
    const member = await makeUser(db);
    await makeOrg(db, user, { name: "Acme Support", members: [{ userId: member.id, role: "ADMIN" }] });
    const error = await appError(deleteAccount(deps, actor, { password: PASSWORD }));
    expect(error).toMatchObject({ code: "CONFLICT", reason: "SOLE_OWNER" });
    expect(error.message).toContain('"Acme Support"');
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).deletedAt).toBeNull();
  });

  it("soft-deletes: frees the address, records it, ends sessions, removes workspaces left empty", async () => {
    const email = `leaver-${crypto.randomUUID().slice(0, 8)}@example.test`;
    await signUp(deps, testRequest(), { email, password: PASSWORD, name: "Leaver" });
    await runIdentityJobs(deps, boss); // the worker creates the account
    const user = await db.user.update({
      where: { email },
      data: { status: "ACTIVE", emailVerifiedAt: new Date() },
    });
    const personal = await db.organization.findFirstOrThrow({
      where: { ownerId: user.id, isPersonal: true },
    });
    const coOwner = await makeUser(db);
    const shared = await makeOrg(db, user, { members: [{ userId: coOwner.id, role: "OWNER" }] });
    const solo = await makeOrg(db, user);
    const { session } = await createSession(
      db,
      user.id,
      "WEB",
      { ip: "192.0.2.12", userAgent: "t", deviceInfo: {} },
      deps.clock.now(),
    );
    const actor: UserActor = { userId: user.id, sessionId: session.id, ip: "192.0.2.12", userAgent: "t" };

    expect(await deleteAccount(deps, actor, { password: PASSWORD })).toEqual({ ok: true });
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.deletedAt).not.toBeNull();
    expect(row.email).not.toBe(email);
    expect(row.passwordHash).toBeNull();
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.deletedEmail.count({ where: { email } })).toBe(1);
    expect(
      (await db.organization.findUniqueOrThrow({ where: { id: personal.id } })).deletedAt,
    ).not.toBeNull();
    expect((await db.organization.findUniqueOrThrow({ where: { id: solo.id } })).deletedAt).not.toBeNull();
    const kept = await db.organization.findUniqueOrThrow({ where: { id: shared.id } });
    expect(kept).toMatchObject({ deletedAt: null, ownerId: coOwner.id });
    expect(await db.membership.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.authEvent.count({ where: { userId: user.id, eventType: "ACCOUNT_DELETED" } })).toBe(1);

    // The address can sign up again as a new account.
    await signUp(deps, testRequest(), { email, password: PASSWORD, name: "Back" });
    await runIdentityJobs(deps, boss);
    const again = await db.user.findUniqueOrThrow({ where: { email } });
    expect(again.id).not.toBe(user.id);
    expect(again.status).toBe("PENDING");
  });

  it("three deletions in 30 days block a fourth sign-up", async () => {
    const email = `churner-${crypto.randomUUID().slice(0, 8)}@example.test`;
    for (let i = 0; i < 3; i++) {
      await signUp(deps, testRequest(), { email, password: PASSWORD, name: `Round ${i}` });
      await runIdentityJobs(deps, boss);
      const user = await db.user.update({ where: { email }, data: { status: "ACTIVE" } });
      const { session } = await createSession(
        db,
        user.id,
        "WEB",
        { ip: "192.0.2.13", userAgent: "t", deviceInfo: {} },
        deps.clock.now(),
      );
      await deleteAccount(
        deps,
        { userId: user.id, sessionId: session.id, ip: "192.0.2.13", userAgent: "t" },
        { password: PASSWORD },
      );
    }
    const error = await appError(signUp(deps, testRequest(), { email, password: PASSWORD, name: "Fourth" }));
    expect(error.reason).toBe("EMAIL_RECENTLY_DELETED");
  });
});
