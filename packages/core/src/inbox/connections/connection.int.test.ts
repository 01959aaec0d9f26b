import { sealedKeyId } from "@quartet/auth/crypto";
import { makeOrg, makeStaffedOrg, makeUser } from "@quartet/db/testing/factories";
import { socialProviders } from "@quartet/integrations/social/registry";
import { type FakeSocial, startFakeSocial } from "@quartet/integrations/testing/fake-social";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setWorkspacePlan } from "../../billing/subscription.service.ts";
import { keyRingOf } from "../../security/key-ring.ts";
import { actor, appError, useTestEnv } from "../../testing/integration.ts";
import {
  connectWhatsApp,
  createSandbox,
  createWidget,
  disconnectConnection,
  listConnections,
  reconnectConnection,
  updateWidget,
  widgetSnippet,
} from "./connection.service.ts";
import { connectionHealth, markConnectionExpired } from "./connection-health.service.ts";
import { openToken } from "./connection-secrets.ts";
import { handleTokenRefresh } from "./token-refresh.handler.ts";

// Settings → Channels on real Postgres against helper B's fake Meta / TikTok server: WhatsApp is
// verified with Meta before anything is stored, tokens are sealed at rest, the plan's channel
// limit holds, disconnect keeps conversations, an expired token mails the owners once per outage,
// and the refresh job renews tokens through the provider.

const env = await useTestEnv();
const { db } = env;
let fake: FakeSocial;
let deps: typeof env.deps;

beforeAll(async () => {
  fake = await startFakeSocial();
  deps = { ...env.deps, social: socialProviders(fake.config()) };
});
afterAll(async () => {
  await fake?.close();
});

let seq = 0;
/** A WhatsApp number the fake knows, with a token it accepts. */
function phone() {
  seq++;
  const phoneNumberId = `10${Date.now() % 1_000_000}${seq}`;
  fake.setObject(phoneNumberId, {
    display_phone_number: `+33 6 00 00 00 ${seq}`,
    verified_name: `Shop ${seq}`,
  });
  return { phoneNumberId, businessAccountId: `20${seq}`, accessToken: `EAAG-token-${seq}-abcdefghijklmnop` };
}

const mailsTo = (userId: string) =>
  db.emailLog.count({ where: { userId, emailType: "NOTIFICATION", subject: { contains: "Reconnect" } } });

