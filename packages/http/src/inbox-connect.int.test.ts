import { appRouter } from "@quartet/api/app-router";
import { openToken } from "@quartet/core/inbox/connections/connection-secrets";
import { makeTestDeps, startTestBoss, type TestDeps } from "@quartet/core/testing/deps";
import { makeOrg, makeUser } from "@quartet/db/testing/factories";
import { createTestDatabase, type TestDatabase } from "@quartet/db/testing/test-db";
import { socialProviders } from "@quartet/integrations/social/registry";
import { type FakeSocial, startFakeSocial } from "@quartet/integrations/testing/fake-social";
import type { FastifyInstance } from "fastify";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CookieBrowser, startWebServer } from "./testing/cookie-browser.ts";

// Connecting Messenger / Instagram (Facebook Login) and TikTok (PKCE) through the real web server
// over HTTP, against helper B's fake Meta and TikTok: the happy paths, a wrong state, a state
// carried to another session, and a replayed callback.

const PASSWORD = "correct horse battery staple";
let t: TestDatabase;
let boss: PgBoss;
let fake: FakeSocial;
let deps: TestDeps;
let web: FastifyInstance;
let origin: string;
let seq = 0;

beforeAll(async () => {
  t = await createTestDatabase();
  boss = await startTestBoss(t.url);
  fake = await startFakeSocial();
  deps = { ...makeTestDeps(t.db, boss), social: socialProviders(fake.config({ tiktokPkce: true })) };
  ({ app: web, origin } = await startWebServer(deps, appRouter));
});

afterAll(async () => {
  await web?.close();
  await fake?.close();
  await boss?.stop({ graceful: false });
  await t?.drop();
});

async function workspace(plan: "FREE" | "PRO" = "PRO") {
  const owner = await makeUser(t.db, { password: PASSWORD });
  const agent = await makeUser(t.db, { password: PASSWORD });
  const org = await makeOrg(t.db, owner, { plan, members: [{ userId: agent.id, role: "AGENT" }] });
  const browser = new CookieBrowser(origin);
  await browser.signIn(owner.email, PASSWORD);
  return { owner, agent, org, browser };
}

/** Facebook Login's Pages for a user token the fake will hand out on approval. */
function metaPages() {
  seq++;
  const userToken = `EAAS-user-${seq}`;
  const pages = [
    {
      id: `5550${seq}1`,
      name: `Acme Page ${seq}`,
      access_token: `EAAP-page-${seq}-1`,
      tasks: ["MANAGE", "MESSAGING"],
      instagram_business_account: { id: `178414${seq}1`, username: `acme${seq}`, name: `Acme IG ${seq}` },
    },
    {
      id: `5550${seq}2`,
      name: `Other Page ${seq}`,
      access_token: `EAAP-page-${seq}-2`,
      tasks: ["MESSAGING"],
    },
  ];
  fake.setPages(userToken, pages);
  return { userToken, pages };
}

async function start(browser: CookieBrowser, path: string) {
  const res = await browser.get(path);
  expect(res.status).toBe(302);
  return new URL(res.headers.get("location") ?? "");
}

