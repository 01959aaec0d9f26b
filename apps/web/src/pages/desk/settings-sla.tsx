import {
  effectiveTargetIssues,
  priorityMultipliersSchema,
  scaledTarget,
} from "@quartet/core/desk/sla/sla-policy.schema";
import { Badge } from "@quartet/ui/badge";
import { Button } from "@quartet/ui/button";
import { CheckboxField } from "@quartet/ui/checkbox";
import { ConfirmDialog } from "@quartet/ui/confirm-dialog";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@quartet/ui/dialog";
import { DropdownMenuItem, DropdownMenuSeparator } from "@quartet/ui/dropdown-menu";
import { FormError, FormField } from "@quartet/ui/form-field";
import { CalendarClock, Copy, Eye, Pencil, Plus, Star, Trash2, X } from "@quartet/ui/icons";
import { Input } from "@quartet/ui/input";
import { cn } from "@quartet/ui/lib/cn";
import { errorMessage, fieldErrorsOf } from "@quartet/ui/lib/errors";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { browserTimeZone } from "@quartet/ui/lib/time";
import { useDocumentTitle } from "@quartet/ui/lib/use-document-title";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@quartet/ui/table";
import { toast } from "@quartet/ui/toaster";
import { type FormEvent, useState } from "react";
import { ActionsColumnHead } from "../../components/actions-column-head.tsx";
import { RowActionsMenu } from "../../components/row-actions-menu.tsx";
import { TimezoneSelect } from "../../components/timezone-select.tsx";
import { atLeast } from "../../lib/roles.ts";
import { type RouterOutputs, trpc } from "../../lib/trpc.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { PRIORITIES } from "./desk-shared.tsx";
import { useDurationFormat } from "./reports/report-format.ts";
import { SettingsListSection } from "./settings-list-section.tsx";
import {
  EscalationRulesEditor,
  type RuleDraft,
  ruleDrafts,
  rulesInput,
  validateRules,
} from "./sla-escalation-editor.tsx";

type Policy = RouterOutputs["deskSla"]["list"][number];
type Priority = (typeof PRIORITIES)[number];
/** Monday first, as people read a work week (the server's keys are the same). */
const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
type Day = (typeof DAYS)[number];
const WEEKDAYS_ONLY: readonly Day[] = ["tue", "wed", "thu", "fri"];

interface Interval {
  start: string;
  end: string;
}
interface TargetDraft {
  frH: string;
  frM: string;
  resH: string;
  resM: string;
}
type TargetMode = Policy["targetMode"];

interface Draft {
  name: string;
  description: string;
  targetMode: TargetMode;
  targets: Record<Priority, TargetDraft>;
  /** Scaled mode: one target, and a multiplier per priority (as typed). */
  base: TargetDraft;
  multipliers: Record<Priority, string>;
  rules: RuleDraft[];
  businessHoursOnly: boolean;
  timezone: string;
  weekly: Record<Day, Interval[]>;
  holidays: string[];
  isDefault: boolean;
}
/** Field path (as the server's zod issues name it) → message. */
type Errors = Record<string, string>;

const targetInput = (x: TargetDraft) => ({
  firstResponse: toMinutes(x.frH, x.frM),
  resolution: toMinutes(x.resH, x.resM),
});

/** Multipliers as typed ("0,5" too), for the server; an empty box stays empty and is refused. */
function multipliersInput(draft: Draft): Record<Priority, number> {
  return Object.fromEntries(
    PRIORITIES.map((p) => {
      const raw = draft.multipliers[p].trim().replace(",", ".");
      return [p, raw === "" ? Number.NaN : Number(raw)];
    }),
  ) as Record<Priority, number>;
}

const splitMinutes = (total: number) => ({ h: String(Math.floor(total / 60)), m: String(total % 60) });
const toMinutes = (h: string, m: string) => (Number(h) || 0) * 60 + (Number(m) || 0);

function targetDraft(firstResponse: number, resolution: number): TargetDraft {
  const fr = splitMinutes(firstResponse);
  const res = splitMinutes(resolution);
  return { frH: fr.h, frM: fr.m, resH: res.h, resM: res.m };
}

const DEFAULT_TARGETS: Record<Priority, [number, number]> = {
  URGENT: [60, 4 * 60],
  HIGH: [2 * 60, 8 * 60],
  MEDIUM: [4 * 60, 24 * 60],
  LOW: [8 * 60, 48 * 60],
};

/** The seed's usual spread: low takes twice as long, urgent a quarter of the time. */
const DEFAULT_MULTIPLIERS: Record<Priority, string> = { LOW: "2", MEDIUM: "1", HIGH: "0.5", URGENT: "0.25" };

