import type { AddressInfo } from "node:net";
import { appRouter } from "@quartet/api/app-router";
import { makeConnection } from "@quartet/core/inbox/inbound/inbound.test-helpers";
import { handleInboxWebhookNormalize } from "@quartet/core/inbox/inbound/webhook-normalize.handler";
import { makeTestDeps, startTestBoss } from "@quartet/core/testing/deps";
import { makeOrg, makeUser } from "@quartet/db/testing/factories";
import { createTestDatabase, type TestDatabase } from "@quartet/db/testing/test-db";
import { socialProviders } from "@quartet/integrations/social/registry";
import { type FakeSocial, startFakeSocial } from "@quartet/integrations/testing/fake-social";
import {
  newWamid,
  signedMeta,
  signedTikTok,
  tiktok,
  tiktokDelivery,
  wa,
  whatsappDelivery,
} from "@quartet/integrations/testing/social-payloads";
import type { FastifyInstance } from "fastify";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer } from "./server.ts";

// POST/GET /hooks/inbox/:platform over real HTTP: signatures over the raw bytes (Meta and TikTok),
// the handshake, the size limit, the durable log with its job, and 20 concurrent duplicate
// deliveries of one message through the normalisation job → one message, one unread.

const ORIGIN = "http://localhost:3000";
let t: TestDatabase;
let boss: PgBoss;
let fake: FakeSocial;
let app: FastifyInstance;
let base: string;
let deps: ReturnType<typeof makeTestDeps>;

beforeAll(async () => {
  fake = await startFakeSocial();
  t = await createTestDatabase();
  boss = await startTestBoss(t.url);
  deps = makeTestDeps(t.db, boss);
  deps.social = socialProviders(fake.config());
  app = await buildServer({ deps, kind: "WEB", router: appRouter, origin: ORIGIN });
  await app.listen({ port: 0, host: "127.0.0.1" });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await app?.close();
  await fake?.close();
  await boss?.stop({ graceful: false });
  await t?.drop();
});

const post = (platform: string, raw: Buffer | string, headers: Record<string, string>) =>
  fetch(`${base}/hooks/inbox/${platform}`, { method: "POST", headers, body: raw });

const storedCount = () => t.db.inboxWebhookEvent.count();
const jobCount = async () =>
  Number(
    (
      await t.db.$queryRaw<{ n: bigint }[]>`
        SELECT count(*) AS n FROM pgboss.job WHERE name = 'inbox.webhook-normalize'`
    )[0]!.n,
  );

async function expectRefused(response: Response, status = 401) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toContain("application/json");
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(status === 401 ? "UNAUTHORIZED" : body.error.code);
  expect(body.error.message).toEqual(expect.any(String));
}

const textDelivery = (phoneNumberId: string, text: string, id = newWamid()) =>
  whatsappDelivery({
    phoneNumberId,
    contacts: [{ waId: "33612345678", name: "Zoé" }],
    messages: [wa.text("33612345678", text, { id })],
  });

describe("signatures (Meta X-Hub-Signature-256 over the raw bytes)", () => {
  it("accepts a signed emoji body and stores its exact bytes with a normalisation job", async () => {
    const raw = Buffer.from(JSON.stringify(textDelivery("1001", "Bonjour 👋 ça va ? 🇫🇷")), "utf8");
    const before = { rows: await storedCount(), jobs: await jobCount() };
    const response = await post("whatsapp", raw, signedMeta(raw, fake.options.metaAppSecret).headers);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, duplicate: false });
    expect(await storedCount()).toBe(before.rows + 1);
    expect(await jobCount()).toBe(before.jobs + 1);
    const row = await t.db.inboxWebhookEvent.findFirstOrThrow({ orderBy: { receivedAt: "desc" } });
    expect(row).toMatchObject({ platform: "WHATSAPP", status: "RECEIVED", body: raw.toString("utf8") });
  });

  it("refuses an emoji body signed over its re-serialised form (escaped emoji)", async () => {
    const body = textDelivery("1001", "Merci 🙏");
    const raw = Buffer.from(JSON.stringify(body), "utf8");
    // What a server that parses then re-serialises with ASCII escapes would have signed.
    const escaped = JSON.stringify(body).replace(
      /[\u0080-\uffff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
    expect(escaped).not.toBe(raw.toString("utf8"));
    const before = await storedCount();
    await expectRefused(await post("whatsapp", raw, signedMeta(escaped, fake.options.metaAppSecret).headers));
    expect(await storedCount()).toBe(before);
  });

  it("refuses a tampered body, a missing header and a wrong secret: 401 and no row", async () => {
    const raw = Buffer.from(JSON.stringify(textDelivery("1001", "pay 10 €")), "utf8");
    const { headers } = signedMeta(raw, fake.options.metaAppSecret);
    const before = { rows: await storedCount(), jobs: await jobCount() };

    const tampered = Buffer.from(raw.toString("utf8").replace("pay 10", "pay 99"), "utf8");
    await expectRefused(await post("whatsapp", tampered, headers));
    await expectRefused(await post("whatsapp", raw, { "content-type": "application/json" }));
    await expectRefused(await post("whatsapp", raw, signedMeta(raw, "not-the-app-secret").headers));
    await expectRefused(
      await post("whatsapp", raw, { ...headers, "x-hub-signature-256": "sha1=0123456789abcdef" }),
    );
    // Messenger and Instagram check the same way.
    await expectRefused(await post("facebook", raw, signedMeta(raw, "wrong").headers));
    await expectRefused(await post("instagram", raw, { "content-type": "application/json" }));

    expect(await storedCount()).toBe(before.rows);
    expect(await jobCount()).toBe(before.jobs);
  });

  it("stores a redelivery of the same bytes once", async () => {
    const raw = Buffer.from(JSON.stringify(textDelivery("1001", "twice")), "utf8");
    const { headers } = signedMeta(raw, fake.options.metaAppSecret);
    const before = { rows: await storedCount(), jobs: await jobCount() };
    const first = await post("whatsapp", raw, headers);
    const second = await post("whatsapp", raw, headers);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await second.json()).toEqual({ received: true, duplicate: true });
    expect(await storedCount()).toBe(before.rows + 1);
    expect(await jobCount()).toBe(before.jobs + 1);
  });
});

