import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { appRouter } from "@quartet/api/app-router";
import { capturedMailStore } from "@quartet/core/email/captured-mail.repository";
import { queueEmail } from "@quartet/core/email/email.queue";
import { handleEmailSend } from "@quartet/core/email/email-send.handler";
import { signStandardWebhook } from "@quartet/core/email/standard-webhooks";
import { signUnsubscribeToken } from "@quartet/core/email/unsubscribe";
import { handleIndexNowSubmit, queueIndexNow } from "@quartet/core/platform/seo/indexnow";
import { makeTestDeps, startTestBoss } from "@quartet/core/testing/deps";
import { makeOrg, makeUser } from "@quartet/db/testing/factories";
import { createTestDatabase, type TestDatabase } from "@quartet/db/testing/test-db";
import { createCaptureTransport } from "@quartet/integrations/mail/capture-transport";
import type { FastifyInstance } from "fastify";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAIL_EVENTS_PATH } from "./mail-events.plugin.ts";
import { buildServer } from "./server.ts";

const SECRET = `whsec_${Buffer.from("mail-provider-secret-0123456789").toString("base64")}`;
let t: TestDatabase;
let boss: PgBoss;
let web: FastifyInstance;
let deps: ReturnType<typeof makeTestDeps>;

beforeAll(async () => {
  t = await createTestDatabase();
  boss = await startTestBoss(t.url);
  deps = makeTestDeps(t.db, boss);
  web = await buildServer({
    deps,
    kind: "WEB",
    router: appRouter,
    origin: "http://localhost:3000",
    mailEvents: { secret: SECRET },
    indexNowKey: "0123456789abcdef",
  });
});
afterAll(async () => {
  await web?.close();
  await boss?.stop({ graceful: false });
  await t?.drop();
});

const now = () => Math.floor(deps.clock.now().getTime() / 1000);
function postEvent(body: string, o: { id?: string; ts?: number; secret?: string; tamper?: boolean } = {}) {
  const id = o.id ?? `msg_${Math.random().toString(36).slice(2)}`;
  const ts = o.ts ?? now();
  return web.inject({
    method: "POST",
    url: MAIL_EVENTS_PATH,
    headers: {
      "content-type": "application/json",
      "webhook-id": id,
      "webhook-timestamp": String(ts),
      "webhook-signature": signStandardWebhook(o.secret ?? SECRET, id, ts, body),
    },
    payload: o.tamper ? body.replace("email.", "email.x") : body,
  });
}

async function sentMail(type: "NOTIFICATION" | "PASSWORD_RESET", to: string) {
  const id = await t.db.$transaction((tx) =>
    type === "NOTIFICATION"
      ? queueEmail(tx, boss, { type, to, locale: "en", data: { title: "Hello", message: "There" } })
      : queueEmail(tx, boss, {
          type,
          to,
          locale: "en",
          data: { name: null, link: "http://localhost:3000/r" },
        }),
  );
  const transport = createCaptureTransport({ store: capturedMailStore(t.db) });
  const outcome = await handleEmailSend(
    { ...deps, transport },
    { emailLogId: id },
    { id: "j", retryCount: 0 },
  );
  return { id, outcome, row: await t.db.emailLog.findUniqueOrThrow({ where: { id } }) };
}
const event = (type: string, emailId: string, extra: object = {}) =>
  JSON.stringify({
    type,
    created_at: new Date().toISOString(),
    data: { email_id: emailId, to: ["x@y.test"], ...extra },
  });

