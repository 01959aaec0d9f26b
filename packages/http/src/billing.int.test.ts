import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { inflateSync } from "node:zlib";
import { sessionTokenFor } from "@quartet/api/api.test-helpers";
import { appRouter } from "@quartet/api/app-router";
import { transformer } from "@quartet/api/transformer";
import { sessionCookie } from "@quartet/auth/session";
import { makeTestDeps, startTestBoss } from "@quartet/core/testing/deps";
import { makeOrg, makeUser } from "@quartet/db/testing/factories";
import { createTestDatabase, type TestDatabase } from "@quartet/db/testing/test-db";
import { createStripeProvider, signStripeTestPayload } from "@quartet/integrations/billing/stripe-provider";
import type { FastifyInstance } from "fastify";
import { PDFDocument } from "pdf-lib";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STRIPE_HOOK_PATH } from "./billing.plugin.ts";
import { buildServer } from "./server.ts";

// Payments over HTTP: Stripe webhooks (signature, tolerance, duplicates, order) against a local
// fake of Stripe's API, and the offline checkout end to end (page → pay → receipt PDF).

const ORIGIN = "http://localhost:3000";
const SECRET = "whsec_test_billing_0123456789";
let t: TestDatabase;
let boss: PgBoss;
let stripeWeb: FastifyInstance;
let offlineWeb: FastifyInstance;
let fake: Server;
const fakeCalls: { method: string; path: string; body: URLSearchParams }[] = [];
let stripeDeps: ReturnType<typeof makeTestDeps>;
let offlineDeps: ReturnType<typeof makeTestDeps>;

/** Answers the few Stripe API calls billing makes, the way Stripe documents them. */
function fakeStripe(req: IncomingMessage, body: string) {
  const path = (req.url ?? "").split("?")[0]!;
  fakeCalls.push({ method: req.method ?? "", path, body: new URLSearchParams(body) });
  if (path === "/v1/checkout/sessions") {
    const id = `cs_test_${fakeCalls.length}`;
    return { id, object: "checkout.session", url: `https://checkout.stripe.test/c/pay/${id}` };
  }
  if (path === "/v1/coupons") return { id: new URLSearchParams(body).get("id"), object: "coupon" };
  if (path === "/v1/billing_portal/sessions")
    return { id: "bps_1", object: "billing_portal.session", url: "https://billing.stripe.test/p/session/1" };
  if (path.startsWith("/v1/subscriptions/"))
    return { id: path.split("/").at(-1), object: "subscription", items: { data: [] } };
  return { error: { type: "invalid_request_error", message: `No fake for ${path}` } };
}

beforeAll(async () => {
  fake = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      const answer = fakeStripe(req, body);
      res.writeHead("error" in answer ? 404 : 200, {
        "content-type": "application/json",
        "request-id": "req_fake",
      });
      res.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => fake.listen(0, "127.0.0.1", resolve));
  const port = (fake.address() as AddressInfo).port;
  t = await createTestDatabase();
  boss = await startTestBoss(t.url);
  stripeDeps = makeTestDeps(t.db, boss);
  stripeDeps.billing = createStripeProvider({
    secretKey: "sk_test_fake",
    webhookSecret: SECRET,
    api: { host: "127.0.0.1", port, protocol: "http" },
  });
  offlineDeps = makeTestDeps(t.db, boss);
  stripeWeb = await buildServer({ deps: stripeDeps, kind: "WEB", router: appRouter, origin: ORIGIN });
  offlineWeb = await buildServer({ deps: offlineDeps, kind: "WEB", router: appRouter, origin: ORIGIN });
});
afterAll(async () => {
  await stripeWeb?.close();
  await offlineWeb?.close();
  await boss?.stop({ graceful: false });
  await t?.drop();
  await new Promise((resolve) => fake?.close(resolve));
});

async function cookieFor(user: { id: string }) {
  return `${sessionCookie("WEB", false).name}=${await sessionTokenFor(t.db, user)}`;
}

async function trpc(web: FastifyInstance, cookie: string, path: string, input: unknown) {
  const res = await web.inject({
    method: "POST",
    url: `/trpc/${path}`,
    headers: { "content-type": "application/json", origin: ORIGIN, cookie },
    payload: JSON.stringify(transformer.serialize(input)),
  });
  const json = JSON.parse(res.body);
  return {
    status: res.statusCode,
    data: json.result ? transformer.deserialize(json.result.data) : null,
    json,
  };
}

