import { decryptSecret } from "@quartet/auth/crypto";
import { createSession, hashToken, validateSessionToken } from "@quartet/auth/session";
import { generateTotpCode } from "@quartet/auth/totp";
import { createDb, type Db } from "@quartet/db/client";
import { makeUser } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { appError, useTestEnv } from "../testing/integration.ts";
import { twoFactorEnable, twoFactorSetup } from "./account.service.ts";
import {
  requestPasswordReset,
  resendVerification,
  resetPassword,
  signIn,
  signInTwoFactor,
  signOut,
  signUp,
  verifyEmail,
} from "./auth.service.ts";
import { TOTP_SECRET_PURPOSE } from "./identity.shared.ts";
import { countJobs, lastMail, testRequest } from "./identity.test-helpers.ts";

const { db, url, deps } = await useTestEnv();

const PASSWORD = "violet kettle orbit 42";
const MIN = 60_000;

const uniqueEmail = (tag: string) => `${tag}-${crypto.randomUUID().slice(0, 8)}@Example.TEST`;

async function signUpAndVerify(email = uniqueEmail("verified")) {
  await signUp(deps, testRequest(), { email, password: PASSWORD, name: "Vera" });
  const mail = await lastMail(db, email, "VERIFICATION");
  const result = await verifyEmail(deps, testRequest(), { token: mail!.token! });
  const user = await db.user.findUniqueOrThrow({ where: { email: email.toLowerCase() } });
  return { user, session: result.session! };
}

