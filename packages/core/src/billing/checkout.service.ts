import { randomUUID } from "node:crypto";
import type { BillingInterval, Plan } from "@quartet/db/enums";
import { type CheckoutRequest, cents } from "@quartet/integrations/billing/billing-provider";
import type { Deps, UserActor } from "../deps.ts";
import { AppError, notFound } from "../errors.ts";
import { decodeCursor, encodeCursor } from "../keyset-cursor.ts";
import {
  type BillingOrgInput,
  billingOrgInput,
  type ChangePlanInput,
  changePlanInput,
  type OfflineCheckoutAction,
  type PaymentsInput,
  paymentsInput,
  type StartCheckoutInput,
  type StartDayPassCheckoutInput,
  startCheckoutInput,
  startDayPassCheckoutInput,
} from "./billing.schema.ts";
import {
  applyProviderEvent,
  type BillingProviderKind,
  closeCheckoutInTx,
  mailCancellation,
} from "./billing-events.service.ts";
import { billingLink, PLAN_NAMES } from "./billing-mail.ts";
import { redeemCouponInTx } from "./coupon.service.ts";
import { billingProviderOf } from "./offline.provider.ts";
import * as pay from "./payments.repository.ts";
import { DAY_PASS, PLAN_ORDER, PLANS, priceOf } from "./plans.ts";
import {
  findSubscription,
  lockSubscription,
  type SubscriptionRow,
  updateSubscription,
} from "./subscription.repository.ts";
import { addInterval } from "./subscription.service.ts";
import { effectivePlan } from "./subscription.ts";

// Checkout, portal, cancel / resume / plan changes and the payments list. The router checks the
// caller's role (OWNER/ADMIN for money, any member for the list); these functions trust `orgId`.

type BillingDeps = Pick<Deps, "db" | "boss" | "clock" | "config" | "log" | "billing">;

const CHECKOUT_TTL_MS = 60 * 60_000;

async function orgOf(deps: BillingDeps, orgId: string) {
  const org = await deps.db.organization.findFirst({
    where: { id: orgId, deletedAt: null },
    select: { id: true, slug: true, name: true },
  });
  if (!org) throw notFound("Workspace not found.");
  return org;
}

async function buyerOf(deps: BillingDeps, userId: string) {
  const user = await pay.findRecipient(deps.db, userId);
  if (!user) throw notFound("Account not found.");
  return user;
}

const givesPlan = (sub: SubscriptionRow | null, now: Date) =>
  sub !== null && !sub.endedAt && effectivePlan(sub, now) !== "FREE";

export const checkoutReturnUrls = (deps: Pick<Deps, "config">, slug: string | null) =>
  slug
    ? {
        successUrl: `${billingLink(deps as never, slug)}?checkout=success`,
        cancelUrl: `${billingLink(deps as never, slug)}?checkout=canceled`,
      }
    : {
        successUrl: `${deps.config.webUrl}/?dayPass=success`,
        cancelUrl: `${deps.config.webUrl}/?dayPass=canceled`,
      };

