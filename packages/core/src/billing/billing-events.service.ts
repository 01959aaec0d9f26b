import type { Tx } from "@quartet/db/client";
import type { PaymentType, Plan, SubscriptionStatus } from "@quartet/db/enums";
import type { Prisma } from "@quartet/db/types";
import type {
  ChargeRefundedData,
  CheckoutCompletedData,
  CheckoutExpiredData,
  InvoiceFailedData,
  InvoicePaidData,
  ProviderEvent,
  SubscriptionDeletedData,
  SubscriptionUpdatedData,
} from "@quartet/integrations/billing/billing-provider";
import type { Deps } from "../deps.ts";
import { recordBillingEvent } from "./billing-event.repository.ts";
import { formatMoney, formatWhen, mailPersonOnce, mailWorkspaceOnce, PLAN_NAMES } from "./billing-mail.ts";
import { releaseRedemptionInTx } from "./coupon.service.ts";
import { findDayPassByPayment } from "./day-pass.repository.ts";
import { grantDayPassInTx, revokeDayPassInTx } from "./day-pass.service.ts";
import * as pay from "./payments.repository.ts";
import { PLANS_VERSION, priceOf } from "./plans.ts";
import { nextReceiptNumber } from "./receipt.repository.ts";
import {
  findSubscriptionByProviderId,
  lockSubscription,
  type SubscriptionRow,
  saveSubscription,
  updateSubscription,
} from "./subscription.repository.ts";
import { addInterval } from "./subscription.service.ts";

// Every provider event (a Stripe webhook or the offline checkout's own events) goes through
// `applyProviderEvent`: stored once by (provider, event id) in the transaction that applies it, so a
// replay or a concurrent duplicate is a no-op (the second insert waits on the unique index, then
// finds the row PROCESSED). Order-independent: a subscription's `lastEventAt` refuses older state
// events, a paid period never moves backwards, and an ended subscription stays ended.

export const GRACE_DAYS = 7;
const DAY_MS = 86_400_000;

export type BillingProviderKind = "STRIPE" | "OFFLINE";
export type EventOutcome = "processed" | "ignored" | "duplicate";

type EventDeps = Pick<Deps, "db" | "boss" | "clock" | "config" | "log">;
type Applied = { outcome: "processed" | "ignored"; orgId?: string | null; note?: string };

const ignored = (note: string, orgId?: string | null): Applied => ({ outcome: "ignored", note, orgId });
const processed = (orgId?: string | null, note?: string): Applied => ({ outcome: "processed", orgId, note });

const TERMINAL: SubscriptionStatus[] = ["CANCELED", "EXPIRED"];
const isEnded = (sub: SubscriptionRow) => TERMINAL.includes(sub.status) && sub.endedAt !== null;
const later = (a: Date | null, b: Date) => (a && a.getTime() > b.getTime() ? a : b);

// Receipt numbers are gapless per year, so taking one locks the year's counter row until commit:
// payments get theirs as the transaction's last write, keeping that lock as short as possible.
const pendingReceipts = new WeakMap<Tx, { paymentId: string; at: Date }[]>();
function needsReceipt(tx: Tx, paymentId: string, at: Date) {
  const list = pendingReceipts.get(tx) ?? [];
  list.push({ paymentId, at });
  pendingReceipts.set(tx, list);
}
async function assignReceipts(tx: Tx) {
  for (const { paymentId, at } of pendingReceipts.get(tx) ?? []) {
    await pay.updatePayment(tx, paymentId, { receiptNumber: await nextReceiptNumber(tx, at) });
  }
  pendingReceipts.delete(tx);
}

