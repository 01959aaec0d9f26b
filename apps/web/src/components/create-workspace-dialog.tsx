import { FormField } from "@quartet/ui/form-field";
import { Input } from "@quartet/ui/input";
import { useForm } from "@quartet/ui/lib/form";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { toast } from "@quartet/ui/toaster";
import { useNavigate } from "react-router";
import { slugify } from "../lib/slug.ts";
import { trpc } from "../lib/trpc.ts";
import { FormDialog } from "./form-dialog.tsx";

export function CreateWorkspaceDialog({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const create = trpc.orgs.create.useMutation();
  const form = useForm({
    initialValues: { name: "", slug: "" },
    validate: (v) => ({ name: v.name.trim() ? undefined : t("validation.workspaceNameRequired") }),
    onSubmit: async ({ name, slug }) => {
      const org = await create.mutateAsync({ name: name.trim(), slug: slug.trim() || undefined });
      await utils.orgs.list.invalidate();
      onOpenChange(false);
      toast.success(t("workspace.created", { name: org.name }));
      navigate(`/w/${org.slug}`);
    },
  });

  const suggested = slugify(form.values.name);

  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      form={form}
      title={t("workspace.createTitle")}
      description={t("workspace.createDescription")}
      submitLabel={t("workspace.createSubmit")}
    >
      <FormField label={t("fields.workspaceName")} error={form.errors.name}>
        <Input
          autoFocus
          autoComplete="organization"
          placeholder={t("workspace.namePlaceholder")}
          {...form.field("name")}
        />
      </FormField>
      <FormField
        label={t("fields.workspaceAddress")}
        optional
        error={form.errors.slug}
        hint={t("workspace.addressHint")}
      >
        <Input
          dir="ltr"
          autoCapitalize="off"
          spellCheck={false}
          placeholder={suggested || "acme"}
          {...form.field("slug")}
        />
      </FormField>
    </FormDialog>
  );
}