describe("WhatsApp connect", () => {
  it("verifies the token with Meta, stores it sealed, and names the number", async () => {
    const w = await makeStaffedOrg(db);
    const number = phone();
    const created = await connectWhatsApp(deps, actor(w.admin), { orgId: w.org.id, ...number });
    expect(created).toMatchObject({
      platform: "WHATSAPP",
      status: "ACTIVE",
      name: `Shop ${seq}`,
      accountId: number.phoneNumberId,
      businessAccountId: number.businessAccountId,
      connectedBy: { id: w.admin.id },
    });
    // Meta was asked about the number with this token, and the WABA subscribed to our webhooks.
    const calls = fake.requests.filter((r) => r.headers.authorization === `Bearer ${number.accessToken}`);
    expect(calls.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /${number.phoneNumberId}`,
      `POST /${number.businessAccountId}/subscribed_apps`,
    ]);

    const row = await db.platformConnection.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.accessToken).not.toBe(number.accessToken);
    expect(row.accessToken).not.toContain(number.accessToken);
    expect(sealedKeyId(row.accessToken)).toBe(keyRingOf(deps.config).primary.id);
    expect(openToken(deps.config, row.accessToken)).toBe(number.accessToken);
  });

  it("refuses a token Meta refuses, an unknown number, and saves nothing", async () => {
    const w = await makeStaffedOrg(db);
    const number = phone();
    fake.expireToken(number.accessToken);
    const expired = await appError(connectWhatsApp(deps, actor(w.owner), { orgId: w.org.id, ...number }));
    expect(expired.code).toBe("BAD_REQUEST");
    expect(expired.fieldErrors?.accessToken).toMatch(/refused this access token/);

    const unknown = await appError(
      connectWhatsApp(deps, actor(w.owner), {
        orgId: w.org.id,
        ...phone(),
        phoneNumberId: "999999999999",
      }),
    );
    expect(unknown.code).toBe("BAD_REQUEST");
    expect(unknown.fieldErrors?.phoneNumberId).toBeTruthy();

    await expect(
      connectWhatsApp(deps, actor(w.owner), { orgId: w.org.id, ...phone(), phoneNumberId: "12ab" }),
    ).rejects.toThrow(/digits only/);
    expect(await db.platformConnection.count({ where: { organizationId: w.org.id } })).toBe(0);
  });

  it("is for owners and admins; agents see the list; outsiders get NOT_FOUND", async () => {
    const w = await makeStaffedOrg(db);
    const forbidden = await appError(connectWhatsApp(deps, actor(w.agent), { orgId: w.org.id, ...phone() }));
    expect(forbidden.code).toBe("FORBIDDEN");
    await createWidget(deps, actor(w.owner), { orgId: w.org.id, name: "Help" });
    const list = await listConnections(deps, actor(w.agent), { orgId: w.org.id });
    expect(list.items.map((i) => i.platform)).toEqual(["WEBCHAT"]);
    expect(list.available).toEqual({ meta: true, tiktok: true, whatsapp: true });
    expect((await appError(listConnections(deps, actor(w.member), { orgId: w.org.id }))).code).toBe(
      "FORBIDDEN",
    );
    const outsider = await makeUser(db);
    expect((await appError(listConnections(deps, actor(outsider), { orgId: w.org.id }))).code).toBe(
      "NOT_FOUND",
    );
  });

  it("the same number can't feed two workspaces", async () => {
    const a = await makeStaffedOrg(db);
    const b = await makeStaffedOrg(db);
    const number = phone();
    await connectWhatsApp(deps, actor(a.owner), { orgId: a.org.id, ...number });
    const refused = await appError(connectWhatsApp(deps, actor(b.owner), { orgId: b.org.id, ...number }));
    expect(refused.code).toBe("CONFLICT");
    expect(refused.reason).toBe("CONNECTED_ELSEWHERE");
  });
});

describe("channel limit (billing's inbox.channels)", () => {
  it("FREE stops at 2 channels with PLAN_LIMIT; the sandbox is free; disconnecting frees one; PRO lifts it", async () => {
    const owner = await makeUser(db);
    const org = await makeOrg(db, owner);
    const me = actor(owner);
    await createSandbox(deps, me, { orgId: org.id });
    await createWidget(deps, me, { orgId: org.id, name: "Site chat" });
    const wa = await connectWhatsApp(deps, me, { orgId: org.id, ...phone() });

    const refused = await appError(createWidget(deps, me, { orgId: org.id, name: "Second site" }));
    expect(refused.code).toBe("PAYMENT_REQUIRED");
    expect(refused.reason).toBe("PLAN_LIMIT");
    expect(refused.details).toMatchObject({ key: "inbox.channels", limit: 2, current: 2, upgradeTo: "PRO" });
    const list = await listConnections(deps, me, { orgId: org.id });
    expect({ limit: list.limit, used: list.used, count: list.items.length }).toEqual({
      limit: 2,
      used: 2,
      count: 3,
    });

    await disconnectConnection(deps, me, { orgId: org.id, connectionId: wa.id });
    const second = await createWidget(deps, me, { orgId: org.id, name: "Second site" });
    // The disconnected number can't come back while the plan is full…
    const back = await appError(
      reconnectConnection(deps, me, {
        orgId: org.id,
        connectionId: wa.id,
        accessToken: `EAAG-again-${seq}-abcdefghij`,
      }),
    );
    expect(back.reason).toBe("PLAN_LIMIT");
    // …until the plan allows more.
    await setWorkspacePlan(deps, { orgId: org.id, plan: "PRO" });
    expect((await createWidget(deps, me, { orgId: org.id, name: "Third" })).status).toBe("ACTIVE");
    expect(second.status).toBe("ACTIVE");
  });
});

describe("widget, sandbox, disconnect and reconnect", () => {
  it("a widget gets a public key, its look, and a snippet; one sandbox per workspace", async () => {
    const w = await makeStaffedOrg(db);
    const widget = await createWidget(deps, actor(w.admin), {
      orgId: w.org.id,
      name: "Acme chat",
      color: "#0EA5E9",
      greeting: "Hi! How can we help?",
    });
    expect(widget.accountId).toMatch(/^wc_[A-Za-z0-9_-]{24}$/);
    expect(widget.widget).toEqual({ name: "Acme chat", color: "#0ea5e9", greeting: "Hi! How can we help?" });
    const updated = await updateWidget(deps, actor(w.admin), {
      orgId: w.org.id,
      connectionId: widget.id,
      greeting: "Bonjour !",
    });
    expect(updated.widget).toEqual({ name: "Acme chat", color: "#0ea5e9", greeting: "Bonjour !" });
    const snippet = await widgetSnippet(deps, actor(w.agent), { orgId: w.org.id, connectionId: widget.id });
    expect(snippet.snippet).toBe(
      `<script src="http://localhost:3000/chat/widget.js" data-quartet-chat="${widget.accountId}" async></script>`,
    );
    await expect(
      createWidget(deps, actor(w.admin), { orgId: w.org.id, name: "x", color: "blue" }),
    ).rejects.toThrow(/Use a colour like/);

    const first = await createSandbox(deps, actor(w.admin), { orgId: w.org.id });
    const again = await createSandbox(deps, actor(w.owner), { orgId: w.org.id });
    expect(again.id).toBe(first.id);
    expect(
      await db.platformConnection.count({ where: { organizationId: w.org.id, platform: "SANDBOX" } }),
    ).toBe(1);
  });

  it("disconnect wipes the tokens and keeps the conversations; reconnect brings the channel back", async () => {
    const w = await makeStaffedOrg(db);
    const number = phone();
    const wa = await connectWhatsApp(deps, actor(w.owner), { orgId: w.org.id, ...number });
    const conversation = await db.conversation.create({
      data: {
        organizationId: w.org.id,
        platformConnectionId: wa.id,
        platform: "WHATSAPP",
        externalId: "33611111111",
        contactExternalId: "33611111111",
      },
    });
    const gone = await disconnectConnection(deps, actor(w.admin), { orgId: w.org.id, connectionId: wa.id });
    expect(gone.status).toBe("DISCONNECTED");
    const row = await db.platformConnection.findUniqueOrThrow({ where: { id: wa.id } });
    expect({ access: row.accessToken, refresh: row.refreshToken }).toEqual({ access: "", refresh: null });
    expect(await db.conversation.findUnique({ where: { id: conversation.id } })).not.toBeNull();

    const needsToken = await appError(
      reconnectConnection(deps, actor(w.admin), { orgId: w.org.id, connectionId: wa.id }),
    );
    expect(needsToken.fieldErrors?.accessToken).toBeTruthy();
    const fresh = `EAAG-fresh-${seq}-abcdefghijklmnop`;
    const back = await reconnectConnection(deps, actor(w.admin), {
      orgId: w.org.id,
      connectionId: wa.id,
      accessToken: fresh,
    });
    expect(back.kind === "done" && back.connection.status).toBe("ACTIVE");
    const after = await db.platformConnection.findUniqueOrThrow({ where: { id: wa.id } });
    expect(openToken(deps.config, after.accessToken)).toBe(fresh);
    expect(after.id).toBe(wa.id);
    expect(await db.conversation.count({ where: { platformConnectionId: wa.id } })).toBe(1);
  });

  it("OAuth platforms reconnect through their sign-in", async () => {
    const w = await makeStaffedOrg(db);
    const page = await db.platformConnection.create({
      data: {
        organizationId: w.org.id,
        platform: "INSTAGRAM",
        platformUserId: "17841400000000001",
        accessToken: "",
        status: "EXPIRED",
      },
    });
    const result = await reconnectConnection(deps, actor(w.admin), {
      orgId: w.org.id,
      connectionId: page.id,
    });
    expect(result).toEqual({
      kind: "oauth",
      url: `http://localhost:3000/inbox/connect/meta/start?orgId=${w.org.id}&platform=INSTAGRAM`,
    });
  });
});