async function trpcQuery(web: FastifyInstance, cookie: string, path: string, input: unknown) {
  const res = await web.inject({
    method: "GET",
    url: `/trpc/${path}?input=${encodeURIComponent(JSON.stringify(transformer.serialize(input)))}`,
    headers: { cookie },
  });
  const json = JSON.parse(res.body);
  return {
    status: res.statusCode,
    data: json.result ? transformer.deserialize(json.result.data) : null,
    json,
  };
}

let seq = 0;
const nowSec = () => Math.floor(Date.now() / 1000);
function stripeEvent(
  type: string,
  object: Record<string, unknown>,
  o: { id?: string; created?: number } = {},
) {
  return JSON.stringify({
    id: o.id ?? `evt_test_${++seq}_${Math.random().toString(36).slice(2)}`,
    object: "event",
    type,
    created: o.created ?? nowSec(),
    api_version: "2026-10-28.endive",
    data: { object },
  });
}
function post(payload: string, o: { secret?: string; timestamp?: number; body?: string } = {}) {
  return stripeWeb.inject({
    method: "POST",
    url: STRIPE_HOOK_PATH,
    headers: {
      "content-type": "application/json",
      "stripe-signature": signStripeTestPayload(payload, o.secret ?? SECRET, o.timestamp),
    },
    payload: o.body ?? payload,
  });
}

async function stripeCheckout() {
  const owner = await makeUser(t.db);
  const org = await makeOrg(t.db, owner);
  const cookie = await cookieFor(owner);
  const started = await trpc(stripeWeb, cookie, "billing.startCheckout", {
    orgId: org.id,
    plan: "PRO",
    interval: "MONTHLY",
  });
  expect(started.status).toBe(200);
  const checkout = await t.db.billingCheckout.findFirstOrThrow({ where: { organizationId: org.id } });
  return { owner, org, cookie, checkout, url: (started.data as { url: string }).url };
}

