import { z } from "zod";
import {
  AUTOMATION_TRIGGERS,
  CONDITION_OPERATORS,
  fieldKind,
  operatorArity,
  operatorFits,
  operatorsFor,
  REGEX_MAX_PATTERN,
  TEMPLATE_PLACEHOLDERS,
  TICKET_CHANNELS,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  WATCHABLE_FIELDS,
} from "./automation.catalog.ts";

// ---------------------------------------------------------------------------------------------
// Regex safety
// ---------------------------------------------------------------------------------------------

/**
 * Why a `matches` pattern is refused, or null when it is accepted. Patterns are written by admins
 * but run (in the worker) against text customers send, so a pattern with catastrophic backtracking
 * would let any customer stall the automation queue with a crafted subject. JavaScript regexes
 * backtrack; the classic exponential shape is a quantified group whose body is itself quantified,
 * e.g. `(a+)+`, `(\w*)*`, `((ab)+c)*`: for an input that almost matches, the engine tries every way
 * of splitting the text between the inner and outer loop. We refuse that shape outright (the check
 * is syntactic and conservative), cap the pattern at 200 characters and the input at 10k characters
 * (REGEX_MAX_INPUT) so the remaining polynomial cases stay cheap.
 */
export function unsafeRegexReason(pattern: string): string | null {
  if (pattern.length > REGEX_MAX_PATTERN) return `Use at most ${REGEX_MAX_PATTERN} characters.`;
  try {
    new RegExp(pattern, "iu");
  } catch (error) {
    return `This isn't a valid regular expression (${(error as Error).message.replace(/^Invalid regular expression: /, "")}).`;
  }
  // Walk the pattern: each open group remembers whether a quantifier occurs inside it.
  const groups: boolean[] = [];
  let lastAtomWasQuantifiedGroup = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === "\\") {
      i++; // an escaped character is a plain atom
      lastAtomWasQuantifiedGroup = false;
      continue;
    }
    if (ch === "[") {
      // Skip the character class (escapes and a leading ] included).
      i++;
      if (pattern[i] === "^") i++;
      if (pattern[i] === "]") i++;
      while (i < pattern.length && pattern[i] !== "]") i += pattern[i] === "\\" ? 2 : 1;
      lastAtomWasQuantifiedGroup = false;
      continue;
    }
    if (ch === "(") {
      groups.push(false);
      lastAtomWasQuantifiedGroup = false;
      continue;
    }
    if (ch === ")") {
      const inner = groups.pop() ?? false;
      lastAtomWasQuantifiedGroup = inner;
      // The enclosing group contains whatever this one contained.
      if (inner && groups.length) groups[groups.length - 1] = true;
      continue;
    }
    const braces = ch === "{" ? /^\{(\d+)(?:(,)(\d*))?\}/.exec(pattern.slice(i)) : null;
    if (ch === "*" || ch === "+" || ch === "?" || braces) {
      // Does this quantifier repeat its atom (x*, x+, x{2,}, x{1,5}), or only make it optional (x?)?
      let repeats = ch === "*" || ch === "+";
      if (braces) {
        const min = Number(braces[1]);
        const max = braces[2] ? (braces[3] ? Number(braces[3]) : Number.POSITIVE_INFINITY) : min;
        repeats = max > 1;
      }
      if (lastAtomWasQuantifiedGroup && repeats) {
        return "Nested repetition like (a+)+ can take forever on some texts: simplify the pattern.";
      }
      if (groups.length) groups[groups.length - 1] = true;
      if (braces) i += braces[0].length - 1;
      if (pattern[i + 1] === "?") i++; // lazy modifier
      lastAtomWasQuantifiedGroup = false;
      continue;
    }
    lastAtomWasQuantifiedGroup = false;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Conditions
// ---------------------------------------------------------------------------------------------