export async function applyProviderEvent(
  deps: EventDeps,
  provider: BillingProviderKind,
  event: ProviderEvent,
): Promise<EventOutcome> {
  const now = deps.clock.now();
  const payload = JSON.parse(
    JSON.stringify(event.raw ?? { id: event.id, type: event.type }),
  ) as Prisma.InputJsonValue;
  try {
    return await deps.db.$transaction(
      async (tx) => {
        const rec = await recordBillingEvent(tx, {
          provider,
          providerEventId: event.id,
          type: event.type,
          eventCreatedAt: event.created,
          payload,
          now,
        });
        if (!rec.fresh) {
          const rows = await tx.$queryRaw<{ status: string }[]>`
            SELECT status::text AS status FROM billing_events WHERE id = ${rec.id}::uuid FOR UPDATE`;
          if (rows[0]?.status === "PROCESSED" || rows[0]?.status === "IGNORED") return "duplicate";
        }
        const applied = await applyInTx(tx, deps, provider, event, now);
        await tx.billingEvent.update({
          where: { id: rec.id },
          data: {
            status: applied.outcome === "ignored" ? "IGNORED" : "PROCESSED",
            processedAt: now,
            organizationId: applied.orgId ?? null,
            error: applied.note ?? null,
            attempts: { increment: 1 },
          },
          select: { id: true },
        });
        await assignReceipts(tx);
        return applied.outcome;
      },
      { timeout: 30_000, maxWait: 30_000 },
    );
  } catch (error) {
    // Kept as FAILED (never over a processed row) so the provider's retry processes it again.
    const message = error instanceof Error ? error.message.slice(0, 2000) : String(error);
    await deps.db.$executeRaw`
      INSERT INTO billing_events (id, provider, provider_event_id, type, event_created_at, payload, status, attempts, error, received_at)
      VALUES (gen_random_uuid(), ${provider}::payment_provider, ${event.id}, ${event.type}, ${event.created},
              ${JSON.stringify(payload)}::jsonb, 'FAILED', 1, ${message}, ${now})
      ON CONFLICT (provider, provider_event_id) DO UPDATE
        SET status = 'FAILED', attempts = billing_events.attempts + 1, error = EXCLUDED.error
        WHERE billing_events.status NOT IN ('PROCESSED', 'IGNORED')`.catch(() => undefined);
    throw error;
  }
}

function applyInTx(
  tx: Tx,
  deps: EventDeps,
  provider: BillingProviderKind,
  event: ProviderEvent,
  now: Date,
): Promise<Applied> {
  const at = event.created;
  switch (event.data.kind) {
    case "checkout.completed":
      return completeCheckoutInTx(tx, deps, provider, event.data, at, now);
    case "checkout.expired":
      return expireCheckoutInTx(tx, event.data, now);
    case "invoice.paid":
      return invoicePaidInTx(tx, deps, provider, event.data, at, now);
    case "invoice.payment_failed":
      return invoiceFailedInTx(tx, deps, provider, event.data, at, now);
    case "subscription.updated":
      return subscriptionUpdatedInTx(tx, deps, event.data, at, now);
    case "subscription.deleted":
      return subscriptionDeletedInTx(tx, event.data, at, now);
    case "charge.refunded":
      return chargeRefundedInTx(tx, provider, event.data, now);
    default:
      return Promise.resolve(ignored(`Event type ${event.type} is not handled.`));
  }
}

// ── Checkout ──────────────────────────────────────────────────────────────────────────────────

async function findCheckoutFor(tx: Tx, d: { checkoutId: string | null; sessionId: string | null }) {
  const byId = d.checkoutId && /^[0-9a-f-]{36}$/i.test(d.checkoutId) ? d.checkoutId : null;
  const id = byId ?? (d.sessionId ? (await pay.findCheckoutBySession(tx, d.sessionId))?.id : null);
  return id ? pay.lockCheckout(tx, id) : null;
}

