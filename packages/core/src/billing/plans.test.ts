import { describe, expect, it } from "vitest";
import { discountFor } from "./coupon.service.ts";
import {
  entitlementsOf,
  LIMIT_KINDS,
  PLAN_ORDER,
  PLANS,
  parseOverrides,
  planThatLifts,
  priceOf,
} from "./plans.ts";
import { addInterval } from "./subscription.service.ts";
import { effectivePlan, type PlanSource } from "./subscription.ts";
import { tierFrom } from "./tier.service.ts";

describe("plans table", () => {
  it("every plan defines every entitlement, and every numeric one has a kind", () => {
    const keys = Object.keys(PLANS.FREE.entitlements).sort();
    for (const plan of PLAN_ORDER) expect(Object.keys(PLANS[plan].entitlements).sort()).toEqual(keys);
    for (const key of keys) {
      const isFeature =
        typeof PLANS.FREE.entitlements[key as keyof typeof PLANS.FREE.entitlements] === "boolean";
      expect(key in LIMIT_KINDS).toBe(!isFeature);
    }
  });

  it("higher plans never give less (null = unlimited beats any number; on beats off)", () => {
    const rank = (v: number | boolean | null) => (v === null ? Number.POSITIVE_INFINITY : Number(v));
    for (const key of Object.keys(PLANS.FREE.entitlements) as (keyof typeof PLANS.FREE.entitlements)[]) {
      expect(rank(PLANS.PRO.entitlements[key])).toBeGreaterThanOrEqual(rank(PLANS.FREE.entitlements[key]));
      expect(rank(PLANS.BUSINESS.entitlements[key])).toBeGreaterThanOrEqual(
        rank(PLANS.PRO.entitlements[key]),
      );
    }
  });

  it("SNORQ's rules hold: FREE keeps 30 days of inbox history, paid plans keep it all; API access is paid", () => {
    expect(PLANS.FREE.entitlements["inbox.historyDays"]).toBe(30);
    expect(PLANS.PRO.entitlements["inbox.historyDays"]).toBeNull();
    expect(PLANS.FREE.entitlements["desk.apiAccess"]).toBe(false);
    expect(PLANS.BUSINESS.entitlements["desk.apiAccess"]).toBe(true);
  });

  it("yearly is cheaper than twelve months; FREE has no price", () => {
    for (const plan of ["PRO", "BUSINESS"] as const) {
      expect(priceOf(plan, "YEARLY")!.amount).toBeLessThan(12 * priceOf(plan, "MONTHLY")!.amount);
    }
    expect(priceOf("FREE", "MONTHLY")).toBeNull();
  });

  it("planThatLifts names the cheapest plan that fits, or null", () => {
    expect(planThatLifts("FREE", "desk.automationRules", 6)).toBe("PRO");
    expect(planThatLifts("FREE", "desk.automationRules", 51)).toBe("BUSINESS");
    expect(planThatLifts("FREE", "desk.helpCenterCustomDomain")).toBe("BUSINESS");
    expect(planThatLifts("BUSINESS", "seats", 1000)).toBeNull();
  });

  it("overrides keep only real entitlements with valid values", () => {
    expect(
      parseOverrides({
        "publish.channels": 12,
        "desk.apiAccess": true,
        seats: 2.5,
        x: 1,
        "inbox.channels": null,
      }),
    ).toEqual({
      "publish.channels": 12,
      "desk.apiAccess": true,
      "inbox.channels": null,
    });
    expect(parseOverrides([1, 2])).toEqual({});
    expect(entitlementsOf("FREE", { seats: 9 }).seats).toBe(9);
  });
});

describe("effectivePlan", () => {
  const now = new Date("2026-12-07T10:00:00Z");
  const sub = (extra: Partial<PlanSource>): PlanSource => ({
    plan: "PRO",
    status: "ACTIVE",
    trialEndsAt: null,
    graceEndsAt: null,
    currentPeriodEnd: new Date("2027-01-07T10:00:00Z"),
    cancelAtPeriodEnd: false,
    cancelAt: null,
    isLifetime: false,
    ...extra,
  });
  const before = new Date(now.getTime() - 1);

  it.each([
    ["no subscription", null, "FREE"],
    ["active", sub({}), "PRO"],
    ["incomplete checkout", sub({ status: "INCOMPLETE" }), "FREE"],
    ["trial running", sub({ status: "TRIALING", trialEndsAt: new Date(now.getTime() + 1) }), "PRO"],
    ["trial over to the millisecond", sub({ status: "TRIALING", trialEndsAt: now }), "FREE"],
    ["past due in grace", sub({ status: "PAST_DUE", graceEndsAt: new Date(now.getTime() + 1) }), "PRO"],
    ["past due, grace over", sub({ status: "PAST_DUE", graceEndsAt: before }), "FREE"],
    ["cancel at period end, period running", sub({ cancelAtPeriodEnd: true }), "PRO"],
    ["cancel at period end, period over", sub({ cancelAtPeriodEnd: true, currentPeriodEnd: before }), "FREE"],
    ["scheduled cancel reached", sub({ cancelAt: before }), "FREE"],
    ["canceled", sub({ status: "CANCELED" }), "FREE"],
    ["expired", sub({ status: "EXPIRED" }), "FREE"],
    [
      "lifetime never ends",
      sub({ isLifetime: true, cancelAtPeriodEnd: true, currentPeriodEnd: before }),
      "PRO",
    ],
  ] as const)("%s → %s", (_label, source, expected) => {
    expect(effectivePlan(source, now)).toBe(expected);
  });
});

describe("small rules", () => {
  it("addInterval keeps the day, clamped to the month's end", () => {
    expect(addInterval(new Date("2026-01-31T09:00:00Z"), "MONTHLY")).toEqual(
      new Date("2026-02-28T09:00:00Z"),
    );
    expect(addInterval(new Date("2028-02-29T09:00:00Z"), "YEARLY")).toEqual(new Date("2029-02-28T09:00:00Z"));
    expect(addInterval(new Date("2026-12-15T00:00:00Z"), "MONTHLY")).toEqual(
      new Date("2027-01-15T00:00:00Z"),
    );
  });

  it("discounts round to cents and never pass the price", () => {
    expect(discountFor({ discountType: "PERCENT", discountValue: 33.33 } as never, 29)).toBe(9.67);
    expect(discountFor({ discountType: "FIXED", discountValue: 5 } as never, 4.99)).toBe(4.99);
  });

  it("tierFrom: GUEST, Day Pass to the millisecond, paid workspace", () => {
    const now = new Date("2026-12-07T10:00:00Z");
    expect(tierFrom({ signedIn: false, dayPassExpiresAt: null, workspacePlans: ["PRO"] }, now)).toBe("GUEST");
    expect(tierFrom({ signedIn: true, dayPassExpiresAt: now, workspacePlans: ["FREE"] }, now)).toBe("FREE");
    expect(
      tierFrom({ signedIn: true, dayPassExpiresAt: new Date(now.getTime() + 1), workspacePlans: [] }, now),
    ).toBe("PREMIUM");
    expect(
      tierFrom({ signedIn: true, dayPassExpiresAt: null, workspacePlans: ["FREE", "BUSINESS"] }, now),
    ).toBe("PREMIUM");
  });
});
