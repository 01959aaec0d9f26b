import type { DbOrTx, Tx } from "@quartet/db/client";
import type { Plan } from "@quartet/db/enums";
import type { Clock } from "../deps.ts";
import { AppError } from "../errors.ts";
import { PlanLimitError } from "./plan-limit.error.ts";
import {
  type EntitlementKey,
  entitlementsOf,
  type FeatureEntitlementKey,
  LIMIT_KINDS,
  type Limit,
  type NumericEntitlementKey,
  PERSON_TIERS,
  type PersonTier,
  parseOverrides,
  planThatLifts,
  type WorkspaceEntitlements,
} from "./plans.ts";
import { findSubscription, type SubscriptionRow } from "./subscription.repository.ts";
import { effectivePlan, isTrialingAt } from "./subscription.ts";
import { tierOf } from "./tier.service.ts";
import * as usage from "./usage.repository.ts";

// The one service every module asks what a workspace (or, in Tools, a person) may do.
//   check    → does this fit? (never throws a limit; returns the facts)
//   assert   → check, throwing PlanLimitError (reason PLAN_LIMIT) when it doesn't
//   consume  → period limits: atomic counter increment within the limit (one statement)
//   reserve  → "how many exist" limits: inside the transaction that creates the row, under a
//              per-workspace lock, count the real rows and refuse the N+1th
// No caching anywhere: a plan change is seen by the very next call in every process.

export interface EntitlementDeps {
  db: DbOrTx;
  clock: Clock;
}

export interface WorkspacePlan {
  plan: Plan;
  trialing: boolean;
  entitlements: WorkspaceEntitlements;
  subscription: SubscriptionRow | null;
}

export async function workspacePlan(db: DbOrTx, orgId: string, now: Date): Promise<WorkspacePlan> {
  const subscription = await findSubscription(db, orgId);
  const plan = effectivePlan(subscription, now);
  // Overrides (comp deals, Postiz totalChannels) only ride on a subscription that is giving its plan.
  const overrides = subscription && plan !== "FREE" ? parseOverrides(subscription.limitOverrides) : {};
  return {
    plan,
    trialing: isTrialingAt(subscription, now),
    entitlements: entitlementsOf(plan, overrides),
    subscription,
  };
}

export interface CheckResult {
  key: EntitlementKey;
  allowed: boolean;
  /** null = unlimited; for a feature: 1 on, 0 off. */
  limit: Limit;
  current: number;
  requested: number;
  plan: Plan;
  upgradeTo: Plan | null;
}

const isFeature = (key: EntitlementKey): key is FeatureEntitlementKey => !(key in LIMIT_KINDS);

/** The "how many exist" limits (LIMIT_KINDS kind "count"). */
export type CountKey =
  | "seats"
  | "desk.agents"
  | "desk.automationRules"
  | "desk.slaPolicies"
  | "inbox.channels"
  | "publish.channels";

/** Real-row counters of the "how many exist" limits; modules add theirs here as they land. */
const COUNTERS: Partial<
  Record<NumericEntitlementKey, (db: DbOrTx, orgId: string, now: Date) => Promise<number>>
> = {
  seats: usage.countSeats,
  "desk.agents": usage.countAgents,
  "desk.automationRules": (db, orgId) => usage.countAutomationRules(db, orgId),
  "desk.slaPolicies": (db, orgId) => usage.countSlaPolicies(db, orgId),
  "inbox.channels": (db, orgId) => usage.countInboxChannels(db, orgId),
  "publish.channels": (db, orgId) => usage.countPublishChannels(db, orgId),
};

const DAY_MS = 86_400_000;

/** The period counter's key and expiry for a period limit at `now` (UTC days and months). */
export function periodOf(period: "day" | "month", now: Date): { periodKey: string; expiresAt: Date } {
  const iso = now.toISOString();
  if (period === "day")
    return { periodKey: iso.slice(0, 10), expiresAt: new Date(now.getTime() + 95 * DAY_MS) };
  return { periodKey: iso.slice(0, 7), expiresAt: new Date(now.getTime() + 400 * DAY_MS) };
}

const orgSubject = (orgId: string) => `org:${orgId}`;