describe("signUp", () => {
  it("creates a PENDING user with a personal workspace and mails a hashed 24 h link in one transaction", async () => {
    const jobsBefore = await countJobs(db, "email.send");
    const email = uniqueEmail("Ana");
    expect(
      await signUp(deps, testRequest(), {
        email,
        password: PASSWORD,
        name: "Ana",
        locale: "fr",
        timezone: "Europe/Paris",
      }),
    ).toEqual({ ok: true });

    const user = await db.user.findUniqueOrThrow({ where: { email: email.toLowerCase() } });
    expect(user).toMatchObject({
      status: "PENDING",
      name: "Ana",
      locale: "fr",
      timezone: "Europe/Paris",
      emailVerifiedAt: null,
    });
    expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);

    const workspace = await db.organization.findFirstOrThrow({ where: { ownerId: user.id } });
    expect(workspace.isPersonal).toBe(true);
    expect(
      await db.membership.count({
        where: { userId: user.id, organizationId: workspace.id, role: "OWNER" },
      }),
    ).toBe(1);

    const mail = await lastMail(db, email, "VERIFICATION");
    expect(mail?.log.status).toBe("PENDING");
    expect(mail?.link).toMatch(/^http:\/\/localhost:3000\/verify-email\?token=/);
    const tokenRow = await db.emailToken.findFirstOrThrow({
      where: { userId: user.id, tokenType: "VERIFICATION" },
    });
    // The database holds only the token's hash.
    expect(tokenRow.tokenHash).toBe(hashToken(mail!.token!));
    expect(tokenRow.tokenHash).not.toContain(mail!.token!);
    expect(tokenRow.expiresAt.getTime() - tokenRow.createdAt.getTime()).toBe(24 * 60 * MIN);
    expect(await countJobs(db, "email.send")).toBe(jobsBefore + 1);
    expect(
      await db.authEvent.count({
        where: { userId: user.id, eventType: "REGISTRATION", outcome: "SUCCESS" },
      }),
    ).toBe(1);
  });

  it("answers the same for an address that already has an account, without a second account", async () => {
    const existing = await makeUser(db);
    const before = await db.emailLog.count();
    expect(
      await signUp(deps, testRequest(), {
        email: existing.email.toUpperCase(),
        password: PASSWORD,
        name: "Mallory",
      }),
    ).toEqual({ ok: true });
    expect(await db.user.count({ where: { email: existing.email } })).toBe(1);
    expect(await db.emailLog.count()).toBe(before); // an active owner isn't mailed a verification link
    const event = await db.authEvent.findFirstOrThrow({
      where: { userId: existing.id, eventType: "REGISTRATION" },
    });
    expect(event).toMatchObject({ outcome: "FAILURE", failureReason: "EMAIL_TAKEN" });
  });

  it("sends a still-pending owner a fresh link that retires the old one", async () => {
    const email = uniqueEmail("again");
    await signUp(deps, testRequest(), { email, password: PASSWORD, name: "Twice" });
    const first = await lastMail(db, email, "VERIFICATION");
    await signUp(deps, testRequest(), { email, password: PASSWORD, name: "Twice" });
    const second = await lastMail(db, email, "VERIFICATION");
    expect(second!.token).not.toBe(first!.token);
    expect((await appError(verifyEmail(deps, testRequest(), { token: first!.token! }))).reason).toBe(
      "TOKEN_INVALID",
    );
    expect((await verifyEmail(deps, testRequest(), { token: second!.token! })).ok).toBe(true);
  });

  it("leaves no user, mail log or job behind when the transaction rolls back", async () => {
    // Make the last write of the sign-up transaction fail, after the mail was queued.
    await db.$executeRawUnsafe(`
      CREATE FUNCTION fail_registration() RETURNS trigger AS $$
      BEGIN RAISE EXCEPTION 'simulated failure'; END $$ LANGUAGE plpgsql`);
    await db.$executeRawUnsafe(`
      CREATE TRIGGER fail_registration BEFORE INSERT ON auth_events
      FOR EACH ROW WHEN (NEW.event_type = 'REGISTRATION' AND NEW.outcome = 'SUCCESS') EXECUTE FUNCTION fail_registration()`);
    try {
      const email = uniqueEmail("rollback");
      const jobsBefore = await countJobs(db, "email.send");
      const logsBefore = await db.emailLog.count();
      await expect(
        signUp(deps, testRequest(), { email, password: PASSWORD, name: "Rolled" }),
      ).rejects.toThrow(/simulated failure/);
      expect(await db.user.count({ where: { email: email.toLowerCase() } })).toBe(0);
      expect(await db.emailLog.count()).toBe(logsBefore);
      expect(await db.emailToken.count({ where: { user: { email: email.toLowerCase() } } })).toBe(0);
      expect(await countJobs(db, "email.send")).toBe(jobsBefore);
    } finally {
      await db.$executeRawUnsafe("DROP TRIGGER fail_registration ON auth_events");
      await db.$executeRawUnsafe("DROP FUNCTION fail_registration()");
    }
  });

  it("refuses common passwords field by field", async () => {
    const error = await appError(
      signUp(deps, testRequest(), { email: uniqueEmail("weak"), password: "password123", name: "W" }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.fieldErrors?.password).toMatch(/too common/);
  });

  it("blocks an address deleted 3 times in the last 30 days, with a clear error", async () => {
    const email = uniqueEmail("churn").toLowerCase();
    const now = deps.clock.now();
    const daysAgo = (d: number) => new Date(now.getTime() - d * 24 * 60 * MIN);
    await db.deletedEmail.createMany({
      data: [
        { email, deletedAt: daysAgo(40) },
        { email, deletedAt: daysAgo(20) },
        { email, deletedAt: daysAgo(2) },
      ],
    });
    // Two within the window: still allowed.
    expect(await signUp(deps, testRequest(), { email, password: PASSWORD, name: "C" })).toEqual({ ok: true });
    // Free the address again (as a deletion does) before the next attempt.
    await db.user.updateMany({
      where: { email },
      data: { email: `freed-${crypto.randomUUID()}@example.test` },
    });

    await db.deletedEmail.create({ data: { email, deletedAt: daysAgo(1) } });
    const error = await appError(signUp(deps, testRequest(), { email, password: PASSWORD, name: "C" }));
    expect(error.reason).toBe("EMAIL_RECENTLY_DELETED");
    expect(error.fieldErrors?.email).toMatch(/deleted too many times/);
    expect(await db.user.count({ where: { email } })).toBe(0);
  });

  it("is rate limited per IP", async () => {
    const req = testRequest();
    for (let i = 0; i < 5; i++)
      await signUp(deps, req, { email: uniqueEmail(`burst${i}`), password: PASSWORD, name: "B" });
    const error = await appError(
      signUp(deps, req, { email: uniqueEmail("burst-6"), password: PASSWORD, name: "B" }),
    );
    expect(error).toMatchObject({ code: "TOO_MANY_REQUESTS", reason: "RATE_LIMITED" });
    expect(await db.authEvent.count({ where: { eventType: "RATE_LIMITED", ipAddress: req.ip } })).toBe(1);
  });
});

