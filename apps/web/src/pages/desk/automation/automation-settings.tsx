import { WATCHABLE_FIELDS } from "@quartet/core/desk/automation/automation.catalog";
import { Badge } from "@quartet/ui/badge";
import { Button } from "@quartet/ui/button";
import { ConfirmDialog } from "@quartet/ui/confirm-dialog";
import { DropdownMenuItem, DropdownMenuSeparator } from "@quartet/ui/dropdown-menu";
import { ArrowDown, ArrowUp, History, Pencil, Plus, Trash2, Workflow } from "@quartet/ui/icons";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useDocumentTitle } from "@quartet/ui/lib/use-document-title";
import { RelativeTime } from "@quartet/ui/relative-time";
import { toast } from "@quartet/ui/toaster";
import { useState } from "react";
import { RowActionsMenu } from "../../../components/row-actions-menu.tsx";
import { atLeast } from "../../../lib/roles.ts";
import { trpc } from "../../../lib/trpc.ts";
import { useWorkspace } from "../../../lib/workspace.ts";
import { SettingsListSection } from "../settings-list-section.tsx";
import {
  emptyDraft,
  newAction,
  newCondition,
  type Rule,
  type RuleDraft,
  triggerKey,
} from "./automation-shared.ts";
import { ExecutionLogDialog } from "./execution-log.tsx";
import { RuleEditorDialog } from "./rule-editor.tsx";

type DialogState =
  | { kind: "create"; initial?: RuleDraft }
  | { kind: "edit" | "delete" | "log"; ruleId: string }
  | null;