/** Current use of a numeric limit: real rows, the period counter, or 0 for a per-request value. */
async function currentUse(db: DbOrTx, orgId: string, key: NumericEntitlementKey, now: Date): Promise<number> {
  const kind = LIMIT_KINDS[key];
  if (kind.kind === "count") {
    const counter = COUNTERS[key];
    if (!counter) throw new AppError("INTERNAL", `No usage counter for ${key}.`);
    return counter(db, orgId, now);
  }
  if (kind.kind === "period") {
    return usage.readCounter(db, {
      subject: orgSubject(orgId),
      metric: key,
      ...pick(periodOf(kind.period, now)),
    });
  }
  return 0;
}

const pick = ({ periodKey }: { periodKey: string }) => ({ periodKey });

function verdict(plan: WorkspacePlan, key: EntitlementKey, current: number, requested: number): CheckResult {
  const value = plan.entitlements[key];
  if (typeof value === "boolean") {
    return {
      key,
      allowed: value,
      limit: value ? 1 : 0,
      current: 0,
      requested,
      plan: plan.plan,
      upgradeTo: value ? null : planThatLifts(plan.plan, key),
    };
  }
  // A "value" limit (file size, batch…) compares the request itself; the others add it to the use.
  const total = LIMIT_KINDS[key as NumericEntitlementKey].kind === "value" ? requested : current + requested;
  const allowed = value === null || total <= value;
  return {
    key,
    allowed,
    limit: value,
    current,
    requested,
    plan: plan.plan,
    upgradeTo: allowed ? null : planThatLifts(plan.plan, key, total),
  };
}

const LABELS: Record<EntitlementKey, string> = {
  seats: "members",
  "desk.agents": "agents",
  "desk.automationRules": "automation rules",
  "desk.slaPolicies": "SLA policies",
  "desk.apiAccess": "API access",
  "desk.apiRequestsPerMinute": "API requests per minute",
  "desk.helpCenterCustomDomain": "a custom help center domain",
  "inbox.channels": "inbox channels",
  "inbox.historyDays": "days of inbox history",
  "publish.channels": "publishing channels",
  "publish.scheduledPostsPerMonth": "scheduled posts this month",
  "publish.aiCreditsPerMonth": "AI credits per month",
  "tools.operationsPerDay": "tool operations today",
  "tools.maxFileSizeMb": "MB per file",
  "tools.batchSize": "files per batch",
  "tools.maxPages": "pages per document",
  "tools.fileRetentionHours": "hours of file retention",
};

const planName: Record<Plan, string> = { FREE: "Free", PRO: "Pro", BUSINESS: "Business" };

