import { MACRO_PLACEHOLDERS as PLACEHOLDERS } from "@quartet/core/desk/macros/macro-template";
import type { TicketPriority } from "@quartet/db/enums";
import { Alert } from "@quartet/ui/alert";
import { Badge } from "@quartet/ui/badge";
import { Button } from "@quartet/ui/button";
import { Checkbox } from "@quartet/ui/checkbox";
import { ConfirmDialog } from "@quartet/ui/confirm-dialog";
import { DropdownMenuItem, DropdownMenuSeparator } from "@quartet/ui/dropdown-menu";
import { FormField } from "@quartet/ui/form-field";
import { Pencil, Trash2, Zap } from "@quartet/ui/icons";
import { Input, Textarea } from "@quartet/ui/input";
import { Label } from "@quartet/ui/label";
import { useForm } from "@quartet/ui/lib/form";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useDocumentTitle } from "@quartet/ui/lib/use-document-title";
import { NativeSelect } from "@quartet/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@quartet/ui/table";
import { toast } from "@quartet/ui/toaster";
import { useId, useRef, useState } from "react";
import { ActionsColumnHead } from "../../components/actions-column-head.tsx";
import { FormDialog } from "../../components/form-dialog.tsx";
import { RowActionsMenu } from "../../components/row-actions-menu.tsx";
import { atLeast } from "../../lib/roles.ts";
import { type RouterOutputs, trpc } from "../../lib/trpc.ts";
import { useInsertAtCaret } from "../../lib/use-insert-at-caret.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { PRIORITIES } from "./desk-shared.tsx";
import { SettingsListSection } from "./settings-list-section.tsx";

type Macro = RouterOutputs["deskMacros"]["list"][number];
type MacroStatus = "OPEN" | "PENDING" | "RESOLVED" | "CLOSED";
const MACRO_STATUSES: readonly MacroStatus[] = ["OPEN", "PENDING", "RESOLVED", "CLOSED"];

const splitTags = (value: string) =>
  value
    .split(",")
    .map((tag) => tag.trim())
    .filter(Boolean);

