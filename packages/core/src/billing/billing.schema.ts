import { z } from "zod";
import { couponCode } from "./coupon.schema.ts";

// Inputs of the billing API (web router `billing`).

const paidPlan = z.enum(["PRO", "BUSINESS"]);
const interval = z.enum(["MONTHLY", "YEARLY"]);
const optionalCoupon = z.preprocess(
  (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
  couponCode.optional(),
);

export const startCheckoutInput = z.object({
  orgId: z.uuid(),
  plan: paidPlan,
  interval,
  coupon: optionalCoupon,
});
export type StartCheckoutInput = z.input<typeof startCheckoutInput>;

export const startDayPassCheckoutInput = z.object({ coupon: optionalCoupon });
export type StartDayPassCheckoutInput = z.input<typeof startDayPassCheckoutInput>;

export const billingOrgInput = z.object({ orgId: z.uuid() });
export type BillingOrgInput = z.input<typeof billingOrgInput>;

export const changePlanInput = z.object({ orgId: z.uuid(), plan: paidPlan, interval });
export type ChangePlanInput = z.input<typeof changePlanInput>;

export const paymentsInput = z.object({
  orgId: z.uuid(),
  cursor: z.string().max(200).nullish(),
  limit: z.number().int().min(1).max(100).default(20),
});
export type PaymentsInput = z.input<typeof paymentsInput>;

/** What the person chose on the offline checkout page. */
export const offlineCheckoutAction = z.enum(["pay", "decline", "pay_fail_later"]);
export type OfflineCheckoutAction = z.infer<typeof offlineCheckoutAction>;