export async function completeCheckoutInTx(
  tx: Tx,
  deps: EventDeps,
  provider: BillingProviderKind,
  d: Omit<CheckoutCompletedData, "kind">,
  at: Date,
  now: Date,
): Promise<Applied> {
  const checkout = await findCheckoutFor(tx, d);
  if (!checkout) return ignored("Unknown checkout.");
  if (checkout.status === "COMPLETED")
    return processed(checkout.organizationId, "Checkout already completed.");
  if (checkout.status !== "OPEN") return ignored(`Checkout is ${checkout.status}.`, checkout.organizationId);
  const price = Number(checkout.amount);
  const discount = Number(checkout.discountAmount);
  const charged = d.amountTotal ?? Math.round((price - discount) * 100) / 100;

  if (checkout.kind === "DAY_PASS") {
    const payment = await pay.insertPayment(tx, {
      organizationId: null,
      userId: checkout.userId,
      subscriptionId: null,
      type: "DAY_PASS_PURCHASE",
      status: "COMPLETED",
      provider,
      providerPaymentId: d.paymentIntentId ?? d.sessionId ?? `off_pi_${checkout.id}`,
      providerInvoiceId: d.invoiceId,
      amount: charged,
      discountAmount: discount,
      currency: checkout.currency,
      plan: null,
      interval: null,
      periodStart: null,
      periodEnd: null,
      couponId: checkout.couponId,
      receiptNumber: null,
      description: "Day Pass (24 h of Premium tools)",
      paidAt: at,
      metadata: { checkoutId: checkout.id, paymentIntentId: d.paymentIntentId },
      now,
    });
    needsReceipt(tx, payment.id, at);
    const pass = await grantDayPassInTx(
      tx,
      { userId: checkout.userId, source: "PURCHASE", paymentId: payment.id },
      now,
    );
    await pay.updatePayment(tx, payment.id, { periodStart: pass.startsAt, periodEnd: pass.endsAt });
    if (checkout.couponRedemptionId)
      await pay.attachRedemptionToPayment(tx, checkout.couponRedemptionId, payment.id);
    await pay.updateCheckout(tx, checkout.id, {
      status: "COMPLETED",
      completedAt: at,
      providerSessionId: d.sessionId ?? undefined,
    });
    await mailPersonOnce(tx, deps, {
      key: `day-pass-purchased:${payment.id}`,
      userId: checkout.userId,
      type: "DAY_PASS_PURCHASED",
      now,
      data: (r) => ({
        amount: formatMoney(charged, checkout.currency, r.locale),
        date: formatWhen(pass.endsAt, r, true),
      }),
    });
    return processed(null);
  }

  const orgId = checkout.organizationId!;
  const plan = checkout.plan as Exclude<Plan, "FREE">;
  const interval = checkout.interval ?? "MONTHLY";
  const existing = await lockSubscription(tx, orgId);
  const trial = checkout.trialDays > 0;
  const periodEnd = trial ? new Date(at.getTime() + checkout.trialDays * DAY_MS) : addInterval(at, interval);
  const subscriptionId = d.subscriptionId ?? `off_sub_${checkout.id}`;
  const sub = await saveSubscription(
    tx,
    orgId,
    {
      plan,
      interval,
      status: trial ? "TRIALING" : "ACTIVE",
      planVersion: PLANS_VERSION,
      priceAmount: price,
      currency: checkout.currency,
      provider,
      providerSubscriptionId: subscriptionId,
      providerCustomerId: d.customerId ?? existing?.providerCustomerId ?? `off_cus_${orgId}`,
      providerPriceId: null,
      currentPeriodStart: at,
      currentPeriodEnd: periodEnd,
      trialStartedAt: trial ? at : (existing?.trialStartedAt ?? null),
      trialEndsAt: trial ? periodEnd : null,
      cancelAtPeriodEnd: false,
      cancelAt: null,
      canceledAt: null,
      endedAt: null,
      pastDueSince: null,
      graceEndsAt: null,
      dunningCount: 0,
      couponId: checkout.couponId,
      scheduledPlan: null,
      scheduledInterval: null,
      lastEventAt: later(
        existing?.providerSubscriptionId === subscriptionId ? existing.lastEventAt : null,
        at,
      ),
      limitOverrides: (existing?.limitOverrides ?? {}) as Prisma.InputJsonValue,
    },
    now,
  );
  let paymentId: string | null = null;
  if (!trial && charged > 0) {
    const payment = await recordSubscriptionPayment(tx, provider, sub, {
      key: d.invoiceId ?? d.sessionId ?? `off_in_${checkout.id}`,
      invoiceId: d.invoiceId ?? `off_in_${checkout.id}`,
      paymentIntentId: d.paymentIntentId,
      type: "SUBSCRIPTION_INITIAL",
      amount: charged,
      discount,
      periodStart: at,
      periodEnd,
      userId: checkout.userId,
      couponId: checkout.couponId,
      at,
      now,
    });
    paymentId = payment.id;
  }
  if (checkout.couponRedemptionId && paymentId)
    await pay.attachRedemptionToPayment(tx, checkout.couponRedemptionId, paymentId);
  await pay.updateCheckout(tx, checkout.id, {
    status: "COMPLETED",
    completedAt: at,
    providerSessionId: d.sessionId ?? undefined,
  });
  await mailWorkspaceOnce(tx, deps, {
    key: `subscription-confirmed:${checkout.id}`,
    orgId,
    onlyUserId: checkout.userId,
    type: "SUBSCRIPTION_CONFIRMED",
    now,
    data: (r) => ({
      planName: PLAN_NAMES[plan],
      amount: formatMoney(trial ? 0 : charged, checkout.currency, r.locale),
      date: formatWhen(periodEnd, r),
    }),
  });
  return processed(orgId);
}

