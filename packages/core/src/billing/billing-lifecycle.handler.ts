import type { Deps } from "../deps.ts";
import { applyProviderEvent, closeCheckoutInTx, GRACE_DAYS } from "./billing-events.service.ts";
import { formatWhen, mailPersonOnce, mailWorkspaceOnce, PLAN_NAMES } from "./billing-mail.ts";
import { discountFor } from "./coupon.service.ts";
import * as pay from "./payments.repository.ts";
import { lockSubscription, refreshProjection, updateSubscription } from "./subscription.repository.ts";
import { addInterval } from "./subscription.service.ts";

// The billing clock (job `billing.lifecycle`, every minute): everything that happens because time
// passed. Set-based and idempotent, so an overlapping run or a second worker does no harm:
//  - offline renewals and dunning retries are events with ids derived from the period (stored once);
//  - cancel-at-period-end, trial without payment and grace over end the subscription (compare-and-set
//    on the locked row), and the Organization.plan projection goes back to FREE with it;
//  - SUBSCRIPTION_EXPIRING_SOON (7 d and 1 d), DAY_PASS_EXPIRING_SOON (2–4 h) and DAY_PASS_EXPIRED
//    are sent once each (notice keys / compare-and-set columns);
//  - open checkouts past their expiry close and give their coupon use back.

type LifecycleDeps = Pick<Deps, "db" | "boss" | "clock" | "config" | "log">;

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Offline dunning: a retry every 2 days of the grace period. */
const RETRY_EVERY_MS = 2 * DAY_MS;
/** A provider trial whose first invoice never came ends this long after the trial end. */
const TRIAL_SETTLE_MS = DAY_MS;

export interface LifecycleCounts {
  renewed: number;
  renewalsFailed: number;
  ended: number;
  expiringMails: number;
  dayPassMails: number;
  checkoutsExpired: number;
}

export async function handleBillingLifecycle(deps: LifecycleDeps): Promise<LifecycleCounts> {
  const counts: LifecycleCounts = {
    renewed: 0,
    renewalsFailed: 0,
    ended: 0,
    expiringMails: 0,
    dayPassMails: 0,
    checkoutsExpired: 0,
  };
  await chargeOfflineRenewals(deps, counts);
  await endSubscriptions(deps, counts);
  await mailExpiringSubscriptions(deps, counts);
  await mailDayPasses(deps, counts);
  await expireCheckouts(deps, counts);
  return counts;
}

/** Offline subscriptions due for a charge: period over (renewal) or a dunning retry due. */
async function chargeOfflineRenewals(deps: LifecycleDeps, counts: LifecycleCounts) {
  const now = deps.clock.now();
  const due = await deps.db.subscription.findMany({
    where: {
      provider: "OFFLINE",
      endedAt: null,
      isLifetime: false,
      OR: [
        { status: { in: ["ACTIVE", "TRIALING"] }, cancelAtPeriodEnd: false, currentPeriodEnd: { lte: now } },
        { status: "PAST_DUE", graceEndsAt: { gt: now } },
      ],
    },
    select: {
      id: true,
      status: true,
      providerSubscriptionId: true,
      providerCustomerId: true,
      currentPeriodStart: true,
      currentPeriodEnd: true,
      pastDueSince: true,
      dunningCount: true,
      priceAmount: true,
      currency: true,
      interval: true,
      createdAt: true,
      coupon: { select: { discountType: true, discountValue: true, duration: true, durationInMonths: true } },
    },
    take: 500,
  });
  for (const sub of due) {
    if (!sub.providerSubscriptionId || !sub.currentPeriodEnd) continue;
    const retry = sub.status === "PAST_DUE";
    if (retry && now.getTime() < (sub.pastDueSince ?? now).getTime() + sub.dunningCount * RETRY_EVERY_MS)
      continue;
    // A renewal charges the next period; a retry charges the period that failed (already current).
    const periodStart = retry ? (sub.currentPeriodStart ?? sub.currentPeriodEnd) : sub.currentPeriodEnd;
    const periodEnd = retry ? sub.currentPeriodEnd : addInterval(sub.currentPeriodEnd, sub.interval);
    const checkoutId = sub.providerSubscriptionId.replace(/^off_sub_/, "");
    const checkout = /^[0-9a-f-]{36}$/i.test(checkoutId) ? await pay.findCheckout(deps.db, checkoutId) : null;
    const fails = checkout?.failRenewals ?? false;
    const price = Number(sub.priceAmount);
    const c = sub.coupon;
    const months = (now.getTime() - sub.createdAt.getTime()) / (30 * DAY_MS);
    const recurring =
      c && (c.duration === "FOREVER" || (c.duration === "REPEATING" && months < (c.durationInMonths ?? 0)));
    const amount = recurring ? Math.round((price - discountFor(c, price)) * 100) / 100 : price;
    const invoiceId = `off_in_${sub.id}_${periodStart.toISOString()}`;
    const attempt = retry ? sub.dunningCount + 1 : 1;
    const base = {
      invoiceId,
      subscriptionId: sub.providerSubscriptionId,
      customerId: sub.providerCustomerId,
      paymentIntentId: null,
      amount,
      currency: sub.currency,
      periodStart,
      periodEnd,
      billingReason: "subscription_cycle",
      metadata: {},
    };
    const eventId = `off_evt_${invoiceId}_${attempt}`;
    const outcome = fails
      ? await applyProviderEvent(deps, "OFFLINE", {
          id: eventId,
          type: "invoice.payment_failed",
          created: now,
          raw: { object: "offline_invoice", id: invoiceId, attempt, paid: false },
          data: {
            kind: "invoice.payment_failed",
            ...base,
            attemptCount: attempt,
            failureReason: "The card was declined (offline test card).",
          },
        })
      : await applyProviderEvent(deps, "OFFLINE", {
          id: eventId,
          type: "invoice.paid",
          created: now,
          raw: { object: "offline_invoice", id: invoiceId, attempt, paid: true },
          data: { kind: "invoice.paid", ...base },
        });
    if (outcome === "processed") {
      if (fails) counts.renewalsFailed++;
      else counts.renewed++;
    }
  }
}