describe("mail delivery webhook (Standard Webhooks)", () => {
  it("moves a sent mail to DELIVERED; refuses tampered, stale and wrongly signed posts; a replayed id is a no-op", async () => {
    const { row } = await sentMail("NOTIFICATION", "dora@example.test");
    const body = event("email.delivered", row.providerMessageId!);
    expect((await postEvent(body, { tamper: true })).statusCode).toBe(401);
    expect((await postEvent(body, { ts: now() - 301 })).statusCode).toBe(401);
    expect(
      (
        await postEvent(body, {
          secret: `whsec_${Buffer.from("another-secret-000000000").toString("base64")}`,
        })
      ).statusCode,
    ).toBe(401);
    expect((await t.db.emailLog.findUniqueOrThrow({ where: { id: row.id } })).status).toBe("SENT");

    const first = await postEvent(body, { id: "msg_once" });
    expect(first.json()).toEqual({ ok: true, outcome: "applied" });
    const again = await postEvent(body, { id: "msg_once" });
    expect(again.json()).toEqual({ ok: true, outcome: "duplicate" });
    const after = await t.db.emailLog.findUniqueOrThrow({ where: { id: row.id } });
    expect(after.status).toBe("DELIVERED");
    expect(after.deliveredAt).not.toBeNull();
    expect(await t.db.mailWebhookEvent.count({ where: { webhookId: "msg_once" } })).toBe(1);
  });

  it("a bounce moves the mail to BOUNCED, a late 'delivered' doesn't undo it, and the address gets no more non-essential mail", async () => {
    const { row } = await sentMail("NOTIFICATION", "bob@bounce.test");
    expect(
      (
        await postEvent(
          event("email.bounced", row.providerMessageId!, {
            bounce: { type: "Permanent", message: "No such user" },
          }),
        )
      ).json(),
    ).toMatchObject({ outcome: "applied" });
    expect((await postEvent(event("email.delivered", row.providerMessageId!))).json()).toMatchObject({
      outcome: "ignored",
    });
    const after = await t.db.emailLog.findUniqueOrThrow({ where: { id: row.id } });
    expect(after.status).toBe("BOUNCED");
    expect(after.bouncedAt).not.toBeNull();
    expect(await t.db.emailSuppression.findUnique({ where: { email: "bob@bounce.test" } })).toMatchObject({
      reason: "BOUNCED",
    });

    const next = await sentMail("NOTIFICATION", "bob@bounce.test");
    expect(next.outcome).toBe("SUPPRESSED");
    expect(next.row).toMatchObject({ status: "FAILED", errorCode: "SUPPRESSED" });
    // A password reset still goes.
    expect((await sentMail("PASSWORD_RESET", "bob@bounce.test")).outcome).toBe("SENT");
  });

  it("a complaint moves the mail to COMPLAINED and suppresses the address; unknown ids are recorded and ignored", async () => {
    const { row } = await sentMail("NOTIFICATION", "carl@example.test");
    await postEvent(event("email.delivered", row.providerMessageId!));
    expect((await postEvent(event("email.complained", row.providerMessageId!))).json()).toMatchObject({
      outcome: "applied",
    });
    expect((await t.db.emailLog.findUniqueOrThrow({ where: { id: row.id } })).status).toBe("COMPLAINED");
    expect(
      await t.db.emailSuppression.count({ where: { email: "carl@example.test", reason: "COMPLAINED" } }),
    ).toBe(1);
    expect((await postEvent(event("email.delivered", "nope"))).json()).toMatchObject({
      outcome: "unknown_message",
    });
    expect((await postEvent(event("email.opened", row.providerMessageId!))).json()).toMatchObject({
      outcome: "unsupported_type",
    });
  });
});

