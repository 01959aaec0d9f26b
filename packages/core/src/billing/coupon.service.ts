import type { Tx } from "@quartet/db/client";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import * as repo from "./coupon.repository.ts";
import {
  type CreateCouponInput,
  couponCode,
  createCouponInput,
  type RedeemCouponInput,
  redeemCouponInput,
} from "./coupon.schema.ts";
import { tierOf } from "./tier.service.ts";

// Coupons (filezzy): percent or fixed, a validity window, total and per-person limits, person tier,
// country and product restrictions. Redemption is exact under concurrency: the total limit is a
// conditional UPDATE, and the per-person limit is counted while that UPDATE's row lock is held.

type CouponDeps = Pick<Deps, "db" | "clock">;

const refuse = (message: string, reason: string) =>
  new AppError("BAD_REQUEST", message, { code: message }, reason);

const cents = (n: number) => Math.round(n * 100);

/** The discount of `coupon` on `amount` (never more than the amount), rounded to cents. */
export function discountFor(
  coupon: Pick<repo.CouponRow, "discountType" | "discountValue">,
  amount: number,
): number {
  const value = Number(coupon.discountValue);
  const off = coupon.discountType === "PERCENT" ? Math.round(cents(amount) * (value / 100)) : cents(value);
  return Math.min(off, cents(amount)) / 100;
}

export interface CouponQuote {
  couponId: string;
  code: string;
  discountAmount: number;
  /** Price after the discount. */
  amount: number;
  duration: repo.CouponRow["duration"];
  durationInMonths: number | null;
}

/** Why `coupon` can't be used by this person for this purchase now, or null when it can. */
async function ruleBreach(
  deps: CouponDeps,
  coupon: repo.CouponRow | null,
  input: ReturnType<typeof redeemCouponInput.parse>,
  db: CouponDeps["db"] | Tx,
): Promise<AppError | null> {
  const now = deps.clock.now();
  if (!coupon?.isActive) return refuse("This coupon code doesn't exist.", "COUPON_INVALID");
  if (now < coupon.validFrom) return refuse("This coupon isn't valid yet.", "COUPON_NOT_YET_VALID");
  if (now >= coupon.validUntil) return refuse("This coupon has expired.", "COUPON_EXPIRED");
  if (coupon.usageLimit !== null && coupon.usedCount >= coupon.usageLimit) {
    return refuse("This coupon has been fully used.", "COUPON_USED_UP");
  }
  if (coupon.appliesTo.length > 0 && !coupon.appliesTo.includes(input.target)) {
    return refuse("This coupon doesn't apply to this purchase.", "COUPON_NOT_APPLICABLE");
  }
  if (
    coupon.countryRestrict.length > 0 &&
    (!input.country || !coupon.countryRestrict.includes(input.country))
  ) {
    return refuse("This coupon isn't available in your country.", "COUPON_COUNTRY");
  }
  if (coupon.tierRestrict.length > 0) {
    const tier = await tierOf({ db, clock: deps.clock }, input.userId);
    if (tier === "GUEST" || !coupon.tierRestrict.includes(tier)) {
      return refuse("This coupon isn't available on your current plan.", "COUPON_TIER");
    }
  }
  if (coupon.perUserLimit !== null) {
    const used = await repo.countUserRedemptions(db, coupon.id, input.userId);
    if (used >= coupon.perUserLimit) return refuse("You've already used this coupon.", "COUPON_USER_LIMIT");
  }
  return null;
}

function quote(coupon: repo.CouponRow, amount: number): CouponQuote {
  const discountAmount = discountFor(coupon, amount);
  return {
    couponId: coupon.id,
    code: coupon.code,
    discountAmount,
    amount: (cents(amount) - cents(discountAmount)) / 100,
    duration: coupon.duration,
    durationInMonths: coupon.durationInMonths,
  };
}

/** Checks a code for a purchase (the checkout's "Apply" button): the price after it, or why not. */
export async function validateCoupon(deps: CouponDeps, raw: RedeemCouponInput): Promise<CouponQuote> {
  const input = redeemCouponInput.parse(raw);
  const coupon = await repo.findCouponByCode(deps.db, input.code);
  const breach = await ruleBreach(deps, coupon, input, deps.db);
  if (breach) throw breach;
  return quote(coupon!, input.amount);
}

/**
 * Redeems inside the caller's transaction (the checkout that records the payment): takes one use
 * (refused once the total limit is reached), then checks every rule with the coupon row locked.
 * Of 50 parallel redemptions of the last use exactly one succeeds.
 */
export async function redeemCouponInTx(
  tx: Tx,
  deps: CouponDeps,
  raw: RedeemCouponInput,
): Promise<CouponQuote & { redemptionId: string }> {
  const input = redeemCouponInput.parse(raw);
  const now = deps.clock.now();
  const found = await repo.findCouponByCode(tx, input.code);
  if (!found || !(await repo.takeUse(tx, found.id, now))) {
    const fresh = found ? await repo.findCouponByCode(tx, input.code) : null;
    throw (
      (await ruleBreach(deps, fresh, input, tx)) ??
      refuse("This coupon has been fully used.", "COUPON_USED_UP")
    );
  }
  // We hold the row lock now; `usedCount` already includes our use, so check the rest on a view
  // of the coupon before it.
  const coupon = (await repo.findCouponByCode(tx, input.code))!;
  const breach = await ruleBreach(deps, { ...coupon, usedCount: coupon.usedCount - 1 }, input, tx);
  if (breach) throw breach; // rolls our use back with the transaction
  const q = quote(coupon, input.amount);
  const redemption = await repo.insertRedemption(tx, {
    couponId: coupon.id,
    userId: input.userId,
    organizationId: input.orgId ?? null,
    paymentId: input.paymentId ?? null,
    target: input.target,
    discountAmount: q.discountAmount,
    currency: input.currency,
    country: input.country ?? null,
    now,
  });
  return { ...q, redemptionId: redemption.id };
}

export function redeemCoupon(deps: CouponDeps, raw: RedeemCouponInput) {
  // Redemptions of one coupon queue on its row: give them time to get a connection and the lock.
  return deps.db.$transaction((tx) => redeemCouponInTx(tx, deps, raw), { maxWait: 10_000, timeout: 15_000 });
}

/** Gives a use back (checkout abandoned or payment failed): once per redemption. */
export async function releaseRedemptionInTx(tx: Tx, redemptionId: string, now: Date): Promise<boolean> {
  const [released] = await repo.markReleased(tx, redemptionId, now);
  if (!released) return false;
  await repo.giveBackUse(tx, released.couponId, now);
  return true;
}

/** Creates a coupon (admin console). The code is stored upper-cased and must be unique. */
export async function createCoupon(deps: CouponDeps, raw: CreateCouponInput, createdById?: string) {
  const input = createCouponInput.parse(raw);
  if (await repo.findCouponByCode(deps.db, input.code)) {
    throw new AppError("CONFLICT", "A coupon with this code already exists.", { code: "Already used." });
  }
  return repo.insertCoupon(deps.db, { ...input, createdById: createdById ?? null });
}

export const normalizeCouponCode = (code: string) => couponCode.parse(code);