const conditionValue = z
  .union([
    z.string().max(1000, "Use at most 1000 characters."),
    z.number(),
    z.array(z.string().trim().max(200)).max(50, "Use at most 50 values."),
    z.null(),
  ])
  .optional();

const isUuid = (v: unknown) => typeof v === "string" && z.uuid().safeParse(v).success;

export const conditionRuleSchema = z
  .object({
    field: z.string().trim().min(1, "Choose a field.").max(120),
    operator: z.enum(CONDITION_OPERATORS, { error: "Choose an operator." }),
    value: conditionValue,
  })
  .superRefine((rule, ctx) => {
    const kind = fieldKind(rule.field);
    if (!kind) {
      ctx.addIssue({ code: "custom", path: ["field"], message: "Unknown field." });
      return;
    }
    if (!operatorFits(rule.field, rule.operator)) {
      ctx.addIssue({
        code: "custom",
        path: ["operator"],
        message: `The operator ${rule.operator} doesn't fit the field ${rule.field}: use ${operatorsFor(rule.field).join(", ")}.`,
      });
      return;
    }
    const arity = operatorArity(rule.operator);
    const bad = (message: string) => ctx.addIssue({ code: "custom", path: ["value"], message });
    if (arity === "none") return;
    if (arity === "list") {
      if (!Array.isArray(rule.value) || rule.value.length === 0) return bad("Give at least one value.");
    } else if (rule.value === null || rule.value === undefined || Array.isArray(rule.value)) {
      return bad("Give a value.");
    } else if (typeof rule.value === "string" && rule.value.trim() === "" && rule.operator !== "equals") {
      return bad("Give a value.");
    }
    const values = Array.isArray(rule.value) ? rule.value : [rule.value];
    const numeric = rule.operator === "greater_than" || rule.operator === "less_than" || kind === "number";
    if (kind === "priority" && numeric) {
      if (!values.every((v) => (TICKET_PRIORITIES as readonly unknown[]).includes(v)))
        return bad("Choose a priority.");
      return;
    }
    if (numeric) {
      if (!values.every((v) => typeof v === "number" && Number.isFinite(v))) return bad("Give a number.");
      return;
    }
    const allowed =
      kind === "status"
        ? TICKET_STATUSES
        : kind === "priority"
          ? TICKET_PRIORITIES
          : kind === "channel"
            ? TICKET_CHANNELS
            : null;
    if (allowed && !values.every((v) => (allowed as readonly unknown[]).includes(v))) {
      return bad(`Choose one of ${allowed.join(", ")}.`);
    }
    if ((kind === "member" || kind === "team") && !values.every(isUuid)) {
      return bad(kind === "member" ? "Choose an agent." : "Choose a team.");
    }
    if (!values.every((v) => typeof v === "string")) return bad("Give a text value.");
    if (rule.operator === "matches") {
      const reason = unsafeRegexReason(String(rule.value));
      if (reason) return bad(reason);
    }
  });
export type ConditionRule = z.infer<typeof conditionRuleSchema>;

export const conditionsSchema = z.object({
  match: z.enum(["all", "any"]).default("all"),
  rules: z.array(conditionRuleSchema).max(20, "Use at most 20 conditions.").default([]),
});
export type Conditions = z.infer<typeof conditionsSchema>;

/**
 * Reading conditions back from the database: the shape only, not today's operator table. A rule
 * saved before the table was narrowed (say `subject greater_than`) must keep its conditions; with
 * the strict schema it would read as "no conditions" and then match every ticket.
 */
export const storedConditionsSchema = z.object({
  match: z.enum(["all", "any"]).default("all"),
  rules: z
    .array(z.object({ field: z.string(), operator: z.enum(CONDITION_OPERATORS), value: conditionValue }))
    .default([]),
});

// ---------------------------------------------------------------------------------------------
// Actions
// ---------------------------------------------------------------------------------------------

const PLACEHOLDER = /\{\{\s*([^}]*?)\s*\}\}/g;

