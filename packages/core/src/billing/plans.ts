import type { BillingInterval, Plan } from "@quartet/db/enums";

// The one table of plans, prices and entitlements every module reads (issue 9). Versioned: a price
// change bumps PLANS_VERSION and subscriptions keep the `planVersion` they were sold at; limits always
// come from the current table (a limit change applies to everyone at once, as it should).
//
// Sources: SNORQ PlanType (FREE 1 user / 30-day history, PRO unlimited history, BUSINESS API access),
// Postiz tiers (channels, AI credits), filezzy (GUEST / FREE / PREMIUM tools limits, Day Pass 24 h).

export const PLANS_VERSION = 1;

export const PLAN_ORDER = ["FREE", "PRO", "BUSINESS"] as const satisfies readonly Plan[];

/** A number limit; `null` means unlimited. */
export type Limit = number | null;

/** Workspace entitlements: count limits ("how many may exist"), period limits and feature switches. */
export interface WorkspaceEntitlements {
  /** Members plus pending invitations. */
  seats: Limit;
  "desk.agents": Limit;
  "desk.automationRules": Limit;
  "desk.slaPolicies": Limit;
  "desk.apiAccess": boolean;
  /** Requests per minute for the workspace's API key. */
  "desk.apiRequestsPerMinute": Limit;
  "desk.helpCenterCustomDomain": boolean;
  "inbox.channels": Limit;
  /** Days of message history kept (null = forever); the retention job reads it. */
  "inbox.historyDays": Limit;
  "publish.channels": Limit;
  "publish.scheduledPostsPerMonth": Limit;
  "publish.aiCreditsPerMonth": number;
  "tools.operationsPerDay": Limit;
  "tools.maxFileSizeMb": number;
  "tools.batchSize": number;
  "tools.maxPages": Limit;
  /** Hours a processed file is kept before deletion (filezzy: 24 h). */
  "tools.fileRetentionHours": number;
}

export type EntitlementKey = keyof WorkspaceEntitlements;
export type NumericEntitlementKey = {
  [K in EntitlementKey]: WorkspaceEntitlements[K] extends boolean ? never : K;
}[EntitlementKey];
export type FeatureEntitlementKey = Exclude<EntitlementKey, NumericEntitlementKey>;

/** How a numeric limit is counted. */
export type LimitKind =
  /** Rows that exist now (seats, agents, rules…): counted from the real tables. */
  | { kind: "count" }
  /** A counter per period (UTC day or month) in usage_counters. */
  | { kind: "period"; period: "day" | "month" }
  /** A size or setting checked against the request (file size, batch, pages, retention). */
  | { kind: "value" };

export const LIMIT_KINDS: Record<NumericEntitlementKey, LimitKind> = {
  seats: { kind: "count" },
  "desk.agents": { kind: "count" },
  "desk.automationRules": { kind: "count" },
  "desk.slaPolicies": { kind: "count" },
  "desk.apiRequestsPerMinute": { kind: "value" },
  "inbox.channels": { kind: "count" },
  "inbox.historyDays": { kind: "value" },
  "publish.channels": { kind: "count" },
  "publish.scheduledPostsPerMonth": { kind: "period", period: "month" },
  "publish.aiCreditsPerMonth": { kind: "value" },
  "tools.operationsPerDay": { kind: "period", period: "day" },
  "tools.maxFileSizeMb": { kind: "value" },
  "tools.batchSize": { kind: "value" },
  "tools.maxPages": { kind: "value" },
  "tools.fileRetentionHours": { kind: "value" },
};

export interface PlanPrice {
  /** Per interval, in `currency` (whole units with cents, as Payment.amount). */
  amount: number;
  currency: "USD";
}

export interface PlanDefinition {
  plan: Plan;
  prices: Record<BillingInterval, PlanPrice> | null;
  trialDays: number;
  entitlements: WorkspaceEntitlements;
}

