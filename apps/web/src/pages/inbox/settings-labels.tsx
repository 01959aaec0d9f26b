import { Page, PageHeader } from "@quartet/ui/app-shell";
import { ConfirmDialog } from "@quartet/ui/confirm-dialog";
import { DropdownMenuItem, DropdownMenuSeparator } from "@quartet/ui/dropdown-menu";
import { FormField } from "@quartet/ui/form-field";
import { Pencil, Tag, Trash2 } from "@quartet/ui/icons";
import { Input } from "@quartet/ui/input";
import { cn } from "@quartet/ui/lib/cn";
import { useForm } from "@quartet/ui/lib/form";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useDocumentTitle } from "@quartet/ui/lib/use-document-title";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@quartet/ui/table";
import { toast } from "@quartet/ui/toaster";
import { useState } from "react";
import { Link } from "react-router";
import { ActionsColumnHead } from "../../components/actions-column-head.tsx";
import { FormDialog } from "../../components/form-dialog.tsx";
import { RowActionsMenu } from "../../components/row-actions-menu.tsx";
import { atLeast } from "../../lib/roles.ts";
import { trpc } from "../../lib/trpc.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { SettingsListSection } from "../desk/settings-list-section.tsx";
import { InboxNav } from "./inbox-nav.tsx";
import { LabelChip } from "./inbox-shared.tsx";
import type { Label } from "./inbox-types.ts";

/** Colours a label may take (readable as a dot on both themes). */
export const LABEL_COLORS = [
  "#6366f1",
  "#0ea5e9",
  "#10b981",
  "#84cc16",
  "#f59e0b",
  "#f97316",
  "#ef4444",
  "#ec4899",
  "#8b5cf6",
  "#64748b",
];