describe("verifyEmail", () => {
  it("activates the account, signs in, queues the welcome mail, and works once", async () => {
    const email = uniqueEmail("verify");
    await signUp(deps, testRequest(), { email, password: PASSWORD, name: "Val" });
    const { token } = (await lastMail(db, email, "VERIFICATION"))!;
    const result = await verifyEmail(deps, testRequest(), { token: token! });
    const user = await db.user.findUniqueOrThrow({ where: { email: email.toLowerCase() } });
    expect(user.status).toBe("ACTIVE");
    expect(user.emailVerifiedAt).not.toBeNull();
    expect(result.session).not.toBeNull();
    const validated = await validateSessionToken(db, result.session!.token, "WEB", deps.clock.now());
    expect(validated?.user.id).toBe(user.id);
    expect((await lastMail(db, email, "WELCOME"))?.log.userId).toBe(user.id);
    expect(await db.authEvent.count({ where: { userId: user.id, eventType: "EMAIL_VERIFIED" } })).toBe(1);

    const again = await appError(verifyEmail(deps, testRequest(), { token: token! }));
    expect(again.reason).toBe("TOKEN_INVALID");
  });

  it("refuses an expired link", async () => {
    const email = uniqueEmail("late");
    await signUp(deps, testRequest(), { email, password: PASSWORD, name: "Late" });
    const { token } = (await lastMail(db, email, "VERIFICATION"))!;
    deps.clock.advance(24 * 60 * MIN + 1000);
    try {
      const error = await appError(verifyEmail(deps, testRequest(), { token: token! }));
      expect(error.reason).toBe("TOKEN_EXPIRED");
      expect((await db.user.findUniqueOrThrow({ where: { email: email.toLowerCase() } })).status).toBe(
        "PENDING",
      );
    } finally {
      deps.clock.advance(-(24 * 60 * MIN + 1000));
    }
  });

  it("resendVerification mails pending accounts only and answers the same for any address", async () => {
    const email = uniqueEmail("resend");
    await signUp(deps, testRequest(), { email, password: PASSWORD, name: "R" });
    const before = await db.emailLog.count({ where: { recipientEmail: email.toLowerCase() } });
    expect(await resendVerification(deps, testRequest(), { email: email.toLowerCase() })).toEqual({
      ok: true,
    });
    expect(await db.emailLog.count({ where: { recipientEmail: email.toLowerCase() } })).toBe(before + 1);
    const logs = await db.emailLog.count();
    expect(await resendVerification(deps, testRequest(), { email: "nobody-here@example.test" })).toEqual({
      ok: true,
    });
    expect(await db.emailLog.count()).toBe(logs);
  });
});

