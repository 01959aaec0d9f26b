import { decryptSecret } from "@quartet/auth/crypto";
import { sessionCookie } from "@quartet/auth/session";
import { generateTotpCode } from "@quartet/auth/totp";
import { TOTP_SECRET_PURPOSE } from "@quartet/core/identity/identity.shared";
import { runIdentityJobs } from "@quartet/core/identity/identity.test-helpers";
import { useTestEnv } from "@quartet/core/testing/integration";
import type { SessionKind } from "@quartet/db/enums";
import { makeUser } from "@quartet/db/testing/factories";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { describe, expect, it } from "vitest";
import { adminRouter } from "../admin-router.ts";
import { trpcError } from "../api.test-helpers.ts";
import { appRouter } from "../app-router.ts";
import { type CookieJar, createApiContext } from "../context.ts";
import { transformer } from "../transformer.ts";
import { createCallerFactory } from "../trpc.ts";

// auth.*, me.* and sessions.* through tRPC with a cookie jar per "browser": real Postgres, real pg-boss.

const { db, deps, boss } = await useTestEnv();
const appCaller = createCallerFactory(appRouter);
const adminCaller = createCallerFactory(adminRouter);

const PASSWORD = "violet kettle orbit 42";
const UA = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
let ipCounter = 0;

/** One browser: keeps its cookies (with the options they were set with) between calls. */
function browser(kind: SessionKind = "WEB") {
  const store = new Map<string, { value: string; options: Record<string, unknown> }>();
  const jar: CookieJar = {
    get: (name) => store.get(name)?.value,
    set: (name, value, options) => void store.set(name, { value, options }),
    clear: (name) => void store.delete(name),
  };
  const ip = `203.0.113.${++ipCounter}`;
  const context = () => createApiContext({ deps, kind, req: { ip, userAgent: UA }, cookies: jar });
  return {
    ip,
    cookie: () => store.get(sessionCookie(kind, false).name),
    web: async () => appCaller(await context()),
    admin: async () => adminCaller(await context()),
  };
}

async function mailToken(email: string, type: "VERIFICATION" | "PASSWORD_RESET") {
  const log = await db.emailLog.findFirstOrThrow({
    where: { recipientEmail: email, emailType: type },
    orderBy: { createdAt: "desc" },
  });
  return new URL((log.metadata as { link: string }).link).searchParams.get("token")!;
}

