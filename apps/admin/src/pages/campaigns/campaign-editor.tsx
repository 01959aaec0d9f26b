import { PageHeader } from "@quartet/ui/app-shell";
import { Button } from "@quartet/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@quartet/ui/card";
import { CheckboxField } from "@quartet/ui/checkbox";
import { FormError, FormField } from "@quartet/ui/form-field";
import { Input, Textarea } from "@quartet/ui/input";
import { cn } from "@quartet/ui/lib/cn";
import { type FieldErrors, useForm } from "@quartet/ui/lib/form";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useDebounced } from "@quartet/ui/lib/use-debounced";
import { Select } from "@quartet/ui/select-menu";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@quartet/ui/tabs";
import { toast } from "@quartet/ui/toaster";
import { type ReactNode, useMemo, useState } from "react";
import { useNavigate } from "react-router";
import { trpc } from "../../lib/trpc.ts";
import { CampaignPreview } from "./campaign-preview.tsx";
import { CampaignSendPanel } from "./campaign-send-panel.tsx";
import {
  CAMPAIGN_TYPES,
  type Campaign,
  CampaignStatusBadge,
  type CampaignType,
  LOCALES,
  type Locale,
} from "./campaign-shared.tsx";

const TIERS = ["FREE", "PREMIUM"] as const;
const PLANS = ["FREE", "PRO", "BUSINESS"] as const;
const STATUSES = ["ACTIVE", "PENDING", "LOCKED", "DISABLED"] as const;

type Values = {
  name: string;
  emailType: CampaignType;
  subject: string;
  content: string;
  linkUrl: string;
  linkLabel: string;
  frSubject: string;
  frContent: string;
  frLinkLabel: string;
  arSubject: string;
  arContent: string;
  arLinkLabel: string;
  tiers: string[];
  plans: string[];
  locales: string[];
  statuses: string[];
  signedUpFrom: string;
  signedUpTo: string;
};

function valuesOf(c: Campaign | null): Values {
  const tr = (c?.translations ?? {}) as Partial<
    Record<"fr" | "ar", { subject?: string | null; content?: string | null; linkLabel?: string | null }>
  >;
  return {
    name: c?.name ?? "",
    emailType: (c?.emailType as CampaignType | undefined) ?? "FEATURE_ANNOUNCEMENT",
    subject: c?.subject ?? "",
    content: c?.content ?? "",
    linkUrl: c?.linkUrl ?? "",
    linkLabel: c?.linkLabel ?? "",
    frSubject: tr.fr?.subject ?? "",
    frContent: tr.fr?.content ?? "",
    frLinkLabel: tr.fr?.linkLabel ?? "",
    arSubject: tr.ar?.subject ?? "",
    arContent: tr.ar?.content ?? "",
    arLinkLabel: tr.ar?.linkLabel ?? "",
    tiers: [...(c?.segment.tiers ?? [])],
    plans: [...(c?.segment.plans ?? [])],
    locales: [...(c?.segment.locales ?? [])],
    statuses: [...(c?.segment.statuses ?? ["ACTIVE"])],
    signedUpFrom: c?.segment.signedUpFrom ?? "",
    signedUpTo: c?.segment.signedUpTo ?? "",
  };
}

function segmentOf(v: Values) {
  return {
    tiers: v.tiers as ("FREE" | "PREMIUM")[],
    plans: v.plans as ("FREE" | "PRO" | "BUSINESS")[],
    locales: v.locales as Locale[],
    statuses: v.statuses as (typeof STATUSES)[number][],
    signedUpFrom: v.signedUpFrom || null,
    signedUpTo: v.signedUpTo || null,
  };
}

function inputOf(v: Values) {
  return {
    name: v.name,
    emailType: v.emailType,
    subject: v.subject,
    content: v.content,
    linkUrl: v.linkUrl || null,
    linkLabel: v.linkLabel || null,
    translations: {
      fr: { subject: v.frSubject || null, content: v.frContent || null, linkLabel: v.frLinkLabel || null },
      ar: { subject: v.arSubject || null, content: v.arContent || null, linkLabel: v.arLinkLabel || null },
    },
    segment: segmentOf(v),
  };
}