describe("health: an expired token", () => {
  it("sets EXPIRED with the reason, shows in the banner, and mails the owners once per outage", async () => {
    const w = await makeStaffedOrg(db);
    const wa = await connectWhatsApp(deps, actor(w.owner), { orgId: w.org.id, ...phone() });
    const reason = "The channel's access expired or was revoked. Reconnect the channel.";
    // Ten failing sends at once: one mail.
    await Promise.all(
      Array.from({ length: 10 }, () =>
        db.$transaction((tx) => markConnectionExpired(tx, wa.id, reason, deps)),
      ),
    );
    const row = await db.platformConnection.findUniqueOrThrow({ where: { id: wa.id } });
    expect({ status: row.status, error: row.errorMessage }).toEqual({ status: "EXPIRED", error: reason });
    expect(await mailsTo(w.owner.id)).toBe(1);
    expect(await mailsTo(w.admin.id)).toBe(0);
    expect(
      await db.notification.count({ where: { userId: w.owner.id, type: "inbox.connection_expired" } }),
    ).toBe(1);

    const health = await connectionHealth(deps, actor(w.agent), { orgId: w.org.id });
    expect(health.canManage).toBe(false);
    expect(health.problems).toEqual([
      expect.objectContaining({
        connectionId: wa.id,
        platform: "WHATSAPP",
        status: "EXPIRED",
        errorMessage: reason,
      }),
    ]);
    expect((await connectionHealth(deps, actor(w.admin), { orgId: w.org.id })).canManage).toBe(true);

    // Still failing later: no second mail. Reconnected, then expired again: a new outage, a new mail.
    await db.$transaction((tx) => markConnectionExpired(tx, wa.id, reason, deps));
    expect(await mailsTo(w.owner.id)).toBe(1);
    await reconnectConnection(deps, actor(w.owner), {
      orgId: w.org.id,
      connectionId: wa.id,
      accessToken: `EAAG-renewed-${seq}-abcdefghijklmnop`,
    });
    expect((await connectionHealth(deps, actor(w.agent), { orgId: w.org.id })).problems).toEqual([]);
    await db.$transaction((tx) => markConnectionExpired(tx, wa.id, reason, deps));
    expect(await mailsTo(w.owner.id)).toBe(2);
  });

  it("marked without mail deps (a send job), the owners are mailed by the next refresh run", async () => {
    const w = await makeStaffedOrg(db);
    const wa = await connectWhatsApp(deps, actor(w.owner), { orgId: w.org.id, ...phone() });
    await db.$transaction((tx) => markConnectionExpired(tx, wa.id, "Token revoked"));
    expect(await mailsTo(w.owner.id)).toBe(0);
    const report = await handleTokenRefresh(deps);
    expect(report.outagesReported).toBeGreaterThanOrEqual(1);
    expect(await mailsTo(w.owner.id)).toBe(1);
    await handleTokenRefresh(deps);
    expect(await mailsTo(w.owner.id)).toBe(1);
  });

  it("a disconnected channel is not marked", async () => {
    const w = await makeStaffedOrg(db);
    const wa = await connectWhatsApp(deps, actor(w.owner), { orgId: w.org.id, ...phone() });
    await disconnectConnection(deps, actor(w.owner), { orgId: w.org.id, connectionId: wa.id });
    expect(await db.$transaction((tx) => markConnectionExpired(tx, wa.id, "x", deps))).toBe(false);
    expect(await mailsTo(w.owner.id)).toBe(0);
  });
});