/** Cancel at period end reached, a trial that never got paid, a grace period over → FREE. */
async function endSubscriptions(deps: LifecycleDeps, counts: LifecycleCounts) {
  const now = deps.clock.now();
  const candidates = await deps.db.subscription.findMany({
    where: {
      endedAt: null,
      isLifetime: false,
      OR: [
        {
          status: { in: ["ACTIVE", "TRIALING", "PAST_DUE"] },
          cancelAtPeriodEnd: true,
          currentPeriodEnd: { lte: now },
        },
        { status: { in: ["ACTIVE", "TRIALING", "PAST_DUE"] }, cancelAt: { lte: now } },
        { status: "TRIALING", trialEndsAt: { lte: new Date(now.getTime() - TRIAL_SETTLE_MS) } },
        { status: "PAST_DUE", graceEndsAt: { lte: now } },
      ],
    },
    select: { organizationId: true },
    take: 500,
  });
  for (const { organizationId } of candidates) {
    const ended = await deps.db.$transaction(async (tx) => {
      const sub = await lockSubscription(tx, organizationId);
      if (!sub || sub.endedAt) return false;
      const t = now.getTime();
      const canceling =
        (sub.cancelAtPeriodEnd && sub.currentPeriodEnd && sub.currentPeriodEnd.getTime() <= t) ||
        (sub.cancelAt && sub.cancelAt.getTime() <= t);
      const graceOver = sub.status === "PAST_DUE" && sub.graceEndsAt && sub.graceEndsAt.getTime() <= t;
      const trialOver =
        sub.status === "TRIALING" && sub.trialEndsAt && sub.trialEndsAt.getTime() <= t - TRIAL_SETTLE_MS;
      if (!canceling && !graceOver && !trialOver) return false;
      const row = await updateSubscription(
        tx,
        organizationId,
        {
          status: canceling ? "CANCELED" : "EXPIRED",
          endedAt: now,
          cancelAtPeriodEnd: false,
          scheduledPlan: null,
          scheduledInterval: null,
        },
        now,
      );
      await refreshProjection(tx, organizationId, row, now);
      return true;
    });
    if (ended) counts.ended++;
  }
}