describe("Meta: Messenger and Instagram through Facebook Login", () => {
  it("start → Facebook → callback → pick Pages → connected, Page tokens sealed, Pages subscribed", async () => {
    const { org, browser } = await workspace();
    const { userToken, pages } = metaPages();
    const dialog = await start(browser, `/inbox/connect/meta/start?orgId=${org.id}&platform=INSTAGRAM`);
    expect(dialog.toString().startsWith(fake.dialogBaseUrl)).toBe(true);
    expect(dialog.searchParams.get("redirect_uri")).toBe(`${origin}/inbox/connect/meta/callback`);
    expect(dialog.searchParams.get("scope")).toContain("instagram_manage_messages");
    expect(dialog.searchParams.get("state")?.length).toBeGreaterThanOrEqual(40);
    expect(browser.jar.has("quartet_inbox_connect")).toBe(true);

    const callback = fake.approveMetaLogin(dialog, { userToken });
    const back = await browser.get(callback);
    expect(back.status).toBe(302);
    expect(back.headers.get("location")).toBe(`${origin}/w/${org.slug}/inbox/settings/channels?connect=meta`);
    expect(browser.jar.has("quartet_inbox_connect")).toBe(false);
    expect(browser.jar.has("quartet_inbox_meta_pick")).toBe(true);

    const listed = await browser.get("/inbox/connect/meta/pages");
    expect(listed.status).toBe(200);
    const pick = (await listed.json()) as {
      platform: string;
      pages: { pageId: string; instagram: unknown }[];
    };
    expect(pick.platform).toBe("INSTAGRAM");
    expect(pick.pages.map((p) => p.pageId)).toEqual(pages.map((p) => p.id));
    expect(pick.pages[0]?.instagram).toMatchObject({
      accountId: pages[0]?.instagram_business_account?.id,
      connected: false,
    });

    fake.clearRecords();
    const connected = await browser.postJson("/inbox/connect/meta/pages", {
      pages: [{ pageId: pages[0]?.id, messenger: true, instagram: true }],
    });
    expect(connected.status).toBe(200);
    const body = (await connected.json()) as {
      connections: { platform: string; name: string; status: string }[];
    };
    expect(body.connections.map((c) => [c.platform, c.name, c.status])).toEqual([
      ["FACEBOOK", pages[0]?.name, "ACTIVE"],
      ["INSTAGRAM", pages[0]?.instagram_business_account?.name, "ACTIVE"],
    ]);
    expect(
      fake.requests.some((r) => r.method === "POST" && r.path === `/${pages[0]?.id}/subscribed_apps`),
    ).toBe(true);
    const rows = await t.db.platformConnection.findMany({ where: { organizationId: org.id } });
    for (const row of rows) {
      expect(row.accessToken).not.toContain("EAAP");
      expect(openToken(deps.config, row.accessToken)).toBe(pages[0]?.access_token);
    }
    expect(browser.jar.has("quartet_inbox_meta_pick")).toBe(false);
    // The pick is spent.
    expect((await browser.get("/inbox/connect/meta/pages")).status).toBe(412);
  });

  it("a wrong state is refused before the code is traded", async () => {
    const { org, browser } = await workspace();
    const { userToken } = metaPages();
    const dialog = await start(browser, `/inbox/connect/meta/start?orgId=${org.id}`);
    const callback = fake.approveMetaLogin(dialog, { userToken });
    callback.searchParams.set("state", "x".repeat(43));
    fake.clearRecords();
    const res = await browser.get(callback);
    expect(res.headers.get("location")).toBe(
      `${origin}/w/${org.slug}/inbox/settings/channels?connectError=STATE_MISMATCH`,
    );
    expect(fake.requests.filter((r) => r.path.includes("oauth/access_token"))).toEqual([]);
    expect(browser.jar.has("quartet_inbox_meta_pick")).toBe(false);
  });

  it("a flow started in one session can't be finished in another (same person, another sign-in)", async () => {
    const { owner, org, browser } = await workspace();
    const { userToken } = metaPages();
    const dialog = await start(browser, `/inbox/connect/meta/start?orgId=${org.id}`);
    const callback = fake.approveMetaLogin(dialog, { userToken });
    const other = new CookieBrowser(origin);
    await other.signIn(owner.email, PASSWORD);
    other.jar.set("quartet_inbox_connect", browser.jar.get("quartet_inbox_connect") ?? "");
    const res = await other.get(callback);
    expect(res.headers.get("location")).toBe(
      `${origin}/w/${org.slug}/inbox/settings/channels?connectError=SESSION_MISMATCH`,
    );
    // Nor without the flow cookie at all (a link sent to someone signed in).
    const victim = new CookieBrowser(origin);
    await victim.signIn(owner.email, PASSWORD);
    expect((await victim.get(callback)).headers.get("location")).toBe(
      `${origin}/?connectError=STATE_MISMATCH`,
    );
    expect(await t.db.platformConnection.count({ where: { organizationId: org.id } })).toBe(0);
  });

  it("a replayed callback is refused even with the flow cookie kept", async () => {
    const { org, browser } = await workspace();
    const { userToken } = metaPages();
    const dialog = await start(browser, `/inbox/connect/meta/start?orgId=${org.id}`);
    const flow = browser.jar.get("quartet_inbox_connect") ?? "";
    const callback = fake.approveMetaLogin(dialog, { userToken });
    expect((await browser.get(callback)).headers.get("location")).toContain("?connect=meta");
    browser.jar.set("quartet_inbox_connect", flow);
    fake.clearRecords();
    const replay = await browser.get(callback);
    expect(replay.headers.get("location")).toBe(
      `${origin}/w/${org.slug}/inbox/settings/channels?connectError=STATE_USED`,
    );
    expect(fake.requests.filter((r) => r.path.includes("oauth/access_token"))).toEqual([]);
  });

  it("an agent can't start; a signed-out visitor goes to sign in; the plan's limit holds at the pick", async () => {
    const { agent, org } = await workspace("FREE");
    const agentBrowser = new CookieBrowser(origin);
    await agentBrowser.signIn(agent.email, PASSWORD);
    const refused = await agentBrowser.get(`/inbox/connect/meta/start?orgId=${org.id}`);
    expect(refused.headers.get("location")).toBe(
      `${origin}/w/${org.slug}/inbox/settings/channels?connectError=FORBIDDEN`,
    );
    const anonymous = await new CookieBrowser(origin).get(`/inbox/connect/meta/start?orgId=${org.id}`);
    expect(anonymous.headers.get("location")).toBe(`${origin}/sign-in`);

    // FREE allows 2 channels: a third in one pick is refused as a whole.
    const owner = await t.db.user.findUniqueOrThrow({ where: { id: org.ownerId } });
    const browser = new CookieBrowser(origin);
    await browser.signIn(owner.email, PASSWORD);
    const { userToken, pages } = metaPages();
    const dialog = await start(browser, `/inbox/connect/meta/start?orgId=${org.id}`);
    await browser.get(fake.approveMetaLogin(dialog, { userToken }));
    const res = await browser.postJson("/inbox/connect/meta/pages", {
      pages: [
        { pageId: pages[0]?.id, messenger: true, instagram: true },
        { pageId: pages[1]?.id, messenger: true },
      ],
    });
    expect(res.status).toBe(402);
    const error = ((await res.json()) as { error: { reason: string; details: { key: string } } }).error;
    expect(error).toMatchObject({ reason: "PLAN_LIMIT", details: { key: "inbox.channels" } });
    expect(await t.db.platformConnection.count({ where: { organizationId: org.id } })).toBe(0);
    const bad = await browser.postJson("/inbox/connect/meta/pages", { pages: [{ pageId: "not-a-page" }] });
    expect(bad.status).toBe(400);
    expect(
      ((await bad.json()) as { error: { fieldErrors: Record<string, string> } }).error.fieldErrors,
    ).toHaveProperty("pages.0.pageId");
  });
});