describe("auth router", () => {
  it("sign up → verify (signed in by cookie) → session → sign out → sign in", async () => {
    const b = browser();
    const email = `walk-${crypto.randomUUID().slice(0, 8)}@example.test`;
    expect(
      await (await b.web()).auth.signUp({ email: email.toUpperCase(), password: PASSWORD, name: "Walker" }),
    ).toEqual({ ok: true });
    expect(await (await b.web()).auth.session()).toBeNull();
    // The account is made by the worker's `identity.sign-up` job, a moment after the answer.
    expect(await db.user.count({ where: { email } })).toBe(0);
    await runIdentityJobs(deps, boss);

    // "Send me a new link" answers the same for this address and an unknown one; its job mails.
    for (const address of [email, `nobody-${crypto.randomUUID().slice(0, 8)}@example.test`])
      expect(await (await browser().web()).auth.resendVerification({ email: address })).toEqual({ ok: true });
    const first = await mailToken(email, "VERIFICATION");
    await runIdentityJobs(deps, boss);
    const token = await mailToken(email, "VERIFICATION");
    expect(token).not.toBe(first);
    expect(await (await b.web()).auth.verifyEmail({ token })).toEqual({ ok: true });
    const cookie = b.cookie();
    expect(cookie?.options).toMatchObject({
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure: false,
      maxAge: 90 * 24 * 3600,
    });

    const session = await (await b.web()).auth.session();
    expect(session).toEqual({
      user: expect.objectContaining({
        email,
        name: "Walker",
        locale: "en",
        timezone: "UTC",
        twoFactorEnabled: false,
        platformRole: "USER",
      }),
      twoFactorPending: false,
      flags: expect.any(Object),
    });
    expect((await (await b.web()).me.get()).email).toBe(email);

    expect(await (await b.web()).auth.signOut()).toEqual({ ok: true });
    expect(b.cookie()).toBeUndefined();
    expect(await (await b.web()).auth.session()).toBeNull();
    const unauth = await trpcError((await b.web()).me.get());
    expect(unauth.code).toBe("UNAUTHORIZED");

    expect(await (await b.web()).auth.signIn({ email, password: PASSWORD })).toEqual({
      status: "SIGNED_IN",
      linked: null,
    });
    expect((await (await b.web()).auth.session())?.user.email).toBe(email);
  });

  it("unknown email and wrong password look the same to the client", async () => {
    const user = await makeUser(db, { password: PASSWORD });
    const wrong = await trpcError(
      (await browser().web()).auth.signIn({ email: user.email, password: "not it at all" }),
    );
    const unknown = await trpcError(
      (await browser().web()).auth.signIn({ email: "nobody@example.test", password: "not it at all" }),
    );
    expect([wrong.code, wrong.message]).toEqual([unknown.code, unknown.message]);
    expect(wrong.code).toBe("UNAUTHORIZED");
  });

  it("2FA: sign-in asks for the code; the pending session is not signed in; the code completes it", async () => {
    const user = await makeUser(db, { password: PASSWORD });
    const b = browser();
    await (await b.web()).auth.signIn({ email: user.email, password: PASSWORD });
    const setup = await (await b.web()).me.twoFactorSetup();
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    const key = decryptSecret(deps.config.encryptionKey, TOTP_SECRET_PURPOSE, row.twoFactorSecret!);
    expect(setup.qrDataUrl).toMatch(/^data:image\/png/);
    const { recoveryCodes } = await (await b.web()).me.twoFactorEnable({
      code: generateTotpCode(key, deps.clock.now()),
    });
    expect(recoveryCodes).toHaveLength(10);
    await (await b.web()).auth.signOut();

    expect(await (await b.web()).auth.signIn({ email: user.email, password: PASSWORD })).toEqual({
      status: "TWO_FACTOR_REQUIRED",
      linked: null,
    });
    const pendingCookie = b.cookie();
    expect(pendingCookie?.options.maxAge).toBe(600);
    expect(await (await b.web()).auth.session()).toMatchObject({ twoFactorPending: true });
    expect((await trpcError((await b.web()).me.get())).code).toBe("UNAUTHORIZED");
    expect((await trpcError((await b.web()).sessions.list())).code).toBe("UNAUTHORIZED");

    expect(
      await (await b.web()).auth.signInTwoFactor({ code: generateTotpCode(key, deps.clock.now()) }),
    ).toEqual({ status: "SIGNED_IN", linked: null });
    expect(b.cookie()?.value).not.toBe(pendingCookie?.value);
    expect(await (await b.web()).auth.session()).toMatchObject({
      twoFactorPending: false,
      user: { twoFactorEnabled: true },
    });
  });

  it("admin console: separate cookie, SUPERADMIN only", async () => {
    const admin = await makeUser(db, { password: PASSWORD, platformRole: "SUPERADMIN" });
    const plain = await makeUser(db, { password: PASSWORD });
    const b = browser("ADMIN");
    const refused = await trpcError(
      (await b.admin()).auth.signIn({ email: plain.email, password: PASSWORD }),
    );
    expect(refused.code).toBe("FORBIDDEN");
    expect(b.cookie()).toBeUndefined();

    expect(await (await b.admin()).auth.signIn({ email: admin.email, password: PASSWORD })).toEqual({
      status: "SIGNED_IN",
      linked: null,
    });
    expect(b.cookie()?.options.maxAge).toBe(12 * 3600);
    expect((await (await b.admin()).auth.session())?.user.platformRole).toBe("SUPERADMIN");
    // The admin cookie means nothing to the web app.
    const web = browser("WEB");
    expect(sessionCookie("ADMIN", false).name).not.toBe(sessionCookie("WEB", false).name);
    const token = b.cookie()!.value;
    const ctx = await createApiContext({
      deps,
      kind: "WEB",
      req: { ip: web.ip, userAgent: UA },
      cookies: { get: () => token, set: () => {}, clear: () => {} },
    });
    expect(await ctx.sessionLookup.current()).toBeNull();
  });

  it("a locked-out account: the right password asks for the mailed code (no cookie yet), the code signs in", async () => {
    const user = await makeUser(db, { password: PASSWORD });
    const now = deps.clock.now();
    await db.signInLockout.create({
      data: {
        email: user.email,
        failedCount: 10,
        failedIps: ["198.51.100.1", "198.51.100.2", "198.51.100.3"],
        windowStart: now,
        lockedUntil: new Date(now.getTime() + 15 * 60_000),
        lockCount: 1,
        updatedAt: now,
      },
    });
    const b = browser();
    expect(await (await b.web()).auth.signIn({ email: user.email, password: PASSWORD })).toEqual({
      status: "UNLOCK_CODE_REQUIRED",
      linked: null,
    });
    expect(b.cookie()).toBeUndefined();
    const log = await db.emailLog.findFirstOrThrow({ where: { userId: user.id, emailType: "UNLOCK_CODE" } });
    const { code } = log.metadata as { code: string };

    const bad = await trpcError(
      (await b.web()).auth.signIn({ email: user.email, password: PASSWORD, unlockCode: "12345" }),
    );
    expect(bad.code).toBe("BAD_REQUEST"); // not 6 digits: refused by the input schema
    expect(
      await (await b.web()).auth.signIn({ email: user.email, password: PASSWORD, unlockCode: code }),
    ).toEqual({ status: "SIGNED_IN", linked: null });
    expect(b.cookie()?.value).toBeTruthy();
    expect((await (await b.web()).me.get()).id).toBe(user.id);
  });

  it("a LOCKED or DISABLED user is signed out on the very next request", async () => {
    for (const status of ["LOCKED", "DISABLED"] as const) {
      const user = await makeUser(db, { password: PASSWORD });
      const b = browser();
      await (await b.web()).auth.signIn({ email: user.email, password: PASSWORD });
      expect((await (await b.web()).me.get()).id).toBe(user.id);
      await db.user.update({ where: { id: user.id }, data: { status } });
      expect(await (await b.web()).auth.session()).toBeNull();
      expect(b.cookie()).toBeUndefined(); // the context cleared the dead cookie
      const again = await trpcError(
        (await browser().web()).auth.signIn({ email: user.email, password: PASSWORD }),
      );
      expect(again.code).toBe("FORBIDDEN");
    }
  });

  it("reset password ends every session of the account", async () => {
    const user = await makeUser(db, { password: PASSWORD });
    const laptop = browser();
    const phone = browser();
    await (await laptop.web()).auth.signIn({ email: user.email, password: PASSWORD });
    await (await phone.web()).auth.signIn({ email: user.email, password: PASSWORD });
    await (await browser().web()).auth.requestPasswordReset({ email: user.email });
    await runIdentityJobs(deps, boss); // the worker's part
    const token = await mailToken(user.email, "PASSWORD_RESET");
    await (await browser().web()).auth.resetPassword({ token, password: "a different passphrase" });
    expect(await (await laptop.web()).auth.session()).toBeNull();
    expect(await (await phone.web()).auth.session()).toBeNull();
  });
});