const dateOrderOk = (v: Pick<Values, "signedUpFrom" | "signedUpTo">) =>
  !v.signedUpFrom || !v.signedUpTo || v.signedUpFrom <= v.signedUpTo;

/**
 * The campaign editor (new, draft or scheduled): name and type, the audience with a live count,
 * the words per language, a preview per language, and — once saved — test, schedule and send.
 */
export function CampaignEditor({ campaign }: { campaign: Campaign | null }) {
  const { t } = useTranslation("admin");
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const initial = useMemo(() => valuesOf(campaign), [campaign]);
  const create = trpc.campaigns.create.useMutation();
  const update = trpc.campaigns.update.useMutation();

  const form = useForm<Values>({
    initialValues: initial,
    validate: (v) => {
      const errors: FieldErrors<Values> = {};
      if (!v.name.trim()) errors.name = t("campaigns.editor.nameRequired");
      if (!v.subject.trim()) errors.subject = t("campaigns.editor.subjectRequired");
      if (!v.content.trim()) errors.content = t("campaigns.editor.bodyRequired");
      if (v.linkUrl.trim() && !/^https?:\/\/\S+$/i.test(v.linkUrl.trim()))
        errors.linkUrl = t("campaigns.editor.linkUrlInvalid");
      if (!dateOrderOk(v)) errors.signedUpTo = t("campaigns.editor.dateOrder");
      return errors;
    },
    onSubmit: async (v) => {
      if (!campaign) {
        const created = await create.mutateAsync(inputOf(v));
        await utils.campaigns.list.invalidate();
        toast.success(t("campaigns.editor.created"));
        navigate(`/campaigns/${created.id}`, { replace: true });
        return;
      }
      const saved = await update.mutateAsync({ id: campaign.id, ...inputOf(v) });
      utils.campaigns.get.setData({ id: campaign.id }, saved);
      await Promise.all([utils.campaigns.list.invalidate(), utils.campaigns.preview.invalidate()]);
      toast.success(t("campaigns.editor.saved"));
    },
  });
  const v = form.values;
  const dirty = JSON.stringify(v) !== JSON.stringify(initial);
  const [tab, setTab] = useState<Locale>("en");

  // The messages' fields carry errors; open the English tab when one of its fields is wrong.
  const showErrorsTab = () => {
    if (form.errors.subject || form.errors.content || form.errors.linkUrl) setTab("en");
  };

  const title = campaign ? campaign.name : t("campaigns.editor.newTitle");
  const saveButton = (
    <Button type="submit" form="campaign-form" loading={form.submitting} disabled={!!campaign && !dirty}>
      {campaign ? t("campaigns.editor.save") : t("campaigns.editor.create")}
    </Button>
  );

  return (
    <>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            <span dir="auto">{title}</span>
            {campaign ? <CampaignStatusBadge status={campaign.status} /> : null}
          </span>
        }
        description={campaign ? t("campaigns.editor.editTitle") : t("campaigns.description")}
        actions={
          <>
            {dirty && campaign ? (
              <>
                <span role="status" className="text-sm text-warning-soft-foreground">
                  {t("campaigns.editor.unsaved")}
                </span>
                <Button variant="ghost" onClick={() => form.reset(initial)} disabled={form.submitting}>
                  {t("campaigns.editor.discard")}
                </Button>
              </>
            ) : null}
            {saveButton}
          </>
        }
      />
      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_26rem] xl:items-start">
        <form
          id="campaign-form"
          noValidate
          onSubmit={(e) => {
            form.handleSubmit(e);
            setTimeout(showErrorsTab, 0);
          }}
          onKeyDown={(e) => {
            // Ctrl/Cmd+Enter saves from anywhere, the message box included.
            if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) form.handleSubmit(e);
          }}
          className="grid min-w-0 gap-6"
        >
          <Card>
            <CardHeader>
              <CardTitle>{t("campaigns.editor.basics")}</CardTitle>
            </CardHeader>
            <CardContent className="grid gap-4 sm:grid-cols-2">
              <FormField
                label={t("campaigns.editor.name")}
                hint={t("campaigns.editor.nameHint")}
                error={form.errors.name}
              >
                <Input {...form.field("name")} maxLength={200} dir="auto" autoFocus={!campaign} />
              </FormField>
              <FormField label={t("campaigns.editor.type")}>
                <Select
                  value={v.emailType}
                  onValueChange={(val) => form.setValue("emailType", val as CampaignType)}
                  options={CAMPAIGN_TYPES.map((ty) => ({ value: ty, label: t(`campaigns.types.${ty}`) }))}
                />
              </FormField>
            </CardContent>
          </Card>

          <AudienceCard form={form} />

          <Card>
            <CardHeader>
              <CardTitle>{t("campaigns.editor.message")}</CardTitle>
              <CardDescription>{t("campaigns.editor.messageDescription")}</CardDescription>
            </CardHeader>
            <CardContent className="grid gap-4">
              <div className="grid gap-4 sm:grid-cols-2">
                <FormField
                  label={t("campaigns.editor.linkUrl")}
                  hint={t("campaigns.editor.linkUrlHint")}
                  error={form.errors.linkUrl}
                  optional
                >
                  <Input {...form.field("linkUrl")} type="url" dir="ltr" inputMode="url" maxLength={2000} />
                </FormField>
              </div>
              <Tabs value={tab} onValueChange={(val) => setTab(val as Locale)}>
                <TabsList aria-label={t("campaigns.editor.locales")}>
                  {LOCALES.map((l) => {
                    const filled =
                      l === "en"
                        ? Boolean(v.subject || v.content)
                        : Boolean(v[`${l}Subject`] || v[`${l}Content`]);
                    const hasError = l === "en" && Boolean(form.errors.subject || form.errors.content);
                    return (
                      <TabsTrigger key={l} value={l}>
                        {t(`campaigns.editor.localeNames.${l}`)}
                        <span
                          aria-hidden
                          className={cn(
                            "size-1.5 rounded-full",
                            hasError ? "bg-destructive" : filled ? "bg-success" : "bg-border",
                          )}
                        />
                        <span className="sr-only">
                          {filled ? t("campaigns.editor.filled") : t("campaigns.editor.empty")}
                        </span>
                      </TabsTrigger>
                    );
                  })}
                </TabsList>
                <TabsContent value="en" className="grid gap-4 pt-4">
                  <FormField label={t("campaigns.editor.subject")} error={form.errors.subject}>
                    <Input {...form.field("subject")} maxLength={300} dir="auto" lang="en" />
                  </FormField>
                  <FormField
                    label={t("campaigns.editor.body")}
                    hint={t("campaigns.editor.bodyHint")}
                    error={form.errors.content}
                  >
                    <Textarea {...form.field("content")} rows={9} maxLength={20000} dir="auto" lang="en" />
                  </FormField>
                  {v.linkUrl ? (
                    <FormField label={t("campaigns.editor.linkLabel")} optional>
                      <Input {...form.field("linkLabel")} maxLength={100} dir="auto" lang="en" />
                    </FormField>
                  ) : null}
                </TabsContent>
                {(["fr", "ar"] as const).map((l) => (
                  <TabsContent key={l} value={l} className="grid gap-4 pt-4">
                    <FormField label={t("campaigns.editor.subject")} optional>
                      <Input
                        {...form.field(`${l}Subject`)}
                        maxLength={300}
                        dir={l === "ar" ? "rtl" : "auto"}
                        lang={l}
                        placeholder={v.subject}
                      />
                    </FormField>
                    <FormField
                      label={t("campaigns.editor.body")}
                      hint={t("campaigns.editor.bodyHint")}
                      optional
                    >
                      <Textarea
                        {...form.field(`${l}Content`)}
                        rows={9}
                        maxLength={20000}
                        dir={l === "ar" ? "rtl" : "auto"}
                        lang={l}
                      />
                    </FormField>
                    {v.linkUrl ? (
                      <FormField label={t("campaigns.editor.linkLabel")} optional>
                        <Input
                          {...form.field(`${l}LinkLabel`)}
                          maxLength={100}
                          dir={l === "ar" ? "rtl" : "auto"}
                          lang={l}
                          placeholder={v.linkLabel}
                        />
                      </FormField>
                    ) : null}
                  </TabsContent>
                ))}
              </Tabs>
              <FormError>{form.formError}</FormError>
            </CardContent>
            <CardFooter>{saveButton}</CardFooter>
          </Card>
        </form>
        <aside className="grid min-w-0 gap-6">
          {campaign ? <CampaignSendPanel campaign={campaign} dirty={dirty} segment={segmentOf(v)} /> : null}
          <CampaignPreview campaignId={campaign?.id ?? null} stale={Boolean(campaign) && dirty} />
        </aside>
      </div>
    </>
  );
}