describe("Stripe", () => {
  it("startCheckout opens a Checkout Session at Stripe (client reference, trial, metadata) and returns its URL", async () => {
    const { org, checkout, url } = await stripeCheckout();
    expect(url).toBe(`https://checkout.stripe.test/c/pay/${checkout.providerSessionId}`);
    const call = fakeCalls.find(
      (c) => c.path === "/v1/checkout/sessions" && c.body.get("client_reference_id") === checkout.id,
    )!;
    expect(call.body.get("mode")).toBe("subscription");
    expect(call.body.get("line_items[0][price_data][unit_amount]")).toBe("2900");
    expect(call.body.get("line_items[0][price_data][recurring][interval]")).toBe("month");
    expect(call.body.get("subscription_data[trial_period_days]")).toBe("14");
    expect(call.body.get("subscription_data[metadata][orgId]")).toBe(org.id);
  });

  it("accepts a validly signed event and refuses a tampered body, a stale timestamp and a wrong secret", async () => {
    const { checkout } = await stripeCheckout();
    const payload = stripeEvent("checkout.session.completed", {
      id: checkout.providerSessionId,
      object: "checkout.session",
      client_reference_id: checkout.id,
      customer: "cus_1",
      subscription: "sub_sig",
      payment_status: "no_payment_required",
      amount_total: 0,
      currency: "usd",
    });
    expect((await post(payload, { body: payload.replace("cus_1", "cus_2") })).statusCode).toBe(400);
    expect((await post(payload, { timestamp: nowSec() - 3600 })).statusCode).toBe(400);
    expect((await post(payload, { secret: "whsec_someone_else_0123" })).statusCode).toBe(400);
    const missing = await stripeWeb.inject({
      method: "POST",
      url: STRIPE_HOOK_PATH,
      headers: { "content-type": "application/json" },
      payload,
    });
    expect(missing.statusCode).toBe(400);
    expect(await t.db.billingEvent.count()).toBe(0);
    const ok = await post(payload);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ received: true, outcome: "processed" });
    const sub = await t.db.subscription.findUniqueOrThrow({ where: { providerSubscriptionId: "sub_sig" } });
    expect(sub).toMatchObject({
      status: "TRIALING",
      plan: "PRO",
      provider: "STRIPE",
      providerCustomerId: "cus_1",
    });
  });

  it("a duplicate and 20 concurrent duplicates are no-ops: one payment, one event row", async () => {
    const { org, checkout } = await stripeCheckout();
    await post(
      stripeEvent("checkout.session.completed", {
        id: checkout.providerSessionId,
        client_reference_id: checkout.id,
        customer: "cus_dup",
        subscription: "sub_dup",
        payment_status: "no_payment_required",
        amount_total: 0,
        currency: "usd",
      }),
    );
    const paid = stripeEvent("invoice.paid", {
      id: "in_dup_1",
      object: "invoice",
      customer: "cus_dup",
      amount_paid: 2900,
      currency: "usd",
      billing_reason: "subscription_cycle",
      parent: {
        type: "subscription_details",
        subscription_details: { subscription: "sub_dup", metadata: {} },
      },
      lines: { data: [{ period: { start: nowSec() + 14 * 86400, end: nowSec() + 45 * 86400 } }] },
    });
    const first = await post(paid);
    expect(first.json().outcome).toBe("processed");
    expect((await post(paid)).json().outcome).toBe("duplicate");
    const burst = await Promise.all(Array.from({ length: 20 }, () => post(paid)));
    expect(burst.every((r) => r.statusCode === 200 && r.json().outcome === "duplicate")).toBe(true);
    const payments = await t.db.payment.findMany({ where: { organizationId: org.id } });
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({
      status: "COMPLETED",
      type: "SUBSCRIPTION_INITIAL",
      providerInvoiceId: "in_dup_1",
    });
    expect(payments[0]!.receiptNumber).toMatch(/^Q-\d{4}-\d{6}$/);
    expect(
      await t.db.billingEvent.count({
        where: { type: "invoice.paid", payload: { path: ["data", "object", "id"], equals: "in_dup_1" } },
      }),
    ).toBe(1);
    expect((await t.db.subscription.findUniqueOrThrow({ where: { organizationId: org.id } })).status).toBe(
      "ACTIVE",
    );
  });

  it("is order-independent: an older subscription update never overwrites a newer one, an ended one stays ended", async () => {
    const { org, checkout } = await stripeCheckout();
    const base = nowSec();
    await post(
      stripeEvent(
        "checkout.session.completed",
        {
          id: checkout.providerSessionId,
          client_reference_id: checkout.id,
          customer: "cus_o",
          subscription: "sub_order",
          payment_status: "paid",
          amount_total: 2900,
          currency: "usd",
          invoice: "in_o_1",
        },
        { created: base },
      ),
    );
    // The first invoice (the trial is over at once in this test), paid.
    await post(
      stripeEvent(
        "invoice.paid",
        {
          id: "in_o_1",
          customer: "cus_o",
          amount_paid: 2900,
          currency: "usd",
          billing_reason: "subscription_cycle",
          parent: { subscription_details: { subscription: "sub_order", metadata: {} } },
          lines: { data: [{ period: { start: base, end: base + 30 * 86400 } }] },
        },
        { created: base + 1 },
      ),
    );
    const update = (created: number, cancel: boolean, status = "active") =>
      stripeEvent(
        "customer.subscription.updated",
        {
          id: "sub_order",
          object: "subscription",
          customer: "cus_o",
          status,
          cancel_at_period_end: cancel,
          items: { data: [{ current_period_start: base, current_period_end: base + 30 * 86400 }] },
          metadata: { plan: "PRO" },
        },
        { created },
      );
    expect((await post(update(base + 20, true))).json().outcome).toBe("processed");
    expect((await post(update(base + 10, false))).json().outcome).toBe("ignored"); // older: arrives late
    let sub = await t.db.subscription.findUniqueOrThrow({ where: { organizationId: org.id } });
    expect(sub.cancelAtPeriodEnd).toBe(true);
    expect(sub.currentPeriodEnd?.getTime()).toBe((base + 30 * 86400) * 1000);
    expect(
      await t.db.emailLog.count({ where: { emailType: "SUBSCRIPTION_CANCELLED" } }),
    ).toBeGreaterThanOrEqual(1);

    // A failed renewal of an older period after a newer paid one changes nothing.
    await post(
      stripeEvent("invoice.payment_failed", {
        id: "in_o_old",
        customer: "cus_o",
        amount_due: 2900,
        currency: "usd",
        attempt_count: 1,
        parent: { subscription_details: { subscription: "sub_order" } },
        lines: { data: [{ period: { start: base - 30 * 86400, end: base } }] },
      }),
    );
    expect((await t.db.subscription.findUniqueOrThrow({ where: { organizationId: org.id } })).status).toBe(
      "ACTIVE",
    );

    await post(
      stripeEvent(
        "customer.subscription.deleted",
        { id: "sub_order", status: "canceled", ended_at: base + 40 },
        { created: base + 40 },
      ),
    );
    expect((await post(update(base + 50, false))).json().outcome).toBe("ignored");
    sub = await t.db.subscription.findUniqueOrThrow({ where: { organizationId: org.id } });
    expect(sub.status).toBe("CANCELED");
    expect((await t.db.organization.findUniqueOrThrow({ where: { id: org.id } })).plan).toBe("FREE");

    // A refund of the first charge is recorded on its payment.
    const payment = await t.db.payment.findFirstOrThrow({
      where: { organizationId: org.id, status: "COMPLETED" },
    });
    await t.db.payment.update({
      where: { id: payment.id },
      data: { metadata: { paymentIntentId: "pi_o_1" } },
    });
    await post(
      stripeEvent("charge.refunded", {
        id: "ch_1",
        payment_intent: "pi_o_1",
        amount: 2900,
        amount_refunded: 2900,
        currency: "usd",
      }),
    );
    expect((await t.db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("REFUNDED");
  });

  it("openPortal opens Stripe's customer portal for a Stripe customer", async () => {
    const { org, cookie, checkout } = await stripeCheckout();
    await post(
      stripeEvent("checkout.session.completed", {
        id: checkout.providerSessionId,
        client_reference_id: checkout.id,
        customer: "cus_portal",
        subscription: "sub_portal",
        payment_status: "paid",
        amount_total: 2900,
        currency: "usd",
        invoice: "in_p",
      }),
    );
    const portal = await trpc(stripeWeb, cookie, "billing.openPortal", { orgId: org.id });
    expect(portal.data).toEqual({ url: "https://billing.stripe.test/p/session/1" });
    const cancel = await trpc(stripeWeb, cookie, "billing.cancel", { orgId: org.id });
    expect(cancel.status).toBe(200);
    expect(
      fakeCalls.some(
        (c) => c.path === "/v1/subscriptions/sub_portal" && c.body.get("cancel_at_period_end") === "true",
      ),
    ).toBe(true);
  });
});