async function expireCheckoutInTx(tx: Tx, d: CheckoutExpiredData, now: Date): Promise<Applied> {
  const checkout = await findCheckoutFor(tx, d);
  if (!checkout) return ignored("Unknown checkout.");
  if (checkout.status !== "OPEN") return ignored(`Checkout is ${checkout.status}.`, checkout.organizationId);
  await closeCheckoutInTx(tx, checkout, d.declined ? "DECLINED" : "EXPIRED", now);
  return processed(checkout.organizationId);
}

/** Closes an open checkout without payment and gives its coupon use back (once). */
export async function closeCheckoutInTx(
  tx: Tx,
  checkout: pay.CheckoutRow,
  status: "DECLINED" | "EXPIRED",
  now: Date,
) {
  await pay.updateCheckout(tx, checkout.id, { status, completedAt: now });
  if (checkout.couponRedemptionId) await releaseRedemptionInTx(tx, checkout.couponRedemptionId, now);
}

// ── Invoices ──────────────────────────────────────────────────────────────────────────────────

async function recordSubscriptionPayment(
  tx: Tx,
  provider: BillingProviderKind,
  sub: SubscriptionRow,
  p: {
    key: string;
    invoiceId: string;
    paymentIntentId: string | null;
    type: PaymentType;
    amount: number;
    discount: number;
    periodStart: Date | null;
    periodEnd: Date | null;
    userId: string | null;
    couponId: string | null;
    at: Date;
    now: Date;
  },
) {
  const found =
    (await pay.findPaymentByProviderId(tx, provider, p.key)) ??
    (await pay.findPaymentByInvoice(tx, provider, p.invoiceId));
  if (found) return found;
  const planName = PLAN_NAMES[sub.plan];
  const payment = await pay.insertPayment(tx, {
    organizationId: sub.organizationId,
    userId: p.userId,
    subscriptionId: sub.id,
    type: p.type,
    status: "COMPLETED",
    provider,
    providerPaymentId: p.key,
    providerInvoiceId: p.invoiceId,
    amount: p.amount,
    discountAmount: p.discount,
    currency: sub.currency,
    plan: sub.plan,
    interval: sub.interval,
    periodStart: p.periodStart,
    periodEnd: p.periodEnd,
    couponId: p.couponId,
    receiptNumber: null,
    description: `Quartet ${planName} (${sub.interval === "YEARLY" ? "yearly" : "monthly"})`,
    paidAt: p.at,
    metadata: { paymentIntentId: p.paymentIntentId },
    now: p.now,
  });
  needsReceipt(tx, payment.id, p.at);
  return payment;
}