describe("signIn", () => {
  it("gives the same answer for an unknown email and a wrong password, in similar time", async () => {
    const user = await makeUser(db, { password: PASSWORD });
    const wrong = await appError(
      signIn(deps, testRequest(), { email: user.email, password: "not the password" }),
    );
    const unknown = await appError(
      signIn(deps, testRequest(), { email: "ghost@example.test", password: "not the password" }),
    );
    expect([wrong.code, wrong.message, wrong.reason, wrong.fieldErrors]).toEqual([
      unknown.code,
      unknown.message,
      unknown.reason,
      unknown.fieldErrors,
    ]);
    expect(wrong).toMatchObject({ code: "UNAUTHORIZED", reason: "INVALID_CREDENTIALS" });

    // Equal timing is by construction (one argon2 verification on both paths, see
    // verifyPasswordOrDummy); packages/auth/scripts/signin-timing.bench.ts prints the figures.
    const events = await db.authEvent.findMany({
      where: { eventType: "LOGIN_FAILED" },
      select: { userId: true, failureReason: true },
    });
    expect(events).toContainEqual({ userId: user.id, failureReason: "BAD_PASSWORD" });
    expect(events).toContainEqual({ userId: null, failureReason: "UNKNOWN_EMAIL" });
  });

  it("signs in an active user and records the login", async () => {
    const user = await makeUser(db, { password: PASSWORD });
    const req = testRequest();
    const result = await signIn(deps, req, { email: user.email, password: PASSWORD });
    expect(result.status).toBe("SIGNED_IN");
    const session = await db.session.findUniqueOrThrow({ where: { id: hashToken(result.session.token) } });
    expect(session).toMatchObject({
      userId: user.id,
      kind: "WEB",
      ipAddress: req.ip,
      twoFactorPending: false,
    });
    expect(session.deviceInfo).toEqual({ browser: "Chrome 131", os: "macOS 10.15.7", type: "desktop" });
    const after = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.lastLoginAt?.getTime()).toBe(deps.clock.now().getTime());
    expect(after.lastIp).toBe(req.ip);
    const event = await db.authEvent.findFirstOrThrow({ where: { userId: user.id, eventType: "LOGIN" } });
    expect(event).toMatchObject({ outcome: "SUCCESS", ipAddress: req.ip });
    expect(event.deviceInfo).toMatchObject({ browser: "Chrome 131" });
  });

  it("tells a PENDING user to verify their email, but only once the password is right", async () => {
    const user = await makeUser(db, { password: PASSWORD, status: "PENDING" });
    const wrong = await appError(
      signIn(deps, testRequest(), { email: user.email, password: "nope nope nope" }),
    );
    expect(wrong.reason).toBe("INVALID_CREDENTIALS");
    const right = await appError(signIn(deps, testRequest(), { email: user.email, password: PASSWORD }));
    expect(right).toMatchObject({ code: "FORBIDDEN", reason: "EMAIL_NOT_VERIFIED" });
    expect(right.message).toMatch(/verify your email/);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it("refuses LOCKED and DISABLED users", async () => {
    for (const status of ["LOCKED", "DISABLED"] as const) {
      const user = await makeUser(db, { password: PASSWORD, status });
      const error = await appError(signIn(deps, testRequest(), { email: user.email, password: PASSWORD }));
      expect(error).toMatchObject({ code: "FORBIDDEN", reason: `ACCOUNT_${status}` });
      expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    }
  });

  it("admin console: only SUPERADMIN may sign in, and gets an ADMIN session", async () => {
    const plain = await makeUser(db, { password: PASSWORD });
    const error = await appError(
      signIn(deps, testRequest({ kind: "ADMIN" }), { email: plain.email, password: PASSWORD }),
    );
    expect(error.reason).toBe("NOT_PLATFORM_ADMIN");
    const admin = await makeUser(db, { password: PASSWORD, platformRole: "SUPERADMIN" });
    const ok = await signIn(deps, testRequest({ kind: "ADMIN" }), { email: admin.email, password: PASSWORD });
    expect(ok.session.kind).toBe("ADMIN");
    expect(await validateSessionToken(db, ok.session.token, "ADMIN", deps.clock.now())).not.toBeNull();
    expect(await validateSessionToken(db, ok.session.token, "WEB", deps.clock.now())).toBeNull();
  });

  it("replaces the browser's previous session", async () => {
    const user = await makeUser(db, { password: PASSWORD });
    const first = await signIn(deps, testRequest(), { email: user.email, password: PASSWORD });
    const firstId = hashToken(first.session.token);
    await signIn(deps, testRequest({ currentSessionId: firstId }), { email: user.email, password: PASSWORD });
    expect(await db.session.count({ where: { id: firstId } })).toBe(0);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(1);
  });

  it("is rate limited per IP + email, across two separate database clients", async () => {
    const user = await makeUser(db, { password: PASSWORD });
    const otherDb: Db = createDb(url, { max: 2 });
    try {
      const otherDeps = { ...deps, db: otherDb };
      const req = testRequest();
      // 10 attempts allowed per 15 minutes, split between two "processes".
      for (let i = 0; i < 10; i++) {
        const d = i % 2 === 0 ? deps : otherDeps;
        await appError(signIn(d, req, { email: user.email, password: `wrong guess ${i}` }));
        // Keep the lockout out of the way: this test is about the rate limit.
        await db.user.update({ where: { id: user.id }, data: { failedLoginCount: 0, lockedUntil: null } });
      }
      const limited = await appError(signIn(otherDeps, req, { email: user.email, password: PASSWORD }));
      expect(limited).toMatchObject({ code: "TOO_MANY_REQUESTS", reason: "RATE_LIMITED" });
      // Another IP is not affected.
      expect((await signIn(deps, testRequest(), { email: user.email, password: PASSWORD })).status).toBe(
        "SIGNED_IN",
      );
    } finally {
      await otherDb.$disconnect();
    }
  });
});

describe("lockout", () => {
  it("locks after 5 wrong passwords, refuses even the right one with the same message, and expires by itself", async () => {
    const user = await makeUser(db, { password: PASSWORD });
    const start = deps.clock.now();
    try {
      const generic = await appError(signIn(deps, testRequest(), { email: user.email, password: "wrong 0" }));
      for (let i = 1; i < 5; i++)
        await appError(signIn(deps, testRequest(), { email: user.email, password: `wrong ${i}` }));
      let row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
      expect(row.failedLoginCount).toBe(5);
      expect(row.lockedUntil?.getTime()).toBe(start.getTime() + 15 * MIN);
      expect(await db.authEvent.count({ where: { userId: user.id, eventType: "ACCOUNT_LOCKED" } })).toBe(1);

      const locked = await appError(signIn(deps, testRequest(), { email: user.email, password: PASSWORD }));
      expect([locked.code, locked.message, locked.reason]).toEqual([
        generic.code,
        generic.message,
        generic.reason,
      ]);
      // Attempts while locked don't extend the lock.
      deps.clock.advance(10 * MIN);
      await appError(signIn(deps, testRequest(), { email: user.email, password: "wrong again" }));
      row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
      expect(row.lockedUntil?.getTime()).toBe(start.getTime() + 15 * MIN);

      // Expired: the right password works and resets the counter.
      deps.clock.set(start.getTime() + 15 * MIN);
      expect((await signIn(deps, testRequest(), { email: user.email, password: PASSWORD })).status).toBe(
        "SIGNED_IN",
      );
      row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
      expect(row).toMatchObject({ failedLoginCount: 0, lockedUntil: null });
    } finally {
      deps.clock.set(start);
    }
  });

  it("doubles on repeated lockouts up to one hour at most", async () => {
    const user = await makeUser(db, { password: PASSWORD });
    const start = deps.clock.now();
    try {
      const fail = () =>
        appError(signIn(deps, testRequest(), { email: user.email, password: "bad password" }));
      for (let i = 0; i < 5; i++) await fail();
      const expected = [15, 30, 60, 60];
      for (const minutes of expected) {
        const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
        expect(row.lockedUntil!.getTime() - deps.clock.now().getTime()).toBe(minutes * MIN);
        deps.clock.set(row.lockedUntil!);
        await fail(); // next consecutive failure after the lock expired
      }
    } finally {
      deps.clock.set(start);
    }
  });

  it("is cleared by a password reset", async () => {
    const user = await makeUser(db, { password: PASSWORD });
    for (let i = 0; i < 5; i++)
      await appError(signIn(deps, testRequest(), { email: user.email, password: `bad ${i}` }));
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).lockedUntil).not.toBeNull();
    await requestPasswordReset(deps, testRequest(), { email: user.email });
    const { token } = (await lastMail(db, user.email, "PASSWORD_RESET"))!;
    await resetPassword(deps, testRequest(), { token: token!, password: "a brand new passphrase" });
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({
      failedLoginCount: 0,
      lockedUntil: null,
    });
    expect(
      (await signIn(deps, testRequest(), { email: user.email, password: "a brand new passphrase" })).status,
    ).toBe("SIGNED_IN");
  });
});

