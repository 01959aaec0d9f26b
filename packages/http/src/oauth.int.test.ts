import { adminRouter } from "@quartet/api/admin-router";
import { appRouter } from "@quartet/api/app-router";
import { transformer } from "@quartet/api/transformer";
import { makeTestDeps, startTestBoss, type TestDeps } from "@quartet/core/testing/deps";
import { makeUser } from "@quartet/db/testing/factories";
import { createTestDatabase, type TestDatabase } from "@quartet/db/testing/test-db";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOAuthSetup, parseOAuthEnv } from "./oauth-env.ts";
import { buildServer } from "./server.ts";
import { type FakeOAuthProviders, startFakeOAuthProviders } from "./testing/fake-oauth-providers.ts";
import { type LocalOidcProvider, startLocalOidcProvider } from "./testing/local-oidc-provider.ts";

// Sign-in with Google, GitHub and OpenID Connect through the real web server, against a real OIDC
// provider (oidc-provider) and local fakes of Google's and GitHub's endpoints.

const WEB = "http://localhost:3000";
const ADMIN = "http://localhost:3001";
const password = "a sturdy passphrase for tests";
let t: TestDatabase;
let boss: PgBoss;
let deps: TestDeps;
let web: FastifyInstance;
let admin: FastifyInstance;
let idp: LocalOidcProvider;
let fakes: FakeOAuthProviders;
let seq = 0;

beforeAll(async () => {
  t = await createTestDatabase();
  boss = await startTestBoss(t.url);
  idp = await startLocalOidcProvider({
    redirectUris: [`${WEB}/auth/oauth/oidc/callback`, `${ADMIN}/auth/oauth/oidc/callback`],
    idTokenTtl: 60,
  });
  fakes = await startFakeOAuthProviders({ "google-id": "google-secret", "github-id": "github-secret" });
  const env = parseOAuthEnv(
    {
      GOOGLE_CLIENT_ID: "google-id",
      GOOGLE_CLIENT_SECRET: "google-secret",
      GOOGLE_OAUTH_BASE_URL: fakes.baseUrl,
      GITHUB_CLIENT_ID: "github-id",
      GITHUB_CLIENT_SECRET: "github-secret",
      GITHUB_OAUTH_BASE_URL: fakes.baseUrl,
      GITHUB_API_BASE_URL: fakes.baseUrl,
      OIDC_ISSUER_URL: idp.issuer,
      OIDC_CLIENT_ID: idp.clientId,
      OIDC_CLIENT_SECRET: idp.clientSecret,
      OIDC_NAME: "Acme SSO",
    },
    false,
  );
  if (!env.ok) throw new Error(env.problems.join("\n"));
  deps = { ...makeTestDeps(t.db, boss), oauth: createOAuthSetup(env.config) };
  web = await buildServer({ deps, kind: "WEB", router: appRouter, origin: WEB });
  admin = await buildServer({ deps, kind: "ADMIN", router: adminRouter, origin: ADMIN });
});

afterAll(async () => {
  await Promise.all([web?.close(), admin?.close(), idp?.close(), fakes?.close()]);
  await boss?.stop({ graceful: false });
  await t?.drop();
});

// ── A browser: a cookie jar over inject ─────────────────────────────────────────────────────

