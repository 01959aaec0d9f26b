import { FormField } from "@quartet/ui/form-field";
import { Input, Textarea } from "@quartet/ui/input";
import { useForm } from "@quartet/ui/lib/form";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { toast } from "@quartet/ui/toaster";
import { FormDialog } from "../../../components/form-dialog.tsx";
import { type RouterOutputs, trpc } from "../../../lib/trpc.ts";
import { useWorkspace } from "../../../lib/workspace.ts";

type Contact = RouterOutputs["deskContacts"]["get"];

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** An empty field clears the value. */
const orNull = (s: string) => s.trim() || null;

/**
 * Adds a contact, or edits one (`contact` given): name, email, phone, company and notes. The server
 * checks each field again; its messages (an email another contact already has…) land under the field.
 */
export function ContactFormDialog({
  open,
  onOpenChange,
  contact,
  onSaved,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  contact?: Contact;
  /** After a save; when given, it takes over (e.g. opens the new contact's page) and the dialog stays as it is. */
  onSaved?: (contact: Contact) => void;
}) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const utils = trpc.useUtils();
  const create = trpc.deskContacts.create.useMutation();
  const update = trpc.deskContacts.update.useMutation();

  const form = useForm({
    initialValues: {
      name: contact?.name ?? "",
      email: contact?.email ?? "",
      phone: contact?.phone ?? "",
      company: contact?.company ?? "",
      notes: contact?.notes ?? "",
    },
    validate: (v) => ({
      email: !v.email.trim()
        ? t("contacts.form.errors.emailRequired")
        : EMAIL.test(v.email.trim())
          ? undefined
          : t("contacts.form.errors.emailInvalid"),
    }),
    onSubmit: async (v) => {
      const fields = {
        name: orNull(v.name),
        phone: orNull(v.phone),
        company: orNull(v.company),
        notes: orNull(v.notes),
      };
      const saved = contact
        ? await update.mutateAsync({ orgId: org.id, contactId: contact.id, email: v.email.trim(), ...fields })
        : await create.mutateAsync({ orgId: org.id, email: v.email.trim(), ...fields });
      utils.deskContacts.get.setData({ orgId: org.id, contactId: saved.id }, saved);
      await utils.deskContacts.list.invalidate({ orgId: org.id });
      // The requester's name shows on their tickets.
      if (contact) void utils.deskTickets.invalidate();
      // The overview (Inbox panel, erase confirmation) shows the email and name too.
      if (contact) void utils.deskContacts.overview.invalidate({ orgId: org.id, contactId: saved.id });
      toast.success(contact ? t("contacts.form.saved") : t("contacts.form.created"));
      // One navigation: a caller that moves on (to the new contact's page) closes the dialog by leaving.
      if (onSaved) onSaved(saved);
      else onOpenChange(false);
    },
  });

  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      form={form}
      title={contact ? t("contacts.form.editTitle") : t("contacts.form.createTitle")}
      description={contact ? t("contacts.form.editDescription") : t("contacts.form.createDescription")}
      submitLabel={contact ? t("contacts.form.submitEdit") : t("contacts.form.submitCreate")}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label={t("contacts.form.name")} optional error={form.errors.name}>
          <Input autoComplete="off" autoFocus maxLength={200} {...form.field("name")} />
        </FormField>
        <FormField label={t("contacts.form.email")} error={form.errors.email}>
          <Input type="email" autoComplete="off" dir="ltr" maxLength={255} {...form.field("email")} />
        </FormField>
        <FormField label={t("contacts.form.phone")} optional error={form.errors.phone}>
          <Input type="tel" autoComplete="off" dir="ltr" maxLength={50} {...form.field("phone")} />
        </FormField>
        <FormField label={t("contacts.form.company")} optional error={form.errors.company}>
          <Input autoComplete="off" maxLength={200} {...form.field("company")} />
        </FormField>
      </div>
      <FormField
        label={t("contacts.form.notes")}
        optional
        hint={t("contacts.form.notesHint")}
        error={form.errors.notes}
      >
        <Textarea
          rows={4}
          maxLength={5000}
          {...form.field("notes")}
          onKeyDown={(e) => {
            if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) form.handleSubmit(e);
          }}
        />
      </FormField>
    </FormDialog>
  );
}