/** A new policy; the workspace's first one is offered as the default (the box can be unticked). */
function newDraft(timezone: string, first = false): Draft {
  const nineToFive = () => [{ start: "09:00", end: "17:00" }];
  return {
    name: "",
    description: "",
    targetMode: "perPriority",
    base: targetDraft(4 * 60, 24 * 60),
    multipliers: { ...DEFAULT_MULTIPLIERS },
    rules: [],
    targets: Object.fromEntries(PRIORITIES.map((p) => [p, targetDraft(...DEFAULT_TARGETS[p])])) as Record<
      Priority,
      TargetDraft
    >,
    businessHoursOnly: true,
    timezone,
    weekly: {
      mon: nineToFive(),
      tue: nineToFive(),
      wed: nineToFive(),
      thu: nineToFive(),
      fri: nineToFive(),
      sat: [],
      sun: [],
    },
    holidays: [],
    isDefault: first,
  };
}

function draftOf(policy: Policy, fallbackTz: string): Draft {
  const hours = policy.businessHours;
  const base = newDraft(hours?.timezone ?? fallbackTz);
  return {
    name: policy.name,
    description: policy.description ?? "",
    targetMode: policy.targetMode,
    base: targetDraft(policy.baseTarget.firstResponse, policy.baseTarget.resolution),
    multipliers:
      policy.targetMode === "scaled"
        ? (Object.fromEntries(PRIORITIES.map((p) => [p, String(policy.priorityMultipliers[p])])) as Record<
            Priority,
            string
          >)
        : { ...DEFAULT_MULTIPLIERS },
    rules: ruleDrafts(policy.escalationRules),
    targets: Object.fromEntries(
      PRIORITIES.map((p) => [p, targetDraft(policy.targets[p].firstResponse, policy.targets[p].resolution)]),
    ) as Record<Priority, TargetDraft>,
    businessHoursOnly: policy.businessHoursOnly,
    timezone: base.timezone,
    weekly: hours
      ? (Object.fromEntries(DAYS.map((d) => [d, (hours.weekly[d] ?? []).map((i) => ({ ...i }))])) as Record<
          Day,
          Interval[]
        >)
      : base.weekly,
    holidays: hours ? [...hours.holidays] : [],
    isDefault: policy.isDefault,
  };
}

/** /w/:slug/desk/settings/sla: everyone sees the policies; admins and owners edit them. */
export function DeskSlaSettingsPage() {
  const { t } = useTranslation();
  const org = useWorkspace();
  useDocumentTitle(t("deskAdmin.sla.title"));
  const canManage = atLeast(org.role, "ADMIN");
  const policies = trpc.deskSla.list.useQuery({ orgId: org.id });
  const detail = trpc.orgs.get.useQuery({ orgId: org.id });
  const workspaceTz = detail.data?.timezone ?? browserTimeZone();
  const [editing, setEditing] = useState<{ policy: Policy | null } | null>(null);
  const [deleting, setDeleting] = useState<Policy | null>(null);

  return (
    <SettingsListSection
      id="sla"
      title={t("deskAdmin.sla.title")}
      description={t("deskAdmin.sla.description")}
      canManage={canManage}
      readOnlyNote={t("deskAdmin.readOnly")}
      createLabel={t("deskAdmin.sla.create")}
      onCreate={() => setEditing({ policy: null })}
      query={policies}
      skeletonColumns={4}
      empty={{
        icon: CalendarClock,
        title: t("deskAdmin.sla.emptyTitle"),
        description: t("deskAdmin.sla.emptyBody"),
      }}
      after={
        <>
          {editing ? (
            <PolicyEditor
              policy={editing.policy}
              readOnly={!canManage}
              initial={
                editing.policy
                  ? draftOf(editing.policy, workspaceTz)
                  : newDraft(workspaceTz, policies.data?.length === 0)
              }
              onClose={() => setEditing(null)}
            />
          ) : null}
          {deleting ? <DeletePolicyDialog policy={deleting} onClose={() => setDeleting(null)} /> : null}
        </>
      }
    >
      {(items) => (
        <PolicyTable
          policies={items}
          canManage={canManage}
          onEdit={(policy) => setEditing({ policy })}
          onDelete={setDeleting}
        />
      )}
    </SettingsListSection>
  );
}

