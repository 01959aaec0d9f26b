// The vocabulary of automation rules: triggers, condition fields and operators, action types.
// No imports on purpose: the web app's rule builder imports this file as is (pure data), so the
// builder and the server can't disagree on which operator fits which field.

export const AUTOMATION_TRIGGERS = [
  "ticket.created",
  "ticket.updated",
  "ticket.field_changed",
  "ticket.customer_replied",
  "ticket.sla_warning",
  "ticket.sla_breached",
  "ticket.pending_for",
] as const;
export type AutomationTrigger = (typeof AUTOMATION_TRIGGERS)[number];

/** Ticket fields a `ticket.field_changed` rule can watch (the names ticket.updated events carry). */
export const WATCHABLE_FIELDS = [
  "status",
  "priority",
  "assigneeId",
  "teamId",
  "tags",
  "customFields",
] as const;
export type WatchableField = (typeof WATCHABLE_FIELDS)[number];

export const TICKET_STATUSES = ["OPEN", "PENDING", "RESOLVED", "CLOSED"] as const;
export const TICKET_PRIORITIES = ["LOW", "MEDIUM", "HIGH", "URGENT"] as const;
export const TICKET_CHANNELS = ["WEB", "EMAIL", "CHAT", "API", "PORTAL"] as const;

export const CONDITION_OPERATORS = [
  "equals",
  "not_equals",
  "contains",
  "not_contains",
  "starts_with",
  "ends_with",
  "in",
  "not_in",
  "greater_than",
  "less_than",
  "matches",
  "is_empty",
  "is_not_empty",
] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

/** How a field's value is compared; decides which operators and which value input fit. */
export type FieldKind =
  | "status"
  | "priority"
  | "channel"
  | "text"
  | "email"
  | "custom"
  | "tags"
  | "member"
  | "team"
  | "number";

export const CONDITION_FIELDS = [
  "status",
  "priority",
  "channel",
  "subject",
  "description",
  "tags",
  "assigneeId",
  "teamId",
  "requesterEmail",
  "hoursSinceCreated",
  "hoursSinceUpdated",
] as const;
export type BuiltInConditionField = (typeof CONDITION_FIELDS)[number];
/** A built-in field, or a custom field as `cf.<key>`. */
export type ConditionField = BuiltInConditionField | `cf.${string}`;

export const CUSTOM_FIELD_PREFIX = "cf.";
/** Custom field keys: what DeskCustomField keys look like (letters, digits, _ and -). */
export const CUSTOM_FIELD_KEY = /^cf\.[A-Za-z0-9_-]{1,100}$/;

const FIELD_KINDS: Record<BuiltInConditionField, FieldKind> = {
  status: "status",
  priority: "priority",
  channel: "channel",
  subject: "text",
  description: "text",
  tags: "tags",
  assigneeId: "member",
  teamId: "team",
  requesterEmail: "email",
  hoursSinceCreated: "number",
  hoursSinceUpdated: "number",
};

/** The kind of a condition field, or null for a name that is neither built in nor `cf.<key>`. */
export function fieldKind(field: string): FieldKind | null {
  if (field in FIELD_KINDS) return FIELD_KINDS[field as BuiltInConditionField];
  // Custom field values may be text, numbers or a choice: text operators plus numeric comparisons.
  if (CUSTOM_FIELD_KEY.test(field)) return "custom";
  return null;
}

const ENUM_OPS = ["equals", "not_equals", "in", "not_in"] as const;
/**
 * THE table of which operators fit which kind of field, in the order the rule editor offers them
 * (the first is the default when the field changes). The server's zod schema refuses any other
 * operator with a field message, and the editor filters its operator select with it.
 */
export const OPERATORS_BY_KIND: Readonly<Record<FieldKind, readonly ConditionOperator[]>> = {
  /** Fixed choices: is / is not / is one of / is none of. */
  status: ENUM_OPS,
  channel: ENUM_OPS,
  /** A fixed choice that also has an order (LOW < MEDIUM < HIGH < URGENT). */
  priority: [...ENUM_OPS, "greater_than", "less_than"],
  /** Subject and description: words inside, the start, the whole text, or a pattern. */
  text: ["contains", "not_contains", "starts_with", "ends_with", "equals", "not_equals", "matches"],
  /** The requester's address: may be missing (API tickets), often compared by domain or list. */
  email: [
    "equals",
    "not_equals",
    "contains",
    "not_contains",
    "starts_with",
    "ends_with",
    "in",
    "not_in",
    "matches",
    "is_empty",
    "is_not_empty",
  ],
  /** Custom fields hold text, numbers or choices: text operators plus numeric comparisons. */
  custom: [
    "equals",
    "not_equals",
    "contains",
    "not_contains",
    "starts_with",
    "ends_with",
    "in",
    "not_in",
    "greater_than",
    "less_than",
    "matches",
    "is_empty",
    "is_not_empty",
  ],
  /** A list of tags: has this tag / has any of / has none of / has no tags. */
  tags: ["contains", "not_contains", "in", "not_in", "is_empty", "is_not_empty"],
  /** Assignee and team: a person or team, or nobody. */
  member: ["equals", "not_equals", "in", "not_in", "is_empty", "is_not_empty"],
  team: ["equals", "not_equals", "in", "not_in", "is_empty", "is_not_empty"],
  /** Hours since created / updated. */
  number: ["greater_than", "less_than", "equals", "not_equals"],
};

/** The kinds whose value is picked from fixed choices (a select), not typed. */
export const CHOICE_KINDS: readonly FieldKind[] = ["status", "priority", "channel", "member", "team"];

/** Operators that make sense for a field (the builder offers only these; the server refuses others). */
export function operatorsFor(field: string): readonly ConditionOperator[] {
  const kind = fieldKind(field);
  return kind ? OPERATORS_BY_KIND[kind] : [];
}

/** Whether `op` fits `field`; unknown fields fit nothing. */
export function operatorFits(field: string, op: string): op is ConditionOperator {
  return (operatorsFor(field) as readonly string[]).includes(op);
}

/** The operator to keep when a rule's field changes: the current one if it fits, else the field's first. */
export function operatorForField(field: string, current: ConditionOperator): ConditionOperator {
  const ops = operatorsFor(field);
  return ops.includes(current) ? current : (ops[0] ?? "equals");
}

/** What value an operator takes: none, one value, or a list. */
export function operatorArity(op: ConditionOperator): "none" | "one" | "list" {
  if (op === "is_empty" || op === "is_not_empty") return "none";
  if (op === "in" || op === "not_in") return "list";
  return "one";
}

export const ACTION_TYPES = [
  "set_priority",
  "set_status",
  "set_team",
  "set_assignee",
  "add_tag",
  "remove_tag",
  "add_internal_note",
  "send_reply",
  "notify",
  "webhook",
] as const;
export type AutomationActionType = (typeof ACTION_TYPES)[number];

/** Placeholders a reply or note template may use. */
export const TEMPLATE_PLACEHOLDERS = [
  "ticket.number",
  "ticket.subject",
  "requester.name",
  "requester.email",
] as const;

/** Automation hops allowed before events stop starting rules (a rule changing a ticket is one hop). */
export const MAX_AUTOMATION_DEPTH = 3;

/** Regex limits: patterns are typed by admins but run on customer text, so both ends are bounded. */
export const REGEX_MAX_PATTERN = 200;
export const REGEX_MAX_INPUT = 10_000;