/** /w/:slug/desk/settings/automation: the rules in run order; admins and owners manage them. */
export function DeskAutomationSettingsPage() {
  const { t } = useTranslation();
  const org = useWorkspace();
  useDocumentTitle(t("automation.title"));
  const canManage = atLeast(org.role, "ADMIN");
  const utils = trpc.useUtils();
  const rules = trpc.deskAutomation.list.useQuery({ orgId: org.id });
  const [dialog, setDialog] = useState<DialogState>(null);
  const current =
    dialog && dialog.kind !== "create" ? rules.data?.find((r) => r.id === dialog.ruleId) : undefined;
  const close = () => setDialog(null);

  const reorder = trpc.deskAutomation.reorder.useMutation({
    // Optimistic: the row moves at once; on a refusal the list is reloaded from the server.
    onMutate: async ({ ruleIds }) => {
      await utils.deskAutomation.list.cancel({ orgId: org.id });
      utils.deskAutomation.list.setData({ orgId: org.id }, (old) =>
        old ? ruleIds.map((id) => old.find((r) => r.id === id)).filter((r): r is Rule => !!r) : old,
      );
    },
    onError: () => toast.error(t("automation.reorderFailed")),
    onSettled: () => utils.deskAutomation.list.invalidate({ orgId: org.id }),
  });
  const setEnabled = trpc.deskAutomation.setEnabled.useMutation({
    onMutate: async ({ ruleId, enabled }) => {
      await utils.deskAutomation.list.cancel({ orgId: org.id });
      utils.deskAutomation.list.setData({ orgId: org.id }, (old) =>
        old?.map((r) => (r.id === ruleId ? { ...r, enabled } : r)),
      );
    },
    onSuccess: (rule) =>
      toast.success(
        t(rule.enabled ? "automation.enabledToast" : "automation.disabledToast", { name: rule.name }),
      ),
    onError: (error) => toast.error(error.message),
    onSettled: () => utils.deskAutomation.list.invalidate({ orgId: org.id }),
  });

  const move = (index: number, delta: -1 | 1) => {
    const list = rules.data;
    if (!list) return;
    const ids = list.map((r) => r.id);
    const [id] = ids.splice(index, 1);
    if (!id) return;
    ids.splice(index + delta, 0, id);
    reorder.mutate({ orgId: org.id, ruleIds: ids });
  };

  const example = (): RuleDraft => ({
    ...emptyDraft(),
    name: t("automation.exampleName"),
    conditions: [{ ...newCondition(), field: "subject", operator: "contains", value: "refund" }],
    actions: [{ ...newAction("set_priority"), priority: "HIGH" }, { ...newAction("set_team") }],
  });

  const summary = (r: Rule) => {
    const trigger = t(`automation.triggers.${triggerKey(r.trigger)}`);
    if (r.trigger === "ticket.pending_for" && r.pendingHours)
      return `${trigger} · ${t("automation.pendingSummary", { hours: r.pendingHours })}`;
    if (r.trigger === "ticket.field_changed" && r.triggerField && WATCHABLE_FIELDS.includes(r.triggerField))
      return `${trigger} · ${t("automation.fieldSummary", { field: t(`automation.fields.${r.triggerField}`) })}`;
    return trigger;
  };

  return (
    <SettingsListSection
      id="automation"
      title={t("automation.title")}
      description={t("automation.description")}
      canManage={canManage}
      readOnlyNote={t("automation.readOnly")}
      createLabel={t("automation.create")}
      onCreate={() => setDialog({ kind: "create" })}
      headerCreate={Boolean(rules.data?.length)}
      query={rules}
      skeletonColumns={4}
      empty={{
        icon: Workflow,
        title: t("automation.emptyTitle"),
        description: t("automation.emptyBody"),
        action: (
          <div className="flex flex-wrap justify-center gap-2">
            <Button onClick={() => setDialog({ kind: "create" })}>
              <Plus aria-hidden />
              {t("automation.create")}
            </Button>
            <Button variant="outline" onClick={() => setDialog({ kind: "create", initial: example() })}>
              {t("automation.emptyAction")}
            </Button>
          </div>
        ),
      }}
      after={
        <>
          {canManage ? (
            <RuleEditorDialog
              open={dialog?.kind === "create" || (dialog?.kind === "edit" && !!current)}
              rule={dialog?.kind === "edit" ? current : undefined}
              initial={dialog?.kind === "create" ? dialog.initial : undefined}
              onOpenChange={(open) => !open && close()}
            />
          ) : null}
          {current && dialog?.kind === "log" ? (
            <ExecutionLogDialog rule={current} onOpenChange={(open) => !open && close()} />
          ) : null}
          {current && dialog?.kind === "delete" ? <DeleteRuleDialog rule={current} onClose={close} /> : null}
        </>
      }
    >
      {(items) => (
        <ol className="divide-y rounded-lg border bg-card" aria-label={t("automation.title")}>
          {items.map((rule, index) => (
            <li
              key={rule.id}
              className="grid grid-cols-[auto_minmax(0,1fr)_auto] items-center gap-3 px-3 py-3 sm:grid-cols-[auto_minmax(0,1fr)_auto_auto_auto] sm:px-4"
            >
              <div className="flex flex-col items-center gap-0.5">
                {canManage ? (
                  <>
                    <Button
                      variant="ghost"
                      size="icon-sm"
                      aria-label={t("automation.moveUp", { name: rule.name })}
                      disabled={index === 0 || reorder.isPending}
                      onClick={() => move(index, -1)}
                    >
                      <ArrowUp aria-hidden />
                    </Button>
                    <Button
                      variant="ghost"
                      size="icon-sm"
                      aria-label={t("automation.moveDown", { name: rule.name })}
                      disabled={index === items.length - 1 || reorder.isPending}
                      onClick={() => move(index, 1)}
                    >
                      <ArrowDown aria-hidden />
                    </Button>
                  </>
                ) : (
                  <span className="w-7 text-center font-mono text-sm tabular-nums text-muted-foreground">
                    {index + 1}
                  </span>
                )}
              </div>

              <div className="grid min-w-0 gap-0.5">
                <div className="flex min-w-0 flex-wrap items-center gap-2">
                  <button
                    type="button"
                    className={`truncate text-start font-medium hover:underline focus-visible:outline-2 focus-visible:outline-ring ${
                      rule.enabled ? "" : "text-muted-foreground"
                    }`}
                    onClick={() => setDialog({ kind: canManage ? "edit" : "log", ruleId: rule.id })}
                  >
                    {rule.name}
                  </button>
                  {rule.stopProcessing ? (
                    <Badge variant="warning" title={t("automation.stopHint")}>
                      {t("automation.stop")}
                    </Badge>
                  ) : null}
                  {rule.recentFailures > 0 ? (
                    <Badge variant="destructive">
                      {t("automation.failures", { count: rule.recentFailures })}
                    </Badge>
                  ) : null}
                </div>
                <p className="truncate text-sm text-muted-foreground">{summary(rule)}</p>
                <p className="text-xs text-muted-foreground sm:hidden">
                  {t("automation.columns.runs")}: {rule.triggerCount} · {t("automation.columns.lastRun")}:{" "}
                  {rule.lastTriggeredAt ? (
                    <RelativeTime date={rule.lastTriggeredAt} />
                  ) : (
                    t("automation.never")
                  )}
                </p>
              </div>

              <div className="hidden text-end text-sm sm:grid">
                <span className="tabular-nums">{rule.triggerCount}</span>
                <span className="text-xs text-muted-foreground">{t("automation.columns.runs")}</span>
              </div>
              <div className="hidden min-w-24 text-end text-sm sm:grid">
                {rule.lastTriggeredAt ? (
                  <RelativeTime date={rule.lastTriggeredAt} />
                ) : (
                  <span className="text-muted-foreground">{t("automation.never")}</span>
                )}
                <span className="text-xs text-muted-foreground">{t("automation.columns.lastRun")}</span>
              </div>

              <div className="col-start-3 row-start-1 flex items-center gap-1 sm:col-start-auto sm:row-start-auto">
                <Switch
                  checked={rule.enabled}
                  disabled={!canManage}
                  label={t("automation.enable", { name: rule.name })}
                  onChange={(enabled) => setEnabled.mutate({ orgId: org.id, ruleId: rule.id, enabled })}
                />
                <RowActionsMenu label={t("automation.actionsFor", { name: rule.name })}>
                  <DropdownMenuItem onSelect={() => setDialog({ kind: "log", ruleId: rule.id })}>
                    <History aria-hidden />
                    {t("automation.log")}
                  </DropdownMenuItem>
                  {canManage ? (
                    <>
                      <DropdownMenuItem onSelect={() => setDialog({ kind: "edit", ruleId: rule.id })}>
                        <Pencil aria-hidden />
                        {t("automation.edit")}
                      </DropdownMenuItem>
                      <DropdownMenuSeparator />
                      <DropdownMenuItem
                        destructive
                        onSelect={() => setDialog({ kind: "delete", ruleId: rule.id })}
                      >
                        <Trash2 aria-hidden />
                        {t("automation.delete")}
                      </DropdownMenuItem>
                    </>
                  ) : null}
                </RowActionsMenu>
              </div>
            </li>
          ))}
        </ol>
      )}
    </SettingsListSection>
  );
}

