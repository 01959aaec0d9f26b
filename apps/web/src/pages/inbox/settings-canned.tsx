import { Page, PageHeader } from "@quartet/ui/app-shell";
import { Button } from "@quartet/ui/button";
import { ConfirmDialog } from "@quartet/ui/confirm-dialog";
import { DropdownMenuItem, DropdownMenuSeparator } from "@quartet/ui/dropdown-menu";
import { FormField } from "@quartet/ui/form-field";
import { Pencil, Trash2, Zap } from "@quartet/ui/icons";
import { Input, Textarea } from "@quartet/ui/input";
import { useForm } from "@quartet/ui/lib/form";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useDocumentTitle } from "@quartet/ui/lib/use-document-title";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@quartet/ui/table";
import { toast } from "@quartet/ui/toaster";
import { useRef, useState } from "react";
import { ActionsColumnHead } from "../../components/actions-column-head.tsx";
import { FormDialog } from "../../components/form-dialog.tsx";
import { RowActionsMenu } from "../../components/row-actions-menu.tsx";
import { atLeast } from "../../lib/roles.ts";
import { trpc } from "../../lib/trpc.ts";
import { useInsertAtCaret } from "../../lib/use-insert-at-caret.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { SettingsListSection } from "../desk/settings-list-section.tsx";
import { InboxNav } from "./inbox-nav.tsx";
import type { CannedReply } from "./inbox-types.ts";

/** The variables a canned reply may use (filled for each conversation when inserted). */
const VARIABLES = ["contact.name", "contact.first_name", "agent.name", "workspace.name"] as const;

