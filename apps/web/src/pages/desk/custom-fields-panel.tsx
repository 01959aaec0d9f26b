import { Checkbox } from "@quartet/ui/checkbox";
import { FormError } from "@quartet/ui/form-field";
import { Input } from "@quartet/ui/input";
import { Label } from "@quartet/ui/label";
import { errorMessage, fieldErrorsOf } from "@quartet/ui/lib/errors";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { NativeSelect } from "@quartet/ui/select";
import { toast } from "@quartet/ui/toaster";
import { useEffect, useId, useState } from "react";
import { type RouterOutputs, trpc } from "../../lib/trpc.ts";
import { useWorkspace } from "../../lib/workspace.ts";

type Field = RouterOutputs["deskFields"]["list"][number];
type Value = string | number | boolean | null;

/** The workspace's custom fields of one ticket; agents edit them (saved on change or blur). */
export function CustomFieldsPanel({
  ticketId,
  values,
  canEdit,
}: {
  ticketId: string;
  values: Record<string, unknown>;
  canEdit: boolean;
}) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const fields = trpc.deskFields.list.useQuery({ orgId: org.id });
  const utils = trpc.useUtils();
  const update = trpc.deskTickets.update.useMutation();
  const [errors, setErrors] = useState<Record<string, string>>({});

  const save = async (key: string, value: Value) => {
    setErrors((e) => ({ ...e, [key]: "" }));
    try {
      const next = await update.mutateAsync({ orgId: org.id, ticketId, customFields: { [key]: value } });
      utils.deskTickets.get.setData({ orgId: org.id, ticketId }, next);
      toast.success(t("desk.fields.saved"));
    } catch (e) {
      const fe = fieldErrorsOf(e);
      const message = fe[`customFields.${key}`];
      if (message) setErrors((prev) => ({ ...prev, [key]: message }));
      else toast.error(errorMessage(e, t("errors.generic")));
    }
  };

  if (!fields.data?.length) return null;
  return (
    <div className="grid gap-3">
      {fields.data.map((f) => (
        <FieldEditor
          key={f.id}
          field={f}
          value={(values[f.key] ?? null) as Value}
          error={errors[f.key] || null}
          disabled={!canEdit || update.isPending}
          onSave={(v) => void save(f.key, v)}
        />
      ))}
    </div>
  );
}

function FieldEditor({
  field,
  value,
  error,
  disabled,
  onSave,
}: {
  field: Field;
  value: Value;
  error: string | null;
  disabled: boolean;
  onSave: (v: Value) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [draft, setDraft] = useState(value === null ? "" : String(value));
  useEffect(() => setDraft(value === null ? "" : String(value)), [value]);
  const label = (
    <Label htmlFor={id}>
      {field.label}
      {field.required ? <span className="text-destructive"> *</span> : null}
    </Label>
  );
  const common = { id, disabled, "aria-invalid": error ? true : undefined } as const;

  let control: React.ReactNode;
  switch (field.type) {
    case "CHECKBOX":
      return (
        <div className="grid gap-1">
          <div className="flex items-center gap-2">
            <Checkbox {...common} checked={value === true} onCheckedChange={(c) => onSave(c === true)} />
            {label}
          </div>
          <FormError>{error}</FormError>
        </div>
      );
    case "SELECT":
      control = (
        <NativeSelect {...common} value={draft} onChange={(e) => onSave(e.target.value || null)}>
          <option value="">{t("desk.fields.none")}</option>
          {field.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </NativeSelect>
      );
      break;
    case "DATE":
      control = (
        <Input {...common} type="date" value={draft} onChange={(e) => onSave(e.target.value || null)} />
      );
      break;
    default:
      control = (
        <Input
          {...common}
          type={field.type === "NUMBER" ? "number" : "text"}
          inputMode={field.type === "NUMBER" ? "decimal" : undefined}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={() => {
            if (draft !== (value === null ? "" : String(value))) onSave(draft.trim() === "" ? null : draft);
          }}
          onKeyDown={(e) => {
            if (e.key === "Enter") (e.target as HTMLInputElement).blur();
          }}
        />
      );
  }
  return (
    <div className="grid gap-1.5">
      {label}
      {control}
      <FormError>{error}</FormError>
    </div>
  );
}