class Browser {
  jar = new Map<string, string>();
  constructor(readonly app: FastifyInstance = web) {}
  cookieHeader() {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  keep(res: LightMyRequestResponse) {
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      if (c.value === "" || c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now()))
        this.jar.delete(c.name);
      else this.jar.set(c.name, c.value);
    }
    return res;
  }
  async get(url: string) {
    const u = new URL(url, WEB);
    return this.keep(
      await this.app.inject({
        method: "GET",
        url: `${u.pathname}${u.search}`,
        headers: { cookie: this.cookieHeader() },
      }),
    );
  }
  async start(provider: string, intent?: "link") {
    const res = await this.get(`/auth/oauth/${provider}/start${intent ? "?intent=link" : ""}`);
    expect(res.statusCode).toBe(302);
    return res.headers.location as string;
  }
  async trpc(path: string, input?: unknown, method: "query" | "mutation" = "mutation") {
    const origin = this.app === admin ? ADMIN : WEB;
    const res =
      method === "query"
        ? await this.app.inject({
            method: "GET",
            url: `/trpc/${path}${input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(transformer.serialize(input)))}`}`,
            headers: { cookie: this.cookieHeader() },
          })
        : await this.app.inject({
            method: "POST",
            url: `/trpc/${path}`,
            headers: { "content-type": "application/json", origin, cookie: this.cookieHeader() },
            payload: JSON.stringify(transformer.serialize(input ?? null)),
          });
    this.keep(res);
    const body = res.json() as {
      result?: { data: unknown };
      error?: { message: string; data?: { reason?: string } };
    };
    return body.error
      ? { ok: false as const, error: body.error, status: res.statusCode }
      : {
          ok: true as const,
          data: transformer.deserialize(body.result?.data as never) as Record<string, unknown>,
        };
  }
  async session() {
    const r = await this.trpc("auth.session", undefined, "query");
    return r.ok
      ? (r.data as { user: { id: string; email: string }; twoFactorPending: boolean } | null)
      : null;
  }
}

/** A full OIDC round trip: start at the app, the provider's login, the callback. */
async function oidcRoundTrip(
  browser: Browser,
  sub: string,
  account: { email: string; emailVerified: boolean; name?: string },
  intent?: "link",
) {
  const authorization = await browser.start("oidc", intent);
  idp.loginAs(sub, account);
  const callback = await idp.authorize(authorization);
  return { callback, res: await browser.get(callback.toString()) };
}

const uniqueEmail = (label: string) => `${label}-${++seq}@example.test`;
const sub = (label: string) => `${label}-${++seq}`;

async function eventsOf(userId: string) {
  const rows = await t.db.authEvent.findMany({ where: { userId }, orderBy: { timestamp: "asc" } });
  return rows.map((e) => `${e.eventType}:${e.outcome}${e.failureReason ? `:${e.failureReason}` : ""}`);
}

describe("which providers are offered", () => {
  it("the web app lists the configured providers; the admin console none unless ADMIN_OIDC_ALLOWED", async () => {
    const r = await new Browser().trpc("auth.oauthProviders", undefined, "query");
    expect(r.ok && r.data.providers).toEqual([
      { id: "google", name: "Google" },
      { id: "github", name: "GitHub" },
      { id: "oidc", name: "Acme SSO" },
    ]);
    const a = await new Browser(admin).trpc("auth.oauthProviders", undefined, "query");
    expect(a.ok && a.data.providers).toEqual([]);
    const res = await admin.inject({ method: "GET", url: "/auth/oauth/oidc/start" });
    expect(res.statusCode).toBe(404);
  });

  it("a provider without env is off", () => {
    const env = parseOAuthEnv({ GOOGLE_CLIENT_ID: "x" }, false);
    expect(env.ok).toBe(false);
    const none = parseOAuthEnv({}, false);
    expect(none.ok && Object.values(none.config.providers).every((p) => p === null)).toBe(true);
    expect(
      parseOAuthEnv(
        { OIDC_ISSUER_URL: "http://idp.local", OIDC_CLIENT_ID: "a", OIDC_CLIENT_SECRET: "b" },
        true,
      ).ok,
    ).toBe(false);
  });
});

describe("OpenID Connect", () => {
  it("a new person signs up: ACTIVE at once, personal workspace, welcome mail, events; then signs in again", async () => {
    const browser = new Browser();
    const email = uniqueEmail("oidc-new");
    const id = sub("oidc");
    const authorization = new URL(await browser.start("oidc"));
    expect(authorization.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorization.searchParams.get("nonce")).toBeTruthy();
    expect(browser.jar.has("quartet_oauth")).toBe(true);
    idp.loginAs(id, { email, emailVerified: true, name: "Ada Lovelace" });
    const res = await browser.get((await idp.authorize(authorization.toString())).toString());
    expect(res.headers.location).toBe(`${WEB}/`);
    expect(browser.jar.has("quartet_oauth")).toBe(false);
    const session = await browser.session();
    expect(session?.user.email).toBe(email);

    const user = await t.db.user.findUniqueOrThrow({ where: { email } });
    expect(user).toMatchObject({
      status: "ACTIVE",
      passwordHash: null,
      providerName: "GENERIC",
      name: "Ada Lovelace",
    });
    expect(user.emailVerifiedAt).not.toBeNull();
    expect(
      await t.db.oAuthAccount.count({ where: { userId: user.id, provider: "GENERIC", providerUserId: id } }),
    ).toBe(1);
    expect(await t.db.organization.count({ where: { ownerId: user.id, isPersonal: true } })).toBe(1);
    expect(await t.db.emailLog.count({ where: { recipientEmail: email, emailType: "WELCOME" } })).toBe(1);
    expect((await eventsOf(user.id)).sort()).toEqual([
      "IDENTITY_LINKED:SUCCESS",
      "REGISTRATION:SUCCESS",
      "SOCIAL_LOGIN:SUCCESS",
    ]);

    // Later, another browser: the same identity signs in to the same account.
    const again = new Browser();
    const second = await oidcRoundTrip(again, id, { email, emailVerified: true });
    expect(second.res.headers.location).toBe(`${WEB}/`);
    expect((await again.session())?.user.id).toBe(user.id);
    expect(await t.db.user.count({ where: { email } })).toBe(1);
    // The provider's signing keys were fetched once for both sign-ins, not once per sign-in.
    expect(idp.hits("/jwks")).toBe(1);
  });

  it("a callback whose state isn't the browser's is refused", async () => {
    const browser = new Browser();
    const authorization = await browser.start("oidc");
    idp.loginAs(sub("state"), { email: uniqueEmail("state"), emailVerified: true });
    const callback = await idp.authorize(authorization);
    callback.searchParams.set("state", "x".repeat(43));
    const res = await browser.get(callback.toString());
    expect(res.headers.location).toBe(`${WEB}/sign-in?oauthError=STATE_MISMATCH`);
    expect(await browser.session()).toBeNull();

    // Another browser (no flow cookie) can't use this code either: login CSRF is refused.
    const stranger = await new Browser().get(callback.toString());
    expect(stranger.headers.location).toBe(`${WEB}/sign-in?oauthError=FLOW_EXPIRED`);
  });

  it("a tampered or stale flow cookie is refused", async () => {
    const browser = new Browser();
    const authorization = await browser.start("oidc");
    const flow = browser.jar.get("quartet_oauth") ?? "";
    idp.loginAs(sub("tamper"), { email: uniqueEmail("tamper"), emailVerified: true });
    const callback = await idp.authorize(authorization);
    // One character inside the sealed value changed (its authentication tag): AES-GCM refuses it.
    const parts = flow.split(".");
    const tag = parts[2] ?? "";
    parts[2] = `${tag[0] === "A" ? "B" : "A"}${tag.slice(1)}`;
    browser.jar.set("quartet_oauth", parts.join("."));
    expect((await browser.get(callback.toString())).headers.location).toBe(
      `${WEB}/sign-in?oauthError=FLOW_EXPIRED`,
    );
    // The genuine cookie, eleven minutes later: the flow has expired.
    browser.jar.set("quartet_oauth", flow);
    deps.clock.advance(11 * 60_000);
    try {
      expect((await browser.get(callback.toString())).headers.location).toBe(
        `${WEB}/sign-in?oauthError=FLOW_EXPIRED`,
      );
    } finally {
      deps.clock.set(Date.now());
    }
    expect(await browser.session()).toBeNull();
  });

  it("a replayed code is refused", async () => {
    const browser = new Browser();
    const authorization = await browser.start("oidc");
    const flow = browser.jar.get("quartet_oauth") ?? "";
    idp.loginAs(sub("replay"), { email: uniqueEmail("replay"), emailVerified: true });
    const callback = await idp.authorize(authorization);
    expect((await browser.get(callback.toString())).headers.location).toBe(`${WEB}/`);
    // The same callback again, with the flow cookie put back.
    const replay = new Browser();
    replay.jar.set("quartet_oauth", flow);
    const res = await replay.get(callback.toString());
    expect(res.headers.location).toBe(`${WEB}/sign-in?oauthError=CODE_REJECTED`);
    expect(await replay.session()).toBeNull();
    const failed = await t.db.authEvent.findFirst({
      where: { eventType: "SOCIAL_LOGIN_FAILED", failureReason: "CODE_REJECTED" },
    });
    expect(failed).not.toBeNull();
  });

  it("an ID token with another nonce is refused", async () => {
    const browser = new Browser();
    const authorization = new URL(await browser.start("oidc"));
    // What a token minted for another sign-in would carry.
    authorization.searchParams.set("nonce", "a-nonce-this-browser-never-saw");
    idp.loginAs(sub("nonce"), { email: uniqueEmail("nonce"), emailVerified: true });
    const res = await browser.get((await idp.authorize(authorization.toString())).toString());
    expect(res.headers.location).toBe(`${WEB}/sign-in?oauthError=ID_TOKEN_INVALID`);
    expect(await browser.session()).toBeNull();
  });

  it("an expired ID token is refused", async () => {
    const browser = new Browser();
    const authorization = await browser.start("oidc");
    const email = uniqueEmail("expired");
    idp.loginAs(sub("expired"), { email, emailVerified: true });
    const callback = await idp.authorize(authorization);
    // The ID token lives 60 s; five minutes later (the flow itself is still fresh) it is stale.
    deps.clock.advance(5 * 60_000);
    try {
      const res = await browser.get(callback.toString());
      expect(res.headers.location).toBe(`${WEB}/sign-in?oauthError=ID_TOKEN_INVALID`);
    } finally {
      deps.clock.set(Date.now());
    }
    expect(await t.db.user.count({ where: { email } })).toBe(0);
  });

  it("an unverified provider address that matches an account neither links nor signs in", async () => {
    const owner = await makeUser(t.db, { email: uniqueEmail("victim"), password });
    const browser = new Browser();
    const { res } = await oidcRoundTrip(browser, sub("attacker"), {
      email: owner.email,
      emailVerified: false,
    });
    expect(res.headers.location).toBe(`${WEB}/sign-in?oauthError=EMAIL_NOT_VERIFIED`);
    expect(browser.jar.has("quartet_oauth_link")).toBe(false);
    expect(await browser.session()).toBeNull();
    expect(await t.db.oAuthAccount.count({ where: { userId: owner.id } })).toBe(0);
    expect(await eventsOf(owner.id)).toEqual(["SOCIAL_LOGIN_FAILED:FAILURE:EMAIL_NOT_VERIFIED"]);
  });

  it("a verified address that matches an account links only after the password sign-in", async () => {
    const owner = await makeUser(t.db, { email: uniqueEmail("owner"), password });
    const browser = new Browser();
    const id = sub("owner");
    const { res } = await oidcRoundTrip(browser, id, { email: owner.email, emailVerified: true });
    expect(res.headers.location).toBe(`${WEB}/sign-in?link=oidc&email=${encodeURIComponent(owner.email)}`);
    expect(await browser.session()).toBeNull();
    expect(await t.db.oAuthAccount.count({ where: { userId: owner.id } })).toBe(0);
    const pending = await browser.trpc("auth.oauthProviders", undefined, "query");
    expect(pending.ok && pending.data.pendingLink).toEqual({ provider: "oidc", name: "Acme SSO" });

    // A wrong password links nothing.
    const wrong = await browser.trpc("auth.signIn", {
      email: owner.email,
      password: "not the password at all",
    });
    expect(wrong.ok).toBe(false);
    expect(await t.db.oAuthAccount.count({ where: { userId: owner.id } })).toBe(0);

    const right = await browser.trpc("auth.signIn", { email: owner.email, password });
    expect(right.ok && right.data).toEqual({ status: "SIGNED_IN", linked: "oidc" });
    expect(browser.jar.has("quartet_oauth_link")).toBe(false);
    expect(await t.db.oAuthAccount.count({ where: { userId: owner.id, providerUserId: id } })).toBe(1);
    expect(await eventsOf(owner.id)).toContain("IDENTITY_LINKED:SUCCESS");

    // From now on the provider signs in to that account.
    const later = new Browser();
    await oidcRoundTrip(later, id, { email: owner.email, emailVerified: true });
    expect((await later.session())?.user.id).toBe(owner.id);
  });

  it("a parked link is only for the account it matched", async () => {
    const owner = await makeUser(t.db, { email: uniqueEmail("parked"), password });
    const other = await makeUser(t.db, { email: uniqueEmail("other"), password });
    const browser = new Browser();
    await oidcRoundTrip(browser, sub("parked"), { email: owner.email, emailVerified: true });
    const r = await browser.trpc("auth.signIn", { email: other.email, password });
    expect(r.ok && r.data.linked).toBeNull();
    expect(await t.db.oAuthAccount.count({ where: { userId: { in: [owner.id, other.id] } } })).toBe(0);
  });

  it("2FA still applies: the provider's sign-in waits for the code", async () => {
    const browser = new Browser();
    const email = uniqueEmail("twofa");
    const id = sub("twofa");
    await oidcRoundTrip(browser, id, { email, emailVerified: true });
    const user = await t.db.user.findUniqueOrThrow({ where: { email } });
    await t.db.user.update({
      where: { id: user.id },
      data: { twoFactorEnabled: true, twoFactorSecret: "sealed-secret" },
    });

    const next = new Browser();
    const { res } = await oidcRoundTrip(next, id, { email, emailVerified: true });
    expect(res.headers.location).toBe(`${WEB}/sign-in`);
    expect((await next.session())?.twoFactorPending).toBe(true);
    const me = await next.trpc("signInMethods.list", undefined, "query");
    expect(me.ok).toBe(false);
  });

  it("links from Account → Security, refuses an identity of someone else, and keeps the last way to sign in", async () => {
    // A person who signed up with the provider (no password).
    const browser = new Browser();
    const email = uniqueEmail("passwordless");
    const id = sub("passwordless");
    await oidcRoundTrip(browser, id, { email, emailVerified: true });
    const methods = await browser.trpc("signInMethods.list", undefined, "query");
    if (!methods.ok) throw new Error(methods.error.message);
    const list = methods.data as {
      hasPassword: boolean;
      identities: { id: string; provider: string }[];
      available: { id: string }[];
    };
    expect(list.hasPassword).toBe(false);
    expect(list.identities.map((i) => i.provider)).toEqual(["oidc"]);
    expect(list.available.map((p) => p.id)).toEqual(["google", "github"]);

    const last = await browser.trpc("signInMethods.unlink", { identityId: list.identities[0]?.id });
    expect(!last.ok && last.error.data?.reason).toBe("LAST_SIGN_IN_METHOD");
    const user = await t.db.user.findUniqueOrThrow({ where: { email } });
    expect(await t.db.oAuthAccount.count({ where: { userId: user.id } })).toBe(1);
    expect(await eventsOf(user.id)).toContain("IDENTITY_UNLINKED:FAILURE:LAST_SIGN_IN_METHOD");

    // Connect GitHub while signed in, then the OIDC identity may go.
    const authorization = await browser.start("github", "link");
    const linked = await browser.get(
      fakes
        .authorize(authorization, {
          id: String(1000 + seq),
          email: "elsewhere@example.test",
          emailVerified: false,
        })
        .toString(),
    );
    expect(linked.headers.location).toBe(`${WEB}/account/security?linked=github`);
    const after = await browser.trpc("signInMethods.list", undefined, "query");
    const identities = (after.ok ? after.data.identities : []) as { id: string; provider: string }[];
    expect(identities.map((i) => i.provider)).toEqual(["oidc", "github"]);
    const oidcRow = identities.find((i) => i.provider === "oidc");
    expect((await browser.trpc("signInMethods.unlink", { identityId: oidcRow?.id })).ok).toBe(true);
    expect(await eventsOf(user.id)).toContain("IDENTITY_UNLINKED:SUCCESS");

    // Someone else's identity can't be linked here.
    const taken = new Browser();
    await oidcRoundTrip(taken, sub("taken"), { email: uniqueEmail("taken"), emailVerified: true });
    const takenId = (
      await t.db.oAuthAccount.findFirstOrThrow({ where: { user: { email: { startsWith: "taken-" } } } })
    ).providerUserId;
    const clash = await oidcRoundTrip(
      browser,
      takenId,
      { email: uniqueEmail("x"), emailVerified: true },
      "link",
    );
    expect(clash.res.headers.location).toBe(`${WEB}/account/security?oauthError=ALREADY_LINKED`);

    // A link flow needs a signed-in person.
    const anonymous = await new Browser().get("/auth/oauth/github/start?intent=link");
    expect(anonymous.headers.location).toBe(`${WEB}/sign-in?oauthError=SIGN_IN_REQUIRED`);
  });

  it("the admin console signs in linked platform admins only, and only when allowed", async () => {
    const allowed = {
      ...deps,
      oauth: { ...(deps.oauth as NonNullable<TestDeps["oauth"]>), adminOidcAllowed: true },
    };
    const adminApp = await buildServer({ deps: allowed, kind: "ADMIN", router: adminRouter, origin: ADMIN });
    try {
      const id = sub("admin");
      const email = uniqueEmail("admin");
      const person = await makeUser(t.db, { email, password, platformRole: "SUPERADMIN" });
      const browser = new Browser(adminApp);
      // Not linked: no sign-up or linking through the admin console.
      const first = await oidcRoundTrip(browser, id, { email, emailVerified: true });
      expect(first.res.headers.location).toBe(`${ADMIN}/sign-in?oauthError=NOT_LINKED`);
      await t.db.oAuthAccount.create({
        data: { userId: person.id, provider: "GENERIC", providerUserId: id },
      });
      const second = await oidcRoundTrip(browser, id, { email, emailVerified: true });
      expect(second.res.headers.location).toBe(`${ADMIN}/`);
      expect((await browser.session())?.user.id).toBe(person.id);
      // The user page shows the linked provider.
      const detail = await browser.trpc("users.get", { userId: person.id }, "query");
      if (!detail.ok) throw new Error(detail.error.message);
      expect(detail.data.signInMethods).toMatchObject({
        hasPassword: true,
        identities: [{ provider: "GENERIC" }],
      });
    } finally {
      await adminApp.close();
    }
  });
});

describe("Google and GitHub", () => {
  it("Google: PKCE and state, a new account from the userinfo; a replayed code is refused", async () => {
    const browser = new Browser();
    const authorization = await browser.start("google");
    expect(new URL(authorization).origin).toBe(fakes.baseUrl);
    const email = uniqueEmail("google");
    const callback = fakes.authorize(authorization, {
      id: `g-${seq}`,
      email,
      emailVerified: true,
      name: "Grace",
    });
    const flow = browser.jar.get("quartet_oauth") ?? "";
    expect((await browser.get(callback.toString())).headers.location).toBe(`${WEB}/`);
    expect((await browser.session())?.user.email).toBe(email);
    expect((await t.db.user.findUniqueOrThrow({ where: { email } })).providerName).toBe("GOOGLE");

    const replay = new Browser();
    replay.jar.set("quartet_oauth", flow);
    expect((await replay.get(callback.toString())).headers.location).toBe(
      `${WEB}/sign-in?oauthError=CODE_REJECTED`,
    );
  });

  it("GitHub: an unverified primary address creates no account", async () => {
    const browser = new Browser();
    const authorization = await browser.start("github");
    const email = uniqueEmail("github");
    const res = await browser.get(
      fakes.authorize(authorization, { id: String(5000 + seq), email, emailVerified: false }).toString(),
    );
    expect(res.headers.location).toBe(`${WEB}/sign-in?oauthError=EMAIL_NOT_VERIFIED`);
    expect(await t.db.user.count({ where: { email } })).toBe(0);

    const ok = new Browser();
    const again = await ok.start("github");
    await ok.get(fakes.authorize(again, { id: String(6000 + seq), email, emailVerified: true }).toString());
    expect((await ok.session())?.user.email).toBe(email);
  });

  it("a callback from a flow for another provider is refused", async () => {
    const browser = new Browser();
    const authorization = await browser.start("google");
    const callback = fakes.authorize(authorization, {
      id: "g-x",
      email: uniqueEmail("mix"),
      emailVerified: true,
    });
    const res = await browser.get(callback.toString().replace("/google/", "/github/"));
    expect(res.headers.location).toBe(`${WEB}/sign-in?oauthError=STATE_MISMATCH`);
  });
});