/** Opens a checkout (row, coupon use, provider session) and returns where to send the person. */
async function openCheckout(
  deps: BillingDeps,
  actor: UserActor,
  input: {
    kind: "SUBSCRIPTION" | "DAY_PASS";
    org: { id: string; slug: string } | null;
    plan: Exclude<Plan, "FREE"> | null;
    interval: BillingInterval | null;
    amount: number;
    trialDays: number;
    coupon?: string;
    customerId: string | null;
  },
) {
  const provider = billingProviderOf(deps);
  const now = deps.clock.now();
  const buyer = await buyerOf(deps, actor.userId);
  const checkout = await deps.db.$transaction(async (tx) => {
    const row = await pay.insertCheckout(tx, {
      provider: provider.name as BillingProviderKind,
      kind: input.kind,
      organizationId: input.org?.id ?? null,
      userId: actor.userId,
      plan: input.plan,
      interval: input.interval,
      amount: input.amount,
      currency: "USD",
      trialDays: input.trialDays,
      expiresAt: new Date(now.getTime() + CHECKOUT_TTL_MS),
      now,
    });
    if (!input.coupon) return { row, discount: null };
    const quote = await redeemCouponInTx(tx, deps, {
      code: input.coupon,
      userId: actor.userId,
      orgId: input.org?.id ?? null,
      target: input.kind === "DAY_PASS" ? "DAY_PASS" : (input.plan ?? "PRO"),
      amount: input.amount,
      currency: "USD",
    });
    const coupon = await tx.coupon.findUniqueOrThrow({
      where: { id: quote.couponId },
      select: { discountType: true, discountValue: true },
    });
    const updated = await pay.updateCheckout(tx, row.id, {
      couponId: quote.couponId,
      couponRedemptionId: quote.redemptionId,
      discountAmount: quote.discountAmount,
    });
    return {
      row: updated,
      discount: {
        couponId: quote.couponId,
        code: quote.code,
        percentOff: coupon.discountType === "PERCENT" ? Number(coupon.discountValue) : null,
        amountOffCents: coupon.discountType === "FIXED" ? cents(quote.discountAmount) : null,
        duration: quote.duration,
        durationInMonths: quote.durationInMonths,
      },
    };
  });
  const urls = checkoutReturnUrls(deps, input.org?.slug ?? null);
  const request: CheckoutRequest = {
    checkoutId: checkout.row.id,
    kind: input.kind,
    email: buyer.email,
    customerId: input.customerId,
    productName:
      input.kind === "DAY_PASS" ? "Quartet Day Pass" : `Quartet ${PLAN_NAMES[input.plan ?? "PRO"]}`,
    unitAmountCents: cents(input.amount),
    currency: "USD",
    interval: input.interval,
    trialDays: input.trialDays,
    discount: checkout.discount,
    ...urls,
    expiresAt: checkout.row.expiresAt,
    metadata: {
      checkoutId: checkout.row.id,
      userId: actor.userId,
      ...(input.org ? { orgId: input.org.id } : {}),
      ...(input.plan ? { plan: input.plan } : {}),
      ...(input.interval ? { interval: input.interval } : {}),
    },
  };
  try {
    const session = await provider.createCheckout(request);
    await pay.updateCheckout(deps.db, checkout.row.id, {
      providerSessionId: session.sessionId,
      url: session.url,
    });
    return { url: session.url, checkoutId: checkout.row.id };
  } catch (error) {
    deps.log.error({ err: error, checkoutId: checkout.row.id }, "billing: the provider refused the checkout");
    await deps.db.$transaction(async (tx) => {
      const row = await pay.lockCheckout(tx, checkout.row.id);
      if (row?.status === "OPEN") await closeCheckoutInTx(tx, row, "EXPIRED", deps.clock.now());
    });
    throw new AppError(
      "PRECONDITION_FAILED",
      "The payment service didn't answer. Nothing was charged; try again in a moment.",
      undefined,
      "BILLING_PROVIDER_UNAVAILABLE",
    );
  }
}

/** `billing.startCheckout`: a workspace subscription to PRO or BUSINESS. */
export async function startCheckout(deps: BillingDeps, actor: UserActor, raw: StartCheckoutInput) {
  const input = startCheckoutInput.parse(raw);
  const org = await orgOf(deps, input.orgId);
  const sub = await findSubscription(deps.db, org.id);
  if (givesPlan(sub, deps.clock.now())) {
    throw new AppError(
      "CONFLICT",
      "This workspace already has a paid plan. Change the plan instead of buying a new one.",
      undefined,
      "ALREADY_SUBSCRIBED",
    );
  }
  const price = priceOf(input.plan, input.interval)!;
  const { url } = await openCheckout(deps, actor, {
    kind: "SUBSCRIPTION",
    org,
    plan: input.plan,
    interval: input.interval,
    amount: price.amount,
    // One trial per workspace: its first subscription.
    trialDays: sub?.trialStartedAt ? 0 : PLANS[input.plan].trialDays,
    coupon: input.coupon,
    customerId: sub?.provider === "STRIPE" ? sub.providerCustomerId : null,
  });
  return { url };
}

/** `billing.startDayPassCheckout`: 24 h of Premium tools for the signed-in person. */
export async function startDayPassCheckout(
  deps: BillingDeps,
  actor: UserActor,
  raw: StartDayPassCheckoutInput,
) {
  const input = startDayPassCheckoutInput.parse(raw);
  const { url } = await openCheckout(deps, actor, {
    kind: "DAY_PASS",
    org: null,
    plan: null,
    interval: null,
    amount: DAY_PASS.price.amount,
    trialDays: 0,
    coupon: input.coupon,
    customerId: null,
  });
  return { url };
}

/** `billing.openPortal`: Stripe's customer portal, or (offline) the Settings → Billing page. */
export async function openPortal(deps: BillingDeps, _actor: UserActor, raw: BillingOrgInput) {
  const input = billingOrgInput.parse(raw);
  const org = await orgOf(deps, input.orgId);
  const returnUrl = billingLink(deps, org.slug);
  const sub = await findSubscription(deps.db, org.id);
  if (sub?.provider !== "STRIPE" || !sub.providerCustomerId || !deps.billing) return { url: returnUrl };
  return deps.billing.createPortal({ customerId: sub.providerCustomerId, returnUrl });
}

