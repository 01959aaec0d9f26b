import { Alert } from "@quartet/ui/alert";
import { Section } from "@quartet/ui/app-shell";
import { Button } from "@quartet/ui/button";
import { Card, CardContent } from "@quartet/ui/card";
import { CheckboxField } from "@quartet/ui/checkbox";
import { CopyButton } from "@quartet/ui/copy-button";
import { FormError, FormField } from "@quartet/ui/form-field";
import { ExternalLink } from "@quartet/ui/icons";
import { Input } from "@quartet/ui/input";
import { cn } from "@quartet/ui/lib/cn";
import { useForm } from "@quartet/ui/lib/form";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useDocumentTitle } from "@quartet/ui/lib/use-document-title";
import { Select } from "@quartet/ui/select-menu";
import { toast } from "@quartet/ui/toaster";
import { SettingsCardQuery } from "../../components/settings-card.tsx";
import { type RouterOutputs, trpc } from "../../lib/trpc.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { ApiKeyCard } from "./api-key-card.tsx";

type DeskSettings = RouterOutputs["deskSettings"]["get"];

/** Languages Desk content can be written in (the ticket search stems words in it). */
const LANGUAGES = ["en", "fr", "ar"] as const;
type ContentLanguage = (typeof LANGUAGES)[number];

/** Choices for the auto-close wait; a saved value outside the list is added so it still shows. */
const AUTO_CLOSE_CHOICES = [0, 1, 2, 3, 5, 7, 10, 14, 21, 30, 60, 90];

/** /w/:slug/desk/settings/general: auto-close, CSAT, help center and sender name. */
export function DeskGeneralSettingsPage() {
  const { t } = useTranslation();
  const org = useWorkspace();
  const settings = trpc.deskSettings.get.useQuery({ orgId: org.id });
  useDocumentTitle(t("deskSettings.general.documentTitle"));
  return (
    <>
      <SettingsCardQuery query={settings} skeletonLines={8}>
        {(data) => (
          // Keyed by the saved values so a save (or another admin's change) refreshes the form.
          <GeneralForm key={JSON.stringify(data)} saved={data} />
        )}
      </SettingsCardQuery>
      {/* Outside the form: its buttons act at once and must not submit the settings. */}
      <ApiKeyCard />
    </>
  );
}

