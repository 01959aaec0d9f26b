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

// ── Priority multipliers (the seed's priorityMultipliers: the target scales by priority) ─────

const multiplier = z
  .number({ error: "Give a multiplier, like 0.5 or 2." })
  .min(0.05, "Use at least ×0.05.")
  .max(20, "Use at most ×20.");

/** Per priority, what the target is multiplied by; a missing priority keeps ×1. */
export const priorityMultipliersSchema = z.object(
  Object.fromEntries(PRIORITIES.map((p) => [p, multiplier.optional()])) as Record<
    (typeof PRIORITIES)[number],
    z.ZodOptional<typeof multiplier>
  >,
);
export type PriorityMultipliersInput = z.infer<typeof priorityMultipliersSchema>;

/** The target of one priority: its own (or the policy's base target) × its multiplier, whole minutes. */
export function scaledTarget(
  target: { firstResponse: number; resolution: number },
  factor: number | undefined,
): { firstResponse: number; resolution: number } {
  const f = factor ?? 1;
  return {
    firstResponse: Math.max(1, Math.round(target.firstResponse * f)),
    resolution: Math.max(1, Math.round(target.resolution * f)),
  };
}

const MAX_TARGET = 525_600;

/**
 * Field issues of the effective targets (base or per-priority targets × multipliers): each must
 * stay within a year, reported on the multiplier that pushed it there.
 */
export function effectiveTargetIssues(
  targets: Partial<Record<(typeof PRIORITIES)[number], { firstResponse: number; resolution: number }>> | null,
  base: { firstResponse: number; resolution: number },
  multipliers: PriorityMultipliersInput,
): Record<string, string> {
  const issues: Record<string, string> = {};
  for (const p of PRIORITIES) {
    const scaled = scaledTarget(targets?.[p] ?? base, multipliers[p]);
    if (scaled.resolution > MAX_TARGET)
      issues[`priorityMultipliers.${p}`] =
        "This makes the target longer than a year; use a smaller multiplier.";
  }
  return issues;
}

// ── Escalation rules (the seed's escalationRules) ─────────────────────────────────────────────

export const ESCALATION_LEVELS = ["warning", "breach"] as const;
export const ESCALATION_TARGETS = ["any", "first_response", "resolution"] as const;
export const ESCALATION_ACTION_TYPES = [
  "notify_team_leads",
  "notify_user",
  "assign_team",
  "raise_priority",
  "add_tag",
] as const;

const escalationTag = z
  .string({ error: "Give a tag." })
  .trim()
  .toLowerCase()
  .min(1, "Give a tag.")
  .max(50, "Use at most 50 characters.");

export const escalationActionSchema = z.discriminatedUnion(
  "type",
  [
    /** The leads of a team: the given one, or (null) the ticket's own team at the time. */
    z.object({ type: z.literal("notify_team_leads"), teamId: z.uuid("Choose a team.").nullable() }),
    z.object({ type: z.literal("notify_user"), userId: z.uuid("Choose a person.") }),
    /** Moves the ticket to a team; `unassign` also removes the agent, so the team picks it up. */
    z.object({
      type: z.literal("assign_team"),
      teamId: z.uuid("Choose a team."),
      unassign: z.boolean().default(false),
    }),
    /** One step up (NEXT) or at least the given priority; never lowers it. */
    z.object({
      type: z.literal("raise_priority"),
      to: z.enum(["NEXT", "MEDIUM", "HIGH", "URGENT"], { error: "Choose a priority." }),
    }),
    z.object({ type: z.literal("add_tag"), tag: escalationTag }),
  ],
  { error: "Choose an action." },
);
export type EscalationAction = z.infer<typeof escalationActionSchema>;

export const escalationRuleSchema = z.object({
  /** Kept across edits (the log names the rule); the server gives new rules one. */
  id: z.uuid().optional(),
  level: z.enum(ESCALATION_LEVELS, { error: "Choose when the rule fires." }),
  target: z.enum(ESCALATION_TARGETS, { error: "Choose a target." }).default("any"),
  actions: z
    .array(escalationActionSchema)
    .min(1, "Add at least one action.")
    .max(5, "Use at most 5 actions a rule."),
});
export type EscalationRuleInput = z.input<typeof escalationRuleSchema>;
export type EscalationRule = z.infer<typeof escalationRuleSchema> & { id: string };

export const escalationRulesSchema = z.array(escalationRuleSchema).max(10, "Use at most 10 rules.");

// ── Policies ──────────────────────────────────────────────────────────────────────────────────

const policyFields = {
  name: z.string().trim().min(1, "Name the policy.").max(100, "Use at most 100 characters."),
  description: z.string().trim().max(2000, "This is too long.").nullish(),
  /** Targets per priority. Without them, every priority scales `baseTarget` by its multiplier. */
  targets: slaTargetsSchema.nullish(),
  /** The seed's single pair (first_response_time, resolution_time), used when `targets` is absent. */
  baseTarget: slaTargetSchema.optional(),
  priorityMultipliers: priorityMultipliersSchema.default({}),
  escalationRules: escalationRulesSchema.default([]),
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
  .refine(needsHours, needsHoursIssue)
  .refine((p) => p.targets != null || p.baseTarget !== undefined, {
    message: "Give the targets per priority, or one target scaled by priority.",
    path: ["targets"],
  })
  .superRefine((p, ctx) => {
    const base = p.baseTarget ?? p.targets?.MEDIUM;
    if (!base) return;
    for (const [path, message] of Object.entries(
      effectiveTargetIssues(p.targets ?? null, base, p.priorityMultipliers),
    )) {
      ctx.addIssue({ code: "custom", message, path: path.split(".") });
    }
  });
export type CreateSlaPolicyInput = z.input<typeof createSlaPolicyInput>;

export const updateSlaPolicyInput = z.object({
  orgId: z.uuid(),
  policyId: z.uuid(),
  name: policyFields.name.optional(),
  description: policyFields.description,
  /** null: drop the per-priority targets, so priorities scale the base target. */
  targets: slaTargetsSchema.nullish(),
  baseTarget: slaTargetSchema.optional(),
  priorityMultipliers: priorityMultipliersSchema.optional(),
  escalationRules: escalationRulesSchema.optional(),
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
