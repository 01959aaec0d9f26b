import { z } from "zod";
import { PRIORITIES, WEEKDAYS } from "./sla.ts";

const minutes = (what: string) =>
  z
    .number({ error: `Give a ${what} target in minutes.` })
    .int("Use whole minutes.")
    .min(1, "Use at least 1 minute.")
    .max(525_600, "Use at most a year (525,600 minutes).");

export const slaTargetSchema = z
  .object({ firstResponse: minutes("first-response"), resolution: minutes("resolution") })
  .refine((t) => t.resolution >= t.firstResponse, {
    message: "Resolution can't be due before the first response.",
    path: ["resolution"],
  });

export const slaTargetsSchema = z.object({
  LOW: slaTargetSchema,
  MEDIUM: slaTargetSchema,
  HIGH: slaTargetSchema,
  URGENT: slaTargetSchema,
});
export type SlaTargetsInput = z.infer<typeof slaTargetsSchema>;

const hm = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, "Use HH:mm (00:00–24:00).");

export const timeIntervalSchema = z
  .object({ start: hm, end: hm })
  .refine((i) => i.end > i.start, { message: "The end must be after the start.", path: ["end"] });

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const dayIntervals = z
  .array(timeIntervalSchema)
  .max(6, "Use at most 6 intervals a day.")
  .refine(
    (list) => {
      const sorted = [...list].sort((a, b) => (a.start < b.start ? -1 : 1));
      return sorted.every((i, n) => n === 0 || i.start >= (sorted[n - 1] as { end: string }).end);
    },
    { message: "Intervals of one day can't overlap." },
  )
  .default([]);

const isoDate = z.iso.date("Use a date like 2026-12-25.");

export const businessHoursSchema = z
  .object({
    timezone: z.string().trim().min(1).max(64).refine(isTimeZone, "Unknown time zone."),
    weekly: z.object(
      Object.fromEntries(WEEKDAYS.map((d) => [d, dayIntervals])) as Record<
        (typeof WEEKDAYS)[number],
        typeof dayIntervals
      >,
    ),
    holidays: z
      .array(isoDate)
      .max(400, "Use at most 400 holidays.")
      .default([])
      .transform((list) => [...new Set(list)].sort()),
  })
  .refine((b) => WEEKDAYS.some((d) => b.weekly[d].length > 0), {
    message: "Open at least one interval in the week.",
    path: ["weekly"],
  });
export type BusinessHoursInput = z.infer<typeof businessHoursSchema>;

const policyFields = {
  name: z.string().trim().min(1, "Name the policy.").max(100, "Use at most 100 characters."),
  description: z.string().trim().max(2000, "This is too long.").nullish(),
  targets: slaTargetsSchema,
  businessHoursOnly: z.boolean().default(true),
  businessHours: businessHoursSchema.nullish(),
  isDefault: z.boolean().default(false),
};

const needsHours = (p: { businessHoursOnly?: boolean; businessHours?: unknown }) =>
  p.businessHoursOnly === false || p.businessHours != null;
const needsHoursIssue = {
  message: "Set the business hours, or make the policy run 24/7.",
  path: ["businessHours"],
};

export const createSlaPolicyInput = z
  .object({ orgId: z.uuid(), ...policyFields })
  .refine(needsHours, needsHoursIssue);
export type CreateSlaPolicyInput = z.input<typeof createSlaPolicyInput>;

export const updateSlaPolicyInput = z.object({
  orgId: z.uuid(),
  policyId: z.uuid(),
  name: policyFields.name.optional(),
  description: policyFields.description,
  targets: slaTargetsSchema.optional(),
  businessHoursOnly: z.boolean().optional(),
  businessHours: businessHoursSchema.nullish(),
  isDefault: z.literal(true).optional(),
});
export type UpdateSlaPolicyInput = z.input<typeof updateSlaPolicyInput>;

export const slaPolicyIdInput = z.object({ orgId: z.uuid(), policyId: z.uuid() });
export type SlaPolicyIdInput = z.input<typeof slaPolicyIdInput>;

export const listSlaPoliciesInput = z.object({ orgId: z.uuid() });
export type ListSlaPoliciesInput = z.input<typeof listSlaPoliciesInput>;

export const slaPriorities = PRIORITIES;
