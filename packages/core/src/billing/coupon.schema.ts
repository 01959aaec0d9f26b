import { z } from "zod";

// Coupon inputs (admin CRUD lives with the admin console; redemption with checkout).

export const couponCode = z
  .string()
  .trim()
  .min(3, "Enter a coupon code.")
  .max(50, "Coupon codes are at most 50 characters.")
  .regex(/^[A-Za-z0-9_-]+$/, "Coupon codes use letters, digits, - and _ only.")
  .transform((c) => c.toUpperCase());

export const couponTarget = z.enum(["PRO", "BUSINESS", "DAY_PASS"]);
export type CouponTargetInput = z.infer<typeof couponTarget>;

export const redeemCouponInput = z.object({
  code: couponCode,
  userId: z.uuid(),
  orgId: z.uuid().nullish(),
  target: couponTarget,
  /** ISO 3166-1 alpha-2 of the buyer, when known (country restrictions). */
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/, "Use a two-letter country code.")
    .transform((c) => c.toUpperCase())
    .nullish(),
  /** Price before discount, in `currency`. */
  amount: z.number().nonnegative().max(1_000_000),
  currency: z.string().length(3).default("USD"),
  paymentId: z.uuid().nullish(),
});
export type RedeemCouponInput = z.input<typeof redeemCouponInput>;

export const createCouponInput = z
  .object({
    code: couponCode,
    description: z.string().trim().max(255).nullish(),
    discountType: z.enum(["PERCENT", "FIXED"]),
    discountValue: z.number().positive("The discount must be above zero."),
    currency: z.string().length(3).default("USD"),
    duration: z.enum(["ONCE", "REPEATING", "FOREVER"]).default("ONCE"),
    durationInMonths: z.number().int().min(1).max(36).nullish(),
    validFrom: z.coerce.date(),
    validUntil: z.coerce.date(),
    usageLimit: z.number().int().min(1).nullish(),
    perUserLimit: z.number().int().min(1).nullish(),
    tierRestrict: z.array(z.enum(["FREE", "PREMIUM"])).default([]),
    countryRestrict: z
      .array(
        z
          .string()
          .regex(/^[A-Za-z]{2}$/)
          .transform((c) => c.toUpperCase()),
      )
      .default([]),
    appliesTo: z.array(couponTarget).default([]),
    isActive: z.boolean().default(true),
  })
  .refine((c) => c.validUntil > c.validFrom, {
    path: ["validUntil"],
    message: "The end must be after the start.",
  })
  .refine((c) => c.discountType !== "PERCENT" || c.discountValue <= 100, {
    path: ["discountValue"],
    message: "A percentage is at most 100.",
  })
  .refine((c) => c.duration !== "REPEATING" || c.durationInMonths, {
    path: ["durationInMonths"],
    message: "Say for how many months.",
  });
export type CreateCouponInput = z.input<typeof createCouponInput>;
