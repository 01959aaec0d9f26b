import type { TicketPriority } from "@quartet/db/enums";
import { FormField } from "@quartet/ui/form-field";
import { Input, Textarea } from "@quartet/ui/input";
import { useForm } from "@quartet/ui/lib/form";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { NativeSelect } from "@quartet/ui/select";
import { toast } from "@quartet/ui/toaster";
import { useEffect, useId, useState } from "react";
import { useNavigate } from "react-router";
import { FormDialog } from "../../components/form-dialog.tsx";
import { atLeast } from "../../lib/roles.ts";
import { trpc } from "../../lib/trpc.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { AttachButton, PendingAttachments, useAttachmentUploads } from "./attachments.tsx";
import { PRIORITIES } from "./desk-shared.tsx";
import { TagInput } from "./tag-input.tsx";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** An agent opens a ticket for a requester (found or created by email), then lands on it. */
export function NewTicketDialog({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (o: boolean) => void;
}) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const create = trpc.deskTickets.create.useMutation();
  const members = trpc.members.list.useQuery({ orgId: org.id }, { enabled: open });
  const agents = (members.data?.members ?? []).filter((m) => atLeast(m.role, "AGENT") && !m.disabled);
  const [tags, setTags] = useState<string[]>([]);
  const uploads = useAttachmentUploads(org.id);
  const tagsId = useId();
  // Each opening starts empty, like the form's fields (FormDialog resets those).
  // biome-ignore lint/correctness/useExhaustiveDependencies: on opening only
  useEffect(() => {
    if (!open) return;
    setTags([]);
    uploads.reset();
  }, [open]);

  const form = useForm({
    initialValues: {
      email: "",
      name: "",
      subject: "",
      description: "",
      priority: "MEDIUM" as TicketPriority,
      assigneeId: "",
    },
    validate: (v) => ({
      email: !v.email.trim()
        ? t("desk.new.errors.emailRequired")
        : EMAIL.test(v.email.trim())
          ? undefined
          : t("desk.new.errors.emailInvalid"),
      subject: v.subject.trim() ? undefined : t("desk.new.errors.subjectRequired"),
      description: v.description.trim() ? undefined : t("desk.new.errors.descriptionRequired"),
    }),
    onSubmit: async (v) => {
      if (uploads.uploading) throw new Error(t("desk.attachments.wait"));
      const ticket = await create.mutateAsync({
        orgId: org.id,
        subject: v.subject.trim(),
        description: v.description.trim(),
        priority: v.priority,
        requester: { email: v.email.trim(), name: v.name.trim() || undefined },
        assigneeId: v.assigneeId || null,
        tags,
        attachmentIds: uploads.ids,
      });
      setTags([]);
      uploads.reset();
      void utils.deskTickets.tags.invalidate({ orgId: org.id });
      await utils.deskTickets.list.invalidate({ orgId: org.id });
      toast.success(t("desk.new.created", { number: `#${ticket.number}` }));
      onOpenChange(false);
      navigate(`/w/${org.slug}/desk/${ticket.id}`);
    },
  });

  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      form={form}
      title={t("desk.new.title")}
      description={t("desk.new.description")}
      submitLabel={t("desk.new.submit")}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label={t("desk.new.email")} error={form.errors.email}>
          <Input type="email" autoComplete="off" dir="ltr" autoFocus {...form.field("email")} />
        </FormField>
        <FormField label={t("desk.new.name")} optional error={form.errors.name}>
          <Input autoComplete="off" {...form.field("name")} />
        </FormField>
      </div>
      <FormField label={t("desk.new.subject")} error={form.errors.subject}>
        <Input {...form.field("subject")} />
      </FormField>
      <FormField label={t("desk.new.descriptionLabel")} error={form.errors.description}>
        <Textarea
          rows={5}
          {...form.field("description")}
          onKeyDown={(e) => {
            if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) form.handleSubmit(e);
          }}
        />
      </FormField>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label={t("desk.new.priority")} error={form.errors.priority}>
          <NativeSelect {...form.field("priority")}>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {t(`desk.priority.${p}`)}
              </option>
            ))}
          </NativeSelect>
        </FormField>
        <FormField label={t("deskAgent.new.assignee")} optional error={form.errors.assigneeId}>
          <NativeSelect {...form.field("assigneeId")}>
            <option value="">{t("desk.unassigned")}</option>
            {agents.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name ?? m.email}
              </option>
            ))}
          </NativeSelect>
        </FormField>
      </div>
      <div className="grid gap-1.5">
        <label htmlFor={tagsId} className="text-sm font-medium">
          {t("deskAgent.new.tags")}
        </label>
        <TagInput id={tagsId} value={tags} onChange={setTags} />
      </div>
      <fieldset className="grid gap-2">
        <legend className="mb-1.5 text-sm font-medium">{t("deskAgent.new.attachments")}</legend>
        <PendingAttachments uploads={uploads} />
        <div>
          <AttachButton uploads={uploads} disabled={create.isPending} />
        </div>
      </fieldset>
    </FormDialog>
  );
}
