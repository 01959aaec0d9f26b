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
import type { SignInInput } from "./identity.schema.ts";
import type { AuthRequest } from "./identity.shared.ts";
import { TOTP_SECRET_PURPOSE } from "./identity.shared.ts";
import { countJobs, lastMail, recordingDb, runIdentityJobs, testRequest } from "./identity.test-helpers.ts";
import { handlePasswordResetRequest } from "./password-reset.handler.ts";
import { hashUnlockCode } from "./sign-in-lockout.ts";
import { handleSignUp } from "./sign-up.handler.ts";

const { db, url, deps, boss } = await useTestEnv();

const PASSWORD = "violet kettle orbit 42";
const MIN = 60_000;

/** signIn where the case must end with a session (signed in, or owing the second factor). */
async function signInSession(d: typeof deps, req: AuthRequest, input: SignInInput) {
  const result = await signIn(d, req, input);
  if (result.status === "UNLOCK_CODE_REQUIRED")
    throw new Error("expected a session, got UNLOCK_CODE_REQUIRED");
  return result;
}

const uniqueEmail = (tag: string) => `${tag}-${crypto.randomUUID().slice(0, 8)}@Example.TEST`;

/** Signs up, then plays the worker: the `identity.sign-up` job creates the account or records the miss. */
async function signUpNow(req: AuthRequest, input: Parameters<typeof signUp>[2]) {
  const answer = await signUp(deps, req, input);
  await runIdentityJobs(deps, boss);
  return answer;
}

async function signUpAndVerify(email = uniqueEmail("verified")) {
  await signUpNow(testRequest(), { email, password: PASSWORD, name: "Vera" });
  const mail = await lastMail(db, email, "VERIFICATION");
  const result = await verifyEmail(deps, testRequest(), { token: mail!.token! });
  const user = await db.user.findUniqueOrThrow({ where: { email: email.toLowerCase() } });
  return { user, session: result.session! };
}

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