async function subscriptionForInvoice(
  tx: Tx,
  deps: EventDeps,
  provider: BillingProviderKind,
  d: InvoicePaidData | InvoiceFailedData,
  at: Date,
  now: Date,
): Promise<SubscriptionRow | null> {
  let sub = d.subscriptionId ? await findSubscriptionByProviderId(tx, d.subscriptionId) : null;
  // The first invoice can arrive before checkout.session.completed: complete the checkout from it.
  if (!sub && d.kind === "invoice.paid" && d.metadata.checkoutId) {
    await completeCheckoutInTx(
      tx,
      deps,
      provider,
      {
        sessionId: null,
        checkoutId: d.metadata.checkoutId,
        customerId: d.customerId,
        subscriptionId: d.subscriptionId,
        paymentIntentId: d.paymentIntentId,
        invoiceId: d.invoiceId,
        amountTotal: d.amount,
        currency: d.currency,
      },
      at,
      now,
    );
    sub = d.subscriptionId ? await findSubscriptionByProviderId(tx, d.subscriptionId) : null;
  }
  return sub ? lockSubscription(tx, sub.organizationId) : null;
}

async function invoicePaidInTx(
  tx: Tx,
  deps: EventDeps,
  provider: BillingProviderKind,
  d: InvoicePaidData,
  at: Date,
  now: Date,
): Promise<Applied> {
  const sub = await subscriptionForInvoice(tx, deps, provider, d, at, now);
  if (!sub) return ignored("Unknown subscription.");
  const type: PaymentType =
    d.billingReason === "subscription_create" || (sub.status === "TRIALING" && d.amount > 0)
      ? "SUBSCRIPTION_INITIAL"
      : d.billingReason === "subscription_update"
        ? "SUBSCRIPTION_UPGRADE"
        : "SUBSCRIPTION_RENEWAL";
  if (d.amount > 0) {
    await recordSubscriptionPayment(tx, provider, sub, {
      key: d.invoiceId,
      invoiceId: d.invoiceId,
      paymentIntentId: d.paymentIntentId,
      type,
      amount: d.amount,
      discount: 0,
      periodStart: d.periodStart,
      periodEnd: d.periodEnd,
      userId: null,
      couponId: sub.couponId,
      at,
      now,
    });
  }
  if (isEnded(sub)) return processed(sub.organizationId, "Payment recorded on an ended subscription.");
  if (type === "SUBSCRIPTION_UPGRADE") return processed(sub.organizationId);
  if (d.amount === 0 && sub.status === "TRIALING") return processed(sub.organizationId);
  const current = sub.currentPeriodEnd?.getTime() ?? 0;
  const paidEnd = d.periodEnd?.getTime() ?? current;
  if (paidEnd < current) return processed(sub.organizationId, "An older period's invoice: state unchanged.");
  const data: Parameters<typeof updateSubscription>[2] = {
    status: "ACTIVE",
    pastDueSince: null,
    graceEndsAt: null,
    dunningCount: 0,
    lastEventAt: later(sub.lastEventAt, at),
  };
  if (paidEnd > current) {
    data.currentPeriodStart = d.periodStart ?? sub.currentPeriodEnd;
    data.currentPeriodEnd = d.periodEnd;
    if (sub.scheduledPlan) {
      const interval = sub.scheduledInterval ?? sub.interval;
      data.plan = sub.scheduledPlan;
      data.interval = interval;
      data.priceAmount = priceOf(sub.scheduledPlan, interval)?.amount ?? 0;
      data.scheduledPlan = null;
      data.scheduledInterval = null;
    }
  }
  await updateSubscription(tx, sub.organizationId, data, now);
  return processed(sub.organizationId);
}