/** /w/:slug/inbox/settings/labels — the workspace's conversation labels. */
export function InboxLabelsSettingsPage() {
  const { t } = useTranslation();
  const org = useWorkspace();
  useDocumentTitle(t("inbox.labels.title"));
  const canManage = atLeast(org.role, "AGENT");
  const labels = trpc.inboxLabels.list.useQuery({ orgId: org.id });
  const [dialog, setDialog] = useState<{ kind: "create" } | { kind: "edit" | "delete"; id: string } | null>(
    null,
  );
  const current =
    dialog && dialog.kind !== "create" ? labels.data?.find((l) => l.id === dialog.id) : undefined;
  const close = () => setDialog(null);

  return (
    <Page>
      <PageHeader title={t("inbox.labels.title")} description={t("inbox.labels.description")} />
      <InboxNav />
      <SettingsListSection
        id="labels"
        title={t("inbox.labels.listTitle")}
        description={t("inbox.labels.listBody")}
        canManage={canManage}
        readOnlyNote={t("inbox.labels.readOnly")}
        createLabel={t("inbox.labels.create")}
        onCreate={() => setDialog({ kind: "create" })}
        query={labels}
        skeletonColumns={3}
        empty={{ icon: Tag, title: t("inbox.labels.emptyTitle"), description: t("inbox.labels.emptyBody") }}
        after={
          <>
            <LabelFormDialog
              key={dialog?.kind === "edit" ? dialog.id : "create"}
              open={dialog?.kind === "create" || (dialog?.kind === "edit" && Boolean(current))}
              label={dialog?.kind === "edit" ? current : undefined}
              onOpenChange={(open) => !open && close()}
            />
            {current && dialog?.kind === "delete" ? (
              <DeleteLabelDialog label={current} onOpenChange={(open) => !open && close()} />
            ) : null}
          </>
        }
      >
        {(items) => (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>{t("inbox.labels.name")}</TableHead>
                <TableHead>{t("inbox.labels.conversations")}</TableHead>
                {canManage ? <ActionsColumnHead /> : null}
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((label) => (
                <TableRow key={label.id}>
                  <TableCell>
                    <LabelChip name={label.name} color={label.color} className="h-6 max-w-64 text-sm" />
                  </TableCell>
                  <TableCell className="text-sm text-muted-foreground tabular-nums">
                    <Link
                      to={`/w/${org.slug}/inbox?label=${label.id}`}
                      className="hover:text-foreground hover:underline"
                    >
                      {t("inbox.labels.count", { count: label.conversationCount })}
                    </Link>
                  </TableCell>
                  {canManage ? (
                    <TableCell className="text-end">
                      <RowActionsMenu label={t("inbox.labels.actionsFor", { name: label.name })}>
                        <DropdownMenuItem onSelect={() => setDialog({ kind: "edit", id: label.id })}>
                          <Pencil aria-hidden />
                          {t("inbox.labels.edit")}
                        </DropdownMenuItem>
                        <DropdownMenuSeparator />
                        <DropdownMenuItem
                          destructive
                          onSelect={() => setDialog({ kind: "delete", id: label.id })}
                        >
                          <Trash2 aria-hidden />
                          {t("inbox.labels.delete")}
                        </DropdownMenuItem>
                      </RowActionsMenu>
                    </TableCell>
                  ) : null}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </SettingsListSection>
    </Page>
  );
}

function LabelFormDialog({
  open,
  label,
  onOpenChange,
}: {
  open: boolean;
  label: Label | undefined;
  onOpenChange: (open: boolean) => void;
}) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const utils = trpc.useUtils();
  const create = trpc.inboxLabels.create.useMutation();
  const update = trpc.inboxLabels.update.useMutation();
  const form = useForm({
    initialValues: { name: label?.name ?? "", color: label?.color ?? LABEL_COLORS[0] ?? "#6366f1" },
    validate: (v) => ({ name: v.name.trim() ? undefined : t("inbox.labels.nameRequired") }),
    onSubmit: async (v) => {
      const saved = label
        ? await update.mutateAsync({ orgId: org.id, labelId: label.id, name: v.name, color: v.color })
        : await create.mutateAsync({ orgId: org.id, name: v.name, color: v.color });
      await utils.inboxLabels.list.invalidate({ orgId: org.id });
      void utils.inboxConversations.invalidate();
      toast.success(label ? t("inbox.labels.saved") : t("inbox.labels.created", { name: saved.name }));
      onOpenChange(false);
    },
  });
  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      form={form}
      title={label ? t("inbox.labels.editTitle", { name: label.name }) : t("inbox.labels.createTitle")}
      description={t("inbox.labels.formBody")}
      submitLabel={t("inbox.labels.save")}
    >
      <FormField label={t("inbox.labels.name")} error={form.errors.name}>
        <Input autoFocus maxLength={50} autoComplete="off" {...form.field("name")} />
      </FormField>
      <fieldset className="grid gap-2">
        <legend className="mb-2 text-sm font-medium">{t("inbox.labels.color")}</legend>
        <div className="flex flex-wrap gap-2">
          {LABEL_COLORS.map((color) => (
            <label
              key={color}
              className={cn(
                "grid size-8 cursor-pointer place-items-center rounded-full border-2 border-transparent has-focus-visible:outline-2 has-focus-visible:outline-ring",
                form.values.color === color && "border-foreground",
              )}
            >
              <input
                type="radio"
                name="label-color"
                value={color}
                checked={form.values.color === color}
                onChange={() => form.setValue("color", color)}
                className="sr-only"
                aria-label={color}
              />
              <span className="size-5 rounded-full" style={{ background: color }} aria-hidden />
            </label>
          ))}
        </div>
      </fieldset>
      <div className="flex items-center gap-2 text-sm text-muted-foreground">
        {t("inbox.labels.preview")}
        <LabelChip
          name={form.values.name || t("inbox.labels.name")}
          color={form.values.color}
          className="h-6 text-sm"
        />
      </div>
    </FormDialog>
  );
}

function DeleteLabelDialog({ label, onOpenChange }: { label: Label; onOpenChange: (open: boolean) => void }) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const utils = trpc.useUtils();
  const remove = trpc.inboxLabels.delete.useMutation();
  return (
    <ConfirmDialog
      open
      onOpenChange={onOpenChange}
      destructive
      title={t("inbox.labels.deleteTitle", { name: label.name })}
      description={t("inbox.labels.deleteBody", { count: label.conversationCount })}
      confirmLabel={t("inbox.labels.deleteConfirm")}
      onConfirm={async () => {
        await remove.mutateAsync({ orgId: org.id, labelId: label.id });
        await utils.inboxLabels.list.invalidate({ orgId: org.id });
        void utils.inboxConversations.invalidate();
        toast.success(t("inbox.labels.deleted", { name: label.name }));
      }}
    />
  );
}