describe("inbox.token-refresh", () => {
  async function tiktokConnection(
    orgId: string,
    businessId: string,
    expiresInMs: number,
    refreshToken: string,
  ) {
    const { sealToken } = await import("./connection-secrets.ts");
    const now = deps.clock.now();
    return db.platformConnection.create({
      data: {
        organizationId: orgId,
        platform: "TIKTOK",
        platformUserId: businessId,
        accessToken: sealToken(deps.config, `act.old-${businessId}`),
        refreshToken: sealToken(deps.config, refreshToken),
        tokenExpiresAt: new Date(now.getTime() + expiresInMs),
        lastSyncAt: new Date(now.getTime() - 86_400_000 + expiresInMs),
      },
    });
  }

  it("renews a token past half its life through the provider, sealed; a refused refresh → EXPIRED + one mail", async () => {
    const w = await makeStaffedOrg(db);
    // A real refresh token of the fake: obtained through its OAuth, as a connect would.
    const { tiktokOAuthClient } = await import("./connection-providers.ts");
    const client = tiktokOAuthClient(deps);
    if (!client) throw new Error("tiktok not configured");
    const redirectUri = "http://localhost:3000/inbox/connect/tiktok/callback";
    const authorize = client.authorizationUrl({ redirectUri, state: "s".repeat(32) });
    const code =
      fake.approveTikTokLogin(authorize, { businessId: "tt-biz-1" }).searchParams.get("code") ?? "";
    const issued = await client.exchangeCode({ code, redirectUri });
    const due = await tiktokConnection(w.org.id, "tt-biz-1", 3 * 3_600_000, issued.refreshToken ?? "");
    // Fresh (an hour into a day-long token): not due yet.
    const fresh = await db.platformConnection.create({
      data: {
        organizationId: w.org.id,
        platform: "TIKTOK",
        platformUserId: "tt-biz-fresh",
        accessToken: (await import("./connection-secrets.ts")).sealToken(deps.config, "act.fresh"),
        tokenExpiresAt: new Date(deps.clock.now().getTime() + 23 * 3_600_000),
        lastSyncAt: new Date(deps.clock.now().getTime() - 3_600_000),
      },
    });
    const revoked = await tiktokConnection(w.org.id, "tt-biz-2", 2 * 3_600_000, "rft.not-issued-by-tiktok");

    const report = await handleTokenRefresh(deps);
    expect(report).toMatchObject({ refreshed: 1, expired: 1 });

    const renewed = await db.platformConnection.findUniqueOrThrow({ where: { id: due.id } });
    const access = openToken(deps.config, renewed.accessToken);
    expect(access).toMatch(/^act\./);
    expect(access).not.toBe("act.old-tt-biz-1");
    expect(renewed.accessToken).not.toContain(access ?? "-");
    expect(openToken(deps.config, renewed.refreshToken)).not.toBe(issued.refreshToken);
    expect(renewed.tokenExpiresAt?.getTime()).toBeGreaterThan(deps.clock.now().getTime() + 23 * 3_600_000);
    expect(renewed.status).toBe("ACTIVE");

    const untouched = await db.platformConnection.findUniqueOrThrow({ where: { id: fresh.id } });
    expect(openToken(deps.config, untouched.accessToken)).toBe("act.fresh");

    const dead = await db.platformConnection.findUniqueOrThrow({ where: { id: revoked.id } });
    expect(dead.status).toBe("EXPIRED");
    expect(dead.errorMessage).toBeTruthy();
    expect(await mailsTo(w.owner.id)).toBe(1);

    // A platform outage postpones instead of expiring.
    const later = await tiktokConnection(w.org.id, "tt-biz-3", 3_600_000, "rft.whatever");
    fake.failNext("refresh_token", { status: 503 });
    const second = await handleTokenRefresh(deps);
    expect(second.postponed).toBeGreaterThanOrEqual(1);
    expect((await db.platformConnection.findUniqueOrThrow({ where: { id: later.id } })).status).toBe(
      "ACTIVE",
    );
  });
});