async function invoiceFailedInTx(
  tx: Tx,
  deps: EventDeps,
  provider: BillingProviderKind,
  d: InvoiceFailedData,
  at: Date,
  now: Date,
): Promise<Applied> {
  const sub = await subscriptionForInvoice(tx, deps, provider, d, at, now);
  if (!sub) return ignored("Unknown subscription.");
  if (isEnded(sub)) return ignored("The subscription has ended.", sub.organizationId);
  if (await pay.findPaymentByInvoice(tx, provider, d.invoiceId)) {
    return ignored("This invoice is already paid.", sub.organizationId);
  }
  const current = sub.currentPeriodEnd?.getTime() ?? 0;
  const failedEnd = d.periodEnd?.getTime() ?? current;
  if (failedEnd < current && sub.status !== "PAST_DUE") {
    return ignored("An older period's invoice: state unchanged.", sub.organizationId);
  }
  const pastDueSince = sub.pastDueSince ?? at;
  const graceEndsAt = sub.graceEndsAt ?? new Date(pastDueSince.getTime() + GRACE_DAYS * DAY_MS);
  // The same attempt reported twice under two event ids: one row is enough.
  const attemptKey = `${d.invoiceId}#${d.attemptCount}`;
  if (!(await pay.findPaymentByProviderId(tx, provider, attemptKey))) {
    await pay.insertPayment(tx, {
      organizationId: sub.organizationId,
      userId: null,
      subscriptionId: sub.id,
      type: sub.status === "TRIALING" ? "SUBSCRIPTION_INITIAL" : "SUBSCRIPTION_RENEWAL",
      status: "FAILED",
      provider,
      providerPaymentId: attemptKey,
      providerInvoiceId: d.invoiceId,
      amount: d.amount,
      discountAmount: 0,
      currency: sub.currency,
      plan: sub.plan,
      interval: sub.interval,
      periodStart: d.periodStart,
      periodEnd: d.periodEnd,
      couponId: null,
      receiptNumber: null,
      description: `Quartet ${PLAN_NAMES[sub.plan]}`,
      failureReason: d.failureReason ?? "The card was declined.",
      paidAt: null,
      failedAt: at,
      now,
    });
  }
  const data: Parameters<typeof updateSubscription>[2] = {
    status: "PAST_DUE",
    pastDueSince,
    graceEndsAt,
    dunningCount: sub.dunningCount + 1,
    lastEventAt: later(sub.lastEventAt, at),
  };
  if (failedEnd > current) {
    data.currentPeriodStart = d.periodStart ?? sub.currentPeriodEnd;
    data.currentPeriodEnd = d.periodEnd;
  }
  await updateSubscription(tx, sub.organizationId, data, now);
  await mailWorkspaceOnce(tx, deps, {
    key: `payment-failed:${provider}:${d.invoiceId}:${d.attemptCount}`,
    orgId: sub.organizationId,
    type: "PAYMENT_FAILED",
    now,
    data: (r) => ({
      planName: PLAN_NAMES[sub.plan],
      amount: formatMoney(d.amount, sub.currency, r.locale),
      date: formatWhen(graceEndsAt, r),
    }),
  });
  return processed(sub.organizationId);
}

// ── Subscription state ────────────────────────────────────────────────────────────────────────

const PLAN_KEYS = new Set<Plan>(["PRO", "BUSINESS"]);

