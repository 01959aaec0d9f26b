import { Badge } from "@quartet/ui/badge";
import { Button } from "@quartet/ui/button";
import { CheckboxField } from "@quartet/ui/checkbox";
import { ConfirmDialog } from "@quartet/ui/confirm-dialog";
import { FormField } from "@quartet/ui/form-field";
import { ListPlus, Pencil, Trash2 } from "@quartet/ui/icons";
import { Input, Textarea } from "@quartet/ui/input";
import { useForm } from "@quartet/ui/lib/form";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useDocumentTitle } from "@quartet/ui/lib/use-document-title";
import { NativeSelect } from "@quartet/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@quartet/ui/table";
import { toast } from "@quartet/ui/toaster";
import { useState } from "react";
import { ActionsColumnHead } from "../../components/actions-column-head.tsx";
import { FormDialog } from "../../components/form-dialog.tsx";
import { atLeast } from "../../lib/roles.ts";
import { type RouterOutputs, trpc } from "../../lib/trpc.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { SettingsListSection } from "./settings-list-section.tsx";

type Field = RouterOutputs["deskFields"]["list"][number];
type FieldType = Field["type"];
const TYPES: readonly FieldType[] = ["TEXT", "NUMBER", "SELECT", "CHECKBOX", "DATE"];
const KEY = /^[a-z][a-z0-9_]{0,49}$/;

/** A key suggested from the label: "Plan tier" → plan_tier. */
const keyFrom = (label: string) =>
  label
    .toLowerCase()
    .normalize("NFD")
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^[^a-z]+|_+$/g, "")
    .slice(0, 50);

