import { makeOrg, makeUser } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { actor, appError, useTestEnv } from "../testing/integration.ts";
import { applyProviderEvent, GRACE_DAYS } from "./billing-events.service.ts";
import { handleBillingLifecycle } from "./billing-lifecycle.handler.ts";
import {
  cancelSubscription,
  changePlan,
  listPayments,
  offlineCheckoutAct,
  resumeSubscription,
  startCheckout,
  startDayPassCheckout,
} from "./checkout.service.ts";
import { createCoupon } from "./coupon.service.ts";
import { workspacePlan } from "./entitlements.service.ts";

// The subscription lifecycle on the offline provider with an injected clock: trial → first charge
// → renewal → failed renewal (dunning mails, grace) → expiry to FREE; cancel at period end with the
// 7-day / 1-day mails sent once; resume; plan changes; Day Pass mails; coupons given back.

const { db, deps } = await useTestEnv();
const DAY = 86_400_000;
const HOUR = 3_600_000;
const clock = deps.clock;

const idOf = (url: string) => url.split("/").at(-1)!;
const mails = (type: string) => db.emailLog.count({ where: { emailType: type as never } });
const planNow = async (orgId: string) => (await workspacePlan(db, orgId, clock.now())).plan;
const subOf = (orgId: string) => db.subscription.findUniqueOrThrow({ where: { organizationId: orgId } });

async function workspace() {
  const owner = await makeUser(db);
  const org = await makeOrg(db, owner);
  return { owner, org };
}