describe("one-click unsubscribe (RFC 8058)", () => {
  it("a signed POST withdraws consent without a session, again is fine, a bad token is refused, GET only asks", async () => {
    const user = await makeUser(t.db, { locale: "fr" });
    await t.db.user.update({ where: { id: user.id }, data: { marketingConsent: true } });
    const token = signUnsubscribeToken(deps.config.encryptionKey, { userId: user.id, campaignId: null });

    const page = await web.inject({ method: "GET", url: `/unsubscribe?token=${token}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Se désabonner");
    expect((await t.db.user.findUniqueOrThrow({ where: { id: user.id } })).marketingConsent).toBe(true);

    const post = () =>
      web.inject({
        method: "POST",
        url: `/unsubscribe?token=${encodeURIComponent(token)}`,
        headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://mail.example" },
        payload: "List-Unsubscribe=One-Click",
      });
    const first = await post();
    expect(first.statusCode).toBe(200);
    expect((await t.db.user.findUniqueOrThrow({ where: { id: user.id } })).marketingConsent).toBe(false);
    const second = await post();
    expect(second.statusCode).toBe(200);
    expect(second.body).toContain("déjà");

    await t.db.user.update({ where: { id: user.id }, data: { marketingConsent: true } });
    const forged = `${token.slice(0, -4)}AAAA`;
    const bad = await web.inject({
      method: "POST",
      url: `/unsubscribe?token=${forged}`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: "List-Unsubscribe=One-Click",
    });
    expect(bad.statusCode).toBe(400);
    expect((await t.db.user.findUniqueOrThrow({ where: { id: user.id } })).marketingConsent).toBe(true);
  });
});

describe("SEO", () => {
  it("sitemap.xml lists published help-center pages only; robots.txt points at it; the IndexNow key file is served", async () => {
    const owner = await makeUser(t.db);
    const org = await makeOrg(t.db, owner, { slug: "acme-help" });
    const cat = await t.db.kBCategory.create({
      data: { organizationId: org.id, name: "Billing", slug: "billing" },
    });
    const base = {
      organizationId: org.id,
      categoryId: cat.id,
      authorId: owner.id,
      content: "x",
      contentHtml: "<p>x</p>",
    };
    await t.db.kBArticle.create({
      data: { ...base, title: "Refunds", slug: "refunds", status: "PUBLISHED", publishedAt: new Date() },
    });
    await t.db.kBArticle.create({
      data: { ...base, title: "Secret", slug: "secret-draft", status: "DRAFT" },
    });
    const res = await web.inject({ method: "GET", url: "/sitemap.xml" });
    expect(res.headers["content-type"]).toContain("application/xml");
    expect(res.body).toContain("<loc>http://localhost:3000/help/acme-help</loc>");
    expect(res.body).toContain("<loc>http://localhost:3000/help/acme-help/categories/billing</loc>");
    expect(res.body).toContain("<loc>http://localhost:3000/help/acme-help/articles/refunds</loc>");
    expect(res.body).not.toContain("secret-draft");
    const robots = await web.inject({ method: "GET", url: "/robots.txt" });
    expect(robots.body).toContain("Sitemap: http://localhost:3000/sitemap.xml");
    expect((await web.inject({ method: "GET", url: "/0123456789abcdef.txt" })).body).toBe("0123456789abcdef");
  });

  it("IndexNow: one POST with the key and the URLs to a configurable endpoint (a local fake), each answer logged", async () => {
    const received: { body: string; type?: string }[] = [];
    let answer = 202;
    const fake: Server = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        received.push({ body, type: req.headers["content-type"] });
        res.writeHead(answer).end(answer === 202 ? "" : "Unprocessable");
      });
    });
    await new Promise<void>((r) => fake.listen(0, "127.0.0.1", r));
    const endpoint = `http://127.0.0.1:${(fake.address() as AddressInfo).port}/indexnow`;
    const config = { ...deps.config, indexNow: { endpoint, key: "0123456789abcdef", allowPrivate: true } };
    try {
      const ids = await t.db.$transaction((tx) =>
        queueIndexNow(tx, boss, {
          urls: ["http://localhost:3000/help/acme-help/articles/refunds"],
          reason: "article.published",
        }),
      );
      expect(await handleIndexNowSubmit({ ...deps, config }, { submissionIds: ids })).toMatchObject({
        submitted: 1,
        status: 202,
      });
      expect(JSON.parse(received[0]!.body)).toEqual({
        host: "localhost:3000",
        key: "0123456789abcdef",
        keyLocation: "http://localhost:3000/0123456789abcdef.txt",
        urlList: ["http://localhost:3000/help/acme-help/articles/refunds"],
      });
      expect(received[0]!.type).toContain("application/json");
      expect(await t.db.seoSubmission.findUniqueOrThrow({ where: { id: ids[0]! } })).toMatchObject({
        status: "success",
        httpStatus: 202,
        platform: "indexnow",
      });
      answer = 422;
      const more = await t.db.$transaction((tx) =>
        queueIndexNow(tx, boss, { urls: ["http://elsewhere.test/x"], reason: "admin.resubmit" }),
      );
      await handleIndexNowSubmit({ ...deps, config }, { submissionIds: more });
      expect(await t.db.seoSubmission.findUniqueOrThrow({ where: { id: more[0]! } })).toMatchObject({
        status: "error",
        httpStatus: 422,
      });
      // Not configured: recorded as skipped, no request.
      const skipped = await t.db.$transaction((tx) =>
        queueIndexNow(tx, boss, { urls: ["http://localhost:3000/a"], reason: "x" }),
      );
      await handleIndexNowSubmit(
        { ...deps, config: { ...deps.config, indexNow: null } },
        { submissionIds: skipped },
      );
      expect((await t.db.seoSubmission.findUniqueOrThrow({ where: { id: skipped[0]! } })).status).toBe(
        "skipped",
      );
      expect(received).toHaveLength(2);
    } finally {
      fake.close();
    }
  });
});