export const PLANS: Record<Plan, PlanDefinition> = {
  FREE: {
    plan: "FREE",
    prices: null,
    trialDays: 0,
    entitlements: {
      // Three people who work tickets plus two who only read or publish (SNORQ's FREE has one user;
      // a help desk needs at least an owner and a couple of agents to be tried for real).
      seats: 5,
      "desk.agents": 3,
      "desk.automationRules": 5,
      "desk.slaPolicies": 1,
      "desk.apiAccess": false,
      "desk.apiRequestsPerMinute": 0,
      "desk.helpCenterCustomDomain": false,
      "inbox.channels": 2,
      "inbox.historyDays": 30,
      "publish.channels": 3,
      "publish.scheduledPostsPerMonth": 30,
      "publish.aiCreditsPerMonth": 10,
      "tools.operationsPerDay": 20,
      "tools.maxFileSizeMb": 25,
      "tools.batchSize": 1,
      "tools.maxPages": 50,
      "tools.fileRetentionHours": 24,
    },
  },
  PRO: {
    plan: "PRO",
    prices: { MONTHLY: { amount: 29, currency: "USD" }, YEARLY: { amount: 290, currency: "USD" } },
    trialDays: 14,
    entitlements: {
      seats: 25,
      "desk.agents": 10,
      "desk.automationRules": 50,
      "desk.slaPolicies": 10,
      "desk.apiAccess": true,
      "desk.apiRequestsPerMinute": 120,
      "desk.helpCenterCustomDomain": false,
      "inbox.channels": 10,
      "inbox.historyDays": null,
      "publish.channels": 15,
      "publish.scheduledPostsPerMonth": 1000,
      "publish.aiCreditsPerMonth": 300,
      "tools.operationsPerDay": 500,
      "tools.maxFileSizeMb": 200,
      "tools.batchSize": 20,
      "tools.maxPages": 1000,
      "tools.fileRetentionHours": 24,
    },
  },
  BUSINESS: {
    plan: "BUSINESS",
    prices: { MONTHLY: { amount: 99, currency: "USD" }, YEARLY: { amount: 990, currency: "USD" } },
    trialDays: 14,
    entitlements: {
      seats: 100,
      "desk.agents": 50,
      "desk.automationRules": null,
      "desk.slaPolicies": null,
      "desk.apiAccess": true,
      "desk.apiRequestsPerMinute": 600,
      "desk.helpCenterCustomDomain": true,
      "inbox.channels": 50,
      "inbox.historyDays": null,
      "publish.channels": 50,
      "publish.scheduledPostsPerMonth": null,
      "publish.aiCreditsPerMonth": 2000,
      "tools.operationsPerDay": null,
      "tools.maxFileSizeMb": 1000,
      "tools.batchSize": 100,
      "tools.maxPages": null,
      "tools.fileRetentionHours": 72,
    },
  },
};

// ── Person tiers for Tools (filezzy GUEST / FREE / PREMIUM; PREMIUM from a paid workspace or a Day Pass)

export type PersonTier = "GUEST" | "FREE" | "PREMIUM";

export interface ToolsEntitlements {
  "tools.operationsPerDay": Limit;
  "tools.maxFileSizeMb": number;
  "tools.batchSize": number;
  "tools.maxPages": Limit;
}

export const PERSON_TIERS: Record<PersonTier, ToolsEntitlements> = {
  GUEST: {
    "tools.operationsPerDay": 5,
    "tools.maxFileSizeMb": 10,
    "tools.batchSize": 1,
    "tools.maxPages": 20,
  },
  FREE: {
    "tools.operationsPerDay": 20,
    "tools.maxFileSizeMb": 25,
    "tools.batchSize": 1,
    "tools.maxPages": 50,
  },
  PREMIUM: {
    "tools.operationsPerDay": null,
    "tools.maxFileSizeMb": 500,
    "tools.batchSize": 50,
    "tools.maxPages": null,
  },
};

/** The per-person Day Pass: 24 h of PREMIUM in Tools. */
export const DAY_PASS = { hours: 24, price: { amount: 4.99, currency: "USD" } as PlanPrice };

// ── Lookups ─────────────────────────────────────────────────────────────────────────────────────

/** A workspace's entitlements: its plan's, with the subscription's overrides (comp deals) applied. */
export function entitlementsOf(
  plan: Plan,
  overrides: Partial<WorkspaceEntitlements> = {},
): WorkspaceEntitlements {
  return { ...PLANS[plan].entitlements, ...overrides };
}

/** Is `value` within `limit` (null = unlimited)? */
export const withinLimit = (limit: Limit, value: number) => limit === null || value <= limit;

/**
 * The cheapest plan above `plan` whose entitlement lets `needed` through (a feature key: turned on);
 * null when none does (the upgrade dialog then offers contact instead).
 */
export function planThatLifts(plan: Plan, key: EntitlementKey, needed = 1): Plan | null {
  for (const candidate of PLAN_ORDER.slice(PLAN_ORDER.indexOf(plan) + 1)) {
    const value = PLANS[candidate].entitlements[key];
    if (typeof value === "boolean" ? value : withinLimit(value, needed)) return candidate;
  }
  return null;
}

/** Price of a plan per interval (null for FREE). */
export function priceOf(plan: Plan, interval: BillingInterval): PlanPrice | null {
  return PLANS[plan].prices?.[interval] ?? null;
}

/** Keys of a subscription's `limitOverrides` JSON that are real numeric/feature entitlements. */
export function parseOverrides(raw: unknown): Partial<WorkspaceEntitlements> {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!(key in PLANS.FREE.entitlements)) continue;
    const isFeature = typeof PLANS.FREE.entitlements[key as EntitlementKey] === "boolean";
    if (
      isFeature
        ? typeof value === "boolean"
        : value === null || (Number.isInteger(value) && (value as number) >= 0)
    ) {
      out[key] = value;
    }
  }
  return out as Partial<WorkspaceEntitlements>;
}