async function liveSubscription(deps: BillingDeps, orgId: string) {
  const sub = await findSubscription(deps.db, orgId);
  if (!sub || !givesPlan(sub, deps.clock.now())) {
    throw new AppError(
      "PRECONDITION_FAILED",
      "This workspace has no paid plan to change.",
      undefined,
      "NO_SUBSCRIPTION",
    );
  }
  return sub;
}

const remoteId = (sub: SubscriptionRow) =>
  sub.provider === "STRIPE" && sub.providerSubscriptionId ? sub.providerSubscriptionId : null;

/** `billing.cancel`: the plan stays until the end of the paid (or trial) period, then FREE. */
export async function cancelSubscription(deps: BillingDeps, _actor: UserActor, raw: BillingOrgInput) {
  const input = billingOrgInput.parse(raw);
  const sub = await liveSubscription(deps, input.orgId);
  if (sub.cancelAtPeriodEnd) return subscriptionView(sub);
  const id = remoteId(sub);
  if (id) await billingProviderOf(deps).setCancelAtPeriodEnd(id, true);
  const now = deps.clock.now();
  const row = await deps.db.$transaction(async (tx) => {
    await lockSubscription(tx, input.orgId);
    const updated = (await updateSubscription(
      tx,
      input.orgId,
      { cancelAtPeriodEnd: true, cancelAt: sub.currentPeriodEnd, canceledAt: now, lastEventAt: now },
      now,
    ))!;
    await mailCancellation(tx, deps, updated, now);
    return updated;
  });
  return subscriptionView(row);
}

/** `billing.resume`: undoes a cancellation before the period ends. */
export async function resumeSubscription(deps: BillingDeps, _actor: UserActor, raw: BillingOrgInput) {
  const input = billingOrgInput.parse(raw);
  const sub = await liveSubscription(deps, input.orgId);
  if (!sub.cancelAtPeriodEnd && !sub.cancelAt) return subscriptionView(sub);
  const id = remoteId(sub);
  if (id) await billingProviderOf(deps).setCancelAtPeriodEnd(id, false);
  const now = deps.clock.now();
  const row = await deps.db.$transaction(async (tx) => {
    await lockSubscription(tx, input.orgId);
    return (await updateSubscription(
      tx,
      input.orgId,
      { cancelAtPeriodEnd: false, cancelAt: null, canceledAt: null, lastEventAt: now },
      now,
    ))!;
  });
  return subscriptionView(row);
}

const rank = (plan: Plan, interval: BillingInterval) =>
  PLAN_ORDER.indexOf(plan) * 2 + (interval === "YEARLY" ? 1 : 0);

/**
 * `billing.changePlan`: an upgrade (higher plan, or monthly → yearly) applies now and charges the
 * prorated difference; a downgrade is scheduled for the next renewal (the plan holds until then).
 * Asking for the current plan again cancels a scheduled downgrade.
 */