/** A reply/note template: known placeholders only, so a typo is caught at save, not sent to a customer. */
const templateSchema = (max: number) =>
  z
    .string()
    .trim()
    .min(1, "Write the message.")
    .max(max, `Use at most ${max} characters.`)
    .superRefine((text, ctx) => {
      for (const m of text.matchAll(PLACEHOLDER)) {
        const name = m[1] ?? "";
        if (!(TEMPLATE_PLACEHOLDERS as readonly string[]).includes(name)) {
          ctx.addIssue({
            code: "custom",
            message: `Unknown placeholder {{${name}}}. Use ${TEMPLATE_PLACEHOLDERS.map((p) => `{{${p}}}`).join(", ")}.`,
          });
          return;
        }
      }
    });

/** Fills `{{ticket.number}}`-style placeholders; values are plain text (mail and UI escape them). */
export function renderTemplate(template: string, values: Record<string, string>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => values[name] ?? whole);
}

const tagSchema = z.string().trim().toLowerCase().min(1, "Give a tag.").max(50, "Use at most 50 characters.");

export const automationActionSchema = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("set_priority"), priority: z.enum(TICKET_PRIORITIES, "Choose a priority.") }),
    z.object({ type: z.literal("set_status"), status: z.enum(TICKET_STATUSES, "Choose a status.") }),
    z.object({ type: z.literal("set_team"), teamId: z.uuid("Choose a team.").nullable() }),
    z.object({ type: z.literal("set_assignee"), assigneeId: z.uuid("Choose an agent.").nullable() }),
    z.object({ type: z.literal("add_tag"), tag: tagSchema }),
    z.object({ type: z.literal("remove_tag"), tag: tagSchema }),
    z.object({ type: z.literal("add_internal_note"), body: templateSchema(5000) }),
    z.object({ type: z.literal("send_reply"), body: templateSchema(10_000) }),
    z.object({
      type: z.literal("notify"),
      /** "assignee" (the ticket's, when it has one) and/or agents by user id. */
      recipients: z
        .array(z.union([z.literal("assignee"), z.uuid("Choose an agent.")]))
        .min(1, "Choose who to notify.")
        .max(20, "Notify at most 20 people.")
        .transform((list) => [...new Set(list)]),
      message: templateSchema(500),
    }),
    z.object({
      type: z.literal("webhook"),
      url: z
        .url({ protocol: /^https?$/, error: "Give a full https:// URL." })
        .max(2000, "Use at most 2000 characters."),
      /** Signs the body (X-Quartet-Signature) so the receiver can check it came from this workspace. */
      secret: z
        .string()
        .min(16, "Use a secret of at least 16 characters.")
        .max(200, "Use at most 200 characters."),
    }),
  ],
  { error: "Choose an action." },
);
export type AutomationAction = z.infer<typeof automationActionSchema>;

// ---------------------------------------------------------------------------------------------
// Rule inputs
// ---------------------------------------------------------------------------------------------

const nameSchema = z.string().trim().min(1, "Name the rule.").max(100, "Use at most 100 characters.");
const descriptionSchema = z.string().trim().max(1000, "Use at most 1000 characters.").nullish();

const ruleBody = {
  name: nameSchema,
  description: descriptionSchema,
  trigger: z.enum(AUTOMATION_TRIGGERS, { error: "Choose when the rule runs." }),
  /** For ticket.field_changed: the field to watch. */
  triggerField: z.enum(WATCHABLE_FIELDS, { error: "Choose the field to watch." }).nullish(),
  /** For ticket.pending_for: hours a ticket has been pending. */
  pendingHours: z
    .number({ error: "Give a number of hours." })
    .int("Use whole hours.")
    .min(1, "Use at least 1 hour.")
    .max(8760, "Use at most a year (8760 hours).")
    .nullish(),
  conditions: conditionsSchema.default({ match: "all", rules: [] }),
  actions: z
    .array(automationActionSchema)
    .min(1, "Add at least one action.")
    .max(10, "Use at most 10 actions."),
  stopProcessing: z.boolean().default(false),
  enabled: z.boolean().default(true),
};