describe("signUp", () => {
  it("the job creates a PENDING user with a personal workspace and mails a hashed 24 h link in one transaction", async () => {
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
    // Nothing is decided on the request path: the job carries the argon2 hash, never the password.
    expect(await db.user.count({ where: { email: email.toLowerCase() } })).toBe(0);
    const [queued] = await boss.findJobs<{ email: string; passwordHash: string }>("identity.sign-up", {
      data: { email: email.toLowerCase() },
    });
    expect(queued?.data.passwordHash).toMatch(/^\$argon2id\$/);
    expect(JSON.stringify(queued?.data)).not.toContain(PASSWORD);
    await runIdentityJobs(deps, boss);

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
    await runIdentityJobs(deps, boss); // leftovers of earlier tests
    const before = await db.emailLog.count();
    expect(
      await signUpNow(testRequest(), {
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
    await signUpNow(testRequest(), { email, password: PASSWORD, name: "Twice" });
    const first = await lastMail(db, email, "VERIFICATION");
    await signUpNow(testRequest(), { email, password: PASSWORD, name: "Twice" });
    const second = await lastMail(db, email, "VERIFICATION");
    expect(second!.token).not.toBe(first!.token);
    expect((await appError(verifyEmail(deps, testRequest(), { token: first!.token! }))).reason).toBe(
      "TOKEN_INVALID",
    );
    expect((await verifyEmail(deps, testRequest(), { token: second!.token! })).ok).toBe(true);
  });

  it("a retried job after a committed attempt creates nothing twice", async () => {
    const email = uniqueEmail("retry").toLowerCase();
    const payload = {
      requestId: crypto.randomUUID(),
      email,
      name: "Retry",
      passwordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo",
      locale: "en",
      timezone: "UTC",
      ip: "198.51.100.78",
      userAgent: "test",
      requestedAt: deps.clock.now().toISOString(),
    };
    expect(await handleSignUp(deps, payload)).toEqual({ outcome: "CREATED" });
    expect(await handleSignUp(deps, payload)).toEqual({ outcome: "DUPLICATE" });
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    expect(await db.organization.count({ where: { ownerId: user.id } })).toBe(1);
    expect(await db.emailLog.count({ where: { userId: user.id, emailType: "VERIFICATION" } })).toBe(1);
    expect(await db.authEvent.count({ where: { userId: user.id, eventType: "REGISTRATION" } })).toBe(1);
    // Another request for the same address is an EMAIL_TAKEN, which mails the pending owner anew.
    expect(await handleSignUp(deps, { ...payload, requestId: crypto.randomUUID() })).toEqual({
      outcome: "EMAIL_TAKEN",
    });
  });

  it("two jobs racing for one new address make one account; the other finds it taken", async () => {
    const email = uniqueEmail("race").toLowerCase();
    const payload = (name: string) => ({
      requestId: crypto.randomUUID(),
      email,
      name,
      passwordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo",
      locale: "en",
      timezone: "UTC",
      ip: "198.51.100.79",
      userAgent: "test",
      requestedAt: deps.clock.now().toISOString(),
    });
    const outcomes = await Promise.all([handleSignUp(deps, payload("A")), handleSignUp(deps, payload("B"))]);
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(["CREATED", "EMAIL_TAKEN"]);
    expect(await db.user.count({ where: { email } })).toBe(1);
  });

  it("the job leaves no user, mail log or job behind when its transaction rolls back", async () => {
    // Make the last write of the sign-up transaction fail, after the mail was queued.
    await db.$executeRawUnsafe(`
      CREATE FUNCTION fail_registration() RETURNS trigger AS $$
      BEGIN RAISE EXCEPTION 'simulated failure'; END $$ LANGUAGE plpgsql`);
    await db.$executeRawUnsafe(`
      CREATE TRIGGER fail_registration BEFORE INSERT ON auth_events
      FOR EACH ROW WHEN (NEW.event_type = 'REGISTRATION' AND NEW.outcome = 'SUCCESS') EXECUTE FUNCTION fail_registration()`);
    try {
      const email = uniqueEmail("rollback");
      await runIdentityJobs(deps, boss); // leftovers of earlier tests
      const jobsBefore = await countJobs(db, "email.send");
      const logsBefore = await db.emailLog.count();
      await signUp(deps, testRequest(), { email, password: PASSWORD, name: "Rolled" });
      // pg-boss would retry it later; the failure reaches the worker.
      await expect(runIdentityJobs(deps, boss)).rejects.toThrow(/simulated failure/);
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
    expect(await signUpNow(testRequest(), { email, password: PASSWORD, name: "C" })).toEqual({ ok: true });
    expect(await db.user.count({ where: { email } })).toBe(1);
    // Free the address again (as a deletion does) before the next attempt.
    await db.user.updateMany({
      where: { email },
      data: { email: `freed-${crypto.randomUUID()}@example.test` },
    });

    await db.deletedEmail.create({ data: { email, deletedAt: daysAgo(1) } });
    const jobsBefore = await countJobs(db, "identity.sign-up");
    const error = await appError(signUp(deps, testRequest(), { email, password: PASSWORD, name: "C" }));
    expect(error.reason).toBe("EMAIL_RECENTLY_DELETED");
    expect(error.fieldErrors?.email).toMatch(/deleted too many times/);
    expect(await countJobs(db, "identity.sign-up")).toBe(jobsBefore);
    await runIdentityJobs(deps, boss);
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
    await signUpNow(testRequest(), { email, password: PASSWORD, name: "Val" });
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
    await signUpNow(testRequest(), { email, password: PASSWORD, name: "Late" });
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

  it("resendVerification: the job mails pending accounts only; the answer is the same for any address", async () => {
    const email = uniqueEmail("resend");
    await signUpNow(testRequest(), { email, password: PASSWORD, name: "R" });
    const first = await lastMail(db, email, "VERIFICATION");
    const before = await db.emailLog.count({ where: { recipientEmail: email.toLowerCase() } });
    expect(await resendVerification(deps, testRequest(), { email: email.toLowerCase() })).toEqual({
      ok: true,
    });
    // Decided by the job, not the request.
    expect(await db.emailLog.count({ where: { recipientEmail: email.toLowerCase() } })).toBe(before);
    expect(await runIdentityJobs(deps, boss)).toBe(1);
    expect(await db.emailLog.count({ where: { recipientEmail: email.toLowerCase() } })).toBe(before + 1);
    const second = await lastMail(db, email, "VERIFICATION");
    expect((await appError(verifyEmail(deps, testRequest(), { token: first!.token! }))).reason).toBe(
      "TOKEN_INVALID",
    );

    const logs = await db.emailLog.count();
    const active = await makeUser(db);
    for (const other of ["nobody-here@example.test", active.email]) {
      expect(await resendVerification(deps, testRequest(), { email: other })).toEqual({ ok: true });
    }
    expect(await runIdentityJobs(deps, boss)).toBe(2);
    expect(await db.emailLog.count()).toBe(logs);
    expect((await verifyEmail(deps, testRequest(), { token: second!.token! })).ok).toBe(true);
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
    const result = await signInSession(deps, req, { email: user.email, password: PASSWORD });
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
    const ok = await signInSession(deps, testRequest({ kind: "ADMIN" }), {
      email: admin.email,
      password: PASSWORD,
    });
    expect(ok.session.kind).toBe("ADMIN");
    expect(await validateSessionToken(db, ok.session.token, "ADMIN", deps.clock.now())).not.toBeNull();
    expect(await validateSessionToken(db, ok.session.token, "WEB", deps.clock.now())).toBeNull();
  });

  it("replaces the browser's previous session", async () => {
    const user = await makeUser(db, { password: PASSWORD });
    const first = await signInSession(deps, testRequest(), { email: user.email, password: PASSWORD });
    const firstId = hashToken(first.session.token);
    await signIn(deps, testRequest({ currentSessionId: firstId }), { email: user.email, password: PASSWORD });
    expect(await db.session.count({ where: { id: firstId } })).toBe(0);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(1);
  });
});

describe("lockout", () => {
  /** Fails `times` sign-ins at `email`, each from its own IP (the way a botnet spreads a guess). */
  async function failFromManyIps(email: string, times: number) {
    for (let i = 0; i < times; i++)
      await appError(signIn(deps, testRequest(), { email, password: `distributed guess ${i}` }));
  }
  const lockoutOf = (email: string) => db.signInLockout.findUnique({ where: { email: email.toLowerCase() } });

  it("one IP is throttled after 5 wrong passwords and can never lock the account", async () => {
    const user = await makeUser(db, { password: PASSWORD });
    const attacker = testRequest();
    for (let i = 0; i < 5; i++)
      await appError(signIn(deps, attacker, { email: user.email, password: `guess ${i}` }));
    // The 6th try from that IP is refused before the password is even checked.
    const limited = await appError(signIn(deps, attacker, { email: user.email, password: PASSWORD }));
    expect(limited).toMatchObject({ code: "TOO_MANY_REQUESTS", reason: "RATE_LIMITED" });
    // Hours later, still throttled per day: 20 tries at most from one IP.
    const start = deps.clock.now();
    try {
      for (let window = 1; window < 4; window++) {
        deps.clock.set(start.getTime() + window * 16 * MIN);
        for (let i = 0; i < 5; i++)
          await appError(signIn(deps, attacker, { email: user.email, password: `guess ${window}-${i}` }));
      }
      deps.clock.set(start.getTime() + 5 * 16 * MIN);
      expect(
        (await appError(signIn(deps, attacker, { email: user.email, password: "one more" }))).reason,
      ).toBe("RATE_LIMITED");
      // 19 failures (20 tries a day, the refused ones count), all from one IP: no lock, and the
      // owner signs in from elsewhere as usual.
      expect(await lockoutOf(user.email)).toMatchObject({
        failedCount: 19,
        failedIps: [attacker.ip],
        lockedUntil: null,
      });
      expect((await signIn(deps, testRequest(), { email: user.email, password: PASSWORD })).status).toBe(
        "SIGNED_IN",
      );
      expect(await lockoutOf(user.email)).toBeNull(); // the right password forgets the failures
    } finally {
      deps.clock.set(start);
    }
  });

  it("the per IP + email limit holds across two processes, and another IP is not affected", async () => {
    const user = await makeUser(db, { password: PASSWORD });
    const otherDb: Db = createDb(url, { max: 2 });
    try {
      const otherDeps = { ...deps, db: otherDb };
      const req = testRequest();
      for (let i = 0; i < 5; i++) {
        const d = i % 2 === 0 ? deps : otherDeps;
        await appError(signIn(d, req, { email: user.email, password: `wrong guess ${i}` }));
      }
      const limited = await appError(signIn(otherDeps, req, { email: user.email, password: PASSWORD }));
      expect(limited).toMatchObject({ code: "TOO_MANY_REQUESTS", reason: "RATE_LIMITED" });
      expect((await signIn(deps, testRequest(), { email: user.email, password: PASSWORD })).status).toBe(
        "SIGNED_IN",
      );
    } finally {
      await otherDb.$disconnect();
    }
  });

  it("locks only after 10 failures from at least 3 IPs, with the same answer as a wrong password", async () => {
    const user = await makeUser(db, { password: PASSWORD });
    const [a, b, c] = [testRequest(), testRequest(), testRequest()];
    for (const req of [a, b])
      for (let i = 0; i < 5; i++)
        await appError(signIn(deps, req, { email: user.email, password: `wrong ${req.ip} ${i}` }));
    // 10 failures from 2 IPs: not locked.
    expect(await lockoutOf(user.email)).toMatchObject({ failedCount: 10, lockedUntil: null });
    const generic = await appError(signIn(deps, c, { email: user.email, password: "wrong from c" }));
    const lock = await lockoutOf(user.email);
    expect(lock).toMatchObject({ failedCount: 11, lockCount: 1 });
    expect(lock?.failedIps.sort()).toEqual([a.ip, b.ip, c.ip].sort());
    expect(lock?.lockedUntil?.getTime()).toBe(deps.clock.now().getTime() + 15 * MIN);
    const locked = await db.authEvent.findFirstOrThrow({
      where: { userId: user.id, eventType: "ACCOUNT_LOCKED" },
    });
    expect(locked).toMatchObject({ failureReason: "TOO_MANY_FAILED_SIGN_INS", ipAddress: c.ip });
    expect(generic.reason).toBe("INVALID_CREDENTIALS");
    // While locked, a wrong password still gets the generic answer and does not extend the lock.
    const again = await appError(signIn(deps, testRequest(), { email: user.email, password: "still wrong" }));
    expect([again.code, again.message, again.reason]).toEqual([
      generic.code,
      generic.message,
      generic.reason,
    ]);
    expect((await lockoutOf(user.email))?.lockedUntil).toEqual(lock?.lockedUntil);
  });

  it("lets the owner in: the right password mails a one-time code, and the code signs in and lifts the lock", async () => {
    const user = await makeUser(db, { password: PASSWORD, name: "Olga" });
    await failFromManyIps(user.email, 10);
    expect((await lockoutOf(user.email))?.lockedUntil).not.toBeNull();
    const owner = testRequest();

    const step1 = await signIn(deps, owner, { email: user.email, password: PASSWORD });
    expect(step1).toEqual({ status: "UNLOCK_CODE_REQUIRED" });
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    const mail = await db.emailLog.findFirstOrThrow({
      where: { userId: user.id, emailType: "UNLOCK_CODE" },
      orderBy: { createdAt: "desc" },
    });
    const code = (mail.metadata as { code: string }).code;
    expect(code).toMatch(/^\d{6}$/);
    expect(mail.subject).toBe("Your Quartet unlock code");
    // Stored as a keyed hash only, valid 15 minutes.
    const row = await db.unlockCode.findFirstOrThrow({ where: { userId: user.id } });
    expect(row.codeHash).toBe(hashUnlockCode(deps.config.encryptionKey, row.id, code));
    expect(row.codeHash).not.toContain(code);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(15 * MIN);
    expect(
      await db.authEvent.count({
        where: { userId: user.id, eventType: "UNLOCK_CODE_SENT", ipAddress: owner.ip },
      }),
    ).toBe(1);

    // A wrong code: a field error, an event, still locked.
    const wrongCode = code === "000000" ? "111111" : "000000";
    const bad = await appError(
      signIn(deps, owner, { email: user.email, password: PASSWORD, unlockCode: wrongCode }),
    );
    expect(bad).toMatchObject({ code: "BAD_REQUEST", reason: "INVALID_UNLOCK_CODE" });
    expect(bad.fieldErrors?.unlockCode).toMatch(/didn't work/);
    expect(
      await db.authEvent.findFirst({ where: { userId: user.id, eventType: "UNLOCK_CODE_FAILED" } }),
    ).toMatchObject({ failureReason: "BAD_CODE" });
    // The code is worthless without the right password.
    expect(
      (await appError(signIn(deps, owner, { email: user.email, password: "nope nope", unlockCode: code })))
        .reason,
    ).toBe("INVALID_CREDENTIALS");

    const done = await signIn(deps, owner, {
      email: user.email,
      password: PASSWORD,
      unlockCode: ` ${code.slice(0, 3)} ${code.slice(3)} `,
    });
    expect(done.status).toBe("SIGNED_IN");
    expect(await lockoutOf(user.email)).toBeNull();
    expect((await db.unlockCode.findUniqueOrThrow({ where: { id: row.id } })).usedAt).not.toBeNull();
    const unlocked = await db.authEvent.findFirstOrThrow({
      where: { userId: user.id, eventType: "ACCOUNT_UNLOCKED" },
    });
    expect(unlocked.metadata).toMatchObject({ method: "email_code" });
    expect(await db.authEvent.count({ where: { userId: user.id, eventType: "LOGIN" } })).toBe(1);

    // Single use: locked again, the spent code is refused.
    await failFromManyIps(user.email, 10);
    const reused = await appError(
      signIn(deps, testRequest(), { email: user.email, password: PASSWORD, unlockCode: code }),
    );
    expect(reused.reason).toBe("UNLOCK_CODE_EXPIRED");
  });

  it("codes expire after 15 minutes, allow 5 tries, are replaced by a new one, and are mailed 3 times per 15 minutes", async () => {
    const user = await makeUser(db, { password: PASSWORD });
    await failFromManyIps(user.email, 10);
    const start = deps.clock.now();
    const codeOf = async () =>
      (
        (
          await db.emailLog.findFirstOrThrow({
            where: { userId: user.id, emailType: "UNLOCK_CODE" },
            orderBy: { createdAt: "desc" },
          })
        ).metadata as { code: string }
      ).code;
    const tryCode = (unlockCode: string) =>
      signIn(deps, testRequest(), { email: user.email, password: PASSWORD, unlockCode });
    // A later lock of the day: an hour, longer than a code lives.
    await db.signInLockout.update({
      where: { email: user.email },
      data: { lockedUntil: new Date(start.getTime() + 60 * MIN) },
    });
    try {
      await signIn(deps, testRequest(), { email: user.email, password: PASSWORD });
      const first = await codeOf();
      deps.clock.advance(15 * MIN);
      expect((await appError(tryCode(first))).reason).toBe("UNLOCK_CODE_EXPIRED");

      deps.clock.set(start);
      await signIn(deps, testRequest(), { email: user.email, password: PASSWORD });
      const second = await codeOf();
      const wrong = second === "999999" ? "888888" : "999999";
      for (let i = 0; i < 5; i++) expect((await appError(tryCode(wrong))).reason).toBe("INVALID_UNLOCK_CODE");
      // Five tries spent: even the right code is refused now.
      expect((await appError(tryCode(second))).reason).toBe("UNLOCK_CODE_EXPIRED");

      await signIn(deps, testRequest(), { email: user.email, password: PASSWORD });
      const third = await codeOf();
      // A fourth mail within 15 minutes is refused.
      const limited = await appError(signIn(deps, testRequest(), { email: user.email, password: PASSWORD }));
      expect(limited.reason).toBe("RATE_LIMITED");
      expect((await tryCode(third)).status).toBe("SIGNED_IN");
      expect(await db.unlockCode.count({ where: { userId: user.id, usedAt: null } })).toBe(0);
    } finally {
      deps.clock.set(start);
    }
  });

  it("with 2FA on, the second step is the proof: its success lifts the lock", async () => {
    const { user, key } = await userWithTwoFactor();
    await failFromManyIps(user.email, 10);
    const step1 = await signInSession(deps, testRequest(), { email: user.email, password: PASSWORD });
    expect(step1.status).toBe("TWO_FACTOR_REQUIRED");
    expect(await db.emailLog.count({ where: { userId: user.id, emailType: "UNLOCK_CODE" } })).toBe(0);
    expect((await lockoutOf(user.email))?.lockedUntil).not.toBeNull();
    const done = await signInTwoFactor(
      deps,
      testRequest({ currentSessionId: hashToken(step1.session.token) }),
      {
        code: generateTotpCode(key, deps.clock.now()),
      },
    );
    expect(done.status).toBe("SIGNED_IN");
    expect(await lockoutOf(user.email)).toBeNull();
    const unlocked = await db.authEvent.findFirstOrThrow({
      where: { userId: user.id, eventType: "ACCOUNT_UNLOCKED" },
    });
    expect(unlocked.metadata).toMatchObject({ method: "two_factor" });
  });

  it("the admin console tells a locked admin without 2FA where to unlock, once the password is right", async () => {
    const admin = await makeUser(db, { password: PASSWORD, platformRole: "SUPERADMIN" });
    await failFromManyIps(admin.email, 10);
    const wrong = await appError(
      signIn(deps, testRequest({ kind: "ADMIN" }), { email: admin.email, password: "no" }),
    );
    expect(wrong.reason).toBe("INVALID_CREDENTIALS");
    const right = await appError(
      signIn(deps, testRequest({ kind: "ADMIN" }), { email: admin.email, password: PASSWORD }),
    );
    expect(right).toMatchObject({ code: "FORBIDDEN", reason: "ACCOUNT_TEMPORARILY_LOCKED" });
    expect(right.message).toMatch(/customer app/);
  });

  it("expires by itself, and each new lock lasts twice as long, up to one hour", async () => {
    const user = await makeUser(db, { password: PASSWORD });
    const start = deps.clock.now();
    try {
      await failFromManyIps(user.email, 10);
      for (const minutes of [15, 30, 60, 60]) {
        const row = (await lockoutOf(user.email))!;
        expect(row.lockedUntil!.getTime() - deps.clock.now().getTime()).toBe(minutes * MIN);
        deps.clock.set(row.lockedUntil!);
        await failFromManyIps(user.email, 1); // the next failure after the lock expired
      }
      // Expired: the right password works and forgets everything.
      deps.clock.set((await lockoutOf(user.email))!.lockedUntil!);
      expect((await signIn(deps, testRequest(), { email: user.email, password: PASSWORD })).status).toBe(
        "SIGNED_IN",
      );
      expect(await lockoutOf(user.email)).toBeNull();
    } finally {
      deps.clock.set(start);
    }
  });

  it("is cleared by a password reset", async () => {
    const user = await makeUser(db, { password: PASSWORD });
    await failFromManyIps(user.email, 10);
    expect((await lockoutOf(user.email))?.lockedUntil).not.toBeNull();
    await requestPasswordReset(deps, testRequest(), { email: user.email });
    await runIdentityJobs(deps, boss);
    const { token } = (await lastMail(db, user.email, "PASSWORD_RESET"))!;
    await resetPassword(deps, testRequest(), { token: token!, password: "a brand new passphrase" });
    expect(await lockoutOf(user.email)).toBeNull();
    expect(
      (await signIn(deps, testRequest(), { email: user.email, password: "a brand new passphrase" })).status,
    ).toBe("SIGNED_IN");
  });
});

describe("an unknown address and a wrong password cost the same", () => {
  it("sign-in runs the same queries and writes the same rows on both paths, lock included", async () => {
    const user = await makeUser(db, { password: PASSWORD });
    const ghost = uniqueEmail("ghost").toLowerCase();
    const recorder = recordingDb(db);
    const d = { ...deps, db: recorder.db };
    const counts = async () => ({
      events: await db.authEvent.count(),
      lockouts: await db.signInLockout.count(),
      counters: await db.rateLimitCounter.count(),
      users: await db.user.count(),
      codes: await db.unlockCode.count(),
      mails: await db.emailLog.count(),
    });
    const userRow = () =>
      db.$queryRaw<{ xmin: string }[]>`SELECT xmin::text FROM users WHERE id = ${user.id}::uuid`;

    for (let i = 0; i < 10; i++) {
      // A new IP per attempt, so that the 10th round locks both addresses.
      const before = await counts();
      const xmin = await userRow();
      recorder.take();
      const wrong = await appError(signIn(d, testRequest(), { email: user.email, password: `guess ${i}` }));
      const wrongOps = recorder.take();
      const afterWrong = await counts();
      const unknown = await appError(signIn(d, testRequest(), { email: ghost, password: `guess ${i}` }));
      const unknownOps = recorder.take();
      const afterUnknown = await counts();

      expect(unknownOps).toEqual(wrongOps);
      expect([unknown.code, unknown.message, unknown.reason]).toEqual([
        wrong.code,
        wrong.message,
        wrong.reason,
      ]);
      const delta = (x: Record<string, number>, y: Record<string, number>) =>
        Object.fromEntries(Object.keys(x).map((k) => [k, (y[k] ?? 0) - (x[k] ?? 0)]));
      expect(delta(afterWrong, afterUnknown)).toEqual(delta(before, afterWrong));
      // The account's row itself is never written by a failed sign-in.
      expect(await userRow()).toEqual(xmin);
    }
    // Both addresses ended up locked the same way, each with its ACCOUNT_LOCKED event.
    const [known, unknownLock] = await Promise.all([
      db.signInLockout.findUniqueOrThrow({ where: { email: user.email } }),
      db.signInLockout.findUniqueOrThrow({ where: { email: ghost } }),
    ]);
    expect(known.lockedUntil).toEqual(unknownLock.lockedUntil);
    expect(known.lockedUntil).not.toBeNull();
    expect(await db.authEvent.count({ where: { userId: user.id, eventType: "ACCOUNT_LOCKED" } })).toBe(1);
    expect(
      await db.authEvent.count({
        where: { eventType: "ACCOUNT_LOCKED", metadata: { path: ["email"], equals: ghost } },
      }),
    ).toBe(1);
  });

  it("a password-reset request enqueues one job and writes nothing else, whether or not the account exists", async () => {
    const user = await makeUser(db);
    const ghost = uniqueEmail("nobody").toLowerCase();
    const recorder = recordingDb(db);
    const d = { ...deps, db: recorder.db };
    const snapshot = async () => ({
      jobs: await countJobs(db, "identity.password-reset"),
      events: await db.authEvent.count(),
      tokens: await db.emailToken.count(),
      mails: await db.emailLog.count(),
    });
    const req = testRequest();
    const s0 = await snapshot();
    recorder.take();
    expect(await requestPasswordReset(d, req, { email: user.email })).toEqual({ ok: true });
    const existingOps = recorder.take();
    const s1 = await snapshot();
    expect(await requestPasswordReset(d, req, { email: ghost })).toEqual({ ok: true });
    const unknownOps = recorder.take();
    const s2 = await snapshot();

    expect(unknownOps).toEqual(existingOps);
    expect(existingOps.some((op) => op.includes("pgboss"))).toBe(true);
    expect(existingOps.some((op) => op.startsWith("User."))).toBe(false); // no lookup on the request path
    for (const [from, to] of [
      [s0, s1],
      [s1, s2],
    ] as const)
      expect({ ...to, jobs: to.jobs - from.jobs }).toEqual({ ...from, jobs: 1 });
  });
});

describe("sign-up and resend verification cost the same whether or not the account exists", () => {
  const snapshot = async (queue: string) => ({
    jobs: await countJobs(db, queue),
    events: await db.authEvent.count(),
    users: await db.user.count(),
    workspaces: await db.organization.count(),
    tokens: await db.emailToken.count(),
    mails: await db.emailLog.count(),
  });

  it("a sign-up enqueues one job and writes nothing else, for a new, an active and a pending address", async () => {
    const active = await makeUser(db);
    const pending = await makeUser(db, { status: "PENDING" });
    const fresh = uniqueEmail("fresh").toLowerCase();
    const recorder = recordingDb(db);
    const d = { ...deps, db: recorder.db };
    // A first call warms what a process caches (runtime config), as any earlier request would have.
    await signUp(d, testRequest(), { email: uniqueEmail("warm"), password: PASSWORD, name: "Warm" });

    const runs: { ops: string[]; delta: Record<string, number> }[] = [];
    for (const email of [fresh, active.email, pending.email]) {
      const before = await snapshot("identity.sign-up");
      recorder.take();
      // A new IP each time, so each request hits its rate-limit counter the same way.
      expect(await signUp(d, testRequest(), { email, password: PASSWORD, name: "Someone" })).toEqual({
        ok: true,
      });
      const ops = recorder.take();
      const after = await snapshot("identity.sign-up");
      runs.push({
        ops,
        delta: Object.fromEntries(
          Object.entries(after).map(([k, v]) => [k, v - before[k as keyof typeof before]]),
        ),
      });
    }
    const [newAddress, activeAddress, pendingAddress] = runs;
    expect(activeAddress!.ops).toEqual(newAddress!.ops);
    expect(pendingAddress!.ops).toEqual(newAddress!.ops);
    expect(newAddress!.ops.some((op) => op.includes("pgboss"))).toBe(true);
    expect(newAddress!.ops.some((op) => op.startsWith("User."))).toBe(false); // no lookup on the request path
    for (const run of runs)
      expect(run.delta).toEqual({ jobs: 1, events: 0, users: 0, workspaces: 0, tokens: 0, mails: 0 });

    // The jobs then decide: an account for the new address only, a link for the pending owner only.
    await runIdentityJobs(deps, boss);
    expect(await db.user.findUniqueOrThrow({ where: { email: fresh } })).toMatchObject({ status: "PENDING" });
    expect(await db.emailLog.count({ where: { recipientEmail: active.email } })).toBe(0);
    expect(await lastMail(db, pending.email, "VERIFICATION")).not.toBeNull();
    expect(
      await db.authEvent.count({
        where: {
          userId: { in: [active.id, pending.id] },
          eventType: "REGISTRATION",
          failureReason: "EMAIL_TAKEN",
        },
      }),
    ).toBe(2);
  });

  it("a resend request enqueues one job and writes nothing else, for a pending, an active and an unknown address", async () => {
    const pending = await makeUser(db, { status: "PENDING" });
    const active = await makeUser(db);
    const ghost = uniqueEmail("nobody").toLowerCase();
    const recorder = recordingDb(db);
    const d = { ...deps, db: recorder.db };
    const runs: { ops: string[]; delta: Record<string, number> }[] = [];
    for (const email of [pending.email, active.email, ghost]) {
      const before = await snapshot("identity.verification-resend");
      recorder.take();
      expect(await resendVerification(d, testRequest(), { email })).toEqual({ ok: true });
      const ops = recorder.take();
      const after = await snapshot("identity.verification-resend");
      runs.push({
        ops,
        delta: Object.fromEntries(
          Object.entries(after).map(([k, v]) => [k, v - before[k as keyof typeof before]]),
        ),
      });
    }
    const [pendingRun, activeRun, unknownRun] = runs;
    expect(activeRun!.ops).toEqual(pendingRun!.ops);
    expect(unknownRun!.ops).toEqual(pendingRun!.ops);
    expect(pendingRun!.ops.some((op) => op.includes("pgboss"))).toBe(true);
    expect(pendingRun!.ops.some((op) => op.startsWith("User."))).toBe(false);
    for (const run of runs)
      expect(run.delta).toEqual({ jobs: 1, events: 0, users: 0, workspaces: 0, tokens: 0, mails: 0 });

    await runIdentityJobs(deps, boss);
    expect(await lastMail(db, pending.email, "VERIFICATION")).not.toBeNull();
    expect(await db.emailLog.count({ where: { recipientEmail: { in: [active.email, ghost] } } })).toBe(0);
  });
});

describe("two-factor sign-in", () => {
  it("requires a code after the password; the pending session can't be used as a full one", async () => {
    const { user, key } = await userWithTwoFactor();
    const step1 = await signInSession(deps, testRequest(), { email: user.email, password: PASSWORD });
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
    const first = await signInSession(deps, testRequest(), { email: user.email, password: PASSWORD });
    const ok = await signInTwoFactor(
      deps,
      testRequest({ currentSessionId: hashToken(first.session.token) }),
      { code: code.toUpperCase() },
    );
    expect(ok.status).toBe("SIGNED_IN");
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).twoFactorRecoveryCodes).toHaveLength(
      9,
    );

    const second = await signInSession(deps, testRequest(), { email: user.email, password: PASSWORD });
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
    const step1 = await signInSession(deps, testRequest(), { email: user.email, password: PASSWORD });
    const req = testRequest({ currentSessionId: hashToken(step1.session.token) });
    for (let i = 0; i < 5; i++) await appError(signInTwoFactor(deps, req, { code: "000000" }));
    expect((await appError(signInTwoFactor(deps, req, { code: "000000" }))).reason).toBe("RATE_LIMITED");
  });

  it("the pending session expires after 10 minutes", async () => {
    const { user, key } = await userWithTwoFactor();
    const step1 = await signInSession(deps, testRequest(), { email: user.email, password: PASSWORD });
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
  it("answers the same for an unknown address; the job records the miss and mails nothing", async () => {
    const ghost = uniqueEmail("nobody").toLowerCase();
    const req = testRequest();
    expect(await requestPasswordReset(deps, req, { email: ghost })).toEqual({ ok: true });
    expect(await runIdentityJobs(deps, boss)).toBeGreaterThanOrEqual(1);
    expect(await db.emailLog.count({ where: { recipientEmail: ghost } })).toBe(0);
    const event = await db.authEvent.findFirstOrThrow({
      where: { eventType: "PASSWORD_RESET_REQUEST", metadata: { path: ["email"], equals: ghost } },
    });
    expect(event).toMatchObject({
      outcome: "FAILURE",
      failureReason: "UNKNOWN_EMAIL",
      userId: null,
      ipAddress: req.ip,
    });
    expect(event.timestamp).toEqual(deps.clock.now());
  });

  it("mails a 1 h single-use link from the job; resetting ends every session and mails a notice", async () => {
    const user = await makeUser(db, { password: PASSWORD });
    const now = deps.clock.now();
    await createSession(db, user.id, "WEB", { ip: "1.1.1.1", userAgent: "a", deviceInfo: {} }, now);
    await createSession(db, user.id, "WEB", { ip: "1.1.1.2", userAgent: "b", deviceInfo: {} }, now);

    const req = testRequest();
    expect(await requestPasswordReset(deps, req, { email: user.email })).toEqual({ ok: true });
    // Nothing is decided on the request path: no link until the job runs.
    expect(await lastMail(db, user.email, "PASSWORD_RESET")).toBeNull();
    await runIdentityJobs(deps, boss);
    const mail = (await lastMail(db, user.email, "PASSWORD_RESET"))!;
    expect(mail.link).toMatch(/^http:\/\/localhost:3000\/reset-password\?token=/);
    const row = await db.emailToken.findFirstOrThrow({
      where: { userId: user.id, tokenType: "PASSWORD_RESET" },
    });
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(60 * MIN);
    expect(
      await db.authEvent.findFirst({ where: { userId: user.id, eventType: "PASSWORD_RESET_REQUEST" } }),
    ).toMatchObject({ outcome: "SUCCESS", ipAddress: req.ip, userAgent: req.userAgent });

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

  it("a retried job after a committed attempt mails no second link", async () => {
    const user = await makeUser(db, { password: PASSWORD });
    const payload = {
      requestId: crypto.randomUUID(),
      email: user.email,
      ip: "198.51.100.77",
      userAgent: "test",
      requestedAt: deps.clock.now().toISOString(),
    };
    expect(await handlePasswordResetRequest(deps, payload)).toEqual({ mailed: true });
    expect(await handlePasswordResetRequest(deps, payload)).toEqual({ mailed: false, duplicate: true });
    expect(await db.emailLog.count({ where: { userId: user.id, emailType: "PASSWORD_RESET" } })).toBe(1);
  });

  it("refuses a link older than an hour, and a weak password without spending the link", async () => {
    const user = await makeUser(db, { password: PASSWORD });
    await requestPasswordReset(deps, testRequest(), { email: user.email });
    await runIdentityJobs(deps, boss);
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
    const { session } = await signInSession(deps, testRequest(), { email: user.email, password: PASSWORD });
    const id = hashToken(session.token);
    expect(await signOut(deps, testRequest({ currentSessionId: id }))).toEqual({ ok: true });
    expect(await db.session.count({ where: { id } })).toBe(0);
    expect(await db.authEvent.count({ where: { userId: user.id, eventType: "LOGOUT" } })).toBe(1);
  });
});
