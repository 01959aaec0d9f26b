import type { DbOrTx, Tx } from "@quartet/db/client";
import type { CouponTarget } from "@quartet/db/enums";
import type { Prisma } from "@quartet/db/types";

export const couponSelect = {
  id: true,
  code: true,
  description: true,
  discountType: true,
  discountValue: true,
  currency: true,
  duration: true,
  durationInMonths: true,
  validFrom: true,
  validUntil: true,
  usageLimit: true,
  usedCount: true,
  perUserLimit: true,
  tierRestrict: true,
  countryRestrict: true,
  appliesTo: true,
  isActive: true,
  createdAt: true,
} as const;
export type CouponRow = Prisma.CouponGetPayload<{ select: typeof couponSelect }>;

export function findCouponByCode(db: DbOrTx, code: string) {
  return db.coupon.findUnique({ where: { code }, select: couponSelect });
}

export function insertCoupon(db: DbOrTx, data: Prisma.CouponUncheckedCreateInput) {
  return db.coupon.create({ data, select: couponSelect });
}

/**
 * Takes one use of the coupon if it is live and under its total limit, in one conditional UPDATE.
 * The row stays locked until the transaction ends, which serializes redemptions of this coupon
 * (the per-person count read afterwards sees every earlier committed redemption).
 */
export async function takeUse(tx: Tx, couponId: string, now: Date): Promise<boolean> {
  const n = await tx.$executeRaw`
    UPDATE coupons SET used_count = used_count + 1, updated_at = ${now}
    WHERE id = ${couponId}::uuid AND is_active AND valid_from <= ${now} AND valid_until > ${now}
      AND (usage_limit IS NULL OR used_count < usage_limit)`;
  return n === 1;
}

export async function giveBackUse(tx: Tx, couponId: string, now: Date) {
  await tx.$executeRaw`
    UPDATE coupons SET used_count = GREATEST(used_count - 1, 0), updated_at = ${now} WHERE id = ${couponId}::uuid`;
}

export function countUserRedemptions(db: DbOrTx, couponId: string, userId: string) {
  return db.couponRedemption.count({ where: { couponId, userId, releasedAt: null } });
}

export function insertRedemption(
  tx: Tx,
  data: {
    couponId: string;
    userId: string;
    organizationId: string | null;
    paymentId: string | null;
    target: CouponTarget;
    discountAmount: number;
    currency: string;
    country: string | null;
    now: Date;
  },
) {
  const { now, ...rest } = data;
  return tx.couponRedemption.create({
    data: { ...rest, createdAt: now },
    select: { id: true, couponId: true, discountAmount: true, createdAt: true },
  });
}

export function markReleased(tx: Tx, redemptionId: string, now: Date) {
  return tx.couponRedemption.updateManyAndReturn({
    where: { id: redemptionId, releasedAt: null },
    data: { releasedAt: now },
    select: { id: true, couponId: true },
  });
}