describe("offline subscription lifecycle", () => {
  it("trial → paid at trial end → renewed → renewal fails (dunning, grace) → expired to FREE", async () => {
    clock.set("2026-01-10T09:00:00Z");
    const { owner, org } = await workspace();
    const { url } = await startCheckout(deps, actor(owner), {
      orgId: org.id,
      plan: "PRO",
      interval: "MONTHLY",
    });
    expect(url).toBe(`${deps.config.webUrl}/billing/checkout/${idOf(url)}`);
    expect(await planNow(org.id)).toBe("FREE"); // nothing until paid

    const done = await offlineCheckoutAct(deps, owner.id, idOf(url), "pay_fail_later");
    expect(done.outcome).toBe("paid");
    let sub = await subOf(org.id);
    expect(sub).toMatchObject({ status: "TRIALING", plan: "PRO", provider: "OFFLINE" });
    expect(sub.trialEndsAt?.toISOString()).toBe("2026-01-24T09:00:00.000Z");
    expect(await planNow(org.id)).toBe("PRO");
    expect((await db.organization.findUniqueOrThrow({ where: { id: org.id } })).isTrialing).toBe(true);
    expect(await mails("SUBSCRIPTION_CONFIRMED")).toBe(1);
    expect(await db.payment.count({ where: { organizationId: org.id } })).toBe(0); // trial: no charge

    // Trial end: the card was set to fail at renewal → PAST_DUE, plan kept during grace, one mail.
    clock.set("2026-01-24T09:00:30Z");
    let counts = await handleBillingLifecycle(deps);
    expect(counts.renewalsFailed).toBe(1);
    sub = await subOf(org.id);
    expect(sub.status).toBe("PAST_DUE");
    expect(sub.graceEndsAt?.getTime()).toBe(clock.now().getTime() + GRACE_DAYS * DAY);
    expect(await planNow(org.id)).toBe("PRO");
    expect(await mails("PAYMENT_FAILED")).toBe(1);
    // A second run at the same time does nothing more (idempotent).
    counts = await handleBillingLifecycle(deps);
    expect(counts.renewalsFailed).toBe(0);
    expect(await mails("PAYMENT_FAILED")).toBe(1);

    // Dunning retries every 2 days, each failed attempt mailed once.
    clock.advance(2 * DAY);
    await handleBillingLifecycle(deps);
    expect(await mails("PAYMENT_FAILED")).toBe(2);
    expect((await subOf(org.id)).dunningCount).toBe(2);

    // Grace over → EXPIRED, the workspace is back on FREE (projection too).
    clock.set(sub.graceEndsAt!.getTime() + 1000);
    counts = await handleBillingLifecycle(deps);
    expect(counts.ended).toBe(1);
    expect((await subOf(org.id)).status).toBe("EXPIRED");
    expect(await planNow(org.id)).toBe("FREE");
    expect((await db.organization.findUniqueOrThrow({ where: { id: org.id } })).plan).toBe("FREE");
    const failed = await db.payment.findMany({ where: { organizationId: org.id } });
    expect(failed.every((p) => p.status === "FAILED" && p.receiptNumber === null)).toBe(true);
  });

  it("a paid subscription renews each period with a receipt-numbered payment; a second trial is never given", async () => {
    clock.set("2026-02-01T12:00:00Z");
    const { owner, org } = await workspace();
    // A workspace that had a trial before gets none on its next checkout.
    await db.subscription.create({
      data: {
        organizationId: org.id,
        plan: "PRO",
        status: "EXPIRED",
        provider: "OFFLINE",
        trialStartedAt: new Date("2025-01-01"),
        endedAt: new Date("2025-02-01"),
      },
    });
    const { url } = await startCheckout(deps, actor(owner), {
      orgId: org.id,
      plan: "BUSINESS",
      interval: "MONTHLY",
    });
    await offlineCheckoutAct(deps, owner.id, idOf(url), "pay");
    let sub = await subOf(org.id);
    expect(sub).toMatchObject({ status: "ACTIVE", plan: "BUSINESS" });
    expect(sub.currentPeriodEnd?.toISOString()).toBe("2026-03-01T12:00:00.000Z");
    let payments = await listPayments(deps, actor(owner), { orgId: org.id });
    expect(payments.items).toHaveLength(1);
    expect(payments.items[0]).toMatchObject({
      type: "SUBSCRIPTION_INITIAL",
      status: "COMPLETED",
      amount: 99,
    });
    expect(payments.items[0]!.receiptNumber).toMatch(/^Q-2026-\d{6}$/);
    expect(payments.items[0]!.receiptUrl).toBe(`/billing/receipts/${payments.items[0]!.id}.pdf`);

    clock.set("2026-03-01T12:00:20Z");
    expect((await handleBillingLifecycle(deps)).renewed).toBe(1);
    expect((await handleBillingLifecycle(deps)).renewed).toBe(0);
    sub = await subOf(org.id);
    expect(sub.currentPeriodEnd?.toISOString()).toBe("2026-04-01T12:00:00.000Z");
    payments = await listPayments(deps, actor(owner), { orgId: org.id });
    expect(payments.items.map((p) => p.type)).toEqual(["SUBSCRIPTION_RENEWAL", "SUBSCRIPTION_INITIAL"]);
    expect(new Set(payments.items.map((p) => p.receiptNumber)).size).toBe(2);

    // Already subscribed: a second checkout is refused (change the plan instead).
    const err = await appError(
      startCheckout(deps, actor(owner), { orgId: org.id, plan: "PRO", interval: "MONTHLY" }),
    );
    expect(err.reason).toBe("ALREADY_SUBSCRIBED");
  });

  it("cancel at period end: mails 7 d and 1 d before (once each), resume undoes it, the end moves to FREE", async () => {
    clock.set("2026-05-01T08:00:00Z");
    const { owner, org } = await workspace();
    await db.subscription.create({
      data: {
        organizationId: org.id,
        plan: "PRO",
        status: "EXPIRED",
        provider: "OFFLINE",
        trialStartedAt: new Date("2025-01-01"),
        endedAt: new Date("2025-02-01"),
      },
    });
    const { url } = await startCheckout(deps, actor(owner), {
      orgId: org.id,
      plan: "PRO",
      interval: "MONTHLY",
    });
    await offlineCheckoutAct(deps, owner.id, idOf(url), "pay");

    await cancelSubscription(deps, actor(owner), { orgId: org.id });
    expect(await mails("SUBSCRIPTION_CANCELLED")).toBe(1);
    const resumed = await resumeSubscription(deps, actor(owner), { orgId: org.id });
    expect(resumed?.cancelAtPeriodEnd).toBe(false);
    const canceled = await cancelSubscription(deps, actor(owner), { orgId: org.id });
    expect(canceled?.cancelAtPeriodEnd).toBe(true);
    expect(await mails("SUBSCRIPTION_CANCELLED")).toBe(1); // same end date: told once

    clock.set("2026-05-25T08:00:00Z"); // 7 days before June 1
    await handleBillingLifecycle(deps);
    await handleBillingLifecycle(deps);
    expect(await mails("SUBSCRIPTION_EXPIRING_SOON")).toBe(1);
    clock.set("2026-05-31T09:00:00Z"); // 23 h before
    await handleBillingLifecycle(deps);
    await handleBillingLifecycle(deps);
    expect(await mails("SUBSCRIPTION_EXPIRING_SOON")).toBe(2);
    expect(await planNow(org.id)).toBe("PRO");
    // No renewal for a canceling subscription: at the end the plan stops.
    clock.set("2026-06-01T08:00:30Z");
    const counts = await handleBillingLifecycle(deps);
    expect(counts).toMatchObject({ renewed: 0, ended: 1 });
    expect((await subOf(org.id)).status).toBe("CANCELED");
    expect(await planNow(org.id)).toBe("FREE");
  });

  it("upgrade applies now with a prorated charge; a downgrade waits for the renewal", async () => {
    clock.set("2026-07-01T00:00:00Z");
    const { owner, org } = await workspace();
    await db.subscription.create({
      data: {
        organizationId: org.id,
        plan: "PRO",
        status: "EXPIRED",
        provider: "OFFLINE",
        trialStartedAt: new Date("2025-01-01"),
        endedAt: new Date("2025-02-01"),
      },
    });
    const { url } = await startCheckout(deps, actor(owner), {
      orgId: org.id,
      plan: "PRO",
      interval: "MONTHLY",
    });
    await offlineCheckoutAct(deps, owner.id, idOf(url), "pay");
    clock.set("2026-07-16T12:00:00Z"); // half of July left
    const up = await changePlan(deps, actor(owner), { orgId: org.id, plan: "BUSINESS", interval: "MONTHLY" });
    expect(up?.plan).toBe("BUSINESS");
    expect(await planNow(org.id)).toBe("BUSINESS");
    const upgrade = await db.payment.findFirstOrThrow({
      where: { organizationId: org.id, type: "SUBSCRIPTION_UPGRADE" },
    });
    expect(Number(upgrade.amount)).toBe(35); // (99 - 29) × 15.5 / 31
    const down = await changePlan(deps, actor(owner), { orgId: org.id, plan: "PRO", interval: "MONTHLY" });
    expect(down).toMatchObject({ plan: "BUSINESS", scheduledPlan: "PRO" });
    clock.set("2026-08-01T00:00:30Z");
    await handleBillingLifecycle(deps);
    expect(await subOf(org.id)).toMatchObject({ plan: "PRO", scheduledPlan: null, status: "ACTIVE" });
    expect(await planNow(org.id)).toBe("PRO");
  });

  it("a declined checkout gives its coupon use back; a paid one keeps it and shows the discount", async () => {
    clock.set("2026-09-01T00:00:00Z");
    const { owner, org } = await workspace();
    await createCoupon(deps, {
      code: "HALF",
      discountType: "PERCENT",
      discountValue: 50,
      validFrom: new Date("2026-01-01"),
      validUntil: new Date("2027-01-01"),
      usageLimit: 1,
    });
    const first = await startCheckout(deps, actor(owner), {
      orgId: org.id,
      plan: "PRO",
      interval: "YEARLY",
      coupon: "half",
    });
    expect((await db.coupon.findUniqueOrThrow({ where: { code: "HALF" } })).usedCount).toBe(1);
    await offlineCheckoutAct(deps, owner.id, idOf(first.url), "decline");
    expect((await db.coupon.findUniqueOrThrow({ where: { code: "HALF" } })).usedCount).toBe(0);
    expect(await planNow(org.id)).toBe("FREE");

    // An abandoned checkout expires through the lifecycle job, also giving the use back.
    const second = await startCheckout(deps, actor(owner), {
      orgId: org.id,
      plan: "PRO",
      interval: "YEARLY",
      coupon: "HALF",
    });
    clock.advance(2 * HOUR);
    expect((await handleBillingLifecycle(deps)).checkoutsExpired).toBe(1);
    expect((await db.coupon.findUniqueOrThrow({ where: { code: "HALF" } })).usedCount).toBe(0);
    expect((await offlineCheckoutAct(deps, owner.id, idOf(second.url), "pay")).outcome).toBe("closed");

    const third = await startDayPassCheckout(deps, actor(owner), { coupon: "HALF" });
    await offlineCheckoutAct(deps, owner.id, idOf(third.url), "pay");
    const payment = await db.payment.findFirstOrThrow({
      where: { userId: owner.id, type: "DAY_PASS_PURCHASE" },
    });
    expect(Number(payment.amount)).toBe(2.49);
    expect(Number(payment.discountAmount)).toBe(2.5);
    expect((await db.coupon.findUniqueOrThrow({ where: { code: "HALF" } })).usedCount).toBe(1);
  });
});

