import { createDb } from "@quartet/db/client";
import { makeOrg, makeUser, putOnPlan } from "@quartet/db/testing/factories";
import { afterAll, describe, expect, it } from "vitest";
import { createTestClock } from "../testing/deps.ts";
import { appError, useTestEnv } from "../testing/integration.ts";
import type { CreateCouponInput } from "./coupon.schema.ts";
import {
  type CouponQuote,
  createCoupon,
  redeemCoupon,
  redeemCouponInTx,
  releaseRedemptionInTx,
  validateCoupon,
} from "./coupon.service.ts";

// Coupons (filezzy): every rule, and exactness under concurrency — the last use of a coupon raced
// by 50 people goes to exactly one.

const clock = createTestClock("2026-12-07T10:00:00Z");
const { db, deps, url } = await useTestEnv({ clock });
const wide = createDb(url, { max: 25 });
afterAll(() => wide.$disconnect());
const wideDeps = { db: wide, clock };

let n = 0;
const coupon = (extra: Partial<CreateCouponInput> = {}) =>
  createCoupon(deps, {
    code: `SAVE${++n}X`,
    discountType: "PERCENT",
    discountValue: 20,
    validFrom: new Date("2026-12-01T00:00:00Z"),
    validUntil: new Date("2027-01-01T00:00:00Z"),
    ...extra,
  });

const buy = (code: string, userId: string, extra: Record<string, unknown> = {}) => ({
  code,
  userId,
  target: "PRO" as const,
  amount: 29,
  ...extra,
});

describe("coupon rules", () => {
  it("percent and fixed discounts, rounded to cents and never above the price; codes match case-insensitively", async () => {
    const user = await makeUser(db);
    const pct = await coupon({ discountValue: 15 });
    expect(await validateCoupon(deps, buy(pct.code.toLowerCase(), user.id, { amount: 9.99 }))).toMatchObject({
      discountAmount: 1.5,
      amount: 8.49,
    });
    const fixed = await coupon({ discountType: "FIXED", discountValue: 50 });
    expect(await validateCoupon(deps, buy(fixed.code, user.id))).toMatchObject({
      discountAmount: 29,
      amount: 0,
    });
    const taken = await appError(coupon({ code: pct.code.toLowerCase() }));
    expect(taken.code).toBe("CONFLICT");
  });

  it("refuses outside the window, an unknown or inactive code, the wrong product, country or tier", async () => {
    const user = await makeUser(db);
    const reason = async (code: string, extra: Record<string, unknown> = {}) =>
      (await appError(validateCoupon(deps, buy(code, user.id, extra)))).reason;

    expect(await reason("NOPE123")).toBe("COUPON_INVALID");
    const later = await coupon({ validFrom: new Date("2026-12-24T00:00:00Z") });
    expect(await reason(later.code)).toBe("COUPON_NOT_YET_VALID");
    const old = await coupon({
      validFrom: new Date("2026-11-01T00:00:00Z"),
      validUntil: new Date("2026-12-07T10:00:00Z"),
    });
    expect(await reason(old.code)).toBe("COUPON_EXPIRED"); // validUntil is exclusive
    const off = await coupon({ isActive: false });
    expect(await reason(off.code)).toBe("COUPON_INVALID");

    const dayPassOnly = await coupon({ appliesTo: ["DAY_PASS"] });
    expect(await reason(dayPassOnly.code)).toBe("COUPON_NOT_APPLICABLE");
    await validateCoupon(deps, buy(dayPassOnly.code, user.id, { target: "DAY_PASS", amount: 4.99 }));

    const french = await coupon({ countryRestrict: ["fr"] });
    expect(await reason(french.code)).toBe("COUPON_COUNTRY"); // no country known
    expect(await reason(french.code, { country: "DE" })).toBe("COUPON_COUNTRY");
    await validateCoupon(deps, buy(french.code, user.id, { country: "fr" }));

    // An upgrade promo for FREE people: refused once the person is PREMIUM.
    const upgrade = await coupon({ tierRestrict: ["FREE"] });
    await validateCoupon(deps, buy(upgrade.code, user.id));
    const org = await makeOrg(db, user);
    await putOnPlan(db, org.id, "PRO");
    expect(await reason(upgrade.code)).toBe("COUPON_TIER");
  });

  it("per-person limit: a second use by the same person is refused, another person may; a release gives it back", async () => {
    const [a, b] = [await makeUser(db), await makeUser(db)];
    const once = await coupon({ perUserLimit: 1, usageLimit: 10 });
    const first = await redeemCoupon(deps, buy(once.code, a.id));
    expect((await appError(redeemCoupon(deps, buy(once.code, a.id)))).reason).toBe("COUPON_USER_LIMIT");
    await redeemCoupon(deps, buy(once.code, b.id));
    expect((await db.coupon.findUniqueOrThrow({ where: { id: once.id } })).usedCount).toBe(2);

    // The checkout failed: the use comes back (once), and the person may use the coupon again.
    expect(await db.$transaction((tx) => releaseRedemptionInTx(tx, first.redemptionId, clock.now()))).toBe(
      true,
    );
    expect(await db.$transaction((tx) => releaseRedemptionInTx(tx, first.redemptionId, clock.now()))).toBe(
      false,
    );
    expect((await db.coupon.findUniqueOrThrow({ where: { id: once.id } })).usedCount).toBe(1);
    await redeemCoupon(deps, buy(once.code, a.id));
  });

  it("a redemption rolled back with its checkout leaves no trace", async () => {
    const user = await makeUser(db);
    const c = await coupon({ usageLimit: 1 });
    await expect(
      db.$transaction(async (tx) => {
        await redeemCouponInTx(tx, deps, buy(c.code, user.id));
        throw new Error("payment provider down");
      }),
    ).rejects.toThrow("payment provider down");
    expect((await db.coupon.findUniqueOrThrow({ where: { id: c.id } })).usedCount).toBe(0);
    expect(await db.couponRedemption.count({ where: { couponId: c.id } })).toBe(0);
  });
});