/** /w/:slug/inbox/settings/canned — replies agents insert with `/shortcut` in the composer. */
export function InboxCannedSettingsPage() {
  const { t } = useTranslation();
  const org = useWorkspace();
  useDocumentTitle(t("inbox.canned.title"));
  const canManage = atLeast(org.role, "AGENT");
  const canned = trpc.inboxCanned.list.useQuery({ orgId: org.id });
  const [dialog, setDialog] = useState<{ kind: "create" } | { kind: "edit" | "delete"; id: string } | null>(
    null,
  );
  const current =
    dialog && dialog.kind !== "create" ? canned.data?.find((c) => c.id === dialog.id) : undefined;
  const close = () => setDialog(null);

  return (
    <Page>
      <PageHeader title={t("inbox.canned.title")} description={t("inbox.canned.description")} />
      <InboxNav />
      <SettingsListSection
        id="canned"
        title={t("inbox.canned.listTitle")}
        description={t("inbox.canned.listBody")}
        canManage={canManage}
        readOnlyNote={t("inbox.canned.readOnly")}
        createLabel={t("inbox.canned.create")}
        onCreate={() => setDialog({ kind: "create" })}
        query={canned}
        skeletonColumns={3}
        empty={{ icon: Zap, title: t("inbox.canned.emptyTitle"), description: t("inbox.canned.emptyBody") }}
        after={
          <>
            <CannedFormDialog
              key={dialog?.kind === "edit" ? dialog.id : "create"}
              open={dialog?.kind === "create" || (dialog?.kind === "edit" && Boolean(current))}
              reply={dialog?.kind === "edit" ? current : undefined}
              onOpenChange={(open) => !open && close()}
            />
            {current && dialog?.kind === "delete" ? (
              <DeleteCannedDialog reply={current} onOpenChange={(open) => !open && close()} />
            ) : null}
          </>
        }
      >
        {(items) => (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead className="w-40">{t("inbox.canned.shortcut")}</TableHead>
                <TableHead>{t("inbox.canned.reply")}</TableHead>
                {canManage ? <ActionsColumnHead /> : null}
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((reply) => (
                <TableRow key={reply.id}>
                  <TableCell className="font-mono text-sm text-primary" dir="ltr">
                    /{reply.shortcut}
                  </TableCell>
                  <TableCell>
                    <div className="grid max-w-xl min-w-0 gap-0.5">
                      <span dir="auto" className="truncate font-medium">
                        {reply.title}
                      </span>
                      <span dir="auto" className="truncate text-sm text-muted-foreground">
                        {reply.body}
                      </span>
                    </div>
                  </TableCell>
                  {canManage ? (
                    <TableCell className="text-end">
                      <RowActionsMenu label={t("inbox.canned.actionsFor", { name: reply.title })}>
                        <DropdownMenuItem onSelect={() => setDialog({ kind: "edit", id: reply.id })}>
                          <Pencil aria-hidden />
                          {t("inbox.canned.edit")}
                        </DropdownMenuItem>
                        <DropdownMenuSeparator />
                        <DropdownMenuItem
                          destructive
                          onSelect={() => setDialog({ kind: "delete", id: reply.id })}
                        >
                          <Trash2 aria-hidden />
                          {t("inbox.canned.delete")}
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

function CannedFormDialog({
  open,
  reply,
  onOpenChange,
}: {
  open: boolean;
  reply: CannedReply | undefined;
  onOpenChange: (open: boolean) => void;
}) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const utils = trpc.useUtils();
  const create = trpc.inboxCanned.create.useMutation();
  const update = trpc.inboxCanned.update.useMutation();
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const form = useForm({
    initialValues: { shortcut: reply?.shortcut ?? "", title: reply?.title ?? "", body: reply?.body ?? "" },
    validate: (v) => ({
      shortcut: /^\/?[a-z0-9][a-z0-9_-]*$/i.test(v.shortcut.trim())
        ? undefined
        : t("inbox.canned.shortcutRule"),
      title: v.title.trim() ? undefined : t("inbox.canned.titleRequired"),
      body: v.body.trim() ? undefined : t("inbox.canned.bodyRequired"),
    }),
    onSubmit: async (v) => {
      const saved = reply
        ? await update.mutateAsync({ orgId: org.id, id: reply.id, ...v })
        : await create.mutateAsync({ orgId: org.id, ...v });
      await utils.inboxCanned.list.invalidate({ orgId: org.id });
      toast.success(
        reply ? t("inbox.canned.saved") : t("inbox.canned.created", { shortcut: saved.shortcut }),
      );
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
      title={reply ? t("inbox.canned.editTitle", { name: reply.title }) : t("inbox.canned.createTitle")}
      description={t("inbox.canned.formBody")}
      submitLabel={t("inbox.canned.save")}
    >
      <FormField
        label={t("inbox.canned.shortcut")}
        hint={t("inbox.canned.shortcutHint")}
        error={form.errors.shortcut}
      >
        <Input autoFocus maxLength={51} autoComplete="off" dir="ltr" {...form.field("shortcut")} />
      </FormField>
      <FormField label={t("inbox.canned.titleField")} error={form.errors.title}>
        <Input maxLength={200} autoComplete="off" {...form.field("title")} />
      </FormField>
      <FormField label={t("inbox.canned.body")} error={form.errors.body}>
        <Textarea ref={bodyRef} rows={5} dir="auto" maxLength={4096} {...form.field("body")} />
      </FormField>
      <fieldset className="flex flex-wrap items-center gap-1">
        <legend className="float-start me-1 text-xs text-muted-foreground">
          {t("inbox.canned.variables")}:
        </legend>
        {VARIABLES.map((name) => (
          <Button
            key={name}
            type="button"
            variant="outline"
            size="sm"
            className="h-6 px-1.5 font-mono text-xs"
            aria-label={t("inbox.canned.insert", { name })}
            onClick={() => insert(name)}
          >
            {`{{${name}}}`}
          </Button>
        ))}
      </fieldset>
    </FormDialog>
  );
}

function DeleteCannedDialog({
  reply,
  onOpenChange,
}: {
  reply: CannedReply;
  onOpenChange: (open: boolean) => void;
}) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const utils = trpc.useUtils();
  const remove = trpc.inboxCanned.delete.useMutation();
  return (
    <ConfirmDialog
      open
      onOpenChange={onOpenChange}
      destructive
      title={t("inbox.canned.deleteTitle", { name: reply.title })}
      description={t("inbox.canned.deleteBody", { shortcut: reply.shortcut })}
      confirmLabel={t("inbox.canned.deleteConfirm")}
      onConfirm={async () => {
        await remove.mutateAsync({ orgId: org.id, id: reply.id });
        await utils.inboxCanned.list.invalidate({ orgId: org.id });
        toast.success(t("inbox.canned.deleted", { name: reply.title }));
      }}
    />
  );
}
