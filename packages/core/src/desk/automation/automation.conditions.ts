import { fieldKind, REGEX_MAX_INPUT, TICKET_PRIORITIES } from "./automation.catalog.ts";
import type { ConditionRule, Conditions } from "./automation.schema.ts";

/** What conditions look at: the ticket as it is when the rule runs. */
export interface TicketFacts {
  status: string;
  priority: string;
  channel: string;
  subject: string;
  description: string;
  tags: string[];
  assigneeId: string | null;
  teamId: string | null;
  requesterEmail: string | null;
  customFields: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

const HOUR = 3_600_000;
const lower = (v: unknown) => String(v).trim().toLowerCase();
const isBlank = (v: unknown) =>
  v === null ||
  v === undefined ||
  (typeof v === "string" && v.trim() === "") ||
  (Array.isArray(v) && v.length === 0);

function fieldValue(field: string, facts: TicketFacts, now: Date): unknown {
  if (field.startsWith("cf.")) return facts.customFields[field.slice(3)];
  switch (field) {
    case "hoursSinceCreated":
      return (now.getTime() - facts.createdAt.getTime()) / HOUR;
    case "hoursSinceUpdated":
      return (now.getTime() - facts.updatedAt.getTime()) / HOUR;
    default:
      return facts[field as keyof TicketFacts];
  }
}

/** Priorities compare by rank (LOW < MEDIUM < HIGH < URGENT); everything else numerically. */
function asNumber(field: string, v: unknown): number {
  if (field === "priority") return TICKET_PRIORITIES.indexOf(v as (typeof TICKET_PRIORITIES)[number]);
  if (typeof v === "number") return v;
  if (typeof v === "string" && v.trim() !== "") return Number(v);
  return Number.NaN;
}

/** One condition against the ticket. Text comparisons ignore case and surrounding spaces. */
export function evaluateRule(rule: ConditionRule, facts: TicketFacts, now: Date): boolean {
  const kind = fieldKind(rule.field);
  const actual = fieldValue(rule.field, facts, now);
  const expected = rule.value;
  const list = Array.isArray(expected) ? expected : [];

  if (kind === "tags") {
    const tags = (actual as string[]).map(lower);
    switch (rule.operator) {
      case "contains":
        return tags.includes(lower(expected));
      case "not_contains":
        return !tags.includes(lower(expected));
      case "in":
        return list.some((v) => tags.includes(lower(v)));
      case "not_in":
        return !list.some((v) => tags.includes(lower(v)));
      case "is_empty":
        return tags.length === 0;
      case "is_not_empty":
        return tags.length > 0;
      default:
        return false;
    }
  }

  switch (rule.operator) {
    case "is_empty":
      return isBlank(actual);
    case "is_not_empty":
      return !isBlank(actual);
    case "equals":
      if (kind === "number") return asNumber(rule.field, actual) === asNumber(rule.field, expected);
      return isBlank(actual) ? isBlank(expected) : lower(actual) === lower(expected);
    case "not_equals":
      if (kind === "number") return asNumber(rule.field, actual) !== asNumber(rule.field, expected);
      return isBlank(actual) ? !isBlank(expected) : lower(actual) !== lower(expected);
    case "contains":
      return !isBlank(actual) && lower(actual).includes(lower(expected));
    case "not_contains":
      return isBlank(actual) || !lower(actual).includes(lower(expected));
    case "starts_with":
      return !isBlank(actual) && lower(actual).startsWith(lower(expected));
    case "ends_with":
      return !isBlank(actual) && lower(actual).endsWith(lower(expected));
    case "in":
      return !isBlank(actual) && list.some((v) => lower(v) === lower(actual));
    case "not_in":
      return isBlank(actual) || !list.some((v) => lower(v) === lower(actual));
    case "greater_than":
    case "less_than": {
      const a = asNumber(rule.field, actual);
      const b = asNumber(rule.field, expected);
      // Unknown values (a priority we don't rank, a non-numeric custom field) never match.
      const unranked = rule.field === "priority" && (a < 0 || b < 0);
      if (!Number.isFinite(a) || !Number.isFinite(b) || unranked) return false;
      return rule.operator === "greater_than" ? a > b : a < b;
    }
    case "matches": {
      if (isBlank(actual)) return false;
      // The pattern passed unsafeRegexReason at save; the input is capped so work stays bounded.
      return new RegExp(String(expected), "iu").test(String(actual).slice(0, REGEX_MAX_INPUT));
    }
    default:
      return false;
  }
}

/** The whole condition tree: every rule ("all") or at least one ("any"); no rules always matches. */
export function evaluateConditions(conditions: Conditions, facts: TicketFacts, now: Date): boolean {
  if (conditions.rules.length === 0) return true;
  return conditions.match === "all"
    ? conditions.rules.every((r) => evaluateRule(r, facts, now))
    : conditions.rules.some((r) => evaluateRule(r, facts, now));
}