export async function changePlan(deps: BillingDeps, _actor: UserActor, raw: ChangePlanInput) {
  const input = changePlanInput.parse(raw);
  const sub = await liveSubscription(deps, input.orgId);
  const now = deps.clock.now();
  const provider = billingProviderOf(deps);
  const newPrice = priceOf(input.plan, input.interval)!.amount;
  const id = remoteId(sub);
  const same = input.plan === sub.plan && input.interval === sub.interval;
  const upgrade = !same && rank(input.plan, input.interval) > rank(sub.plan, sub.interval);

  if (!upgrade) {
    if (id) {
      await provider.changePlan({
        subscriptionId: id,
        productName: `Quartet ${PLAN_NAMES[input.plan]}`,
        unitAmountCents: cents(newPrice),
        currency: sub.currency,
        interval: input.interval,
        prorateNow: false,
        // The plan in force stays the current one until the renewal applies the scheduled one.
        metadata: { plan: sub.plan, interval: sub.interval, scheduledPlan: same ? "" : input.plan },
      });
    }
    const row = await deps.db.$transaction(async (tx) => {
      await lockSubscription(tx, input.orgId);
      return (await updateSubscription(
        tx,
        input.orgId,
        {
          scheduledPlan: same ? null : input.plan,
          scheduledInterval: same ? null : input.interval,
          lastEventAt: now,
        },
        now,
      ))!;
    });
    return subscriptionView(row);
  }

  if (id) {
    await provider.changePlan({
      subscriptionId: id,
      productName: `Quartet ${PLAN_NAMES[input.plan]}`,
      unitAmountCents: cents(newPrice),
      currency: sub.currency,
      interval: input.interval,
      prorateNow: true,
      metadata: { plan: input.plan, interval: input.interval },
    });
  }
  // Unused share of the current period, credited against the new price.
  const start = sub.currentPeriodStart?.getTime() ?? now.getTime();
  const end = sub.currentPeriodEnd?.getTime() ?? now.getTime();
  const left = end > now.getTime() && end > start ? (end - now.getTime()) / (end - start) : 0;
  const oldPrice = Number(sub.priceAmount);
  const trialing = sub.status === "TRIALING";
  const newInterval = input.interval !== sub.interval;
  const charge = trialing
    ? 0
    : Math.max(
        0,
        Math.round((newInterval ? newPrice - oldPrice * left : (newPrice - oldPrice) * left) * 100) / 100,
      );
  const row = await deps.db.$transaction(async (tx) => {
    await lockSubscription(tx, input.orgId);
    return (await updateSubscription(
      tx,
      input.orgId,
      {
        plan: input.plan,
        interval: input.interval,
        priceAmount: newPrice,
        scheduledPlan: null,
        scheduledInterval: null,
        lastEventAt: now,
        ...(newInterval && !trialing
          ? { currentPeriodStart: now, currentPeriodEnd: addInterval(now, input.interval) }
          : {}),
      },
      now,
    ))!;
  });
  // Offline: the prorated charge goes through the same event as Stripe's proration invoice.
  if (!id && charge > 0) {
    const invoiceId = `off_in_${randomUUID()}`;
    await applyProviderEvent(deps, "OFFLINE", {
      id: `off_evt_${randomUUID()}`,
      type: "invoice.paid",
      created: now,
      raw: { object: "offline_invoice", id: invoiceId, reason: "subscription_update", amount: charge },
      data: {
        kind: "invoice.paid",
        invoiceId,
        subscriptionId: row.providerSubscriptionId,
        customerId: row.providerCustomerId,
        paymentIntentId: null,
        amount: charge,
        currency: row.currency,
        periodStart: now,
        periodEnd: row.currentPeriodEnd,
        billingReason: "subscription_update",
        metadata: {},
      },
    });
  }
  return subscriptionView(row);
}

/** What the billing page shows of the subscription. */
export function subscriptionView(sub: SubscriptionRow | null) {
  if (!sub) return null;
  return {
    plan: sub.plan,
    interval: sub.interval,
    status: sub.status,
    provider: sub.provider,
    priceAmount: Number(sub.priceAmount),
    currency: sub.currency,
    currentPeriodStart: sub.currentPeriodStart,
    currentPeriodEnd: sub.currentPeriodEnd,
    trialEndsAt: sub.trialEndsAt,
    cancelAtPeriodEnd: sub.cancelAtPeriodEnd,
    cancelAt: sub.cancelAt,
    endedAt: sub.endedAt,
    pastDueSince: sub.pastDueSince,
    graceEndsAt: sub.graceEndsAt,
    scheduledPlan: sub.scheduledPlan,
    scheduledInterval: sub.scheduledInterval,
  };
}

/** `billing.subscription`: the workspace's subscription as the billing page shows it (null: FREE). */
export async function getSubscriptionView(deps: BillingDeps, _actor: UserActor, raw: BillingOrgInput) {
  const input = billingOrgInput.parse(raw);
  return subscriptionView(await findSubscription(deps.db, input.orgId));
}

export const receiptPath = (paymentId: string) => `/billing/receipts/${paymentId}.pdf`;

/** `billing.payments`: the workspace's payments, newest first, with a receipt link when paid. */
export async function listPayments(deps: BillingDeps, _actor: UserActor, raw: PaymentsInput) {
  const input = paymentsInput.parse(raw);
  const cursor = input.cursor ? decodeCursor(input.cursor) : null;
  const rows = await pay.listOrgPayments(
    deps.db,
    input.orgId,
    cursor ? { createdAt: cursor.at, id: cursor.id } : null,
    input.limit + 1,
  );
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map((p) => ({
      id: p.id,
      type: p.type,
      status: p.status,
      provider: p.provider,
      amount: Number(p.amount),
      discountAmount: Number(p.discountAmount),
      refundedAmount: Number(p.refundedAmount),
      currency: p.currency,
      plan: p.plan,
      interval: p.interval,
      periodStart: p.periodStart,
      periodEnd: p.periodEnd,
      receiptNumber: p.receiptNumber,
      receiptUrl: p.receiptNumber ? receiptPath(p.id) : null,
      description: p.description,
      failureReason: p.failureReason,
      paidAt: p.paidAt,
      failedAt: p.failedAt,
      createdAt: p.createdAt,
    })),
    nextCursor: rows.length > input.limit && last ? encodeCursor({ at: last.createdAt, id: last.id }) : null,
  };
}