/** An accessible on/off switch (role="switch"); the label names the rule for screen readers. */
function Switch({
  checked,
  disabled,
  label,
  onChange,
}: {
  checked: boolean;
  disabled?: boolean;
  label: string;
  onChange: (checked: boolean) => void;
}) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      aria-label={label}
      disabled={disabled}
      onClick={() => onChange(!checked)}
      className={`relative inline-flex h-5 w-9 shrink-0 items-center rounded-full transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring disabled:cursor-not-allowed disabled:opacity-60 ${
        checked ? "bg-primary" : "bg-muted-foreground/30"
      }`}
    >
      <span
        aria-hidden
        className={`inline-block size-4 rounded-full bg-background shadow transition-transform ${
          checked ? "translate-x-4.5 rtl:-translate-x-4.5" : "translate-x-0.5 rtl:-translate-x-0.5"
        }`}
      />
    </button>
  );
}

function DeleteRuleDialog({ rule, onClose }: { rule: Rule; onClose: () => void }) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const utils = trpc.useUtils();
  const remove = trpc.deskAutomation.delete.useMutation();
  return (
    <ConfirmDialog
      open
      onOpenChange={(open) => !open && onClose()}
      destructive
      title={t("automation.deleteTitle", { name: rule.name })}
      description={t("automation.deleteBody")}
      confirmLabel={t("automation.deleteConfirm")}
      onConfirm={async () => {
        await remove.mutateAsync({ orgId: org.id, ruleId: rule.id });
        await utils.deskAutomation.list.invalidate({ orgId: org.id });
        toast.success(t("automation.deleted"));
      }}
    />
  );
}
