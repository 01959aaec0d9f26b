import {
  ACTION_TYPES,
  AUTOMATION_TRIGGERS,
  operatorArity,
  TEMPLATE_PLACEHOLDERS,
  TICKET_CHANNELS,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  WATCHABLE_FIELDS,
} from "@quartet/core/desk/automation/automation.catalog";
import { Button } from "@quartet/ui/button";
import { CheckboxField } from "@quartet/ui/checkbox";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@quartet/ui/dialog";
import { FormError, FormField } from "@quartet/ui/form-field";
import { Plus, Trash2 } from "@quartet/ui/icons";
import { Input, Textarea } from "@quartet/ui/input";
import { errorMessage, fieldErrorsOf } from "@quartet/ui/lib/errors";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { NativeSelect } from "@quartet/ui/select";
import { toast } from "@quartet/ui/toaster";
import { type FormEvent, type ReactNode, useEffect, useRef, useState } from "react";
import { trpc } from "../../../lib/trpc.ts";
import { useWorkspace } from "../../../lib/workspace.ts";
import { type Choice, useAgentsAndTeams } from "../use-agents-and-teams.ts";
import {
  type ActionDraft,
  type ActionType,
  type ConditionDraft,
  CUSTOM,
  changeConditionField,
  conditionFieldOptions,
  draftFromRule,
  draftToInput,
  emptyDraft,
  isChoiceKind,
  kindOfDraft,
  newAction,
  newCondition,
  operatorLabelKeys,
  operatorsForDraft,
  type Rule,
  type RuleDraft,
  randomSecret,
  triggerKey,
} from "./automation-shared.ts";

