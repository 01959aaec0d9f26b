import { Button } from "@quartet/ui/button";
import { FormError, FormField } from "@quartet/ui/form-field";
import { Lightbulb, MailCheck } from "@quartet/ui/icons";
import { Input, Textarea } from "@quartet/ui/input";
import { useForm } from "@quartet/ui/lib/form";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useDebounced } from "@quartet/ui/lib/use-debounced";
import { useDocumentTitle } from "@quartet/ui/lib/use-document-title";
import { useState } from "react";
import { Link } from "react-router";
import { StatusIcon } from "../../components/auth-layout.tsx";
import { trpc } from "../../lib/trpc.ts";
import { AttachButton, DropZone, PendingAttachments, useAttachmentUploads } from "../desk/attachments.tsx";
import { Breadcrumbs, helpPaths, useHelpSlug } from "./help-shared.tsx";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * `/help/:slug/contact`: opens a ticket. While the customer types, articles that might already
 * answer the question are suggested; on success, the ticket number and "check your mail".
 */
export function HelpContactPage() {
  const { t } = useTranslation();
  const slug = useHelpSlug();
  const paths = helpPaths(slug);
  const [sent, setSent] = useState<{ number: number; email: string } | null>(null);
  const contact = trpc.help.contact.useMutation();
  const uploads = useAttachmentUploads({ url: `/files/help/${encodeURIComponent(slug)}/attachments` });
  useDocumentTitle(t("help.contact.title"));

  const form = useForm({
    initialValues: { name: "", email: "", subject: "", message: "", website: "" },
    validate: (v) => ({
      name: v.name.trim() ? undefined : t("help.contact.errors.name"),
      email: !v.email.trim()
        ? t("help.contact.errors.emailRequired")
        : EMAIL.test(v.email.trim())
          ? undefined
          : t("help.contact.errors.email"),
      subject: v.subject.trim().length >= 3 ? undefined : t("help.contact.errors.subject"),
      message: v.message.trim().length >= 10 ? undefined : t("help.contact.errors.message"),
    }),
    onSubmit: async (values) => {
      if (uploads.uploading) throw new Error(t("desk.attachments.wait"));
      const result = await contact.mutateAsync({ slug, ...values, attachmentIds: uploads.ids });
      uploads.reset();
      setSent({ number: result.number, email: values.email.trim() });
      window.scrollTo({ top: 0 });
    },
  });

  const typed = useDebounced(`${form.values.subject} ${form.values.message}`.trim(), 350);
  const suggestions = trpc.help.suggest.useQuery(
    { slug, text: typed.slice(0, 5000) },
    { enabled: typed.length >= 4 && !sent, placeholderData: (previous) => previous, staleTime: 60_000 },
  );
  const suggested = typed.length >= 4 ? (suggestions.data?.items ?? []) : [];

  if (sent) {
    return (
      <div className="mx-auto grid max-w-lg justify-items-center gap-4 px-4 py-14 text-center">
        <StatusIcon icon={MailCheck} tone="success" />
        <h1 className="text-2xl font-semibold tracking-tight">{t("help.contact.sentTitle")}</h1>
        <p className="text-lg">
          {t("help.contact.sentNumber")}{" "}
          <strong className="font-semibold" data-testid="ticket-number">
            #{sent.number}
          </strong>
        </p>
        <p className="text-muted-foreground">{t("help.contact.sentBody", { email: sent.email })}</p>
        <Button asChild variant="outline">
          <Link to={paths.home}>{t("help.notFound.home")}</Link>
        </Button>
      </div>
    );
  }

  return (
    <div className="mx-auto grid max-w-5xl gap-6 px-4 py-8 sm:px-6">
      <Breadcrumbs items={[{ label: t("help.title"), to: paths.home }, { label: t("help.contact.title") }]} />
      <div className="grid gap-1.5">
        <h1 className="text-2xl font-semibold tracking-tight">{t("help.contact.title")}</h1>
        <p className="text-muted-foreground">{t("help.contact.subtitle")}</p>
      </div>
      {/* One grid: on a phone the suggestions come right after the message, before the send
          button (where the eye is); on wide screens they sit in a column beside the form. */}
      <DropZone
        uploads={uploads}
        enabled={!form.submitting}
        onSubmit={form.handleSubmit}
        noValidate
        className="grid items-start gap-4 lg:grid-cols-[minmax(0,1fr)_18rem] lg:gap-x-6"
      >
        <div className="grid gap-4 rounded-lg border bg-card p-4 sm:p-6">
          <FormError>{form.formError}</FormError>
          <div className="grid gap-4 sm:grid-cols-2">
            <FormField label={t("help.contact.name")} error={form.errors.name}>
              <Input autoComplete="name" {...form.field("name")} />
            </FormField>
            <FormField label={t("help.contact.email")} error={form.errors.email}>
              <Input type="email" autoComplete="email" inputMode="email" {...form.field("email")} />
            </FormField>
          </div>
          <FormField label={t("help.contact.subject")} error={form.errors.subject}>
            <Input maxLength={200} {...form.field("subject")} />
          </FormField>
          <FormField
            label={t("help.contact.message")}
            error={form.errors.message}
            hint={t("help.contact.messageHint")}
          >
            <Textarea rows={7} {...form.field("message")} />
          </FormField>
          <fieldset className="grid gap-2">
            <legend className="mb-2 text-sm font-medium">{t("help.attachments.label")}</legend>
            <PendingAttachments uploads={uploads} />
            <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
              <AttachButton uploads={uploads} disabled={form.submitting} />
              <p className="text-xs text-muted-foreground">{t("help.attachments.limits")}</p>
            </div>
          </fieldset>
          {/* Honeypot: hidden from people and assistive tech; bots fill every field they find. */}
          <div aria-hidden className="absolute -start-[9999px] h-px w-px overflow-hidden">
            <label>
              Website
              <input tabIndex={-1} autoComplete="off" {...form.field("website")} />
            </label>
          </div>
        </div>
        <aside
          aria-live="polite"
          aria-labelledby="help-suggestions"
          className="grid gap-3 lg:col-start-2 lg:row-span-2 lg:row-start-1"
        >
          {suggested.length > 0 ? (
            <div className="grid gap-3 rounded-lg border border-primary/25 bg-primary-soft/50 p-4">
              <h2 id="help-suggestions" className="flex items-center gap-2 font-medium">
                <Lightbulb className="size-4 shrink-0 text-primary" aria-hidden />
                {t("help.contact.suggestionsTitle")}
              </h2>
              <ul className="grid gap-1.5">
                {suggested.map((a) => (
                  <li key={a.slug}>
                    <Link
                      to={paths.article(a.slug)}
                      target="_blank"
                      className="text-sm font-medium text-primary hover:underline"
                    >
                      {a.title}
                    </Link>
                  </li>
                ))}
              </ul>
              <p className="text-xs text-muted-foreground">{t("help.contact.suggestionsHint")}</p>
            </div>
          ) : (
            <p id="help-suggestions" className="hidden text-sm text-muted-foreground lg:block">
              {t("help.contact.suggestionsIdle")}
            </p>
          )}
        </aside>
        <div className="flex justify-end">
          <Button
            type="submit"
            size="lg"
            loading={form.submitting}
            disabled={uploads.uploading}
            className="w-full sm:w-auto"
          >
            {t("help.contact.submit")}
          </Button>
        </div>
      </DropZone>
    </div>
  );
}