describe("signatures (TikTok-Signature t=…,s=…)", () => {
  const delivery = () =>
    tiktokDelivery({
      clientKey: fake.options.tiktokClientKey,
      businessId: "tt-biz-1",
      event: "im_receive_msg",
      content: tiktok.text(
        "conv-1",
        { id: "tt-user-1", name: "Léa" },
        { id: "tt-biz-1", name: "Shop" },
        "Salut 😀",
      ),
    });

  it("accepts a signed delivery and refuses a wrong secret, a stale timestamp and a tampered body", async () => {
    const raw = Buffer.from(JSON.stringify(delivery()), "utf8");
    const before = await storedCount();
    expect(
      (await post("tiktok", raw, signedTikTok(raw, fake.options.tiktokClientSecret).headers)).status,
    ).toBe(200);
    expect(await storedCount()).toBe(before + 1);

    const other = Buffer.from(JSON.stringify(delivery()), "utf8");
    await expectRefused(await post("tiktok", other, signedTikTok(other, "wrong-secret").headers));
    const stale = new Date(Date.now() - 10 * 60_000);
    await expectRefused(
      await post("tiktok", other, signedTikTok(other, fake.options.tiktokClientSecret, stale).headers),
    );
    const { headers } = signedTikTok(other, fake.options.tiktokClientSecret);
    await expectRefused(await post("tiktok", Buffer.concat([other, Buffer.from(" ")]), headers));
    await expectRefused(await post("tiktok", other, { "content-type": "application/json" }));
    expect(await storedCount()).toBe(before + 1);
  });
});

describe("handshake, unknown platforms, limits", () => {
  it("echoes Meta's challenge for our verify token only", async () => {
    const url = (token: string) =>
      `${base}/hooks/inbox/whatsapp?hub.mode=subscribe&hub.verify_token=${encodeURIComponent(token)}&hub.challenge=1158201444`;
    const ok = await fetch(url(fake.options.metaVerifyToken));
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toContain("text/plain");
    expect(await ok.text()).toBe("1158201444");
    await expectRefused(await fetch(url("guess")), 403);
    await expectRefused(await fetch(`${base}/hooks/inbox/facebook?hub.mode=subscribe`), 403);
  });

  it("answers 404 for a platform that takes no webhooks (and the sandbox can't be posted to)", async () => {
    for (const platform of ["sms", "sandbox", "webchat", "WHATSAPP"]) {
      await expectRefused(await post(platform, "{}", { "content-type": "application/json" }), 404);
    }
  });

  it("refuses a body past 1 MiB with 413 and stores nothing", async () => {
    const before = await storedCount();
    const raw = Buffer.from(JSON.stringify({ object: "page", padding: "x".repeat(1024 * 1024) }));
    // In process: over a socket, the server may reset the connection before the client reads the answer.
    const response = await app.inject({
      method: "POST",
      url: "/hooks/inbox/facebook",
      headers: signedMeta(raw, fake.options.metaAppSecret).headers,
      payload: raw,
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ error: { code: "PAYLOAD_TOO_LARGE" } });
    expect(await storedCount()).toBe(before);
  });
});

describe("end to end: 20 concurrent duplicate deliveries", () => {
  it("become one message and one unread once their jobs ran", async () => {
    const owner = await makeUser(t.db);
    const org = await makeOrg(t.db, owner);
    const connection = await makeConnection(t.db, deps.config, org.id, "WHATSAPP", "2002");
    const id = newWamid();
    // Ten redeliveries of the same bytes and ten of the same message in other bytes (Meta batches
    // and re-serialises differently across retries).
    const bodies = Array.from({ length: 20 }, (_, i) => {
      const body = textDelivery("2002", "Où est ma commande ?", id);
      return Buffer.from(i < 10 ? JSON.stringify(body) : JSON.stringify(body, null, i - 9), "utf8");
    });
    const before = await storedCount();
    const responses = await Promise.all(
      bodies.map((raw) => post("whatsapp", raw, signedMeta(raw, fake.options.metaAppSecret).headers)),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(await storedCount()).toBe(before + 11);

    const rows = await t.db.inboxWebhookEvent.findMany({ where: { body: { contains: id } } });
    expect(rows).toHaveLength(11);
    await Promise.all(rows.map((row) => handleInboxWebhookNormalize(deps, { eventId: row.id })));

    expect(await t.db.message.count({ where: { externalId: id } })).toBe(1);
    const conversation = await t.db.conversation.findFirstOrThrow({
      where: { platformConnectionId: connection.id },
    });
    expect(conversation).toMatchObject({
      organizationId: org.id,
      unreadCount: 1,
      contactName: "Zoé",
      lastMessagePreview: "Où est ma commande ?",
    });
    const statuses = await t.db.inboxWebhookEvent.findMany({ where: { id: { in: rows.map((r) => r.id) } } });
    expect(statuses.every((r) => r.status === "PROCESSED")).toBe(true);
  });
});