/** The editor for one rule (create when `rule` is undefined), in a wide dialog. */
export function RuleEditorDialog({
  open,
  rule,
  initial,
  onOpenChange,
}: {
  open: boolean;
  rule?: Rule;
  /** Prefill for a new rule (the empty state's example). */
  initial?: RuleDraft;
  onOpenChange: (open: boolean) => void;
}) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const utils = trpc.useUtils();
  const create = trpc.deskAutomation.create.useMutation();
  const update = trpc.deskAutomation.update.useMutation();
  const [draft, setDraft] = useState<RuleDraft>(emptyDraft);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const inFlight = useRef(false);
  const choices = useAgentsAndTeams();

  // Each opening starts from the rule (or the prefill); typing is kept across failed saves.
  useEffect(() => {
    if (!open) return;
    setDraft(rule ? draftFromRule(rule) : (initial ?? emptyDraft()));
    setErrors({});
    setFormError(null);
  }, [open, rule, initial]);

  const set = (patch: Partial<RuleDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const setCondition = (i: number, patch: Partial<ConditionDraft>) =>
    setDraft((d) => ({ ...d, conditions: d.conditions.map((c, n) => (n === i ? { ...c, ...patch } : c)) }));
  const setAction = (i: number, patch: Partial<ActionDraft>) =>
    setDraft((d) => ({ ...d, actions: d.actions.map((a, n) => (n === i ? { ...a, ...patch } : a)) }));
  /** The server's message for a path (or the first one under it). */
  const err = (path: string) =>
    errors[path] ?? Object.entries(errors).find(([k]) => k.startsWith(`${path}.`))?.[1] ?? null;

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (inFlight.current) return;
    inFlight.current = true;
    setSaving(true);
    setFormError(null);
    try {
      const input = draftToInput(org.id, draft);
      const saved = rule
        ? await update.mutateAsync({ ...input, ruleId: rule.id })
        : await create.mutateAsync(input);
      await utils.deskAutomation.list.invalidate({ orgId: org.id });
      toast.success(rule ? t("automation.saved") : t("automation.created", { name: saved.name }));
      onOpenChange(false);
    } catch (error) {
      const fields = fieldErrorsOf(error);
      setErrors(fields);
      setFormError(
        Object.keys(fields).length
          ? t("automation.editor.fixFields")
          : errorMessage(error, t("errors.generic")),
      );
    } finally {
      inFlight.current = false;
      setSaving(false);
    }
  };

  const labelOfField = (f: string) => t(`automation.fields.${f}`);
  const triggerOptions = AUTOMATION_TRIGGERS.map((tr) => ({
    value: tr,
    label: t(`automation.triggers.${triggerKey(tr)}`),
  }));

  return (
    <Dialog open={open} onOpenChange={(next) => !saving && onOpenChange(next)}>
      <DialogContent size="lg" className="sm:max-w-3xl">
        <form onSubmit={submit} className="grid gap-5" noValidate>
          <DialogHeader>
            <DialogTitle>
              {rule
                ? t("automation.editor.editTitle", { name: rule.name })
                : t("automation.editor.createTitle")}
            </DialogTitle>
            <DialogDescription>{t("automation.editor.body")}</DialogDescription>
          </DialogHeader>
          <FormError>{formError}</FormError>

          <div className="grid gap-4 sm:grid-cols-2">
            <FormField label={t("automation.editor.name")} error={err("name")}>
              <Input
                autoFocus
                maxLength={100}
                autoComplete="off"
                value={draft.name}
                onChange={(e) => set({ name: e.target.value })}
              />
            </FormField>
            <FormField label={t("automation.editor.description")} error={err("description")} optional>
              <Input
                maxLength={1000}
                autoComplete="off"
                value={draft.description}
                onChange={(e) => set({ description: e.target.value })}
              />
            </FormField>
          </div>

          <Section title={t("automation.editor.when")}>
            <div className="grid gap-3 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
              <FormField label={t("automation.editor.trigger")} error={err("trigger")}>
                <NativeSelect
                  value={draft.trigger}
                  onChange={(e) => set({ trigger: e.target.value as RuleDraft["trigger"] })}
                >
                  {triggerOptions.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </NativeSelect>
              </FormField>
              {draft.trigger === "ticket.field_changed" ? (
                <FormField label={t("automation.editor.watchedField")} error={err("triggerField")}>
                  <NativeSelect
                    value={draft.triggerField}
                    onChange={(e) => set({ triggerField: e.target.value })}
                  >
                    {WATCHABLE_FIELDS.map((f) => (
                      <option key={f} value={f}>
                        {labelOfField(f)}
                      </option>
                    ))}
                  </NativeSelect>
                </FormField>
              ) : null}
              {draft.trigger === "ticket.pending_for" ? (
                <FormField
                  label={t("automation.editor.hours")}
                  error={err("pendingHours")}
                  hint={t("automation.editor.hoursHint")}
                >
                  <Input
                    type="number"
                    min={1}
                    max={8760}
                    inputMode="numeric"
                    value={draft.pendingHours}
                    onChange={(e) => set({ pendingHours: e.target.value })}
                  />
                </FormField>
              ) : null}
            </div>
          </Section>

          <Section
            title={t("automation.editor.conditions")}
            aside={
              <fieldset className="flex rounded-md border p-0.5">
                <legend className="sr-only">{t("automation.editor.match")}</legend>
                {(["all", "any"] as const).map((m) => (
                  <label
                    key={m}
                    className="cursor-pointer rounded px-2.5 py-1 text-sm text-muted-foreground hover:bg-accent has-checked:bg-primary has-checked:text-primary-foreground has-focus-visible:outline-2 has-focus-visible:outline-ring"
                  >
                    <input
                      type="radio"
                      name="match"
                      value={m}
                      className="sr-only"
                      checked={draft.match === m}
                      onChange={() => set({ match: m })}
                    />
                    {m === "all" ? t("automation.editor.matchAll") : t("automation.editor.matchAny")}
                  </label>
                ))}
              </fieldset>
            }
          >
            {draft.conditions.length === 0 ? (
              <p className="text-sm text-muted-foreground">{t("automation.editor.noConditions")}</p>
            ) : (
              <ol className="grid gap-3">
                {draft.conditions.map((c, i) => (
                  <ConditionRow
                    key={c.key}
                    index={i}
                    condition={c}
                    choices={choices}
                    error={(part) => err(`conditions.rules.${i}.${part}`)}
                    onChange={(patch) => setCondition(i, patch)}
                    onRemove={() => set({ conditions: draft.conditions.filter((_, n) => n !== i) })}
                    labelOfField={labelOfField}
                  />
                ))}
              </ol>
            )}
            {err("conditions.rules") && !draft.conditions.length ? (
              <p className="text-sm font-medium text-destructive-soft-foreground">
                {err("conditions.rules")}
              </p>
            ) : null}
            <div>
              <Button
                variant="outline"
                size="sm"
                onClick={() => set({ conditions: [...draft.conditions, newCondition()] })}
                disabled={draft.conditions.length >= 20}
              >
                <Plus aria-hidden />
                {t("automation.editor.addCondition")}
              </Button>
            </div>
          </Section>

          <Section title={t("automation.editor.actionsHeading")}>
            <ol className="grid gap-3">
              {draft.actions.map((a, i) => (
                <ActionRow
                  key={a.key}
                  index={i}
                  action={a}
                  choices={choices}
                  error={(part) => err(`actions.${i}.${part}`)}
                  onChange={(patch) => setAction(i, patch)}
                  onRemove={
                    draft.actions.length > 1
                      ? () => set({ actions: draft.actions.filter((_, n) => n !== i) })
                      : undefined
                  }
                />
              ))}
            </ol>
            {errors.actions ? (
              <p className="text-sm font-medium text-destructive-soft-foreground">{errors.actions}</p>
            ) : null}
            <div>
              <Button
                variant="outline"
                size="sm"
                onClick={() => set({ actions: [...draft.actions, newAction()] })}
                disabled={draft.actions.length >= 10}
              >
                <Plus aria-hidden />
                {t("automation.editor.addAction")}
              </Button>
            </div>
          </Section>

          <div className="grid gap-3">
            <CheckboxField
              label={t("automation.editor.stopProcessing")}
              checked={draft.stopProcessing}
              onCheckedChange={(v) => set({ stopProcessing: v === true })}
            />
            <CheckboxField
              label={t("automation.editor.enabled")}
              checked={draft.enabled}
              onCheckedChange={(v) => set({ enabled: v === true })}
            />
          </div>

          <DialogFooter>
            <Button variant="outline" onClick={() => onOpenChange(false)} disabled={saving}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={saving}>
              {rule ? t("automation.editor.submitSave") : t("automation.editor.submitCreate")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function Section({ title, aside, children }: { title: string; aside?: ReactNode; children: ReactNode }) {
  return (
    <fieldset className="grid gap-3 rounded-lg border bg-subtle/40 p-3 sm:p-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <legend className="float-start text-sm font-semibold uppercase tracking-wide text-muted-foreground">
          {title}
        </legend>
        {aside}
      </div>
      {children}
    </fieldset>
  );
}

function ConditionRow({
  index,
  condition: c,
  choices,
  error,
  onChange,
  onRemove,
  labelOfField,
}: {
  index: number;
  condition: ConditionDraft;
  choices: { agents: Choice[]; teams: Choice[] };
  error: (part: "field" | "operator" | "value") => string | null;
  onChange: (patch: Partial<ConditionDraft>) => void;
  onRemove: () => void;
  labelOfField: (f: string) => string;
}) {
  const { t } = useTranslation();
  const ops = operatorsForDraft(c);
  const kind = kindOfDraft(c);
  const arity = operatorArity(c.operator);

  const fixedChoices: Choice[] | null =
    kind === "status"
      ? TICKET_STATUSES.map((s) => ({ value: s, label: t(`desk.status.${s}`) }))
      : kind === "priority"
        ? TICKET_PRIORITIES.map((p) => ({ value: p, label: t(`desk.priority.${p}`) }))
        : kind === "channel"
          ? TICKET_CHANNELS.map((ch) => ({ value: ch, label: t(`desk.channel.${ch}`) }))
          : kind === "member"
            ? choices.agents
            : kind === "team"
              ? choices.teams
              : null;

  // Hours, and custom fields compared as numbers, take a number; everything else is typed text.
  const numericValue =
    arity === "one" &&
    (kind === "number" ||
      (kind === "custom" && (c.operator === "greater_than" || c.operator === "less_than")));

  const changeField = (field: string) => {
    const { key: _key, ...next } = changeConditionField(c, field);
    onChange(next);
  };

  return (
    <li className="grid gap-2 rounded-md border bg-card p-3">
      <div className="grid items-start gap-2 sm:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_minmax(0,1.4fr)_auto]">
        <FormField label={t("automation.editor.field")} error={error("field")}>
          <NativeSelect value={c.field} onChange={(e) => changeField(e.target.value)}>
            {conditionFieldOptions.map((f) => (
              <option key={f} value={f}>
                {labelOfField(f)}
              </option>
            ))}
          </NativeSelect>
        </FormField>
        <FormField label={t("automation.editor.operator")} error={error("operator")}>
          <NativeSelect
            value={c.operator}
            onChange={(e) => onChange({ operator: e.target.value as ConditionDraft["operator"] })}
          >
            {ops.map((op) => (
              <option key={op} value={op}>
                {t(operatorLabelKeys(kind, op))}
              </option>
            ))}
          </NativeSelect>
        </FormField>
        {arity === "none" ? (
          <div className="hidden sm:block" />
        ) : (
          <FormField
            label={t("automation.editor.value")}
            error={error("value")}
            hint={
              c.operator === "matches"
                ? t("automation.editor.regexHint")
                : arity === "list" && !isChoiceKind(kind)
                  ? t("automation.editor.listHint")
                  : undefined
            }
          >
            {arity === "list" && fixedChoices ? (
              <fieldset className="flex flex-wrap gap-x-3 gap-y-1.5 rounded-md border px-2.5 py-2">
                {fixedChoices.map((o) => (
                  <CheckboxField
                    key={o.value}
                    label={o.label}
                    checked={c.list.includes(o.value)}
                    onCheckedChange={(v) =>
                      onChange({
                        list: v === true ? [...c.list, o.value] : c.list.filter((x) => x !== o.value),
                      })
                    }
                  />
                ))}
              </fieldset>
            ) : fixedChoices ? (
              <NativeSelect value={c.value} onChange={(e) => onChange({ value: e.target.value })}>
                <option value="">{t("automation.editor.choose")}</option>
                {fixedChoices.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </NativeSelect>
            ) : (
              <Input
                type={numericValue ? "number" : "text"}
                inputMode={numericValue ? "decimal" : kind === "email" ? "email" : undefined}
                dir={c.operator === "matches" || kind === "email" ? "ltr" : "auto"}
                value={c.value}
                onChange={(e) => onChange({ value: e.target.value })}
              />
            )}
          </FormField>
        )}
        <Button
          variant="ghost"
          size="icon-sm"
          className="sm:mt-7"
          aria-label={t("automation.editor.removeCondition", { n: index + 1 })}
          onClick={onRemove}
        >
          <Trash2 aria-hidden />
        </Button>
      </div>
      {c.field === CUSTOM ? (
        <FormField label={t("automation.editor.customKey")} error={error("field")} className="sm:max-w-xs">
          <Input dir="ltr" value={c.customKey} onChange={(e) => onChange({ customKey: e.target.value })} />
        </FormField>
      ) : null}
    </li>
  );
}

function ActionRow({
  index,
  action: a,
  choices,
  error,
  onChange,
  onRemove,
}: {
  index: number;
  action: ActionDraft;
  choices: { agents: Choice[]; teams: Choice[] };
  error: (part: string) => string | null;
  onChange: (patch: Partial<ActionDraft>) => void;
  onRemove?: () => void;
}) {
  const { t } = useTranslation();
  const placeholders = TEMPLATE_PLACEHOLDERS.map((p) => `{{${p}}}`).join(" ");
  const select = (value: string, key: keyof ActionDraft, options: Choice[], empty?: string) => (
    <NativeSelect value={value} onChange={(e) => onChange({ [key]: e.target.value })}>
      {empty !== undefined ? <option value="">{empty}</option> : null}
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </NativeSelect>
  );

  let params: ReactNode = null;
  switch (a.type) {
    case "set_priority":
      params = (
        <FormField label={t("automation.params.priority")} error={error("priority")}>
          {select(
            a.priority,
            "priority",
            TICKET_PRIORITIES.map((p) => ({ value: p, label: t(`desk.priority.${p}`) })),
          )}
        </FormField>
      );
      break;
    case "set_status":
      params = (
        <FormField label={t("automation.params.status")} error={error("status")}>
          {select(
            a.status,
            "status",
            TICKET_STATUSES.map((s) => ({ value: s, label: t(`desk.status.${s}`) })),
          )}
        </FormField>
      );
      break;
    case "set_team":
      params = (
        <FormField label={t("automation.params.team")} error={error("teamId")}>
          {select(a.teamId, "teamId", choices.teams, t("automation.editor.noTeam"))}
        </FormField>
      );
      break;
    case "set_assignee":
      params = (
        <FormField label={t("automation.params.assignee")} error={error("assigneeId")}>
          {select(a.assigneeId, "assigneeId", choices.agents, t("automation.editor.unassigned"))}
        </FormField>
      );
      break;
    case "add_tag":
    case "remove_tag":
      params = (
        <FormField label={t("automation.params.tag")} error={error("tag")}>
          <Input maxLength={50} value={a.tag} onChange={(e) => onChange({ tag: e.target.value })} />
        </FormField>
      );
      break;
    case "add_internal_note":
    case "send_reply":
      params = (
        <FormField
          label={a.type === "send_reply" ? t("automation.params.reply") : t("automation.params.note")}
          error={error("body")}
          hint={t("automation.editor.placeholders", {
            list: placeholders,
            interpolation: { escapeValue: false },
          })}
          className="sm:col-span-2"
        >
          <Textarea rows={3} value={a.body} onChange={(e) => onChange({ body: e.target.value })} />
        </FormField>
      );
      break;
    case "notify":
      params = (
        <div className="grid gap-3 sm:col-span-2">
          <fieldset className="grid gap-1.5">
            <legend className="mb-1.5 text-sm font-medium">{t("automation.params.recipients")}</legend>
            <div className="flex flex-wrap gap-x-4 gap-y-1.5">
              {[{ value: "assignee", label: t("automation.editor.assignee") }, ...choices.agents].map((o) => (
                <CheckboxField
                  key={o.value}
                  label={o.label}
                  checked={a.recipients.includes(o.value)}
                  onCheckedChange={(v) =>
                    onChange({
                      recipients:
                        v === true ? [...a.recipients, o.value] : a.recipients.filter((x) => x !== o.value),
                    })
                  }
                />
              ))}
            </div>
            {error("recipients") ? (
              <p className="text-sm font-medium text-destructive-soft-foreground">{error("recipients")}</p>
            ) : null}
          </fieldset>
          <FormField label={t("automation.params.message")} error={error("message")}>
            <Input
              maxLength={500}
              value={a.message}
              onChange={(e) => onChange({ message: e.target.value })}
            />
          </FormField>
        </div>
      );
      break;
    case "webhook":
      params = (
        <div className="grid gap-3 sm:col-span-2 sm:grid-cols-2">
          <FormField label={t("automation.params.url")} error={error("url")}>
            <Input dir="ltr" type="url" value={a.url} onChange={(e) => onChange({ url: e.target.value })} />
          </FormField>
          <FormField
            label={t("automation.params.secret")}
            error={error("secret")}
            hint={t("automation.editor.secretHint")}
            labelAside={
              <Button variant="link" size="sm" onClick={() => onChange({ secret: randomSecret() })}>
                {t("automation.editor.generateSecret")}
              </Button>
            }
          >
            <Input
              dir="ltr"
              autoComplete="off"
              value={a.secret}
              onChange={(e) => onChange({ secret: e.target.value })}
            />
          </FormField>
        </div>
      );
      break;
  }

  return (
    <li className="grid gap-2 rounded-md border bg-card p-3">
      <div className="grid items-start gap-2 sm:grid-cols-[minmax(0,1fr)_minmax(0,1.6fr)_auto]">
        <FormField label={t("automation.editor.actionType")} error={error("type")}>
          <NativeSelect
            value={a.type}
            onChange={(e) => onChange({ ...newAction(e.target.value as ActionType), key: a.key })}
          >
            {ACTION_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`automation.actions.${type}`)}
              </option>
            ))}
          </NativeSelect>
        </FormField>
        {a.type === "add_internal_note" ||
        a.type === "send_reply" ||
        a.type === "notify" ||
        a.type === "webhook" ? (
          <div className="hidden sm:block" />
        ) : (
          params
        )}
        <Button
          variant="ghost"
          size="icon-sm"
          className="sm:mt-7"
          aria-label={t("automation.editor.removeAction", { n: index + 1 })}
          onClick={onRemove}
          disabled={!onRemove}
        >
          <Trash2 aria-hidden />
        </Button>
      </div>
      {a.type === "add_internal_note" ||
      a.type === "send_reply" ||
      a.type === "notify" ||
      a.type === "webhook"
        ? params
        : null}
    </li>
  );
}
