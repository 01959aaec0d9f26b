import type { Plan, SubscriptionStatus } from "@quartet/db/enums";

// Which plan a subscription gives at a given instant. The one rule every reader uses (entitlements,
// tierOf, the Organization.plan projection), so a trial that ended a minute ago already counts as
// FREE even before the lifecycle job has marked it EXPIRED.

export interface PlanSource {
  plan: Plan;
  status: SubscriptionStatus;
  trialEndsAt: Date | null;
  graceEndsAt: Date | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  cancelAt: Date | null;
  isLifetime: boolean;
}

/** The plan in force at `now`: FREE without a subscription or once it stopped giving its plan. */
export function effectivePlan(sub: PlanSource | null, now: Date): Plan {
  if (!sub) return "FREE";
  if (sub.isLifetime && (sub.status === "ACTIVE" || sub.status === "PAST_DUE")) return sub.plan;
  const t = now.getTime();
  if (sub.cancelAt && t >= sub.cancelAt.getTime()) return "FREE";
  switch (sub.status) {
    case "ACTIVE":
      if (sub.cancelAtPeriodEnd && sub.currentPeriodEnd && t >= sub.currentPeriodEnd.getTime()) return "FREE";
      return sub.plan;
    case "TRIALING":
      return !sub.trialEndsAt || t < sub.trialEndsAt.getTime() ? sub.plan : "FREE";
    case "PAST_DUE":
      return !sub.graceEndsAt || t < sub.graceEndsAt.getTime() ? sub.plan : "FREE";
    default:
      return "FREE";
  }
}

/** True while a trial is giving its plan (the Organization.isTrialing projection). */
export function isTrialingAt(sub: PlanSource | null, now: Date): boolean {
  return sub?.status === "TRIALING" && effectivePlan(sub, now) !== "FREE";
}