describe("two-factor sign-in", () => {
  async function userWithTwoFactor() {
    const { user, session } = await signUpAndVerify(uniqueEmail("tfa"));
    const actor = {
      userId: user.id,
      sessionId: hashToken(session.token),
      ip: "192.0.2.1",
      userAgent: "test",
    };
    await twoFactorSetup(deps, actor);
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    const key = decryptSecret(deps.config.encryptionKey, TOTP_SECRET_PURPOSE, row.twoFactorSecret!);
    const { recoveryCodes } = await twoFactorEnable(deps, actor, {
      code: generateTotpCode(key, deps.clock.now()),
    });
    return { user, key, recoveryCodes };
  }

  it("requires a code after the password; the pending session can't be used as a full one", async () => {
    const { user, key } = await userWithTwoFactor();
    const step1 = await signIn(deps, testRequest(), { email: user.email, password: PASSWORD });
    expect(step1.status).toBe("TWO_FACTOR_REQUIRED");
    const pendingId = hashToken(step1.session.token);
    const pending = await db.session.findUniqueOrThrow({ where: { id: pendingId } });
    expect(pending.twoFactorPending).toBe(true);
    expect(pending.absoluteExpiresAt.getTime() - deps.clock.now().getTime()).toBe(10 * MIN);

    const bad = await appError(
      signInTwoFactor(deps, testRequest({ currentSessionId: pendingId }), { code: "000000" }),
    );
    expect(bad.reason).toBe("INVALID_TWO_FACTOR_CODE");
    expect(bad.fieldErrors?.code).toBeDefined();

    const done = await signInTwoFactor(deps, testRequest({ currentSessionId: pendingId }), {
      code: generateTotpCode(key, deps.clock.now()),
    });
    expect(done.status).toBe("SIGNED_IN");
    // A fresh token replaces the pending one.
    expect(await db.session.count({ where: { id: pendingId } })).toBe(0);
    const full = await db.session.findUniqueOrThrow({ where: { id: hashToken(done.session.token) } });
    expect(full.twoFactorPending).toBe(false);
    expect(await db.authEvent.count({ where: { userId: user.id, eventType: "TWO_FACTOR_FAILED" } })).toBe(1);
  });

  it("accepts each recovery code once", async () => {
    const { user, recoveryCodes } = await userWithTwoFactor();
    expect(recoveryCodes).toHaveLength(10);
    const code = recoveryCodes[3]!;
    const first = await signIn(deps, testRequest(), { email: user.email, password: PASSWORD });
    const ok = await signInTwoFactor(
      deps,
      testRequest({ currentSessionId: hashToken(first.session.token) }),
      { code: code.toUpperCase() },
    );
    expect(ok.status).toBe("SIGNED_IN");
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).twoFactorRecoveryCodes).toHaveLength(
      9,
    );

    const second = await signIn(deps, testRequest(), { email: user.email, password: PASSWORD });
    const reused = await appError(
      signInTwoFactor(deps, testRequest({ currentSessionId: hashToken(second.session.token) }), { code }),
    );
    expect(reused.reason).toBe("INVALID_TWO_FACTOR_CODE");
  });

  it("refuses without a pending session, and after too many wrong codes", async () => {
    const { user } = await userWithTwoFactor();
    expect((await appError(signInTwoFactor(deps, testRequest(), { code: "123456" }))).reason).toBe(
      "TWO_FACTOR_SESSION_EXPIRED",
    );
    const step1 = await signIn(deps, testRequest(), { email: user.email, password: PASSWORD });
    const req = testRequest({ currentSessionId: hashToken(step1.session.token) });
    for (let i = 0; i < 5; i++) await appError(signInTwoFactor(deps, req, { code: "000000" }));
    expect((await appError(signInTwoFactor(deps, req, { code: "000000" }))).reason).toBe("RATE_LIMITED");
  });

  it("the pending session expires after 10 minutes", async () => {
    const { user, key } = await userWithTwoFactor();
    const step1 = await signIn(deps, testRequest(), { email: user.email, password: PASSWORD });
    const start = deps.clock.now();
    deps.clock.advance(10 * MIN + 1);
    try {
      const error = await appError(
        signInTwoFactor(deps, testRequest({ currentSessionId: hashToken(step1.session.token) }), {
          code: generateTotpCode(key, deps.clock.now()),
        }),
      );
      expect(error.reason).toBe("TWO_FACTOR_SESSION_EXPIRED");
    } finally {
      deps.clock.set(start);
    }
  });
});

