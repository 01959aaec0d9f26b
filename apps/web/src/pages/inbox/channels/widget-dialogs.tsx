import { Alert } from "@quartet/ui/alert";
import { Button } from "@quartet/ui/button";
import { CopyButton } from "@quartet/ui/copy-button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@quartet/ui/dialog";
import { FormError, FormField } from "@quartet/ui/form-field";
import { ExternalLink } from "@quartet/ui/icons";
import { Input, Textarea } from "@quartet/ui/input";
import { useForm } from "@quartet/ui/lib/form";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { Skeleton } from "@quartet/ui/skeleton";
import { toast } from "@quartet/ui/toaster";
import type { ReactNode } from "react";
import { FormDialog } from "../../../components/form-dialog.tsx";
import { atLeast } from "../../../lib/roles.ts";
import { trpc } from "../../../lib/trpc.ts";
import { useWorkspace } from "../../../lib/workspace.ts";
import type { Channel } from "./channels-shared.ts";

const DEFAULT_COLOR = "#4f46e5";
const HEX = /^#[0-9a-fA-F]{6}$/;

interface LookValues {
  [key: string]: unknown;
  name: string;
  color: string;
  greeting: string;
}

function LookFields({ form }: { form: ReturnType<typeof useForm<LookValues>> }) {
  const { t } = useTranslation();
  return (
    <>
      <FormField label={t("inboxChannels.widget.name")} error={form.errors.name}>
        <Input
          maxLength={60}
          autoComplete="off"
          placeholder={t("inboxChannels.widget.namePlaceholder")}
          {...form.field("name")}
        />
      </FormField>
      <FormField
        label={t("inboxChannels.widget.color")}
        hint={t("inboxChannels.widget.colorHint")}
        error={form.errors.color}
      >
        <div className="flex items-center gap-2">
          <input
            type="color"
            aria-label={t("inboxChannels.widget.color")}
            className="h-9 w-12 cursor-pointer rounded border bg-background"
            value={HEX.test(form.values.color) ? form.values.color : DEFAULT_COLOR}
            onChange={(e) => form.setValue("color", e.target.value)}
          />
          <Input className="w-32 font-mono" maxLength={7} {...form.field("color")} />
        </div>
      </FormField>
      <FormField
        label={t("inboxChannels.widget.greeting")}
        hint={t("inboxChannels.widget.greetingHint")}
        optional
        error={form.errors.greeting}
      >
        <Textarea
          rows={2}
          maxLength={300}
          placeholder={t("inboxChannels.widget.greetingPlaceholder")}
          {...form.field("greeting")}
        />
      </FormField>
    </>
  );
}

function useLookForm(initial: LookValues, onSubmit: (v: LookValues) => Promise<unknown>) {
  const { t } = useTranslation();
  return useForm<LookValues>({
    initialValues: initial,
    validate: (v) => ({
      name: v.name.trim() ? undefined : t("inboxChannels.widget.nameRequired"),
      color: HEX.test(v.color.trim()) ? undefined : t("inboxChannels.widget.colorInvalid"),
    }),
    onSubmit,
  });
}

/** A new website chat: its look; then its code (the settings dialog opens on it). */
export function WidgetCreateDialog({
  open,
  onOpenChange,
  onCreated,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCreated: (id: string) => void;
}) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const utils = trpc.useUtils();
  const create = trpc.inboxConnections.createWidget.useMutation();
  const form = useLookForm({ name: org.name, color: DEFAULT_COLOR, greeting: "" }, async (v) => {
    const created = await create.mutateAsync({
      orgId: org.id,
      name: v.name.trim(),
      color: v.color.trim(),
      greeting: v.greeting.trim(),
    });
    await utils.inboxConnections.invalidate();
    toast.success(t("inboxChannels.widget.created"));
    onCreated(created.id);
  });
  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      form={form}
      title={t("inboxChannels.widget.createTitle")}
      description={t("inboxChannels.widget.createBody")}
      submitLabel={t("inboxChannels.widget.create")}
    >
      <LookFields form={form} />
    </FormDialog>
  );
}

/** A website chat's code to paste (copy button), its preview, and its look. */
export function WidgetSettingsDialog({
  channel,
  onOpenChange,
}: {
  channel: Channel;
  onOpenChange: (open: boolean) => void;
}) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const utils = trpc.useUtils();
  const snippet = trpc.inboxConnections.widgetSnippet.useQuery({ orgId: org.id, connectionId: channel.id });
  const update = trpc.inboxConnections.updateWidget.useMutation();
  const canManage = atLeast(org.role, "ADMIN");
  const look = channel.widget ?? { name: channel.name, color: DEFAULT_COLOR, greeting: "" };
  const form = useLookForm({ ...look }, async (v) => {
    await update.mutateAsync({
      orgId: org.id,
      connectionId: channel.id,
      name: v.name.trim(),
      color: v.color.trim(),
      greeting: v.greeting.trim(),
    });
    await utils.inboxConnections.invalidate();
    toast.success(t("inboxChannels.widget.saved"));
  });

  let code: ReactNode;
  if (snippet.data) {
    code = (
      <div className="grid gap-2">
        <pre
          className="whitespace-pre-wrap break-all rounded-md border bg-muted/50 p-3 text-xs leading-relaxed"
          dir="ltr"
        >
          <code data-widget-snippet>{snippet.data.snippet}</code>
        </pre>
        <div className="flex flex-wrap gap-2">
          <CopyButton value={snippet.data.snippet} label={t("inboxChannels.widget.copy")} />
          {channel.status === "ACTIVE" ? (
            <Button variant="outline" size="sm" asChild>
              <a href={snippet.data.previewUrl} target="_blank" rel="noreferrer">
                <ExternalLink aria-hidden />
                {t("inboxChannels.widget.preview")}
              </a>
            </Button>
          ) : null}
        </div>
      </div>
    );
  } else code = <Skeleton className="h-16 w-full" />;

  return (
    <Dialog open onOpenChange={(next) => !form.submitting && onOpenChange(next)}>
      <DialogContent className="max-w-xl">
        <DialogHeader>
          <DialogTitle>{t("inboxChannels.widget.settingsTitle", { name: channel.name })}</DialogTitle>
          <DialogDescription>{t("inboxChannels.widget.settingsBody")}</DialogDescription>
        </DialogHeader>
        {channel.status !== "ACTIVE" ? (
          <Alert variant="warning">{t("inboxChannels.widget.inactive")}</Alert>
        ) : null}
        <section className="grid gap-1.5">
          <h3 className="text-sm font-medium">{t("inboxChannels.widget.snippet")}</h3>
          <p className="text-sm text-muted-foreground">{t("inboxChannels.widget.snippetHint")}</p>
          {code}
        </section>
        {canManage ? (
          <form onSubmit={form.handleSubmit} className="grid gap-4 border-t pt-4" noValidate>
            <FormError>{form.formError}</FormError>
            <LookFields form={form} />
            <div className="flex justify-end">
              <Button type="submit" loading={form.submitting}>
                {t("inboxChannels.widget.save")}
              </Button>
            </div>
          </form>
        ) : null}
      </DialogContent>
    </Dialog>
  );
}
