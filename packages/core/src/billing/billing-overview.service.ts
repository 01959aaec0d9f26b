import type { BillingInterval, Plan } from "@quartet/db/enums";
import type { Deps, UserActor } from "../deps.ts";
import { atLeast, requireMembership } from "../orgs/org-access.service.ts";
import {
  type BillingOverviewInput,
  billingOverviewInput,
  type CouponCheckInput,
  couponCheckInput,
} from "./billing-overview.schema.ts";
import { validateCoupon } from "./coupon.service.ts";
import { findUserTierFacts } from "./day-pass.repository.ts";
import { usageSummary } from "./entitlements.service.ts";
import { DAY_PASS, PLAN_ORDER, PLANS, type PlanPrice, priceOf, type WorkspaceEntitlements } from "./plans.ts";
import { findSubscription } from "./subscription.repository.ts";
import { tierOf } from "./tier.service.ts";

// The READ side of billing for the customer app: the plan catalogue (pricing page), a workspace's
// subscription with its usage against every limit (Settings → Billing), a person's tier and Day
// Pass (account menu), and "does this coupon work here?" (the coupon field). Payments (checkout,
// portal, cancel, resume, history) live with the payment layer.

type BillingDeps = Pick<Deps, "db" | "clock">;

export interface CataloguePlan {
  plan: Plan;
  prices: Record<BillingInterval, PlanPrice> | null;
  /** Whole percent saved by paying yearly instead of twelve months (0 for FREE). */
  yearlySavingPercent: number;
  trialDays: number;
  entitlements: WorkspaceEntitlements;
}

/** Yearly saving against twelve monthly payments, in whole percent. */
export function yearlySavingPercent(plan: Plan): number {
  const monthly = priceOf(plan, "MONTHLY");
  const yearly = priceOf(plan, "YEARLY");
  if (!monthly || !yearly || monthly.amount <= 0) return 0;
  return Math.round((1 - yearly.amount / (monthly.amount * 12)) * 100);
}

/** Every workspace plan with its prices and limits, and the Day Pass: the pricing page's table. */
export function planCatalogue(): { plans: CataloguePlan[]; dayPass: typeof DAY_PASS } {
  return {
    plans: PLAN_ORDER.map((plan) => ({
      plan,
      prices: PLANS[plan].prices,
      yearlySavingPercent: yearlySavingPercent(plan),
      trialDays: PLANS[plan].trialDays,
      entitlements: PLANS[plan].entitlements,
    })),
    dayPass: DAY_PASS,
  };
}

/**
 * A workspace's billing as its members see it: plan, status and dates of the subscription, usage
 * against every limit and what a downgrade left over the limit. Any member may read it (read-only);
 * `canManage` tells the page whether to offer the actions (OWNER / ADMIN).
 */
export async function billingOverview(deps: BillingDeps, actor: UserActor, raw: BillingOverviewInput) {
  const { orgId } = billingOverviewInput.parse(raw);
  const membership = await requireMembership(deps.db, orgId, actor, "MEMBER");
  const [sub, usage] = await Promise.all([findSubscription(deps.db, orgId), usageSummary(deps, orgId)]);
  const now = deps.clock.now();
  const givingPlan = usage.plan !== "FREE";
  return {
    plan: usage.plan,
    trialing: usage.trialing,
    canManage: atLeast(membership.role, "ADMIN"),
    subscription:
      sub && givingPlan
        ? {
            plan: sub.plan,
            interval: sub.interval,
            status: sub.status,
            provider: sub.provider,
            priceAmount: Number(sub.priceAmount),
            currency: sub.currency,
            currentPeriodEnd: sub.currentPeriodEnd,
            trialEndsAt: sub.trialEndsAt,
            graceEndsAt: sub.graceEndsAt,
            pastDueSince: sub.pastDueSince,
            cancelAtPeriodEnd: sub.cancelAtPeriodEnd,
            cancelAt: sub.cancelAt,
            isLifetime: sub.isLifetime,
            /** A comp plan an admin granted: no payment method, nothing to cancel here. */
            comp: sub.provider === "MANUAL",
          }
        : null,
    /** The last subscription that stopped giving its plan (ended, expired), for "Ended on …". */
    endedAt: sub && !givingPlan ? (sub.endedAt ?? null) : null,
    usage: usage.lines,
    overLimit: usage.overLimit,
    checkedAt: now,
  };
}

/** The signed-in person's tier (GUEST / FREE / PREMIUM) and Day Pass expiry, for the account menu. */
export async function myBilling(deps: BillingDeps, actor: UserActor) {
  const [tier, facts] = await Promise.all([
    tierOf(deps, actor.userId),
    findUserTierFacts(deps.db, actor.userId),
  ]);
  const now = deps.clock.now();
  const expires = facts?.dayPassExpiresAt ?? null;
  return {
    tier,
    dayPassExpiresAt: expires && expires.getTime() > now.getTime() ? expires : null,
    dayPassPrice: DAY_PASS.price,
    dayPassHours: DAY_PASS.hours,
  };
}

/**
 * "Apply" on the coupon field: the price after the code for this purchase, or the refusal (an
 * AppError with a COUPON_* reason the page translates). Nothing is redeemed here.
 */
export async function checkCoupon(deps: BillingDeps, actor: UserActor, raw: CouponCheckInput) {
  const input = couponCheckInput.parse(raw);
  if (input.target === "DAY_PASS") {
    return validateCoupon(deps, {
      code: input.code,
      userId: actor.userId,
      target: "DAY_PASS",
      amount: DAY_PASS.price.amount,
    });
  }
  await requireMembership(deps.db, input.orgId, actor, "ADMIN");
  const price = priceOf(input.target, input.interval)!;
  return validateCoupon(deps, {
    code: input.code,
    userId: actor.userId,
    orgId: input.orgId,
    target: input.target,
    amount: price.amount,
  });
}