/** /w/:slug/desk/settings/fields: ticket custom fields; admins and owners manage them. */
export function CustomFieldsSettingsPage() {
  const { t } = useTranslation();
  const org = useWorkspace();
  useDocumentTitle(t("desk.fieldsSettings.title"));
  const canManage = atLeast(org.role, "ADMIN");
  const fields = trpc.deskFields.list.useQuery({ orgId: org.id });
  const utils = trpc.useUtils();
  const remove = trpc.deskFields.delete.useMutation();
  const [dialog, setDialog] = useState<{ kind: "create" } | { kind: "edit" | "delete"; field: Field } | null>(
    null,
  );
  const close = () => setDialog(null);

  return (
    <SettingsListSection
      id="fields"
      title={t("desk.fieldsSettings.title")}
      description={t("desk.fieldsSettings.description")}
      canManage={canManage}
      readOnlyNote={t("desk.fieldsSettings.readOnly")}
      createLabel={t("desk.fieldsSettings.create")}
      onCreate={() => setDialog({ kind: "create" })}
      query={fields}
      skeletonColumns={4}
      empty={{
        icon: ListPlus,
        title: t("desk.fieldsSettings.emptyTitle"),
        description: t("desk.fieldsSettings.emptyBody"),
      }}
      after={
        <>
          <FieldDialog
            open={dialog?.kind === "create" || dialog?.kind === "edit"}
            field={dialog?.kind === "edit" ? dialog.field : null}
            onOpenChange={(o) => !o && close()}
          />
          <ConfirmDialog
            open={dialog?.kind === "delete"}
            onOpenChange={(o) => !o && close()}
            title={t("desk.fieldsSettings.deleteTitle")}
            description={t("desk.fieldsSettings.deleteBody", {
              name: dialog?.kind === "delete" ? dialog.field.label : "",
            })}
            confirmLabel={t("desk.fieldsSettings.deleteConfirm")}
            destructive
            onConfirm={async () => {
              if (dialog?.kind !== "delete") return;
              await remove.mutateAsync({ orgId: org.id, fieldId: dialog.field.id });
              await utils.deskFields.list.invalidate({ orgId: org.id });
              toast.success(t("desk.fieldsSettings.deleted"));
            }}
          />
        </>
      }
    >
      {(items) => (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>{t("desk.fieldsSettings.columns.label")}</TableHead>
              <TableHead className="hidden sm:table-cell">{t("desk.fieldsSettings.columns.key")}</TableHead>
              <TableHead>{t("desk.fieldsSettings.columns.type")}</TableHead>
              <TableHead className="hidden md:table-cell">
                {t("desk.fieldsSettings.columns.required")}
              </TableHead>
              {canManage ? <ActionsColumnHead /> : null}
            </TableRow>
          </TableHeader>
          <TableBody>
            {items.map((f) => (
              <TableRow key={f.id}>
                <TableCell className="font-medium">
                  {f.label}
                  {f.type === "SELECT" ? (
                    <span className="block truncate text-xs font-normal text-muted-foreground">
                      {f.options.join(" · ")}
                    </span>
                  ) : null}
                </TableCell>
                <TableCell className="hidden font-mono text-sm text-muted-foreground sm:table-cell" dir="ltr">
                  {f.key}
                </TableCell>
                <TableCell>
                  <Badge variant="outline">{t(`desk.fieldsSettings.types.${f.type}`)}</Badge>
                </TableCell>
                <TableCell className="hidden md:table-cell">
                  {f.required ? t("desk.fieldsSettings.yes") : t("desk.fieldsSettings.no")}
                </TableCell>
                {canManage ? (
                  <TableCell className="text-end whitespace-nowrap">
                    <Button
                      variant="ghost"
                      size="icon-sm"
                      aria-label={t("desk.fieldsSettings.edit", { name: f.label })}
                      onClick={() => setDialog({ kind: "edit", field: f })}
                    >
                      <Pencil aria-hidden />
                    </Button>
                    <Button
                      variant="ghost"
                      size="icon-sm"
                      aria-label={t("desk.fieldsSettings.delete", { name: f.label })}
                      onClick={() => setDialog({ kind: "delete", field: f })}
                    >
                      <Trash2 aria-hidden />
                    </Button>
                  </TableCell>
                ) : null}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </SettingsListSection>
  );
}

function FieldDialog({
  open,
  field,
  onOpenChange,
}: {
  open: boolean;
  field: Field | null;
  onOpenChange: (open: boolean) => void;
}) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const utils = trpc.useUtils();
  const create = trpc.deskFields.create.useMutation();
  const update = trpc.deskFields.update.useMutation();
  const [keyTouched, setKeyTouched] = useState(false);

  const form = useForm({
    initialValues: {
      label: field?.label ?? "",
      key: field?.key ?? "",
      type: (field?.type ?? "TEXT") as FieldType,
      options: field?.options.join("\n") ?? "",
      required: field?.required ?? false,
    },
    validate: (v) => ({
      label: v.label.trim() ? undefined : t("desk.fieldsSettings.errors.label"),
      key: field || KEY.test(v.key) ? undefined : t("desk.fieldsSettings.errors.key"),
      options:
        v.type === "SELECT" && !v.options.split("\n").some((o) => o.trim())
          ? t("desk.fieldsSettings.errors.options")
          : undefined,
    }),
    onSubmit: async (v) => {
      const options = v.options
        .split("\n")
        .map((o) => o.trim())
        .filter(Boolean);
      if (field) {
        await update.mutateAsync({
          orgId: org.id,
          fieldId: field.id,
          label: v.label.trim(),
          required: v.required,
          ...(field.type === "SELECT" ? { options } : {}),
        });
      } else {
        await create.mutateAsync({
          orgId: org.id,
          key: v.key,
          label: v.label.trim(),
          type: v.type,
          options: v.type === "SELECT" ? options : [],
          required: v.required,
        });
      }
      await utils.deskFields.list.invalidate({ orgId: org.id });
      toast.success(field ? t("desk.fieldsSettings.saved") : t("desk.fieldsSettings.created"));
      setKeyTouched(false);
      onOpenChange(false);
    },
  });
  const labelField = form.field("label");

  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      form={form}
      title={field ? t("desk.fieldsSettings.editTitle") : t("desk.fieldsSettings.createTitle")}
      description={t("desk.fieldsSettings.dialogDescription")}
      submitLabel={field ? t("desk.fieldsSettings.save") : t("desk.fieldsSettings.create")}
    >
      <FormField label={t("desk.fieldsSettings.columns.label")} error={form.errors.label}>
        <Input
          autoFocus
          {...labelField}
          onChange={(e) => {
            labelField.onChange(e);
            if (!field && !keyTouched) form.setValue("key", keyFrom(e.target.value));
          }}
        />
      </FormField>
      <FormField
        label={t("desk.fieldsSettings.columns.key")}
        error={form.errors.key}
        hint={field ? t("desk.fieldsSettings.keyFixed") : t("desk.fieldsSettings.keyHint")}
      >
        <Input
          dir="ltr"
          className="font-mono"
          disabled={Boolean(field)}
          {...form.field("key")}
          onInput={() => setKeyTouched(true)}
        />
      </FormField>
      <FormField label={t("desk.fieldsSettings.columns.type")} error={form.errors.type}>
        <NativeSelect disabled={Boolean(field)} {...form.field("type")}>
          {TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`desk.fieldsSettings.types.${type}`)}
            </option>
          ))}
        </NativeSelect>
      </FormField>
      {form.values.type === "SELECT" ? (
        <FormField
          label={t("desk.fieldsSettings.options")}
          error={form.errors.options}
          hint={t("desk.fieldsSettings.optionsHint")}
        >
          <Textarea rows={4} {...form.field("options")} />
        </FormField>
      ) : null}
      <CheckboxField
        label={t("desk.fieldsSettings.requiredLabel")}
        description={t("desk.fieldsSettings.requiredHint")}
        checked={form.values.required}
        onCheckedChange={(c) => form.setValue("required", c === true)}
      />
    </FormDialog>
  );
}
