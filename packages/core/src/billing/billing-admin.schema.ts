import { z } from "zod";

// Inputs of the admin console's billing pages (Revenue, a workspace's Billing panel).

export const adminReason = z
  .string({ message: "Say why." })
  .trim()
  .min(3, "Say why (at least 3 characters): it goes into the audit log.")
  .max(500, "Keep the reason under 500 characters.");

export const revenueInput = z.object({}).optional();

export const orgBillingInput = z.object({ orgId: z.uuid({ message: "Unknown workspace." }) });
export type OrgBillingInput = z.input<typeof orgBillingInput>;

export const grantCompPlanInput = z.object({
  orgId: z.uuid({ message: "Unknown workspace." }),
  /** FREE ends the comp (the workspace goes back to FREE). */
  plan: z.enum(["FREE", "PRO", "BUSINESS"]),
  /** How long the comp lasts; null = until taken back. */
  months: z.number().int().min(1).max(36).nullable().default(null),
  /** Or the moment the comp ends (the console sends the end of the chosen day); wins over `months`. */
  until: z.coerce.date({ message: "Pick a valid date." }).nullable().optional(),
  reason: adminReason,
});
export type GrantCompPlanInput = z.input<typeof grantCompPlanInput>;

export const grantDayPassInput = z.object({
  orgId: z.uuid({ message: "Unknown workspace." }),
  userId: z.uuid({ message: "Unknown person." }),
  hours: z
    .number()
    .int()
    .min(1)
    .max(24 * 31)
    .default(24),
  reason: adminReason,
});
export type GrantDayPassAdminInput = z.input<typeof grantDayPassInput>;