// ── The offline checkout page's actions ─────────────────────────────────────────────────────

/** The offline checkout `userId` may see (theirs, offline): what the page shows. */
export async function offlineCheckoutView(deps: BillingDeps, userId: string, checkoutId: string) {
  const checkout = /^[0-9a-f-]{36}$/i.test(checkoutId) ? await pay.findCheckout(deps.db, checkoutId) : null;
  if (!checkout || checkout.userId !== userId || checkout.provider !== "OFFLINE") {
    throw notFound("This checkout doesn't exist.");
  }
  const org = checkout.organizationId ? await orgOf(deps, checkout.organizationId) : null;
  const expired = checkout.status === "OPEN" && checkout.expiresAt <= deps.clock.now();
  return { checkout, org, expired, urls: checkoutReturnUrls(deps, org?.slug ?? null) };
}

/**
 * Pay / Decline / Pay with a card that fails at renewal. Drives the same events as Stripe's
 * webhooks (checkout.session.completed + invoice.paid, or checkout.session.expired). Returns where
 * to send the person.
 */
export async function offlineCheckoutAct(
  deps: BillingDeps,
  userId: string,
  checkoutId: string,
  action: OfflineCheckoutAction,
): Promise<{ redirect: string; outcome: "paid" | "declined" | "closed" }> {
  const view = await offlineCheckoutView(deps, userId, checkoutId);
  const { checkout } = view;
  if (checkout.status !== "OPEN" || view.expired) return { redirect: view.urls.cancelUrl, outcome: "closed" };
  const now = deps.clock.now();
  if (action === "decline") {
    await applyProviderEvent(deps, "OFFLINE", {
      id: `off_evt_${randomUUID()}`,
      type: "checkout.session.expired",
      created: now,
      raw: { object: "offline_checkout", id: checkout.id, action },
      data: { kind: "checkout.expired", sessionId: null, checkoutId: checkout.id, declined: true },
    });
    return { redirect: view.urls.cancelUrl, outcome: "declined" };
  }
  if (action === "pay_fail_later") await pay.updateCheckout(deps.db, checkout.id, { failRenewals: true });
  const charged = Math.round((Number(checkout.amount) - Number(checkout.discountAmount)) * 100) / 100;
  const trial = checkout.kind === "SUBSCRIPTION" && checkout.trialDays > 0;
  const invoiceId = checkout.kind === "SUBSCRIPTION" ? `off_in_${checkout.id}` : null;
  const subscriptionId = checkout.kind === "SUBSCRIPTION" ? `off_sub_${checkout.id}` : null;
  await applyProviderEvent(deps, "OFFLINE", {
    id: `off_evt_${randomUUID()}`,
    type: "checkout.session.completed",
    created: now,
    raw: { object: "offline_checkout", id: checkout.id, action },
    data: {
      kind: "checkout.completed",
      sessionId: null,
      checkoutId: checkout.id,
      customerId: checkout.organizationId ? `off_cus_${checkout.organizationId}` : `off_cus_${userId}`,
      subscriptionId,
      paymentIntentId: checkout.kind === "DAY_PASS" ? `off_pi_${checkout.id}` : null,
      invoiceId,
      amountTotal: trial ? 0 : charged,
      currency: checkout.currency,
    },
  });
  if (invoiceId && !trial && charged > 0) {
    const sub = await findSubscription(deps.db, checkout.organizationId!);
    await applyProviderEvent(deps, "OFFLINE", {
      id: `off_evt_${randomUUID()}`,
      type: "invoice.paid",
      created: now,
      raw: { object: "offline_invoice", id: invoiceId },
      data: {
        kind: "invoice.paid",
        invoiceId,
        subscriptionId,
        customerId: sub?.providerCustomerId ?? null,
        paymentIntentId: null,
        amount: charged,
        currency: checkout.currency,
        periodStart: sub?.currentPeriodStart ?? now,
        periodEnd: sub?.currentPeriodEnd ?? null,
        billingReason: "subscription_create",
        metadata: { checkoutId: checkout.id },
      },
    });
  }
  return { redirect: view.urls.successUrl, outcome: "paid" };
}