/** The text a PDF draws with the standard fonts (pdf-lib writes it as hex strings in Flate streams). */
function pdfText(pdf: Buffer): string {
  const raw = pdf.toString("latin1");
  let text = "";
  for (const m of raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    let content: string;
    try {
      content = inflateSync(Buffer.from(m[1]!, "latin1")).toString("latin1");
    } catch {
      content = m[1]!;
    }
    for (const h of content.matchAll(/<([0-9A-Fa-f]+)>\s*Tj/g))
      text += `${Buffer.from(h[1]!, "hex").toString("latin1")}\n`;
  }
  return text;
}

describe("offline checkout over HTTP", () => {
  it("page → Pay → the workspace is on the plan → payments list → receipt PDF; a non-member gets 404", async () => {
    const owner = await makeUser(t.db);
    const org = await makeOrg(t.db, owner);
    const cookie = await cookieFor(owner);
    await t.db.subscription.create({
      data: {
        organizationId: org.id,
        plan: "PRO",
        status: "EXPIRED",
        provider: "OFFLINE",
        trialStartedAt: new Date("2025-01-01"),
        endedAt: new Date("2025-02-01"),
      },
    });
    const started = await trpc(offlineWeb, cookie, "billing.startCheckout", {
      orgId: org.id,
      plan: "BUSINESS",
      interval: "YEARLY",
    });
    const url = (started.data as { url: string }).url;
    const path = new URL(url).pathname;
    expect(path).toMatch(/^\/billing\/checkout\/[0-9a-f-]{36}$/);

    expect((await offlineWeb.inject({ method: "GET", url: path })).statusCode).toBe(303); // sign in first
    const stranger = await makeUser(t.db);
    expect(
      (await offlineWeb.inject({ method: "GET", url: path, headers: { cookie: await cookieFor(stranger) } }))
        .statusCode,
    ).toBe(404);
    const page = await offlineWeb.inject({ method: "GET", url: path, headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('value="pay"');
    expect(page.body).toContain("$990.00");

    const paid = await offlineWeb.inject({
      method: "POST",
      url: path,
      headers: { cookie, origin: ORIGIN, "content-type": "application/x-www-form-urlencoded" },
      payload: "action=pay",
    });
    expect(paid.statusCode).toBe(303);
    expect(paid.headers.location).toBe(`${ORIGIN}/w/${org.slug}/settings/billing?checkout=success`);
    expect((await t.db.organization.findUniqueOrThrow({ where: { id: org.id } })).plan).toBe("BUSINESS");
    // A second Pay on the same checkout charges nothing more.
    await offlineWeb.inject({
      method: "POST",
      url: path,
      headers: { cookie, origin: ORIGIN, "content-type": "application/x-www-form-urlencoded" },
      payload: "action=pay",
    });

    const list = await trpcQuery(offlineWeb, cookie, "billing.payments", { orgId: org.id });
    const items = (list.data as { items: { receiptNumber: string; receiptUrl: string; amount: number }[] })
      .items;
    expect(items).toHaveLength(1);
    expect(items[0]!.amount).toBe(990);

    const receipt = await offlineWeb.inject({
      method: "GET",
      url: items[0]!.receiptUrl,
      headers: { cookie },
    });
    expect(receipt.statusCode).toBe(200);
    expect(receipt.headers["content-type"]).toBe("application/pdf");
    expect(receipt.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdfText(receipt.rawPayload)).toContain(items[0]!.receiptNumber);
    const doc = await PDFDocument.load(receipt.rawPayload);
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getTitle()).toContain(items[0]!.receiptNumber);

    expect(
      (
        await offlineWeb.inject({
          method: "GET",
          url: items[0]!.receiptUrl,
          headers: { cookie: await cookieFor(stranger) },
        })
      ).statusCode,
    ).toBe(404);
    expect((await offlineWeb.inject({ method: "GET", url: items[0]!.receiptUrl })).statusCode).toBe(401);
    const notMember = await trpcQuery(offlineWeb, await cookieFor(stranger), "billing.payments", {
      orgId: org.id,
    });
    expect(notMember.status).toBe(404);
    const member = await makeUser(t.db);
    await t.db.membership.create({ data: { organizationId: org.id, userId: member.id, role: "MEMBER" } });
    const memberStart = await trpc(offlineWeb, await cookieFor(member), "billing.startCheckout", {
      orgId: org.id,
      plan: "PRO",
      interval: "MONTHLY",
    });
    expect(memberStart.status).toBe(403);
    expect(
      (
        await offlineWeb.inject({
          method: "GET",
          url: items[0]!.receiptUrl,
          headers: { cookie: await cookieFor(member) },
        })
      ).statusCode,
    ).toBe(200);
  });

  it("the Day Pass checkout and Decline", async () => {
    const user = await makeUser(t.db);
    const cookie = await cookieFor(user);
    const started = await trpc(offlineWeb, cookie, "billing.startDayPassCheckout", {});
    const path = new URL((started.data as { url: string }).url).pathname;
    const declined = await offlineWeb.inject({
      method: "POST",
      url: path,
      headers: { cookie, origin: ORIGIN, "content-type": "application/x-www-form-urlencoded" },
      payload: "action=decline",
    });
    expect(declined.statusCode).toBe(303);
    expect(declined.headers.location).toBe(`${ORIGIN}/?dayPass=canceled`);
    expect((await t.db.billingCheckout.findFirstOrThrow({ where: { userId: user.id } })).status).toBe(
      "DECLINED",
    );
    expect((await t.db.user.findUniqueOrThrow({ where: { id: user.id } })).dayPassExpiresAt).toBeNull();
    const page = await offlineWeb.inject({ method: "GET", url: path, headers: { cookie } });
    expect(page.body).not.toContain('value="pay"');
  });
});
