import {
  type AutomationTrigger,
  CHOICE_KINDS,
  CONDITION_FIELDS,
  type ConditionOperator,
  type FieldKind,
  fieldKind,
  operatorArity,
  operatorForField,
  operatorsFor,
} from "@quartet/core/desk/automation/automation.catalog";
import type { RouterInputs, RouterOutputs } from "../../../lib/trpc.ts";

// The rule editor's draft model and its conversion to and from the API's rule shape.

export type Rule = RouterOutputs["deskAutomation"]["list"][number];
export type RuleInput = RouterInputs["deskAutomation"]["create"];
type ApiAction = Rule["actions"][number];
export type ActionType = ApiAction["type"];

export interface ConditionDraft {
  key: string;
  /** A built-in field, or "custom" with `customKey` (sent as cf.<key>). */
  field: string;
  customKey: string;
  operator: ConditionOperator;
  /** Single values, and comma-separated lists for free-text fields. */
  value: string;
  /** Lists picked from fixed choices (status, priority, channel, agents, teams). */
  list: string[];
}

export interface ActionDraft {
  key: string;
  type: ActionType;
  priority: string;
  status: string;
  teamId: string;
  assigneeId: string;
  tag: string;
  body: string;
  recipients: string[];
  message: string;
  url: string;
  secret: string;
}

export interface RuleDraft {
  name: string;
  description: string;
  trigger: AutomationTrigger;
  triggerField: string;
  pendingHours: string;
  match: "all" | "any";
  conditions: ConditionDraft[];
  actions: ActionDraft[];
  stopProcessing: boolean;
  enabled: boolean;
}

let seq = 0;
export const newKey = () => `k${++seq}`;

export const CUSTOM = "custom";
export const conditionFieldOptions: readonly string[] = [...CONDITION_FIELDS, CUSTOM];

/** The field name the server knows (`cf.<key>` for custom fields). */
export const apiField = (c: Pick<ConditionDraft, "field" | "customKey">) =>
  c.field === CUSTOM ? `cf.${c.customKey.trim()}` : c.field;

/** The catalog's name for a draft row's field (any `cf.<key>` stands for custom fields). */
const catalogField = (field: string) => (field === CUSTOM ? "cf.x" : field);

/** Operators offered for a draft row: the catalog's table, the one the server validates with. */
export const operatorsForDraft = (c: Pick<ConditionDraft, "field">) => operatorsFor(catalogField(c.field));

export const kindOfDraft = (c: Pick<ConditionDraft, "field">) => fieldKind(catalogField(c.field));

/** A field change: keep the operator if it fits the new field, else its first; the value starts over. */
export function changeConditionField(c: ConditionDraft, field: string): ConditionDraft {
  return { ...c, field, operator: operatorForField(catalogField(field), c.operator), value: "", list: [] };
}

/** Fields whose values are picked from fixed choices rather than typed. */
export const isChoiceKind = (kind: FieldKind | null) => kind !== null && CHOICE_KINDS.includes(kind);

/** i18n keys for an operator's label: the kind's own wording first, then the generic one. */
export const operatorLabelKeys = (kind: FieldKind | null, op: ConditionOperator) => [
  ...(kind ? [`automation.operatorsByKind.${kind}.${op}`] : []),
  `automation.operators.${op}`,
];

export function newCondition(): ConditionDraft {
  return { key: newKey(), field: "subject", customKey: "", operator: "contains", value: "", list: [] };
}

export function newAction(type: ActionType = "add_tag"): ActionDraft {
  return {
    key: newKey(),
    type,
    priority: "HIGH",
    status: "PENDING",
    teamId: "",
    assigneeId: "",
    tag: "",
    body: "",
    recipients: ["assignee"],
    message: "",
    url: "https://",
    secret: "",
  };
}