/** /w/:slug/desk/settings/macros: agents keep personal macros; admins manage the shared ones. */
export function DeskMacrosSettingsPage() {
  const { t } = useTranslation();
  const org = useWorkspace();
  useDocumentTitle(t("macros.title"));
  const canUse = atLeast(org.role, "AGENT");
  const macros = trpc.deskMacros.list.useQuery({ orgId: org.id }, { enabled: canUse });
  const [dialog, setDialog] = useState<{ kind: "create" } | { kind: "edit" | "delete"; id: string } | null>(
    null,
  );
  const current =
    dialog && dialog.kind !== "create" ? macros.data?.find((m) => m.id === dialog.id) : undefined;
  const close = () => setDialog(null);

  if (!canUse) {
    return (
      <section aria-labelledby="macros-heading" className="grid gap-4">
        <h2 id="macros-heading" className="text-lg font-semibold">
          {t("macros.title")}
        </h2>
        <Alert>{t("macros.agentsOnly")}</Alert>
      </section>
    );
  }

  return (
    <SettingsListSection
      id="macros"
      title={t("macros.title")}
      description={t("macros.description")}
      canManage={canUse}
      readOnlyNote={t("macros.readOnly")}
      createLabel={t("macros.create")}
      onCreate={() => setDialog({ kind: "create" })}
      query={macros}
      skeletonColumns={3}
      empty={{ icon: Zap, title: t("macros.emptyTitle"), description: t("macros.emptyBody") }}
      after={
        <>
          <MacroFormDialog
            key={dialog?.kind === "edit" ? dialog.id : "create"}
            open={dialog?.kind === "create" || (dialog?.kind === "edit" && !!current)}
            macro={dialog?.kind === "edit" ? current : undefined}
            canShare={atLeast(org.role, "ADMIN")}
            onOpenChange={(open) => !open && close()}
          />
          {current && dialog?.kind === "delete" ? (
            <DeleteMacroDialog macro={current} onOpenChange={(open) => !open && close()} />
          ) : null}
        </>
      }
    >
      {(items) => (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>{t("macros.columns.name")}</TableHead>
              <TableHead>{t("macros.columns.actions")}</TableHead>
              <TableHead>{t("macros.columns.uses")}</TableHead>
              <ActionsColumnHead />
            </TableRow>
          </TableHeader>
          <TableBody>
            {items.map((macro) => (
              <TableRow key={macro.id}>
                <TableCell>
                  <div className="grid min-w-0 gap-0.5">
                    <span className="flex items-center gap-2 font-medium">
                      <span className="truncate">{macro.name}</span>
                      <Badge variant="outline">
                        {macro.isShared ? t("macros.shared") : t("macros.personal")}
                      </Badge>
                    </span>
                    <span className="truncate text-sm text-muted-foreground">{macro.body}</span>
                  </div>
                </TableCell>
                <TableCell className="text-sm text-muted-foreground">
                  <ActionsSummary macro={macro} />
                </TableCell>
                <TableCell className="text-sm text-muted-foreground">
                  {t("macros.uses", { count: macro.usageCount })}
                </TableCell>
                <TableCell className="text-end">
                  {macro.canEdit ? (
                    <RowActionsMenu label={t("macros.actionsFor", { name: macro.name })}>
                      <DropdownMenuItem onSelect={() => setDialog({ kind: "edit", id: macro.id })}>
                        <Pencil aria-hidden />
                        {t("macros.edit")}
                      </DropdownMenuItem>
                      <DropdownMenuSeparator />
                      <DropdownMenuItem
                        destructive
                        onSelect={() => setDialog({ kind: "delete", id: macro.id })}
                      >
                        <Trash2 aria-hidden />
                        {t("macros.delete")}
                      </DropdownMenuItem>
                    </RowActionsMenu>
                  ) : null}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </SettingsListSection>
  );
}

function ActionsSummary({ macro }: { macro: Macro }) {
  const { t } = useTranslation();
  const a = macro.actions;
  const parts = [
    a.status ? t(`desk.status.${a.status}`) : null,
    a.priority ? t(`desk.priority.${a.priority}`) : null,
    ...(a.addTags ?? []).map((tag) => `+${tag}`),
    ...(a.removeTags ?? []).map((tag) => `−${tag}`),
    a.assigneeId === null ? t("macros.form.unassign") : a.assigneeId ? t("macros.form.assignee") : null,
  ].filter(Boolean);
  return <>{parts.length ? parts.join(" · ") : t("macros.noChanges")}</>;
}

function MacroFormDialog({
  open,
  macro,
  canShare,
  onOpenChange,
}: {
  open: boolean;
  macro: Macro | undefined;
  canShare: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const utils = trpc.useUtils();
  const create = trpc.deskMacros.create.useMutation();
  const update = trpc.deskMacros.update.useMutation();
  const members = trpc.members.list.useQuery({ orgId: org.id }, { enabled: open });
  const agents = (members.data?.members ?? []).filter((m) => atLeast(m.role, "AGENT") && !m.disabled);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const shareId = useId();
  const a = macro?.actions ?? {};
  const form = useForm({
    initialValues: {
      name: macro?.name ?? "",
      body: macro?.body ?? "",
      status: (a.status ?? "") as MacroStatus | "",
      priority: (a.priority ?? "") as TicketPriority | "",
      assigneeId: a.assigneeId === null ? "none" : (a.assigneeId ?? ""),
      addTags: (a.addTags ?? []).join(", "),
      removeTags: (a.removeTags ?? []).join(", "),
      isShared: macro?.isShared ?? false,
    },
    validate: (v) => ({ name: v.name.trim() ? undefined : t("macros.form.nameRequired") }),
    onSubmit: async (v) => {
      const actions = {
        ...(v.status ? { status: v.status } : {}),
        ...(v.priority ? { priority: v.priority } : {}),
        ...(v.assigneeId ? { assigneeId: v.assigneeId === "none" ? null : v.assigneeId } : {}),
        ...(splitTags(v.addTags).length ? { addTags: splitTags(v.addTags) } : {}),
        ...(splitTags(v.removeTags).length ? { removeTags: splitTags(v.removeTags) } : {}),
      };
      const payload = { name: v.name, body: v.body, actions, ...(canShare ? { isShared: v.isShared } : {}) };
      const saved = macro
        ? await update.mutateAsync({ orgId: org.id, macroId: macro.id, ...payload })
        : await create.mutateAsync({ orgId: org.id, ...payload });
      await utils.deskMacros.list.invalidate({ orgId: org.id });
      toast.success(macro ? t("macros.saved") : t("macros.created", { name: saved.name }));
      onOpenChange(false);
    },
  });
  const insertAtCaret = useInsertAtCaret(
    bodyRef,
    () => form.values.body,
    (next) => form.setValue("body", next),
  );
  const insert = (name: string) => insertAtCaret(`{{${name}}}`);

  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      form={form}
      title={macro ? t("macros.form.editTitle", { name: macro.name }) : t("macros.form.createTitle")}
      description={t("macros.form.body")}
      submitLabel={t("macros.form.save")}
    >
      <FormField label={t("macros.form.name")} error={form.errors.name}>
        <Input autoFocus maxLength={100} autoComplete="off" {...form.field("name")} />
      </FormField>
      <FormField label={t("macros.form.text")} error={form.errors.body}>
        <Textarea ref={bodyRef} rows={5} {...form.field("body")} />
      </FormField>
      <fieldset className="flex flex-wrap items-center gap-1">
        <legend className="float-start me-1 text-xs text-muted-foreground">
          {t("macros.form.placeholders")}:
        </legend>
        {PLACEHOLDERS.map((name) => (
          <Button
            key={name}
            type="button"
            variant="outline"
            size="sm"
            className="h-6 px-1.5 font-mono text-xs"
            aria-label={t("macros.form.insert", { name })}
            onClick={() => insert(name)}
          >
            {`{{${name}}}`}
          </Button>
        ))}
      </fieldset>
      <div className="grid gap-3 sm:grid-cols-3">
        <FormField label={t("macros.form.status")} error={form.errors.status}>
          <NativeSelect {...form.field("status")}>
            <option value="">{t("macros.form.keep")}</option>
            {MACRO_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`desk.status.${s}`)}
              </option>
            ))}
          </NativeSelect>
        </FormField>
        <FormField label={t("macros.form.priority")} error={form.errors.priority}>
          <NativeSelect {...form.field("priority")}>
            <option value="">{t("macros.form.keep")}</option>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {t(`desk.priority.${p}`)}
              </option>
            ))}
          </NativeSelect>
        </FormField>
        <FormField label={t("macros.form.assignee")} error={form.errors.assigneeId}>
          <NativeSelect {...form.field("assigneeId")}>
            <option value="">{t("macros.form.keep")}</option>
            <option value="none">{t("macros.form.unassign")}</option>
            {agents.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name ?? m.email}
              </option>
            ))}
          </NativeSelect>
        </FormField>
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        <FormField
          label={t("macros.form.addTags")}
          hint={t("macros.form.tagsHint")}
          error={form.errors.addTags}
          optional
        >
          <Input autoComplete="off" {...form.field("addTags")} />
        </FormField>
        <FormField
          label={t("macros.form.removeTags")}
          hint={t("macros.form.tagsHint")}
          error={form.errors.removeTags}
          optional
        >
          <Input autoComplete="off" {...form.field("removeTags")} />
        </FormField>
      </div>
      {canShare ? (
        <div className="flex items-center gap-2">
          <Checkbox
            id={shareId}
            checked={form.values.isShared}
            onCheckedChange={(checked) => form.setValue("isShared", checked === true)}
          />
          <Label htmlFor={shareId}>{t("macros.form.share")}</Label>
        </div>
      ) : null}
    </FormDialog>
  );
}

function DeleteMacroDialog({ macro, onOpenChange }: { macro: Macro; onOpenChange: (open: boolean) => void }) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const utils = trpc.useUtils();
  const remove = trpc.deskMacros.delete.useMutation();
  return (
    <ConfirmDialog
      open
      onOpenChange={onOpenChange}
      destructive
      title={t("macros.deleteTitle", { name: macro.name })}
      description={t("macros.deleteBody")}
      confirmLabel={t("macros.deleteConfirm")}
      onConfirm={async () => {
        await remove.mutateAsync({ orgId: org.id, macroId: macro.id });
        await utils.deskMacros.list.invalidate({ orgId: org.id });
        toast.success(t("macros.deleted", { name: macro.name }));
      }}
    />
  );
}