describe("Day Pass mails", () => {
  it("DAY_PASS_PURCHASED at purchase, EXPIRING_SOON 2–4 h before and EXPIRED after, once each", async () => {
    clock.set("2026-10-01T10:00:00Z");
    const user = await makeUser(db);
    const { url } = await startDayPassCheckout(deps, actor(user), {});
    await offlineCheckoutAct(deps, user.id, idOf(url), "pay");
    const log = (type: string) => db.emailLog.count({ where: { userId: user.id, emailType: type as never } });
    expect(await log("DAY_PASS_PURCHASED")).toBe(1);
    expect(
      (await db.user.findUniqueOrThrow({ where: { id: user.id } })).dayPassExpiresAt?.toISOString(),
    ).toBe("2026-10-02T10:00:00.000Z");
    clock.set("2026-10-02T05:00:00Z"); // 5 h left: too early
    await handleBillingLifecycle(deps);
    expect(await log("DAY_PASS_EXPIRING_SOON")).toBe(0);
    clock.set("2026-10-02T06:30:00Z"); // 3.5 h left
    await handleBillingLifecycle(deps);
    await handleBillingLifecycle(deps);
    expect(await log("DAY_PASS_EXPIRING_SOON")).toBe(1);
    clock.set("2026-10-02T10:01:00Z");
    await Promise.all([handleBillingLifecycle(deps), handleBillingLifecycle(deps)]);
    expect(await log("DAY_PASS_EXPIRED")).toBe(1);
  });
});