describe("TikTok with PKCE", () => {
  it("connects the business account with sealed access and refresh tokens", async () => {
    const { org, browser } = await workspace();
    const businessId = `tt-business-${++seq}`;
    fake.setTikTokBusiness(businessId, { username: "acme.shop", display_name: "Acme Shop" });
    const authorize = await start(browser, `/inbox/connect/tiktok/start?orgId=${org.id}`);
    expect(authorize.toString().startsWith(fake.tiktokAuthorizeUrl)).toBe(true);
    expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorize.searchParams.get("code_challenge")).toMatch(/^[0-9a-f]{64}$/);

    const res = await browser.get(fake.approveTikTokLogin(authorize, { businessId }));
    expect(res.headers.get("location")).toBe(
      `${origin}/w/${org.slug}/inbox/settings/channels?connected=TIKTOK`,
    );
    const row = await t.db.platformConnection.findFirstOrThrow({
      where: { organizationId: org.id, platform: "TIKTOK" },
    });
    expect(row).toMatchObject({
      platformUserId: businessId,
      platformDisplayName: "Acme Shop",
      status: "ACTIVE",
    });
    expect(openToken(deps.config, row.accessToken)).toMatch(/^act\./);
    expect(row.accessToken).not.toMatch(/act\./);
    expect(openToken(deps.config, row.refreshToken)).toMatch(/^rft\./);
    expect(row.tokenExpiresAt?.getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
  });
});