async function subscriptionUpdatedInTx(
  tx: Tx,
  deps: EventDeps,
  d: SubscriptionUpdatedData,
  at: Date,
  now: Date,
): Promise<Applied> {
  const found = await findSubscriptionByProviderId(tx, d.subscriptionId);
  if (!found) return ignored("Unknown subscription.");
  const sub = (await lockSubscription(tx, found.organizationId))!;
  if (sub.lastEventAt && at.getTime() < sub.lastEventAt.getTime()) {
    return ignored("Older than the state already applied.", sub.organizationId);
  }
  if (isEnded(sub)) return ignored("The subscription has ended.", sub.organizationId);
  const data: Parameters<typeof updateSubscription>[2] = {
    status: d.status,
    cancelAtPeriodEnd: d.cancelAtPeriodEnd,
    cancelAt: d.cancelAt,
    canceledAt: d.canceledAt,
    trialEndsAt: d.trialEnd ?? sub.trialEndsAt,
    lastEventAt: at,
  };
  if (d.customerId) data.providerCustomerId = d.customerId;
  if (d.currentPeriodStart) data.currentPeriodStart = d.currentPeriodStart;
  if (d.currentPeriodEnd) data.currentPeriodEnd = d.currentPeriodEnd;
  const plan = d.metadata.plan as Plan | undefined;
  if (plan && PLAN_KEYS.has(plan)) data.plan = plan;
  if (d.metadata.interval === "MONTHLY" || d.metadata.interval === "YEARLY")
    data.interval = d.metadata.interval;
  if (d.status === "PAST_DUE") {
    const since = sub.pastDueSince ?? at;
    data.pastDueSince = since;
    data.graceEndsAt = sub.graceEndsAt ?? new Date(since.getTime() + GRACE_DAYS * DAY_MS);
  } else if (d.status === "ACTIVE" || d.status === "TRIALING") {
    data.pastDueSince = null;
    data.graceEndsAt = null;
    data.dunningCount = 0;
  } else if (d.status === "CANCELED" || d.status === "EXPIRED") {
    data.endedAt = at;
  }
  const row = (await updateSubscription(tx, sub.organizationId, data, now))!;
  const wasCanceling = sub.cancelAtPeriodEnd || sub.cancelAt !== null;
  if (!wasCanceling && (row.cancelAtPeriodEnd || row.cancelAt) && !row.endedAt) {
    await mailCancellation(tx, deps, row, now);
  }
  return processed(sub.organizationId);
}

/** SUBSCRIPTION_CANCELLED, once per subscription and end date. */
export function mailCancellation(tx: Tx, deps: EventDeps, sub: SubscriptionRow, now: Date) {
  const endsAt = sub.cancelAt ?? sub.currentPeriodEnd ?? now;
  return mailWorkspaceOnce(tx, deps, {
    key: `subscription-cancelled:${sub.id}:${endsAt.toISOString()}`,
    orgId: sub.organizationId,
    type: "SUBSCRIPTION_CANCELLED",
    now,
    data: (r) => ({ planName: PLAN_NAMES[sub.plan], date: formatWhen(endsAt, r) }),
  });
}

async function subscriptionDeletedInTx(
  tx: Tx,
  d: SubscriptionDeletedData,
  at: Date,
  now: Date,
): Promise<Applied> {
  const found = await findSubscriptionByProviderId(tx, d.subscriptionId);
  if (!found) return ignored("Unknown subscription.");
  const sub = (await lockSubscription(tx, found.organizationId))!;
  if (isEnded(sub)) return ignored("Already ended.", sub.organizationId);
  await updateSubscription(
    tx,
    sub.organizationId,
    {
      status: sub.status === "PAST_DUE" ? "EXPIRED" : "CANCELED",
      endedAt: d.endedAt ?? at,
      cancelAtPeriodEnd: false,
      scheduledPlan: null,
      scheduledInterval: null,
      lastEventAt: later(sub.lastEventAt, at),
    },
    now,
  );
  return processed(sub.organizationId);
}

// ── Refunds ───────────────────────────────────────────────────────────────────────────────────

async function chargeRefundedInTx(
  tx: Tx,
  provider: BillingProviderKind,
  d: ChargeRefundedData,
  now: Date,
): Promise<Applied> {
  const payment =
    (d.paymentIntentId ? await pay.findPaymentByIntent(tx, provider, d.paymentIntentId) : null) ??
    (d.invoiceId ? await pay.findPaymentByInvoice(tx, provider, d.invoiceId) : null);
  if (!payment) return ignored("Unknown payment.");
  const amount = Number(payment.amount);
  const full = d.amountRefunded >= amount;
  await pay.updatePayment(tx, payment.id, {
    refundedAmount: Math.min(d.amountRefunded, amount),
    status: full ? "REFUNDED" : "PARTIALLY_REFUNDED",
    refundedAt: now,
  });
  if (full && payment.type === "DAY_PASS_PURCHASE") {
    const pass = await findDayPassByPayment(tx, payment.id);
    if (pass) await revokeDayPassInTx(tx, pass.id, now);
  }
  return processed(payment.organizationId);
}