type RuleShape = {
  trigger: string;
  triggerField?: string | null;
  pendingHours?: number | null;
};
const triggerParams = (rule: RuleShape, ctx: z.RefinementCtx) => {
  if (rule.trigger === "ticket.field_changed" && !rule.triggerField) {
    ctx.addIssue({ code: "custom", path: ["triggerField"], message: "Choose the field to watch." });
  }
  if (rule.trigger === "ticket.pending_for" && !rule.pendingHours) {
    ctx.addIssue({ code: "custom", path: ["pendingHours"], message: "Give a number of hours." });
  }
};

export const createRuleInput = z.object({ orgId: z.uuid(), ...ruleBody }).superRefine(triggerParams);
export type CreateRuleInput = z.input<typeof createRuleInput>;

/** Updates replace the whole rule definition (the editor always sends every field). */
export const updateRuleInput = z
  .object({ orgId: z.uuid(), ruleId: z.uuid(), ...ruleBody })
  .superRefine(triggerParams);
export type UpdateRuleInput = z.input<typeof updateRuleInput>;

export const ruleIdInput = z.object({ orgId: z.uuid(), ruleId: z.uuid() });
export type RuleIdInput = z.infer<typeof ruleIdInput>;

export const listRulesInput = z.object({ orgId: z.uuid() });

export const setRuleEnabledInput = z.object({ orgId: z.uuid(), ruleId: z.uuid(), enabled: z.boolean() });
export type SetRuleEnabledInput = z.infer<typeof setRuleEnabledInput>;

export const reorderRulesInput = z.object({
  orgId: z.uuid(),
  /** Every rule of the workspace, first to run first. */
  ruleIds: z
    .array(z.uuid())
    .max(500)
    .refine((ids) => new Set(ids).size === ids.length, "A rule appears twice."),
});
export type ReorderRulesInput = z.infer<typeof reorderRulesInput>;

export const listExecutionsInput = z.object({
  orgId: z.uuid(),
  ruleId: z.uuid(),
  cursor: z.string().max(200).nullish(),
  limit: z.number().int().min(1).max(100).default(25),
});
export type ListExecutionsInput = z.input<typeof listExecutionsInput>;

// ---------------------------------------------------------------------------------------------
// DTOs
// ---------------------------------------------------------------------------------------------

/** What is stored in AutomationRule.conditions: the condition tree plus the trigger's parameters. */
export interface StoredConditions extends Conditions {
  triggerField?: string | null;
  pendingHours?: number | null;
}

export interface ActionRunRecord {
  type: AutomationAction["type"];
  ok: boolean;
  /** e.g. the webhook's HTTP status. */
  detail?: string;
}

export interface AutomationRuleItem {
  id: string;
  name: string;
  description: string | null;
  trigger: (typeof AUTOMATION_TRIGGERS)[number];
  triggerField: (typeof WATCHABLE_FIELDS)[number] | null;
  pendingHours: number | null;
  conditions: Conditions;
  actions: AutomationAction[];
  priority: number;
  enabled: boolean;
  stopProcessing: boolean;
  triggerCount: number;
  lastTriggeredAt: Date | null;
  /** Failed executions in the last 7 days. */
  recentFailures: number;
  /**
   * Beyond the plan's rule limit after a downgrade (the newest rules first): it doesn't run and
   * can't be edited or enabled until the plan allows it again. Deleting it is always allowed.
   */
  lockedByPlan: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface AutomationExecutionItem {
  id: string;
  createdAt: Date;
  trigger: string;
  outcome: "matched" | "failed" | "skipped";
  actionsRun: ActionRunRecord[];
  error: string | null;
  depth: number;
  ticket: { id: string; number: number; subject: string } | null;
}