export function emptyDraft(): RuleDraft {
  return {
    name: "",
    description: "",
    trigger: "ticket.created",
    triggerField: "priority",
    pendingHours: "24",
    match: "all",
    conditions: [],
    actions: [newAction()],
    stopProcessing: false,
    enabled: true,
  };
}

export function draftFromRule(rule: Rule): RuleDraft {
  return {
    name: rule.name,
    description: rule.description ?? "",
    trigger: rule.trigger,
    triggerField: rule.triggerField ?? "priority",
    pendingHours: String(rule.pendingHours ?? 24),
    match: rule.conditions.match,
    conditions: rule.conditions.rules.map((r) => {
      const custom = r.field.startsWith("cf.");
      const list = Array.isArray(r.value) ? r.value : [];
      const kind = fieldKind(r.field);
      return {
        key: newKey(),
        field: custom ? CUSTOM : r.field,
        customKey: custom ? r.field.slice(3) : "",
        operator: r.operator,
        value: Array.isArray(r.value)
          ? isChoiceKind(kind)
            ? ""
            : r.value.join(", ")
          : String(r.value ?? ""),
        list: isChoiceKind(kind) ? list : [],
      };
    }),
    // Stored params overwrite the defaults; null ids ("no team", "unassigned") become the empty option.
    actions: rule.actions.map((a) => ({
      ...newAction(a.type),
      ...(Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v ?? ""])) as Partial<ActionDraft>),
      key: newKey(),
    })),
    stopProcessing: rule.stopProcessing,
    enabled: rule.enabled,
  };
}

const splitList = (text: string) =>
  text
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);

function conditionValue(c: ConditionDraft): string | number | string[] | null | undefined {
  const arity = operatorArity(c.operator);
  const kind = kindOfDraft(c);
  if (arity === "none") return undefined;
  if (arity === "list") return isChoiceKind(kind) ? c.list : splitList(c.value);
  const numeric =
    kind === "number" ||
    ((c.operator === "greater_than" || c.operator === "less_than") && kind !== "priority");
  if (numeric) return c.value.trim() === "" ? null : Number(c.value);
  return c.value;
}

function actionInput(a: ActionDraft): RuleInput["actions"][number] {
  switch (a.type) {
    case "set_priority":
      return { type: a.type, priority: a.priority as "HIGH" };
    case "set_status":
      return { type: a.type, status: a.status as "PENDING" };
    case "set_team":
      return { type: a.type, teamId: a.teamId || null };
    case "set_assignee":
      return { type: a.type, assigneeId: a.assigneeId || null };
    case "add_tag":
    case "remove_tag":
      return { type: a.type, tag: a.tag };
    case "add_internal_note":
    case "send_reply":
      return { type: a.type, body: a.body };
    case "notify":
      return { type: a.type, recipients: a.recipients, message: a.message };
    case "webhook":
      return { type: a.type, url: a.url, secret: a.secret };
  }
}

export function draftToInput(orgId: string, d: RuleDraft): RuleInput {
  return {
    orgId,
    name: d.name,
    description: d.description.trim() ? d.description : null,
    trigger: d.trigger,
    triggerField: d.trigger === "ticket.field_changed" ? (d.triggerField as "priority") : null,
    // An empty hours box is sent as null: the server names the field ("Give a number of hours.").
    pendingHours: d.trigger === "ticket.pending_for" && d.pendingHours.trim() ? Number(d.pendingHours) : null,
    conditions: {
      match: d.match,
      rules: d.conditions.map((c) => ({
        field: apiField(c),
        operator: c.operator,
        value: conditionValue(c),
      })),
    },
    actions: d.actions.map(actionInput),
    stopProcessing: d.stopProcessing,
    enabled: d.enabled,
  };
}

/** A random signing secret for webhooks (shown once in the editor; admins copy it to the receiver). */
export function randomSecret(): string {
  const bytes = new Uint8Array(24);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** i18n key of a trigger (keys can't contain dots). */
export const triggerKey = (trigger: string) => trigger.replace(/^ticket\./, "");