function PolicyTable({
  policies,
  canManage,
  onEdit,
  onDelete,
}: {
  policies: Policy[];
  canManage: boolean;
  onEdit: (policy: Policy) => void;
  onDelete: (policy: Policy) => void;
}) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const utils = trpc.useUtils();
  const update = trpc.deskSla.update.useMutation();
  const dur = useDurationFormat();
  const makeDefault = async (policy: Policy) => {
    try {
      await update.mutateAsync({ orgId: org.id, policyId: policy.id, isDefault: true });
      await utils.deskSla.list.invalidate({ orgId: org.id });
      toast.success(t("deskAdmin.sla.madeDefault", { name: policy.name }));
    } catch (error) {
      toast.error(errorMessage(error, t("errors.generic")));
    }
  };
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>{t("deskAdmin.sla.columns.policy")}</TableHead>
          <TableHead className="hidden md:table-cell">{t("deskAdmin.sla.columns.urgent")}</TableHead>
          <TableHead className="hidden sm:table-cell">{t("deskAdmin.sla.columns.hours")}</TableHead>
          <ActionsColumnHead />
        </TableRow>
      </TableHeader>
      <TableBody>
        {policies.map((p) => (
          <TableRow key={p.id}>
            <TableCell>
              <div className="grid min-w-0 gap-0.5">
                <span className="flex items-center gap-2 font-medium">
                  <button
                    type="button"
                    className="truncate text-start hover:underline focus-visible:outline-2 focus-visible:outline-ring"
                    onClick={() => onEdit(p)}
                  >
                    {p.name}
                  </button>
                  {p.isDefault ? <Badge variant="primary">{t("deskAdmin.sla.default")}</Badge> : null}
                </span>
                {p.description ? (
                  <span className="truncate text-sm text-muted-foreground">{p.description}</span>
                ) : null}
                {p.escalationRules.length > 0 ? (
                  <span className="truncate text-xs text-muted-foreground">
                    {t("deskSla.escalation.summary", { count: p.escalationRules.length })}
                  </span>
                ) : null}
              </div>
            </TableCell>
            <TableCell className="hidden text-sm text-muted-foreground md:table-cell">
              {t("deskAdmin.sla.targetSummary", {
                firstResponse: dur(p.targets.URGENT.firstResponse * 60),
                resolution: dur(p.targets.URGENT.resolution * 60),
              })}
            </TableCell>
            <TableCell className="hidden text-sm text-muted-foreground sm:table-cell">
              {p.businessHoursOnly && p.businessHours
                ? t("deskAdmin.sla.businessHoursIn", { tz: p.businessHours.timezone })
                : t("deskAdmin.sla.allDay")}
            </TableCell>
            <TableCell className="text-end">
              <RowActionsMenu label={t("deskAdmin.sla.actionsFor", { name: p.name })}>
                <DropdownMenuItem onSelect={() => onEdit(p)}>
                  {canManage ? <Pencil aria-hidden /> : <Eye aria-hidden />}
                  {canManage ? t("deskAdmin.sla.edit") : t("deskAdmin.sla.view")}
                </DropdownMenuItem>
                {canManage && !p.isDefault ? (
                  <DropdownMenuItem onSelect={() => makeDefault(p)}>
                    <Star aria-hidden />
                    {t("deskAdmin.sla.makeDefault")}
                  </DropdownMenuItem>
                ) : null}
                {canManage ? (
                  <>
                    <DropdownMenuSeparator />
                    <DropdownMenuItem destructive onSelect={() => onDelete(p)}>
                      <Trash2 aria-hidden />
                      {t("deskAdmin.sla.delete")}
                    </DropdownMenuItem>
                  </>
                ) : null}
              </RowActionsMenu>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function DeletePolicyDialog({ policy, onClose }: { policy: Policy; onClose: () => void }) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const utils = trpc.useUtils();
  const remove = trpc.deskSla.delete.useMutation();
  return (
    <ConfirmDialog
      open
      onOpenChange={(open) => !open && onClose()}
      destructive
      title={t("deskAdmin.sla.deleteTitle", { name: policy.name })}
      description={t("deskAdmin.sla.deleteBody")}
      confirmLabel={t("deskAdmin.sla.deleteConfirm")}
      onConfirm={async () => {
        await remove.mutateAsync({ orgId: org.id, policyId: policy.id });
        await utils.deskSla.list.invalidate({ orgId: org.id });
        toast.success(t("deskAdmin.sla.deleted", { name: policy.name }));
      }}
    />
  );
}

/** Client checks with the server's field paths, so both kinds of error land on the same input. */
function validate(draft: Draft, t: (key: string) => string): Errors {
  const errors: Errors = {};
  if (!draft.name.trim()) errors.name = t("deskAdmin.sla.nameRequired");
  const checkTarget = (target: TargetDraft, at: string) => {
    const fr = toMinutes(target.frH, target.frM);
    const res = toMinutes(target.resH, target.resM);
    if (fr < 1) errors[`${at}.firstResponse`] = t("deskAdmin.sla.targetRequired");
    if (res < 1) errors[`${at}.resolution`] = t("deskAdmin.sla.targetRequired");
    else if (fr >= 1 && res < fr) errors[`${at}.resolution`] = t("deskAdmin.sla.resolutionBeforeResponse");
  };
  if (draft.targetMode === "perPriority") {
    for (const p of PRIORITIES) checkTarget(draft.targets[p], `targets.${p}`);
  } else {
    checkTarget(draft.base, "baseTarget");
    const multipliers = multipliersInput(draft);
    const parsed = priorityMultipliersSchema.safeParse(multipliers);
    for (const issue of parsed.success ? [] : parsed.error.issues)
      errors[`priorityMultipliers.${String(issue.path[0])}`] = t("deskSla.targets.multiplierInvalid");
    if (parsed.success) {
      const base = targetInput(draft.base);
      for (const key of Object.keys(effectiveTargetIssues(null, base, parsed.data)))
        errors[key] ??= t("deskSla.targets.tooLong");
    }
  }
  Object.assign(errors, validateRules(draft.rules, t));
  if (draft.businessHoursOnly) {
    for (const d of DAYS) {
      draft.weekly[d].forEach((i, n) => {
        if (!(i.end > i.start))
          errors[`businessHours.weekly.${d}.${n}.end`] = t("deskAdmin.sla.endAfterStart");
      });
    }
    if (DAYS.every((d) => draft.weekly[d].length === 0))
      errors["businessHours.weekly"] = t("deskAdmin.sla.noHours");
    draft.holidays.forEach((h, n) => {
      if (!h) errors[`businessHours.holidays.${n}`] = t("deskAdmin.sla.holidayRequired");
    });
  }
  return errors;
}

function PolicyEditor({
  policy,
  initial,
  readOnly,
  onClose,
}: {
  policy: Policy | null;
  initial: Draft;
  readOnly: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const utils = trpc.useUtils();
  const create = trpc.deskSla.create.useMutation();
  const update = trpc.deskSla.update.useMutation();
  const [draft, setDraft] = useState<Draft>(initial);
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const busy = create.isPending || update.isPending;

  const patch = (next: Partial<Draft>) => setDraft((d) => ({ ...d, ...next }));
  /** Once a field is edited, its error (and those under it) gives way until the next submit. */
  const clearErrors = (prefix: string) =>
    setErrors((current) => {
      const keys = Object.keys(current).filter((k) => k === prefix || k.startsWith(`${prefix}.`));
      if (keys.length === 0) return current;
      const next = { ...current };
      for (const k of keys) delete next[k];
      return next;
    });
  const setTarget = (p: Priority, key: keyof TargetDraft, value: string) =>
    setDraft((d) => ({ ...d, targets: { ...d.targets, [p]: { ...d.targets[p], [key]: value } } }));
  const setDay = (day: Day, intervals: Interval[]) =>
    setDraft((d) => ({ ...d, weekly: { ...d.weekly, [day]: intervals } }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || readOnly) return;
    const clientErrors = validate(draft, t);
    setErrors(clientErrors);
    setFormError(null);
    if (Object.keys(clientErrors).length > 0) return;
    const perPriority = draft.targetMode === "perPriority";
    const targets = perPriority
      ? (Object.fromEntries(PRIORITIES.map((p) => [p, targetInput(draft.targets[p])])) as Record<
          Priority,
          { firstResponse: number; resolution: number }
        >)
      : null;
    const businessHours = draft.businessHoursOnly
      ? { timezone: draft.timezone, weekly: draft.weekly, holidays: draft.holidays }
      : null;
    const fields = {
      orgId: org.id,
      name: draft.name,
      description: draft.description.trim() || null,
      targets,
      // Per priority: the base pair follows Medium and nothing is scaled.
      ...(perPriority
        ? { priorityMultipliers: {} }
        : { baseTarget: targetInput(draft.base), priorityMultipliers: multipliersInput(draft) }),
      escalationRules: rulesInput(draft.rules),
      businessHoursOnly: draft.businessHoursOnly,
      businessHours,
    };
    try {
      const saved = policy
        ? await update.mutateAsync({
            ...fields,
            policyId: policy.id,
            ...(draft.isDefault && !policy.isDefault ? { isDefault: true as const } : {}),
          })
        : await create.mutateAsync({ ...fields, isDefault: draft.isDefault });
      await utils.deskSla.list.invalidate({ orgId: org.id });
      toast.success(t("deskAdmin.sla.saved", { name: saved.name }));
      onClose();
    } catch (error) {
      const server = fieldErrorsOf(error);
      setErrors(server);
      if (Object.keys(server).length === 0) setFormError(errorMessage(error, t("errors.generic")));
      else if (server._) setFormError(server._);
    }
  };

  /** The error for `path`, or one reported on any deeper path (e.g. a holiday's index). */
  const err = (path: string) => errors[path];

  return (
    <Dialog open onOpenChange={(open) => !open && !busy && onClose()}>
      <DialogContent className="max-w-3xl">
        <form onSubmit={submit} noValidate className="grid gap-5">
          <DialogHeader>
            <DialogTitle>
              {policy ? t("deskAdmin.sla.editTitle", { name: policy.name }) : t("deskAdmin.sla.createTitle")}
            </DialogTitle>
            <DialogDescription>{t("deskAdmin.sla.editorBody")}</DialogDescription>
          </DialogHeader>
          <FormError>{formError}</FormError>
          <fieldset disabled={readOnly || busy} className="grid min-w-0 gap-5">
            <div className="grid gap-4 sm:grid-cols-2">
              <FormField label={t("deskAdmin.sla.name")} error={err("name")}>
                <Input
                  autoFocus
                  maxLength={100}
                  autoComplete="off"
                  value={draft.name}
                  onChange={(e) => patch({ name: e.target.value })}
                />
              </FormField>
              <FormField label={t("deskAdmin.sla.descriptionField")} error={err("description")} optional>
                <Input
                  maxLength={2000}
                  autoComplete="off"
                  value={draft.description}
                  onChange={(e) => patch({ description: e.target.value })}
                />
              </FormField>
            </div>

            <TargetModePicker value={draft.targetMode} onChange={(targetMode) => patch({ targetMode })} />
            {draft.targetMode === "perPriority" ? (
              <TargetsEditor draft={draft} err={err} setTarget={setTarget} />
            ) : (
              <ScaledTargetsEditor draft={draft} err={err} patch={patch} clearErrors={clearErrors} />
            )}

            <p className="rounded-md bg-subtle px-3 py-2 text-sm text-muted-foreground">
              {t("deskAdmin.sla.pauseNote")}
            </p>

            <div className="grid gap-3">
              <CheckboxField
                label={t("deskAdmin.sla.businessHoursOnly")}
                description={err("businessHours") ?? t("deskAdmin.sla.businessHoursOnlyHint")}
                checked={draft.businessHoursOnly}
                onCheckedChange={(v) => patch({ businessHoursOnly: v === true })}
              />
              {draft.businessHoursOnly ? (
                <div className="grid gap-5 border-s-2 ps-4">
                  <FormField
                    label={t("deskAdmin.sla.timezone")}
                    hint={t("deskAdmin.sla.timezoneHint")}
                    error={err("businessHours.timezone")}
                    className="max-w-sm"
                  >
                    <TimezoneSelect
                      value={draft.timezone}
                      onChange={(e) => patch({ timezone: e.target.value })}
                    />
                  </FormField>
                  <ScheduleEditor draft={draft} err={err} setDay={setDay} />
                  <HolidaysEditor
                    holidays={draft.holidays}
                    err={err}
                    onChange={(holidays) => patch({ holidays })}
                  />
                </div>
              ) : null}
            </div>

            <EscalationRulesEditor
              rules={draft.rules}
              onChange={(rules) => patch({ rules })}
              err={err}
              clearErrors={clearErrors}
            />

            <CheckboxField
              label={t("deskAdmin.sla.isDefault")}
              description={
                policy?.isDefault ? t("deskAdmin.sla.isDefaultLocked") : t("deskAdmin.sla.isDefaultHint")
              }
              checked={draft.isDefault}
              disabled={policy?.isDefault === true}
              onCheckedChange={(v) => patch({ isDefault: v === true })}
            />
          </fieldset>
          <DialogFooter>
            <Button variant="outline" onClick={onClose} disabled={busy}>
              {t("common.cancel")}
            </Button>
            {readOnly ? null : (
              <Button type="submit" loading={busy}>
                {policy ? t("deskAdmin.sla.save") : t("deskAdmin.sla.createSubmit")}
              </Button>
            )}
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function TargetModePicker({ value, onChange }: { value: TargetMode; onChange: (mode: TargetMode) => void }) {
  const { t } = useTranslation();
  const options: { mode: TargetMode; label: string; hint: string }[] = [
    {
      mode: "perPriority",
      label: t("deskSla.targets.perPriority"),
      hint: t("deskSla.targets.perPriorityHint"),
    },
    { mode: "scaled", label: t("deskSla.targets.scaled"), hint: t("deskSla.targets.scaledHint") },
  ];
  return (
    <fieldset className="grid min-w-0 gap-2">
      <legend className="mb-2 text-sm font-medium">{t("deskSla.targets.mode")}</legend>
      <div className="grid gap-2 sm:grid-cols-2">
        {options.map((o) => (
          <label
            key={o.mode}
            className={cn(
              "flex cursor-pointer gap-2.5 rounded-md border p-3 text-sm has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-ring",
              value === o.mode && "border-primary bg-primary-soft/40",
            )}
          >
            <input
              type="radio"
              name="sla-target-mode"
              className="mt-0.5 size-4 shrink-0 accent-primary"
              checked={value === o.mode}
              onChange={() => onChange(o.mode)}
            />
            <span className="grid gap-0.5">
              <span className="font-medium">{o.label}</span>
              <span className="text-muted-foreground">{o.hint}</span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** One target (the seed's base pair) and a multiplier per priority, with the resulting targets. */
function ScaledTargetsEditor({
  draft,
  err,
  patch,
  clearErrors,
}: {
  draft: Draft;
  err: (path: string) => string | undefined;
  patch: (next: Partial<Draft>) => void;
  clearErrors: (prefix: string) => void;
}) {
  const { t } = useTranslation();
  const dur = useDurationFormat();
  const setBase = (key: keyof TargetDraft, value: string) => patch({ base: { ...draft.base, [key]: value } });
  const base = targetInput(draft.base);
  const multipliers = multipliersInput(draft);
  const pair = (
    label: string,
    hKey: keyof TargetDraft,
    mKey: keyof TargetDraft,
    error: string | undefined,
  ) => (
    <div className="grid gap-1.5">
      <span className="text-sm font-medium">{label}</span>
      <div className="flex flex-wrap gap-2">
        {(
          [
            [hKey, t("deskAdmin.sla.hours"), 8760],
            [mKey, t("deskAdmin.sla.minutes"), 59],
          ] as const
        ).map(([key, unit, max]) => (
          <span key={key} className="flex items-center gap-1.5">
            <Input
              type="number"
              inputMode="numeric"
              min={0}
              max={max}
              className="h-8.5 w-20 tabular-nums"
              aria-label={`${label}, ${unit}`}
              aria-invalid={!!error || undefined}
              value={draft.base[key]}
              onChange={(e) => setBase(key, e.target.value)}
            />
            <span className="text-xs text-muted-foreground" aria-hidden>
              {unit}
            </span>
          </span>
        ))}
      </div>
      {error ? (
        <p role="alert" className="text-xs font-medium text-destructive-soft-foreground">
          {error}
        </p>
      ) : null}
    </div>
  );
  return (
    <fieldset className="grid min-w-0 gap-4">
      <legend className="mb-2 text-sm font-medium">{t("deskSla.targets.base")}</legend>
      <div className="grid gap-4 sm:grid-cols-2">
        {pair(t("deskSla.targets.baseFirstResponse"), "frH", "frM", err("baseTarget.firstResponse"))}
        {pair(t("deskSla.targets.baseResolution"), "resH", "resM", err("baseTarget.resolution"))}
      </div>
      <div className="overflow-x-auto rounded-md border">
        <table className="w-full text-sm">
          <caption className="sr-only">{t("deskSla.targets.multipliers")}</caption>
          <thead className="bg-subtle text-start text-muted-foreground">
            <tr>
              <th scope="col" className="px-3 py-2 text-start font-medium">
                {t("deskAdmin.sla.priority")}
              </th>
              <th scope="col" className="px-3 py-2 text-start font-medium">
                {t("deskSla.targets.multiplier")}
              </th>
              <th scope="col" className="px-3 py-2 text-start font-medium">
                {t("deskSla.targets.effective")}
              </th>
            </tr>
          </thead>
          <tbody>
            {[...PRIORITIES].reverse().map((p) => {
              const priority = t(`desk.priority.${p}`);
              const error = err(`priorityMultipliers.${p}`);
              const factor = multipliers[p];
              const scaled = Number.isFinite(factor) && factor > 0 ? scaledTarget(base, factor) : null;
              return (
                <tr key={p} className="border-t align-top">
                  <th scope="row" className="px-3 py-2.5 text-start font-medium">
                    {priority}
                  </th>
                  <td className="px-3 py-2">
                    <span className="flex items-center gap-1.5">
                      <span className="text-muted-foreground" aria-hidden>
                        ×
                      </span>
                      <Input
                        inputMode="decimal"
                        className="h-8.5 w-20 tabular-nums"
                        aria-label={t("deskSla.targets.multiplierFor", { priority })}
                        aria-invalid={!!error || undefined}
                        value={draft.multipliers[p]}
                        onChange={(e) => {
                          clearErrors(`priorityMultipliers.${p}`);
                          patch({ multipliers: { ...draft.multipliers, [p]: e.target.value } });
                        }}
                      />
                    </span>
                    {error ? (
                      <p role="alert" className="mt-1 text-xs font-medium text-destructive-soft-foreground">
                        {error}
                      </p>
                    ) : null}
                  </td>
                  <td className="px-3 py-2.5 text-muted-foreground tabular-nums">
                    {scaled && base.firstResponse > 0 && base.resolution > 0
                      ? t("deskAdmin.sla.targetSummary", {
                          firstResponse: dur(scaled.firstResponse * 60),
                          resolution: dur(scaled.resolution * 60),
                        })
                      : "—"}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </fieldset>
  );
}

function TargetsEditor({
  draft,
  err,
  setTarget,
}: {
  draft: Draft;
  err: (path: string) => string | undefined;
  setTarget: (p: Priority, key: keyof TargetDraft, value: string) => void;
}) {
  const { t } = useTranslation();
  const numberInput = (
    p: Priority,
    key: keyof TargetDraft,
    label: string,
    unit: string,
    invalid: boolean,
  ) => (
    <span className="flex items-center gap-1.5">
      <Input
        type="number"
        inputMode="numeric"
        min={0}
        max={key.endsWith("M") ? 59 : 8760}
        className="h-8.5 w-18 tabular-nums"
        aria-label={label}
        aria-invalid={invalid || undefined}
        value={draft.targets[p][key]}
        onChange={(e) => setTarget(p, key, e.target.value)}
      />
      <span className="text-xs text-muted-foreground" aria-hidden>
        {unit}
      </span>
    </span>
  );
  return (
    <fieldset className="grid min-w-0 gap-2">
      <legend className="mb-2 text-sm font-medium">{t("deskAdmin.sla.targets")}</legend>
      <div className="overflow-x-auto rounded-md border">
        <table className="w-full text-sm">
          <thead className="bg-subtle text-start text-muted-foreground">
            <tr>
              <th scope="col" className="px-3 py-2 text-start font-medium">
                {t("deskAdmin.sla.priority")}
              </th>
              <th scope="col" className="px-3 py-2 text-start font-medium">
                {t("deskAdmin.sla.firstResponse")}
              </th>
              <th scope="col" className="px-3 py-2 text-start font-medium">
                {t("deskAdmin.sla.resolution")}
              </th>
            </tr>
          </thead>
          <tbody>
            {[...PRIORITIES].reverse().map((p) => {
              const priority = t(`desk.priority.${p}`);
              const frErr = err(`targets.${p}.firstResponse`);
              const resErr = err(`targets.${p}.resolution`);
              const label = (field: string, which: "hoursOf" | "minutesOf") =>
                t(`deskAdmin.sla.${which}`, { field, priority });
              const fr = t("deskAdmin.sla.firstResponse");
              const res = t("deskAdmin.sla.resolution");
              return (
                <tr key={p} className="border-t align-top">
                  <th scope="row" className="px-3 py-2.5 text-start font-medium">
                    {priority}
                  </th>
                  <td className="px-3 py-2">
                    <div className="flex flex-wrap gap-2">
                      {numberInput(p, "frH", label(fr, "hoursOf"), t("deskAdmin.sla.hours"), !!frErr)}
                      {numberInput(p, "frM", label(fr, "minutesOf"), t("deskAdmin.sla.minutes"), !!frErr)}
                    </div>
                    {frErr ? (
                      <p role="alert" className="mt-1 text-xs font-medium text-destructive-soft-foreground">
                        {frErr}
                      </p>
                    ) : null}
                  </td>
                  <td className="px-3 py-2">
                    <div className="flex flex-wrap gap-2">
                      {numberInput(p, "resH", label(res, "hoursOf"), t("deskAdmin.sla.hours"), !!resErr)}
                      {numberInput(p, "resM", label(res, "minutesOf"), t("deskAdmin.sla.minutes"), !!resErr)}
                    </div>
                    {resErr ? (
                      <p role="alert" className="mt-1 text-xs font-medium text-destructive-soft-foreground">
                        {resErr}
                      </p>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </fieldset>
  );
}

function ScheduleEditor({
  draft,
  err,
  setDay,
}: {
  draft: Draft;
  err: (path: string) => string | undefined;
  setDay: (day: Day, intervals: Interval[]) => void;
}) {
  const { t } = useTranslation();
  const copyMonday = () => {
    for (const d of WEEKDAYS_ONLY)
      setDay(
        d,
        draft.weekly.mon.map((i) => ({ ...i })),
      );
  };
  const weekError = err("businessHours.weekly");
  return (
    <fieldset className="grid min-w-0 gap-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <legend className="text-sm font-medium">{t("deskAdmin.sla.schedule")}</legend>
        <Button variant="outline" size="sm" onClick={copyMonday}>
          <Copy aria-hidden />
          {t("deskAdmin.sla.copyMonday")}
        </Button>
      </div>
      {weekError ? (
        <p role="alert" className="text-sm font-medium text-destructive-soft-foreground">
          {weekError}
        </p>
      ) : null}
      <ul className="grid divide-y rounded-md border">
        {DAYS.map((day) => {
          const dayName = t(`deskAdmin.sla.days.${day}`);
          const intervals = draft.weekly[day];
          const open = intervals.length > 0;
          const dayError = err(`businessHours.weekly.${day}`);
          return (
            <li key={day} className="grid gap-2 px-3 py-2.5 sm:grid-cols-[9rem_1fr]">
              <div className="sm:pt-2">
                <CheckboxField
                  label={dayName}
                  checked={open}
                  onCheckedChange={(v) => setDay(day, v === true ? [{ start: "09:00", end: "17:00" }] : [])}
                />
              </div>
              <div className="grid gap-2">
                {open ? (
                  intervals.map((interval, n) => {
                    const startErr = err(`businessHours.weekly.${day}.${n}.start`);
                    const endErr = err(`businessHours.weekly.${day}.${n}.end`);
                    const update = (next: Partial<Interval>) =>
                      setDay(
                        day,
                        intervals.map((x, k) => (k === n ? { ...x, ...next } : x)),
                      );
                    return (
                      // biome-ignore lint/suspicious/noArrayIndexKey: intervals have no id; order is the identity
                      <div key={n} className="grid gap-1">
                        <div className="flex flex-wrap items-center gap-2">
                          <Input
                            type="time"
                            className="h-8.5 w-32"
                            aria-label={t("deskAdmin.sla.intervalStart", { day: dayName })}
                            aria-invalid={!!startErr || undefined}
                            value={interval.start}
                            onChange={(e) => update({ start: e.target.value })}
                          />
                          <span aria-hidden>–</span>
                          <Input
                            type="time"
                            className="h-8.5 w-32"
                            aria-label={t("deskAdmin.sla.intervalEnd", { day: dayName })}
                            aria-invalid={!!endErr || undefined}
                            value={interval.end}
                            onChange={(e) => update({ end: e.target.value })}
                          />
                          <Button
                            variant="ghost"
                            size="icon-sm"
                            aria-label={t("deskAdmin.sla.removeInterval", {
                              start: interval.start,
                              end: interval.end,
                              day: dayName,
                            })}
                            onClick={() =>
                              setDay(
                                day,
                                intervals.filter((_, k) => k !== n),
                              )
                            }
                          >
                            <X aria-hidden />
                          </Button>
                          {n === intervals.length - 1 && intervals.length < 6 ? (
                            <Button
                              variant="ghost"
                              size="sm"
                              onClick={() =>
                                setDay(day, [
                                  ...intervals,
                                  { start: interval.end, end: interval.end < "23:00" ? "23:00" : "23:59" },
                                ])
                              }
                            >
                              <Plus aria-hidden />
                              {t("deskAdmin.sla.addInterval")}
                            </Button>
                          ) : null}
                        </div>
                        {startErr || endErr ? (
                          <p role="alert" className="text-xs font-medium text-destructive-soft-foreground">
                            {startErr ?? endErr}
                          </p>
                        ) : null}
                      </div>
                    );
                  })
                ) : (
                  <span className="text-sm text-muted-foreground sm:pt-2">{t("deskAdmin.sla.closed")}</span>
                )}
                {dayError ? (
                  <p role="alert" className="text-xs font-medium text-destructive-soft-foreground">
                    {dayError}
                  </p>
                ) : null}
              </div>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}

function HolidaysEditor({
  holidays,
  err,
  onChange,
}: {
  holidays: string[];
  err: (path: string) => string | undefined;
  onChange: (holidays: string[]) => void;
}) {
  const { t } = useTranslation();
  const listError = err("businessHours.holidays");
  return (
    <fieldset className="grid min-w-0 gap-2">
      <legend className="text-sm font-medium">{t("deskAdmin.sla.holidays")}</legend>
      <p className="text-sm text-muted-foreground">{t("deskAdmin.sla.holidaysHint")}</p>
      {holidays.length === 0 ? (
        <p className="text-sm text-muted-foreground">{t("deskAdmin.sla.noHolidays")}</p>
      ) : null}
      <ul className="grid gap-2">
        {holidays.map((date, n) => {
          const e = err(`businessHours.holidays.${n}`);
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: dates may repeat while typing; order is the identity
            <li key={n} className="grid gap-1">
              <div className="flex items-center gap-2">
                <Input
                  type="date"
                  className={cn("h-8.5 w-44")}
                  aria-label={t("deskAdmin.sla.holidayDate", { n: n + 1 })}
                  aria-invalid={!!e || undefined}
                  value={date}
                  onChange={(ev) => onChange(holidays.map((h, k) => (k === n ? ev.target.value : h)))}
                />
                <Button
                  variant="ghost"
                  size="icon-sm"
                  aria-label={t("deskAdmin.sla.removeHoliday", { date: date || n + 1 })}
                  onClick={() => onChange(holidays.filter((_, k) => k !== n))}
                >
                  <X aria-hidden />
                </Button>
              </div>
              {e ? <p className="text-xs font-medium text-destructive-soft-foreground">{e}</p> : null}
            </li>
          );
        })}
      </ul>
      {listError ? <p className="text-xs font-medium text-destructive-soft-foreground">{listError}</p> : null}
      <div>
        <Button variant="outline" size="sm" onClick={() => onChange([...holidays, ""])}>
          <Plus aria-hidden />
          {t("deskAdmin.sla.addHoliday")}
        </Button>
      </div>
    </fieldset>
  );
}