/** SUBSCRIPTION_EXPIRING_SOON 7 days and 1 day before a canceling subscription ends. */
async function mailExpiringSubscriptions(deps: LifecycleDeps, counts: LifecycleCounts) {
  const now = deps.clock.now();
  const subs = await deps.db.subscription.findMany({
    where: {
      endedAt: null,
      status: { in: ["ACTIVE", "TRIALING", "PAST_DUE"] },
      OR: [{ cancelAtPeriodEnd: true }, { cancelAt: { not: null } }],
      currentPeriodEnd: { gt: now, lte: new Date(now.getTime() + 7 * DAY_MS) },
    },
    select: { id: true, organizationId: true, plan: true, currentPeriodEnd: true, cancelAt: true },
    take: 500,
  });
  for (const sub of subs) {
    const endsAt = sub.cancelAt ?? sub.currentPeriodEnd!;
    const left = endsAt.getTime() - now.getTime();
    if (left <= 0) continue;
    const days = left <= DAY_MS ? 1 : 7;
    const sent = await deps.db.$transaction(async (tx) => {
      // Inside a day the 7-day mail would only repeat the news: claim it silently.
      if (days === 1)
        await pay.claimNotice(tx, `subscription-expiring:7:${sub.id}:${endsAt.toISOString()}`, now);
      return mailWorkspaceOnce(tx, deps, {
        key: `subscription-expiring:${days}:${sub.id}:${endsAt.toISOString()}`,
        orgId: sub.organizationId,
        type: "SUBSCRIPTION_EXPIRING_SOON",
        now,
        data: (r) => ({
          planName: PLAN_NAMES[sub.plan],
          date: formatWhen(endsAt, r),
          days: Math.max(1, Math.ceil(left / DAY_MS)),
        }),
      });
    });
    counts.expiringMails += sent;
  }
}

/** DAY_PASS_EXPIRING_SOON (2–4 h before the person's access ends) and DAY_PASS_EXPIRED, once each. */
async function mailDayPasses(deps: LifecycleDeps, counts: LifecycleCounts) {
  const now = deps.clock.now();
  const t = now.getTime();
  // Only a person's last pass: a pass followed by another doesn't end their access.
  const soon = await deps.db.$queryRaw<{ id: string; user_id: string; ends_at: Date }[]>`
    SELECT p.id, p.user_id, p.ends_at FROM day_passes p JOIN users u ON u.id = p.user_id
    WHERE p.revoked_at IS NULL AND p.expiring_soon_notified_at IS NULL AND u.deleted_at IS NULL
      AND p.ends_at = u.day_pass_expires_at
      AND p.ends_at > ${new Date(t + 2 * HOUR_MS)} AND p.ends_at <= ${new Date(t + 4 * HOUR_MS)}
    LIMIT 500`;
  for (const p of soon) {
    const sent = await deps.db.$transaction(async (tx) => {
      const claimed = await tx.dayPass.updateMany({
        where: { id: p.id, expiringSoonNotifiedAt: null },
        data: { expiringSoonNotifiedAt: now },
      });
      if (claimed.count !== 1) return false;
      return mailPersonOnce(tx, deps, {
        key: null,
        userId: p.user_id,
        type: "DAY_PASS_EXPIRING_SOON",
        now,
        data: (r) => ({
          date: formatWhen(p.ends_at, r, true),
          hours: Math.max(1, Math.round((p.ends_at.getTime() - t) / HOUR_MS)),
        }),
      });
    });
    if (sent) counts.dayPassMails++;
  }
  const ended = await deps.db.$queryRaw<{ id: string; user_id: string }[]>`
    SELECT p.id, p.user_id FROM day_passes p JOIN users u ON u.id = p.user_id
    WHERE p.revoked_at IS NULL AND p.expired_notified_at IS NULL AND u.deleted_at IS NULL
      AND p.ends_at = u.day_pass_expires_at
      AND p.ends_at <= ${now} AND p.ends_at > ${new Date(t - DAY_MS)}
    LIMIT 500`;
  for (const p of ended) {
    const sent = await deps.db.$transaction(async (tx) => {
      const claimed = await tx.dayPass.updateMany({
        where: { id: p.id, expiredNotifiedAt: null },
        data: { expiredNotifiedAt: now },
      });
      if (claimed.count !== 1) return false;
      return mailPersonOnce(tx, deps, {
        key: null,
        userId: p.user_id,
        type: "DAY_PASS_EXPIRED",
        now,
        data: () => ({}),
      });
    });
    if (sent) counts.dayPassMails++;
  }
}

async function expireCheckouts(deps: LifecycleDeps, counts: LifecycleCounts) {
  const now = deps.clock.now();
  for (const { id } of await pay.findExpiredOpenCheckouts(deps.db, now)) {
    const closed = await deps.db.$transaction(async (tx) => {
      const checkout = await pay.lockCheckout(tx, id);
      if (checkout?.status !== "OPEN" || checkout.expiresAt > now) return false;
      await closeCheckoutInTx(tx, checkout, "EXPIRED", now);
      return true;
    });
    if (closed) counts.checkoutsExpired++;
  }
}

export { GRACE_DAYS };
