import type { Tx } from "@quartet/db/client";
import type { BillingInterval, PaymentProvider, Plan, SubscriptionStatus } from "@quartet/db/enums";
import type { Deps } from "../deps.ts";
import { PLANS, PLANS_VERSION, priceOf } from "./plans.ts";
import * as repo from "./subscription.repository.ts";

// Setting a workspace's plan outside a provider flow (admin comp plans, the demo seed, tests) and the
// lifecycle helpers the payments layer builds on. Every write goes through the repository, which
// rewrites Organization.plan / isTrialing in the same transaction.

export interface SetPlanInput {
  orgId: string;
  plan: Plan;
  interval?: BillingInterval;
  status?: SubscriptionStatus;
  provider?: PaymentProvider;
  /** Trial length for status TRIALING (default: the plan's trial days). */
  trialDays?: number;
  /** Period length for ACTIVE (default: one interval from now). */
  periodEnd?: Date | null;
  limitOverrides?: Record<string, number | boolean | null>;
}

/**
 * Puts a workspace on `plan` right away (FREE ends the subscription). Used for comp plans (provider
 * MANUAL) and by payments once a checkout completes. Returns the subscription row.
 */
export async function setWorkspacePlan(deps: Pick<Deps, "db" | "clock">, input: SetPlanInput) {
  const now = deps.clock.now();
  return deps.db.$transaction((tx) => setWorkspacePlanInTx(tx, input, now));
}

/** `setWorkspacePlan` inside the caller's transaction (an admin comp grant writes its audit row with it). */
export async function setWorkspacePlanInTx(tx: Tx, input: SetPlanInput, now: Date) {
  const interval = input.interval ?? "MONTHLY";
  await repo.lockSubscription(tx, input.orgId);
  if (input.plan === "FREE") {
    const row = await repo.updateSubscription(
      tx,
      input.orgId,
      { status: "CANCELED", endedAt: now, canceledAt: now, cancelAtPeriodEnd: false },
      now,
    );
    if (!row) await repo.refreshProjection(tx, input.orgId, null, now);
    return row;
  }
  const status = input.status ?? "ACTIVE";
  const trialDays = input.trialDays ?? PLANS[input.plan].trialDays;
  const trialEndsAt = status === "TRIALING" ? new Date(now.getTime() + trialDays * 86_400_000) : null;
  const periodEnd =
    input.periodEnd !== undefined
      ? input.periodEnd
      : status === "TRIALING"
        ? trialEndsAt
        : addInterval(now, interval);
  return repo.saveSubscription(
    tx,
    input.orgId,
    {
      plan: input.plan,
      interval,
      status,
      planVersion: PLANS_VERSION,
      priceAmount: priceOf(input.plan, interval)?.amount ?? 0,
      currency: "USD",
      provider: input.provider ?? "MANUAL",
      currentPeriodStart: now,
      currentPeriodEnd: periodEnd,
      trialStartedAt: status === "TRIALING" ? now : null,
      trialEndsAt,
      cancelAtPeriodEnd: false,
      cancelAt: null,
      canceledAt: null,
      endedAt: null,
      pastDueSince: null,
      graceEndsAt: null,
      dunningCount: 0,
      limitOverrides: input.limitOverrides ?? {},
    },
    now,
  );
}

/** `date` plus one billing interval (calendar month / year, clamped to the month's last day). */
export function addInterval(date: Date, interval: BillingInterval, count = 1): Date {
  const d = new Date(date.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  if (interval === "MONTHLY") d.setUTCMonth(d.getUTCMonth() + count);
  else d.setUTCFullYear(d.getUTCFullYear() + count);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

export const getSubscription = (deps: Pick<Deps, "db">, orgId: string) =>
  repo.findSubscription(deps.db, orgId);