describe("me and sessions routers", () => {
  it("change password keeps this browser signed in and signs out the others", async () => {
    const user = await makeUser(db, { password: PASSWORD });
    const laptop = browser();
    const phone = browser();
    await (await laptop.web()).auth.signIn({ email: user.email, password: PASSWORD });
    await (await phone.web()).auth.signIn({ email: user.email, password: PASSWORD });
    await (await laptop.web()).me.changePassword({
      currentPassword: PASSWORD,
      newPassword: "another good passphrase",
    });
    expect((await (await laptop.web()).me.get()).id).toBe(user.id);
    expect(await (await phone.web()).auth.session()).toBeNull();
  });

  it("lists sessions with the current one marked, revokes one, and revokes the others", async () => {
    const user = await makeUser(db, { password: PASSWORD });
    const [a, b, c] = [browser(), browser(), browser()];
    for (const x of [a, b, c]) await (await x.web()).auth.signIn({ email: user.email, password: PASSWORD });
    const list = await (await a.web()).sessions.list();
    expect(list).toHaveLength(3);
    expect(list[0]).toMatchObject({
      current: true,
      ipAddress: a.ip,
      deviceInfo: { browser: "Firefox 133", os: "Linux", type: "desktop" },
    });
    const bId = list.find((s) => s.ipAddress === b.ip)!.id;
    await (await a.web()).sessions.revoke({ sessionId: bId });
    expect(await (await b.web()).auth.session()).toBeNull();
    expect(await (await a.web()).sessions.revokeOthers()).toEqual({ count: 1 });
    expect(await (await c.web()).auth.session()).toBeNull();
    expect((await (await a.web()).sessions.list()).map((s) => s.current)).toEqual([true]);
  });

  it("profile update validates input field by field", async () => {
    const user = await makeUser(db, { password: PASSWORD });
    const b = browser();
    await (await b.web()).auth.signIn({ email: user.email, password: PASSWORD });
    const updated = await (await b.web()).me.update({ name: "Fatima", locale: "ar", timezone: "Asia/Dubai" });
    expect(updated).toMatchObject({ name: "Fatima", locale: "ar", timezone: "Asia/Dubai" });
    const bad = await trpcError(
      (await b.web()).me.update({ timezone: "Nowhere/Special", avatarUrl: "http://x.test/a.png" }),
    );
    expect(bad.code).toBe("BAD_REQUEST");
  });

  it("delete account signs out and frees the address", async () => {
    const user = await makeUser(db, { password: PASSWORD });
    const b = browser();
    await (await b.web()).auth.signIn({ email: user.email, password: PASSWORD });
    expect(await (await b.web()).me.deleteAccount({ password: PASSWORD })).toEqual({ ok: true });
    expect(b.cookie()).toBeUndefined();
    expect(await db.deletedEmail.count({ where: { email: user.email } })).toBe(1);
    const again = await trpcError(
      (await browser().web()).auth.signIn({ email: user.email, password: PASSWORD }),
    );
    expect(again.code).toBe("UNAUTHORIZED");
  });
});

