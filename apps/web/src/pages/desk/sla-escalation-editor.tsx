import {
  ESCALATION_ACTION_TYPES,
  ESCALATION_LEVELS,
  ESCALATION_TARGETS,
  type EscalationRuleInput,
  escalationRulesSchema,
} from "@quartet/core/desk/sla/sla-policy.schema";
import { Button } from "@quartet/ui/button";
import { CheckboxField } from "@quartet/ui/checkbox";
import { FormField } from "@quartet/ui/form-field";
import { Plus, Trash2, X } from "@quartet/ui/icons";
import { Input } from "@quartet/ui/input";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { NativeSelect } from "@quartet/ui/select";
import type { RouterOutputs } from "../../lib/trpc.ts";
import { useAgentsAndTeams } from "./use-agents-and-teams.ts";

// The escalation rules of an SLA policy (the seed's escalationRules): at the warning or at the
// breach, for a target, a list of actions. Drafts hold every field of every action type so
// switching the type keeps what was typed; the input sent to the server keeps only what applies.

type StoredRule = RouterOutputs["deskSla"]["list"][number]["escalationRules"][number];
export type ActionType = (typeof ESCALATION_ACTION_TYPES)[number];
type RaiseTo = "NEXT" | "MEDIUM" | "HIGH" | "URGENT";
const RAISE: readonly RaiseTo[] = ["NEXT", "MEDIUM", "HIGH", "URGENT"];
const MAX_RULES = 10;
const MAX_ACTIONS = 5;

export interface ActionDraft {
  key: string;
  type: ActionType;
  teamId: string;
  userId: string;
  unassign: boolean;
  to: RaiseTo;
  tag: string;
}

export interface RuleDraft {
  key: string;
  id?: string;
  level: (typeof ESCALATION_LEVELS)[number];
  target: (typeof ESCALATION_TARGETS)[number];
  actions: ActionDraft[];
}

let seq = 0;
const nextKey = () => `k${++seq}`;

export function newAction(type: ActionType = "notify_team_leads"): ActionDraft {
  return { key: nextKey(), type, teamId: "", userId: "", unassign: false, to: "NEXT", tag: "" };
}

export function newRule(): RuleDraft {
  return { key: nextKey(), level: "breach", target: "any", actions: [newAction()] };
}

export function ruleDrafts(rules: readonly StoredRule[]): RuleDraft[] {
  return rules.map((r) => ({
    key: nextKey(),
    id: r.id,
    level: r.level,
    target: r.target,
    actions: r.actions.map((a) => {
      const d = newAction(a.type);
      if (a.type === "notify_team_leads") d.teamId = a.teamId ?? "";
      if (a.type === "assign_team") {
        d.teamId = a.teamId;
        d.unassign = a.unassign;
      }
      if (a.type === "notify_user") d.userId = a.userId;
      if (a.type === "raise_priority") d.to = a.to;
      if (a.type === "add_tag") d.tag = a.tag;
      return d;
    }),
  }));
}

/** What the server receives: only the fields of each action's type. */
export function rulesInput(rules: readonly RuleDraft[]): EscalationRuleInput[] {
  return rules.map((r) => ({
    ...(r.id ? { id: r.id } : {}),
    level: r.level,
    target: r.target,
    actions: r.actions.map((a) => {
      switch (a.type) {
        case "notify_team_leads":
          return { type: a.type, teamId: a.teamId || null };
        case "notify_user":
          return { type: a.type, userId: a.userId };
        case "assign_team":
          return { type: a.type, teamId: a.teamId, unassign: a.unassign };
        case "raise_priority":
          return { type: a.type, to: a.to };
        // add_tag
        default:
          return { type: "add_tag" as const, tag: a.tag };
      }
    }),
  }));
}

/**
 * Checks the rules with the server's own zod schema; each issue lands on the field the server
 * would name (`escalationRules.0.actions.1.teamId`), in the reader's language.
 */
export function validateRules(
  rules: readonly RuleDraft[],
  t: (key: string) => string,
): Record<string, string> {
  const parsed = escalationRulesSchema.safeParse(rulesInput(rules));
  if (parsed.success) return {};
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const path = issue.path.map(String);
    const key = ["escalationRules", ...path].join(".");
    const last = path.at(-1);
    let message = t("deskSla.escalation.errors.invalid");
    if (path.length === 0) message = t("deskSla.escalation.errors.tooManyRules");
    else if (last === "actions")
      message = t(
        issue.code === "too_big"
          ? "deskSla.escalation.errors.tooManyActions"
          : "deskSla.escalation.errors.actions",
      );
    else if (last === "teamId") message = t("deskSla.escalation.errors.team");
    else if (last === "userId") message = t("deskSla.escalation.errors.person");
    else if (last === "tag") message = t("deskSla.escalation.errors.tag");
    errors[key] ??= message;
  }
  return errors;
}