type Form = ReturnType<typeof useForm<Values>>;

function AudienceCard({ form }: { form: Form }) {
  const { t } = useTranslation("admin");
  const v = form.values;
  const segment = useDebounced(JSON.stringify(segmentOf(v)), 300);
  const valid = dateOrderOk(v);
  const count = trpc.campaigns.countRecipients.useQuery(
    { segment: JSON.parse(segment) },
    { enabled: valid, placeholderData: (prev) => prev },
  );
  const toggle = (name: "tiers" | "plans" | "locales" | "statuses", value: string, on: boolean) =>
    form.setValue(name, on ? [...v[name], value] : v[name].filter((x) => x !== value));

  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("campaigns.editor.audience")}</CardTitle>
        <CardDescription>{t("campaigns.editor.audienceDescription")}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-5">
        <div className="grid gap-5 sm:grid-cols-2 lg:grid-cols-4">
          <CheckGroup legend={t("campaigns.editor.tiers")}>
            {TIERS.map((x) => (
              <CheckboxField
                key={x}
                label={t(`tiers.${x}`)}
                checked={v.tiers.includes(x)}
                onCheckedChange={(on) => toggle("tiers", x, on === true)}
              />
            ))}
          </CheckGroup>
          <CheckGroup legend={t("campaigns.editor.plans")}>
            {PLANS.map((x) => (
              <CheckboxField
                key={x}
                label={t(`plans.${x}`)}
                checked={v.plans.includes(x)}
                onCheckedChange={(on) => toggle("plans", x, on === true)}
              />
            ))}
          </CheckGroup>
          <CheckGroup legend={t("campaigns.editor.locales")}>
            {LOCALES.map((x) => (
              <CheckboxField
                key={x}
                label={t(`campaigns.editor.localeNames.${x}`)}
                checked={v.locales.includes(x)}
                onCheckedChange={(on) => toggle("locales", x, on === true)}
              />
            ))}
          </CheckGroup>
          <CheckGroup legend={t("campaigns.editor.statuses")}>
            {STATUSES.map((x) => (
              <CheckboxField
                key={x}
                label={t(`status.${x}`)}
                checked={v.statuses.includes(x)}
                onCheckedChange={(on) => toggle("statuses", x, on === true)}
              />
            ))}
          </CheckGroup>
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField label={t("campaigns.editor.signedUpFrom")} optional>
            <Input {...form.field("signedUpFrom")} type="date" max={v.signedUpTo || undefined} />
          </FormField>
          <FormField
            label={t("campaigns.editor.signedUpTo")}
            error={form.errors.signedUpTo ?? (valid ? null : t("campaigns.editor.dateOrder"))}
            optional
          >
            <Input {...form.field("signedUpTo")} type="date" min={v.signedUpFrom || undefined} />
          </FormField>
        </div>
        <div
          className="flex flex-wrap items-baseline justify-between gap-2 rounded-md border bg-subtle px-3 py-2.5"
          aria-live="polite"
          data-testid="recipient-count"
        >
          <span className={cn("font-medium", count.isFetching && "opacity-70")}>
            {!valid
              ? t("campaigns.editor.dateOrder")
              : count.isError
                ? t("campaigns.editor.recipientsError")
                : count.data === undefined
                  ? t("campaigns.editor.recipientsCounting")
                  : count.data.count === 0
                    ? t("campaigns.editor.recipientsZero")
                    : t("campaigns.editor.recipients", { count: count.data.count })}
          </span>
          <span className="text-xs text-muted-foreground">{t("campaigns.editor.recipientsHint")}</span>
        </div>
      </CardContent>
    </Card>
  );
}

function CheckGroup({ legend, children }: { legend: string; children: ReactNode }) {
  const { t } = useTranslation("admin");
  return (
    <fieldset className="grid content-start gap-2.5">
      <legend className="mb-2 text-sm font-medium">{legend}</legend>
      {children}
      <p className="text-xs text-muted-foreground">{t("campaigns.editor.anyHint")}</p>
    </fieldset>
  );
}