describe("errors over HTTP", () => {
  async function post(path: string, input: unknown, kind: SessionKind = "WEB") {
    const res = await fetchRequestHandler({
      endpoint: "/trpc",
      router: kind === "WEB" ? appRouter : adminRouter,
      req: new Request(`http://localhost/trpc/${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(transformer.serialize(input)),
      }),
      createContext: () =>
        createApiContext({
          deps,
          kind,
          req: { ip: `203.0.113.${++ipCounter}`, userAgent: UA },
          cookies: { get: () => undefined, set: () => {}, clear: () => {} },
        }),
    });
    const body = (await res.json()) as {
      error: {
        message: string;
        data: { fieldErrors: Record<string, string> | null; reason: string | null };
      };
    };
    return { status: res.status, error: body.error };
  }

  it("zod issues and domain reasons reach the client", async () => {
    const bad = await post("auth.signUp", { email: "not-an-email", password: "short", name: "" });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.error.data.fieldErrors ?? {}).sort()).toEqual(["email", "name", "password"]);

    const common = await post("auth.signUp", {
      email: "fresh@example.test",
      password: "password123",
      name: "F",
    });
    expect(common.error.data.fieldErrors?.password).toMatch(/too common/);

    const pending = await makeUser(db, { password: PASSWORD, status: "PENDING" });
    const notVerified = await post("auth.signIn", { email: pending.email, password: PASSWORD });
    expect(notVerified.status).toBe(403);
    expect(notVerified.error.data.reason).toBe("EMAIL_NOT_VERIFIED");

    const wrong = await post("auth.signIn", { email: pending.email, password: "wrong password" });
    expect(wrong.status).toBe(401);
    expect(wrong.error.data.reason).toBe("INVALID_CREDENTIALS");
  });
});