describe("provider events", () => {
  it("a replayed offline event is stored once and applied once", async () => {
    clock.set("2026-11-01T00:00:00Z");
    const { owner, org } = await workspace();
    await db.subscription.create({
      data: {
        organizationId: org.id,
        plan: "PRO",
        status: "EXPIRED",
        provider: "OFFLINE",
        trialStartedAt: new Date("2025-01-01"),
        endedAt: new Date("2025-02-01"),
      },
    });
    const { url } = await startCheckout(deps, actor(owner), {
      orgId: org.id,
      plan: "PRO",
      interval: "MONTHLY",
    });
    const checkoutId = idOf(url);
    const event = {
      id: "off_evt_replay_1",
      type: "checkout.session.completed",
      created: clock.now(),
      raw: { id: "off_evt_replay_1" },
      data: {
        kind: "checkout.completed" as const,
        sessionId: null,
        checkoutId,
        customerId: null,
        subscriptionId: null,
        paymentIntentId: null,
        invoiceId: null,
        amountTotal: 29,
        currency: "USD",
      },
    };
    const outcomes = await Promise.all([1, 2, 3, 4, 5].map(() => applyProviderEvent(deps, "OFFLINE", event)));
    expect(outcomes.filter((o) => o === "processed")).toHaveLength(1);
    expect(outcomes.filter((o) => o === "duplicate")).toHaveLength(4);
    expect(await db.payment.count({ where: { organizationId: org.id } })).toBe(1);
    expect(await db.billingEvent.count({ where: { providerEventId: "off_evt_replay_1" } })).toBe(1);
  });
});