/** The refusal for a check that didn't pass: a sentence a person can act on, and the details. */
export function planLimitError(result: CheckResult): PlanLimitError {
  const label = LABELS[result.key];
  const upgrade = result.upgradeTo ? ` Upgrade to ${planName[result.upgradeTo]} to get more.` : "";
  const message =
    result.limit === 0 && isFeature(result.key)
      ? `The ${planName[result.plan]} plan doesn't include ${label}.${result.upgradeTo ? ` Upgrade to ${planName[result.upgradeTo]} to use it.` : ""}`
      : `The ${planName[result.plan]} plan allows ${result.limit} ${label}${
          LIMIT_KINDS[result.key as NumericEntitlementKey]?.kind === "value"
            ? ""
            : ` and you're using ${result.current}`
        }.${upgrade}`;
  return new PlanLimitError(message, {
    key: result.key,
    limit: result.limit ?? 0,
    current: result.current,
    requested: result.requested,
    plan: result.plan,
    upgradeTo: result.upgradeTo,
  });
}

/** Does `amount` more of `key` fit the workspace's plan now? Never throws a limit. */
export async function check(
  deps: EntitlementDeps,
  orgId: string,
  key: EntitlementKey,
  amount = 1,
): Promise<CheckResult> {
  const now = deps.clock.now();
  const plan = await workspacePlan(deps.db, orgId, now);
  const value = plan.entitlements[key];
  const current =
    typeof value === "boolean" || value === null
      ? 0
      : await currentUse(deps.db, orgId, key as NumericEntitlementKey, now);
  return verdict(plan, key, current, amount);
}

/** `check`, throwing PlanLimitError when it doesn't fit. */
export async function assertAllowed(
  deps: EntitlementDeps,
  orgId: string,
  key: EntitlementKey,
  amount = 1,
): Promise<CheckResult> {
  const result = await check(deps, orgId, key, amount);
  if (!result.allowed) throw planLimitError(result);
  return result;
}

/**
 * Uses `amount` of a period limit (scheduled posts this month…): one atomic statement, so 50
 * parallel calls never pass the limit. Throws PlanLimitError when it would; returns the new count.
 */
export async function consume(
  deps: EntitlementDeps,
  orgId: string,
  key: NumericEntitlementKey,
  amount = 1,
): Promise<CheckResult> {
  const kind = LIMIT_KINDS[key];
  if (kind.kind !== "period") {
    throw new AppError(
      "INTERNAL",
      `${key} is not a period limit: use reserve() in the creating transaction.`,
    );
  }
  const now = deps.clock.now();
  const plan = await workspacePlan(deps.db, orgId, now);
  const limit = plan.entitlements[key] as Limit;
  const { periodKey, expiresAt } = periodOf(kind.period, now);
  const counter = { subject: orgSubject(orgId), metric: key, periodKey };
  const after = await usage.incrementCounter(
    deps.db,
    counter,
    { organizationId: orgId },
    amount,
    limit,
    expiresAt,
    now,
  );
  if (after === null)
    throw planLimitError(verdict(plan, key, await usage.readCounter(deps.db, counter), amount));
  return { ...verdict(plan, key, after - amount, amount), allowed: true };
}

/** Gives back what `consume` took (the operation failed afterwards). */
export async function release(deps: EntitlementDeps, orgId: string, key: NumericEntitlementKey, amount = 1) {
  const kind = LIMIT_KINDS[key];
  if (kind.kind !== "period") return;
  const { periodKey } = periodOf(kind.period, deps.clock.now());
  await usage.decrementCounter(deps.db, { subject: orgSubject(orgId), metric: key, periodKey }, amount);
}

/**
 * For "how many exist" limits (seats, agents, rules, policies): call inside the transaction that
 * creates the row(s), before creating them. Takes a per-workspace lock on the limit until commit,
 * counts the real rows and refuses when `amount` more wouldn't fit (amount 0: "is it within the
 * limit now?", e.g. accepting an invitation that already holds its seat).
 */
export async function reserve(
  tx: Tx,
  clock: Clock,
  orgId: string,
  key: CountKey,
  amount = 1,
): Promise<CheckResult> {
  const now = clock.now();
  const plan = await workspacePlan(tx, orgId, now);
  const limit = plan.entitlements[key];
  if (limit === null) return verdict(plan, key, 0, amount);
  await usage.lockLimit(tx, orgId, key);
  const result = verdict(plan, key, await currentUse(tx, orgId, key, now), amount);
  if (!result.allowed) throw planLimitError(result);
  return result;
}

/** The limit of `key` for the workspace now (null = unlimited; features as true/false). */
export async function limitOf<K extends EntitlementKey>(
  deps: EntitlementDeps,
  orgId: string,
  key: K,
): Promise<WorkspaceEntitlements[K]> {
  return (await workspacePlan(deps.db, orgId, deps.clock.now())).entitlements[key];
}

export interface UsageLine {
  key: EntitlementKey;
  limit: Limit | boolean;
  /** null for per-request values and features, and for counts no module counts yet. */
  current: number | null;
  /** More in use than the plan allows (after a downgrade): the extra items are read-only. */
  overLimit: boolean;
}

/** Every limit with its use: the billing page's meters and the over-limit banner. */
export async function usageSummary(
  deps: EntitlementDeps,
  orgId: string,
): Promise<{ plan: Plan; trialing: boolean; lines: UsageLine[]; overLimit: EntitlementKey[] }> {
  const now = deps.clock.now();
  const plan = await workspacePlan(deps.db, orgId, now);
  const lines = await Promise.all(
    (Object.keys(plan.entitlements) as EntitlementKey[]).map(async (key): Promise<UsageLine> => {
      const limit = plan.entitlements[key];
      if (typeof limit === "boolean") return { key, limit, current: null, overLimit: false };
      const kind = LIMIT_KINDS[key as NumericEntitlementKey].kind;
      const measurable = kind === "period" || (kind === "count" && COUNTERS[key as NumericEntitlementKey]);
      if (!measurable) return { key, limit, current: null, overLimit: false };
      const current = await currentUse(deps.db, orgId, key as NumericEntitlementKey, now);
      return { key, limit, current, overLimit: kind === "count" && limit !== null && current > limit };
    }),
  );
  return {
    plan: plan.plan,
    trialing: plan.trialing,
    lines,
    overLimit: lines.filter((l) => l.overLimit).map((l) => l.key),
  };
}

// ── People (Tools): limits by tier, counters per user or per guest IP ─────────────────────────────

export type PersonSubject = { userId: string } | { ipHash: string };

/**
 * Uses `amount` of a person's daily Tools operations (GUEST / FREE / PREMIUM limits, Day Pass
 * included), atomically. Throws PlanLimitError (plan FREE, upgradeTo PRO) when it would pass.
 */
export async function consumePersonal(
  deps: EntitlementDeps,
  who: PersonSubject,
  key: "tools.operationsPerDay",
  amount = 1,
): Promise<{ tier: PersonTier; count: number; limit: Limit }> {
  const now = deps.clock.now();
  const tier = await tierOf(deps, "userId" in who ? who.userId : null);
  const limit = PERSON_TIERS[tier][key];
  const { periodKey, expiresAt } = periodOf("day", now);
  const subject = "userId" in who ? `user:${who.userId}` : `ip:${who.ipHash}`;
  const counter = { subject, metric: key, periodKey };
  const owner = "userId" in who ? { userId: who.userId } : {};
  const after = await usage.incrementCounter(deps.db, counter, owner, amount, limit, expiresAt, now);
  if (after === null) {
    const current = await usage.readCounter(deps.db, counter);
    throw new PlanLimitError(
      tier === "GUEST"
        ? `Guests can run ${limit} operations a day. Sign up for free to get more.`
        : `The Free tier allows ${limit} operations a day and you've used ${current}. A Day Pass or the Pro plan lifts it.`,
      { key, limit: limit ?? 0, current, requested: amount, plan: "FREE", upgradeTo: "PRO" },
    );
  }
  return { tier, count: after, limit };
}