function GeneralForm({ saved }: { saved: DeskSettings }) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const utils = trpc.useUtils();
  const update = trpc.deskSettings.update.useMutation();
  const canEdit = saved.canEdit;
  const form = useForm({
    initialValues: {
      autoCloseDays: String(saved.autoCloseDays),
      csatEnabled: saved.csatEnabled,
      helpCenterEnabled: saved.helpCenterEnabled,
      helpCenterTitle: saved.helpCenterTitle ?? "",
      emailSenderName: saved.emailSenderName ?? "",
      language: saved.language as string,
    },
    onSubmit: async (v) => {
      const next = await update.mutateAsync({
        orgId: org.id,
        autoCloseDays: Number(v.autoCloseDays),
        csatEnabled: v.csatEnabled,
        helpCenterEnabled: v.helpCenterEnabled,
        helpCenterTitle: v.helpCenterTitle,
        emailSenderName: v.emailSenderName,
        language: v.language as ContentLanguage,
      });
      utils.deskSettings.get.setData({ orgId: org.id }, next);
      toast.success(
        next.language !== saved.language ? t("deskSearch.language.saved") : t("deskSettings.general.saved"),
      );
    },
  });

  const choices = AUTO_CLOSE_CHOICES.includes(saved.autoCloseDays)
    ? AUTO_CLOSE_CHOICES
    : [...AUTO_CLOSE_CHOICES, saved.autoCloseDays].sort((a, b) => a - b);
  const helpUrl = `${window.location.origin}/help/${org.slug}`;
  // First-strong isolates keep the name and address in order inside right-to-left text.
  const senderExample = `\u2068${form.values.emailSenderName.trim() || org.name} <support@…>\u2069`;

  return (
    <form onSubmit={form.handleSubmit} noValidate>
      {!canEdit ? <Alert className="mb-6">{t("deskSettings.general.readOnly")}</Alert> : null}
      <FormError>{form.formError}</FormError>
      <div className="divide-y">
        <Section
          title={t("deskSettings.general.ticketsTitle")}
          description={t("deskSettings.general.ticketsBody")}
        >
          <Card>
            <CardContent className="grid gap-5 pt-5">
              <FormField
                label={t("deskSettings.general.autoClose")}
                error={form.errors.autoCloseDays}
                hint={t("deskSettings.general.autoCloseHint")}
              >
                <Select
                  id="desk-auto-close"
                  className="sm:max-w-60"
                  disabled={!canEdit}
                  value={form.values.autoCloseDays}
                  onValueChange={(value) => form.setValue("autoCloseDays", value)}
                  options={choices.map((days) => ({
                    value: String(days),
                    label:
                      days === 0
                        ? t("deskSettings.general.never")
                        : t("deskSettings.general.afterDays", { count: days }),
                  }))}
                />
              </FormField>
              <FormField
                label={t("deskSearch.language.label")}
                error={form.errors.language}
                hint={`${t("deskSearch.language.hint")} ${t("deskSearch.language.rebuildNote")}`}
              >
                <Select
                  id="desk-language"
                  className="sm:max-w-60"
                  disabled={!canEdit}
                  value={form.values.language}
                  onValueChange={(value) => form.setValue("language", value)}
                  options={LANGUAGES.map((lang) => ({
                    value: lang,
                    label: t(`deskSearch.language.${lang}`),
                  }))}
                />
              </FormField>
              <CheckboxField
                label={t("deskSettings.general.csat")}
                description={t("deskSettings.general.csatHint")}
                disabled={!canEdit}
                checked={form.values.csatEnabled}
                onCheckedChange={(checked) => form.setValue("csatEnabled", checked === true)}
              />
            </CardContent>
          </Card>
        </Section>

        <Section
          title={t("deskSettings.general.helpCenterTitle")}
          description={t("deskSettings.general.helpCenterBody")}
        >
          <Card>
            <CardContent className="grid gap-5 pt-5">
              <CheckboxField
                label={t("deskSettings.general.helpCenterEnabled")}
                description={t("deskSettings.general.helpCenterEnabledHint")}
                disabled={!canEdit}
                checked={form.values.helpCenterEnabled}
                onCheckedChange={(checked) => form.setValue("helpCenterEnabled", checked === true)}
              />
              <FormField
                label={t("deskSettings.general.helpCenterName")}
                error={form.errors.helpCenterTitle}
                hint={t("deskSettings.general.helpCenterNameHint")}
              >
                <Input
                  readOnly={!canEdit}
                  maxLength={120}
                  placeholder={org.name}
                  {...form.field("helpCenterTitle")}
                />
              </FormField>
              <div className="grid gap-2">
                <span className="text-sm font-medium">{t("deskSettings.general.publicUrl")}</span>
                <div className="flex flex-wrap items-center gap-2">
                  <code
                    dir="ltr"
                    className="min-w-0 max-w-full truncate rounded-md bg-muted px-2.5 py-1.5 text-sm"
                    data-testid="help-center-url"
                  >
                    {helpUrl}
                  </code>
                  <CopyButton type="button" value={helpUrl} label={t("deskSettings.general.copyUrl")} />
                  <a
                    href={`/help/${org.slug}`}
                    target="_blank"
                    rel="noreferrer"
                    className="inline-flex items-center gap-1 text-sm font-medium text-primary underline-offset-4 hover:underline"
                  >
                    <ExternalLink className="size-4" aria-hidden />
                    {t("deskSettings.general.openUrl")}
                  </a>
                </div>
              </div>
            </CardContent>
          </Card>
        </Section>

        <Section
          title={t("deskSettings.general.emailTitle")}
          description={t("deskSettings.general.emailBody")}
        >
          <Card>
            <CardContent className="grid gap-5 pt-5">
              <div className="grid gap-2">
                <span className="text-sm font-medium">{t("deskSettings.general.inboundAddress")}</span>
                <div className="flex flex-wrap items-center gap-2">
                  <code
                    dir="ltr"
                    className="min-w-0 max-w-full truncate rounded-md bg-muted px-2.5 py-1.5 text-sm"
                    data-testid="desk-inbound-address"
                  >
                    {saved.inboundAddress}
                  </code>
                  <CopyButton
                    type="button"
                    value={saved.inboundAddress}
                    label={t("deskSettings.general.copyAddress")}
                  />
                </div>
                <p className="text-sm text-muted-foreground">
                  {t("deskSettings.general.inboundAddressHint")}
                </p>
              </div>
              <FormField
                label={t("deskSettings.general.senderName")}
                error={form.errors.emailSenderName}
                hint={t("deskSettings.general.senderNameHint", { example: senderExample })}
              >
                <Input
                  readOnly={!canEdit}
                  maxLength={120}
                  placeholder={org.name}
                  {...form.field("emailSenderName")}
                />
              </FormField>
            </CardContent>
          </Card>
        </Section>
      </div>
      {canEdit ? (
        // One save for the three cards; with unsaved changes it stays in view while scrolling.
        <div
          className={cn(
            "flex justify-end gap-2 pt-4",
            form.dirty && "sticky bottom-0 z-10 -mx-1 border-t bg-background/95 px-1 pb-3 backdrop-blur",
          )}
        >
          <Button
            type="button"
            variant="ghost"
            disabled={!form.dirty || form.submitting}
            onClick={() => form.reset()}
          >
            {t("common.discard")}
          </Button>
          <Button type="submit" loading={form.submitting} disabled={!form.dirty}>
            {t("common.saveChanges")}
          </Button>
        </div>
      ) : null}
    </form>
  );
}
