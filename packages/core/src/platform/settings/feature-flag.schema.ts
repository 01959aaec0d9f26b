import { z } from "zod";

export const userTiers = ["FREE", "PREMIUM"] as const;

export const flagName = z
  .string()
  .trim()
  .min(2, "2 characters or more.")
  .max(100)
  .regex(
    /^[a-z][a-z0-9_.-]*$/,
    "Lowercase letters, digits, dots, dashes and underscores, starting with a letter.",
  );

/** The editable part of a flag: what the form sends and what the preview evaluates. */
export const flagRuleInput = z.object({
  name: flagName,
  description: z.string().trim().max(500).optional().nullable(),
  enabled: z.boolean(),
  userIds: z.array(z.uuid("Each user id must be a UUID.")).max(1000).default([]),
  userTiers: z.array(z.enum(userTiers)).max(2).default([]),
  rolloutPercent: z.number().int().min(0, "0 to 100.").max(100, "0 to 100."),
});
export type FlagRuleInput = z.input<typeof flagRuleInput>;

export const flagCreateInput = flagRuleInput;
export const flagUpdateInput = flagRuleInput.extend({ id: z.uuid() });
export type FlagUpdateInput = z.input<typeof flagUpdateInput>;
export const flagIdInput = z.object({ id: z.uuid() });

export const flagPreviewInput = z.object({
  rule: flagRuleInput,
  /** Check one person by email: do they get it, and why. */
  email: z.string().trim().max(320).optional(),
});
export type FlagPreviewInput = z.input<typeof flagPreviewInput>;
