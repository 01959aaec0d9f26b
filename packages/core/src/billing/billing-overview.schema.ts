import { z } from "zod";
import { couponCode } from "./coupon.schema.ts";

// Inputs of the customer-facing billing reads (Settings → Billing, pricing page, account menu).

export const billingOverviewInput = z.object({ orgId: z.uuid() });
export type BillingOverviewInput = z.input<typeof billingOverviewInput>;

export const couponCheckInput = z.discriminatedUnion("target", [
  z.object({
    target: z.enum(["PRO", "BUSINESS"]),
    orgId: z.uuid(),
    interval: z.enum(["MONTHLY", "YEARLY"]),
    code: couponCode,
  }),
  z.object({ target: z.literal("DAY_PASS"), code: couponCode }),
]);
export type CouponCheckInput = z.input<typeof couponCheckInput>;