describe("coupon concurrency", () => {
  const race = (code: string, userIds: string[]) =>
    Promise.allSettled(
      userIds.map((userId) =>
        wide.$transaction((tx) => redeemCouponInTx(tx, wideDeps, buy(code, userId)), {
          maxWait: 30_000,
          timeout: 30_000,
        }),
      ),
    );

  it("50 people race for the last use: exactly one wins, usedCount ends at the limit", async () => {
    const users = await Promise.all(Array.from({ length: 50 }, () => makeUser(db)));
    const c = await coupon({ usageLimit: 10 });
    await db.coupon.update({ where: { id: c.id }, data: { usedCount: 9 } });
    const started = performance.now();
    const results = await race(
      c.code,
      users.map((u) => u.id),
    );
    const ms = performance.now() - started;
    const won = results.filter(
      (r): r is PromiseFulfilledResult<CouponQuote & { redemptionId: string }> => r.status === "fulfilled",
    );
    expect(won).toHaveLength(1);
    const reasons = results.flatMap((r) =>
      r.status === "rejected" ? [(r.reason as { reason?: string }).reason] : [],
    );
    expect(new Set(reasons)).toEqual(new Set(["COUPON_USED_UP"]));
    expect((await db.coupon.findUniqueOrThrow({ where: { id: c.id } })).usedCount).toBe(10);
    expect(await db.couponRedemption.count({ where: { couponId: c.id } })).toBe(1);
    console.info(`coupon last-use race: 50 redemptions settled in ${Math.round(ms)} ms`);
  });

  it("one person firing 50 redemptions of a once-per-person coupon gets exactly one", async () => {
    const user = await makeUser(db);
    const c = await coupon({ perUserLimit: 1 });
    const results = await race(
      c.code,
      Array.from({ length: 50 }, () => user.id),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((await db.coupon.findUniqueOrThrow({ where: { id: c.id } })).usedCount).toBe(1);
    expect(await db.couponRedemption.count({ where: { couponId: c.id, userId: user.id } })).toBe(1);
  });
});