const OVER_LIMIT_TABLES = {
  "desk.automationRules": "automationRule",
  "desk.slaPolicies": "slaPolicy",
} as const;

/**
 * The items a downgrade left beyond the plan's limit (newest first to go): read-only until the plan
 * allows them again. Empty when within the limit. Computed on every call, never stored.
 */
export async function overLimitIds(
  deps: EntitlementDeps,
  orgId: string,
  key: keyof typeof OVER_LIMIT_TABLES,
): Promise<Set<string>> {
  const limit = await limitOf(deps, orgId, key);
  if (limit === null) return new Set();
  return new Set(await usage.idsBeyondLimit(deps.db, OVER_LIMIT_TABLES[key], orgId, limit));
}

/** Refuses changes to an item a downgrade put beyond the limit (it's read-only). */
export async function assertNotOverLimit(
  deps: EntitlementDeps,
  orgId: string,
  key: keyof typeof OVER_LIMIT_TABLES,
  id: string,
): Promise<void> {
  if (!(await overLimitIds(deps, orgId, key)).has(id)) return;
  const result = await check(deps, orgId, key, 0);
  const error = planLimitError({
    ...result,
    allowed: false,
    upgradeTo: planThatLifts(result.plan, key, result.current),
  });
  throw new PlanLimitError(
    `This item is read-only: the ${result.plan === "FREE" ? "Free" : result.plan === "PRO" ? "Pro" : "Business"} plan allows ${result.limit} and the workspace has ${result.current}. Delete some or upgrade to edit it.`,
    error.details,
  );
}

/** The entitlements API as one object: `entitlements.check(deps, orgId, key, amount)`. */
export const entitlements = {
  check,
  assert: assertAllowed,
  consume,
  release,
  reserve,
  limitOf,
  usage: usageSummary,
  consumePersonal,
  workspacePlan,
  overLimitIds,
  assertNotOverLimit,
};