describe("password reset", () => {
  it("answers the same for an unknown address and mails nothing", async () => {
    const before = await db.emailLog.count();
    expect(await requestPasswordReset(deps, testRequest(), { email: "nobody@example.test" })).toEqual({
      ok: true,
    });
    expect(await db.emailLog.count()).toBe(before);
  });

  it("mails a 1 h single-use link; resetting ends every session and mails a notice", async () => {
    const user = await makeUser(db, { password: PASSWORD });
    const now = deps.clock.now();
    await createSession(db, user.id, "WEB", { ip: "1.1.1.1", userAgent: "a", deviceInfo: {} }, now);
    await createSession(db, user.id, "WEB", { ip: "1.1.1.2", userAgent: "b", deviceInfo: {} }, now);

    expect(await requestPasswordReset(deps, testRequest(), { email: user.email })).toEqual({ ok: true });
    const mail = (await lastMail(db, user.email, "PASSWORD_RESET"))!;
    expect(mail.link).toMatch(/^http:\/\/localhost:3000\/reset-password\?token=/);
    const row = await db.emailToken.findFirstOrThrow({
      where: { userId: user.id, tokenType: "PASSWORD_RESET" },
    });
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(60 * MIN);

    await resetPassword(deps, testRequest(), { token: mail.token!, password: "a fresh new passphrase" });
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await lastMail(db, user.email, "PASSWORD_CHANGED")).not.toBeNull();
    expect(
      await db.authEvent.count({ where: { userId: user.id, eventType: "PASSWORD_RESET_COMPLETE" } }),
    ).toBe(1);
    expect(
      (await appError(signIn(deps, testRequest(), { email: user.email, password: PASSWORD }))).reason,
    ).toBe("INVALID_CREDENTIALS");
    expect(
      (await signIn(deps, testRequest(), { email: user.email, password: "a fresh new passphrase" })).status,
    ).toBe("SIGNED_IN");

    const reuse = await appError(
      resetPassword(deps, testRequest(), { token: mail.token!, password: "yet another passphrase" }),
    );
    expect(reuse.reason).toBe("TOKEN_INVALID");
  });

  it("refuses a link older than an hour, and a weak password without spending the link", async () => {
    const user = await makeUser(db, { password: PASSWORD });
    await requestPasswordReset(deps, testRequest(), { email: user.email });
    const { token } = (await lastMail(db, user.email, "PASSWORD_RESET"))!;
    const weak = await appError(
      resetPassword(deps, testRequest(), { token: token!, password: "qwertyuiop" }),
    );
    expect(weak.fieldErrors?.password).toMatch(/too common/);
    const start = deps.clock.now();
    deps.clock.advance(60 * MIN + 1);
    try {
      const late = await appError(
        resetPassword(deps, testRequest(), { token: token!, password: "a good passphrase here" }),
      );
      expect(late.reason).toBe("TOKEN_EXPIRED");
    } finally {
      deps.clock.set(start);
    }
  });

  it("is rate limited per email", async () => {
    const user = await makeUser(db);
    for (let i = 0; i < 3; i++) await requestPasswordReset(deps, testRequest(), { email: user.email });
    const error = await appError(requestPasswordReset(deps, testRequest(), { email: user.email }));
    expect(error.reason).toBe("RATE_LIMITED");
  });
});

describe("signOut", () => {
  it("ends the session and records it", async () => {
    const user = await makeUser(db, { password: PASSWORD });
    const { session } = await signIn(deps, testRequest(), { email: user.email, password: PASSWORD });
    const id = hashToken(session.token);
    expect(await signOut(deps, testRequest({ currentSessionId: id }))).toEqual({ ok: true });
    expect(await db.session.count({ where: { id } })).toBe(0);
    expect(await db.authEvent.count({ where: { userId: user.id, eventType: "LOGOUT" } })).toBe(1);
  });
});