function FieldError({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <p role="alert" className="text-xs font-medium text-destructive-soft-foreground">
      {message}
    </p>
  );
}

export function EscalationRulesEditor({
  rules,
  onChange,
  err,
  clearErrors,
}: {
  rules: RuleDraft[];
  onChange: (rules: RuleDraft[]) => void;
  err: (path: string) => string | undefined;
  /** Drops the errors under a path once the person edits it. */
  clearErrors: (prefix: string) => void;
}) {
  const { t } = useTranslation();
  const { agents: people, teams } = useAgentsAndTeams();
  // Adding or removing a rule shifts the indexes errors are keyed by: they all go.
  const setRules = (next: RuleDraft[]) => {
    clearErrors("escalationRules");
    onChange(next);
  };
  const setRule = (index: number, next: Partial<RuleDraft>) => {
    if (next.actions === undefined) clearErrors(`escalationRules.${index}`);
    onChange(rules.map((r, k) => (k === index ? { ...r, ...next } : r)));
  };
  const setActions = (ruleIndex: number, actions: ActionDraft[]) => {
    clearErrors(`escalationRules.${ruleIndex}.actions`);
    setRule(ruleIndex, { actions });
  };
  const setAction = (ruleIndex: number, actionIndex: number, next: Partial<ActionDraft>) => {
    clearErrors(`escalationRules.${ruleIndex}.actions.${actionIndex}`);
    setRule(ruleIndex, {
      actions: (rules[ruleIndex]?.actions ?? []).map((a, k) => (k === actionIndex ? { ...a, ...next } : a)),
    });
  };

  return (
    <fieldset className="grid min-w-0 gap-3">
      <legend className="mb-1 text-sm font-medium">{t("deskSla.escalation.title")}</legend>
      <p className="text-sm text-muted-foreground">{t("deskSla.escalation.hint")}</p>
      <FieldError message={err("escalationRules")} />
      {rules.length === 0 ? (
        <p className="rounded-md border border-dashed px-3 py-3 text-sm text-muted-foreground">
          {t("deskSla.escalation.empty")}
        </p>
      ) : null}
      <ol className="grid gap-3">
        {rules.map((rule, r) => {
          const n = r + 1;
          const at = `escalationRules.${r}`;
          return (
            <li key={rule.key}>
              <fieldset className="relative grid min-w-0 gap-3 rounded-md border p-3">
                <legend className="float-start text-sm font-medium">
                  {t("deskSla.escalation.rule", { n })}
                </legend>
                <Button
                  variant="ghost"
                  size="icon-sm"
                  className="absolute end-2 top-2"
                  aria-label={t("deskSla.escalation.removeRule", { n })}
                  onClick={() => setRules(rules.filter((_, k) => k !== r))}
                >
                  <Trash2 aria-hidden />
                </Button>
                <div className="grid gap-3 sm:grid-cols-2">
                  <FormField label={t("deskSla.escalation.when")} error={err(`${at}.level`)}>
                    <NativeSelect
                      value={rule.level}
                      onChange={(e) => setRule(r, { level: e.target.value as RuleDraft["level"] })}
                    >
                      {ESCALATION_LEVELS.map((l) => (
                        <option key={l} value={l}>
                          {t(`deskSla.escalation.level.${l}`)}
                        </option>
                      ))}
                    </NativeSelect>
                  </FormField>
                  <FormField label={t("deskSla.escalation.target")} error={err(`${at}.target`)}>
                    <NativeSelect
                      value={rule.target}
                      onChange={(e) => setRule(r, { target: e.target.value as RuleDraft["target"] })}
                    >
                      {ESCALATION_TARGETS.map((x) => (
                        <option key={x} value={x}>
                          {t(`deskSla.escalation.targets.${x}`)}
                        </option>
                      ))}
                    </NativeSelect>
                  </FormField>
                </div>
                <div className="grid gap-2">
                  <span className="text-sm font-medium">{t("deskSla.escalation.actions")}</span>
                  <FieldError message={err(`${at}.actions`)} />
                  <ul className="grid gap-2">
                    {rule.actions.map((action, a) => {
                      const label = t("deskSla.escalation.action", { n: a + 1, rule: n });
                      const path = `${at}.actions.${a}`;
                      return (
                        <li key={action.key}>
                          <fieldset
                            aria-label={label}
                            className="grid min-w-0 gap-2 rounded-md bg-subtle p-2 sm:grid-cols-[minmax(0,14rem)_minmax(0,1fr)_auto] sm:items-start"
                          >
                            {/* Phone: the type and its remove button share the first line; wider: three columns. */}
                            <div className="flex items-start gap-2 sm:contents">
                              <div className="min-w-0 flex-1">
                                <NativeSelect
                                  aria-label={label}
                                  value={action.type}
                                  onChange={(e) => setAction(r, a, { type: e.target.value as ActionType })}
                                >
                                  {ESCALATION_ACTION_TYPES.map((type) => (
                                    <option key={type} value={type}>
                                      {t(`deskSla.escalation.types.${type}`)}
                                    </option>
                                  ))}
                                </NativeSelect>
                              </div>
                              <Button
                                variant="ghost"
                                size="icon-sm"
                                className="mt-0.5 sm:order-last sm:justify-self-end"
                                aria-label={t("deskSla.escalation.removeAction", { n: a + 1, rule: n })}
                                onClick={() =>
                                  setActions(
                                    r,
                                    rule.actions.filter((_, k) => k !== a),
                                  )
                                }
                              >
                                <X aria-hidden />
                              </Button>
                            </div>
                            <ActionParams
                              action={action}
                              path={path}
                              err={err}
                              people={people}
                              teams={teams}
                              onChange={(next) => setAction(r, a, next)}
                            />
                          </fieldset>
                          <FieldError message={err(path)} />
                        </li>
                      );
                    })}
                  </ul>
                  {rule.actions.length < MAX_ACTIONS ? (
                    <div>
                      <Button
                        variant="outline"
                        size="sm"
                        onClick={() => setActions(r, [...rule.actions, newAction("add_tag")])}
                      >
                        <Plus aria-hidden />
                        {t("deskSla.escalation.addAction")}
                      </Button>
                    </div>
                  ) : null}
                </div>
              </fieldset>
            </li>
          );
        })}
      </ol>
      {rules.length < MAX_RULES ? (
        <div>
          <Button variant="outline" size="sm" onClick={() => setRules([...rules, newRule()])}>
            <Plus aria-hidden />
            {t("deskSla.escalation.addRule")}
          </Button>
        </div>
      ) : null}
    </fieldset>
  );
}

function ActionParams({
  action,
  path,
  err,
  people,
  teams,
  onChange,
}: {
  action: ActionDraft;
  path: string;
  err: (path: string) => string | undefined;
  people: { value: string; label: string }[];
  teams: { value: string; label: string }[];
  onChange: (next: Partial<ActionDraft>) => void;
}) {
  const { t } = useTranslation();
  switch (action.type) {
    case "notify_team_leads":
    case "assign_team": {
      const leads = action.type === "notify_team_leads";
      return (
        <div className="grid gap-2">
          <FormField label={t("deskSla.escalation.team")} error={err(`${path}.teamId`)}>
            <NativeSelect value={action.teamId} onChange={(e) => onChange({ teamId: e.target.value })}>
              <option value="">
                {leads ? t("deskSla.escalation.ticketTeam") : t("deskSla.escalation.chooseTeam")}
              </option>
              {teams.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </NativeSelect>
          </FormField>
          {leads ? null : (
            <CheckboxField
              label={t("deskSla.escalation.unassign")}
              checked={action.unassign}
              onCheckedChange={(v) => onChange({ unassign: v === true })}
            />
          )}
        </div>
      );
    }
    case "notify_user":
      return (
        <FormField label={t("deskSla.escalation.person")} error={err(`${path}.userId`)}>
          <NativeSelect value={action.userId} onChange={(e) => onChange({ userId: e.target.value })}>
            <option value="">{t("deskSla.escalation.choosePerson")}</option>
            {people.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </NativeSelect>
        </FormField>
      );
    case "raise_priority":
      return (
        <FormField label={t("deskSla.escalation.priority")} error={err(`${path}.to`)}>
          <NativeSelect value={action.to} onChange={(e) => onChange({ to: e.target.value as RaiseTo })}>
            {RAISE.map((x) => (
              <option key={x} value={x}>
                {t(`deskSla.escalation.raise.${x}`)}
              </option>
            ))}
          </NativeSelect>
        </FormField>
      );
    case "add_tag":
      return (
        <FormField label={t("deskSla.escalation.tag")} error={err(`${path}.tag`)}>
          <Input
            maxLength={50}
            autoComplete="off"
            value={action.tag}
            onChange={(e) => onChange({ tag: e.target.value })}
          />
        </FormField>
      );
  }
}
