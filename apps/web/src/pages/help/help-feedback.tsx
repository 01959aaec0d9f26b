import { Button } from "@quartet/ui/button";
import { ErrorState } from "@quartet/ui/error-state";
import { FormError, FormField } from "@quartet/ui/form-field";
import { Heart, MessageSquareHeart } from "@quartet/ui/icons";
import { Textarea } from "@quartet/ui/input";
import { cn } from "@quartet/ui/lib/cn";
import { errorReason, isMissingRecord } from "@quartet/ui/lib/errors";
import { useForm } from "@quartet/ui/lib/form";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useDocumentTitle } from "@quartet/ui/lib/use-document-title";
import { Skeleton } from "@quartet/ui/skeleton";
import { useState } from "react";
import { Link } from "react-router";
import { StatusIcon } from "../../components/auth-layout.tsx";
import { trpc } from "../../lib/trpc.ts";
import { HelpPageNotFound, helpPaths } from "./help-shared.tsx";
import { useTicketLink } from "./help-ticket.tsx";

const RATINGS = [1, 2, 3, 4, 5] as const;

/** `/help/:slug/tickets/:ticketId/feedback?token=`: the CSAT survey (1–5 + comment), answered once. */
export function HelpFeedbackPage() {
  const { t } = useTranslation();
  const link = useTicketLink();
  const survey = trpc.help.survey.useQuery(link, {
    enabled: link.token.length > 0,
    retry: (n, e) => !isMissingRecord(e) && n < 2,
  });
  const [state, setState] = useState<"form" | "thanks" | "already">("form");
  useDocumentTitle(t("help.survey.title"));

  if (!link.token || (survey.status === "error" && isMissingRecord(survey.error))) {
    return (
      <HelpPageNotFound
        slug={link.slug}
        title={t("help.ticket.badLinkTitle")}
        body={t("help.ticket.badLinkBody")}
      />
    );
  }
  if (survey.status === "pending") {
    return (
      <div className="mx-auto grid max-w-xl gap-4 px-4 py-10" aria-hidden>
        <Skeleton className="h-8 w-3/4" />
        <Skeleton className="h-20" />
        <Skeleton className="h-28" />
      </div>
    );
  }
  if (survey.status === "error") {
    return (
      <div className="mx-auto max-w-xl px-4 py-10">
        <ErrorState error={survey.error} onRetry={() => survey.refetch()} retrying={survey.isFetching} />
      </div>
    );
  }
  if (state !== "form" || survey.data.answered) {
    const thanks = state === "thanks";
    return (
      <div className="mx-auto grid max-w-lg justify-items-center gap-4 px-4 py-14 text-center" role="status">
        <StatusIcon icon={thanks ? Heart : MessageSquareHeart} tone="success" />
        <h1 className="text-2xl font-semibold tracking-tight">
          {thanks ? t("help.survey.thanksTitle") : t("help.survey.alreadyTitle")}
        </h1>
        <p className="text-muted-foreground">
          {thanks ? t("help.survey.thanksBody") : t("help.survey.alreadyBody")}
        </p>
        <Button asChild variant="outline">
          <Link to={helpPaths(link.slug).home}>{t("help.notFound.home")}</Link>
        </Button>
      </div>
    );
  }
  return (
    <SurveyForm
      link={link}
      number={survey.data.number}
      subject={survey.data.subject}
      onDone={(outcome) => setState(outcome)}
    />
  );
}

function SurveyForm({
  link,
  number,
  subject,
  onDone,
}: {
  link: { slug: string; ticketId: string; token: string };
  number: number;
  subject: string;
  onDone: (outcome: "thanks" | "already") => void;
}) {
  const { t } = useTranslation();
  const submit = trpc.help.submitSurvey.useMutation();
  const form = useForm<{ rating: number | null; comment: string }>({
    initialValues: { rating: null, comment: "" },
    validate: (v) => ({ rating: v.rating ? undefined : t("help.survey.ratingRequired") }),
    onSubmit: async (values) => {
      try {
        await submit.mutateAsync({ ...link, rating: values.rating ?? 0, comment: values.comment });
        onDone("thanks");
      } catch (error) {
        if (errorReason(error) === "SURVEY_ALREADY_ANSWERED") onDone("already");
        else throw error;
      }
    },
  });
  return (
    <div className="mx-auto grid max-w-xl gap-6 px-4 py-10">
      <div className="grid gap-2 text-center">
        <h1 className="text-2xl font-semibold tracking-tight">{t("help.survey.question")}</h1>
        <p className="text-muted-foreground">
          <span className="font-mono">#{number}</span> · {subject}
        </p>
      </div>
      <form
        onSubmit={form.handleSubmit}
        noValidate
        className="grid gap-5 rounded-lg border bg-card p-4 sm:p-6"
      >
        <FormError>{form.formError}</FormError>
        <fieldset className="grid gap-2">
          <legend className="mb-2 text-sm font-medium">{t("help.survey.ratingLabel")}</legend>
          <div role="radiogroup" aria-label={t("help.survey.ratingLabel")} className="grid grid-cols-5 gap-2">
            {RATINGS.map((r) => {
              const selected = form.values.rating === r;
              return (
                // biome-ignore lint/a11y/useSemanticElements: big tappable buttons acting as a radio group
                <button
                  key={r}
                  type="button"
                  role="radio"
                  aria-checked={selected}
                  onClick={() => form.setValue("rating", r)}
                  className={cn(
                    "flex min-h-20 flex-col items-center justify-start gap-1 rounded-lg border px-1 pt-3 pb-2 text-center transition-colors",
                    "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring",
                    selected
                      ? "border-primary bg-primary-soft text-primary-soft-foreground ring-2 ring-primary/30"
                      : "bg-background hover:bg-accent",
                  )}
                >
                  <span className="text-2xl font-semibold leading-none tabular-nums" aria-hidden>
                    {r}
                  </span>
                  <span className="text-xs font-medium leading-tight">
                    <span className="sr-only">{r} – </span>
                    {t(`help.survey.ratings.${r}`)}
                  </span>
                </button>
              );
            })}
          </div>
          {form.errors.rating ? (
            <p role="alert" className="text-sm font-medium text-destructive-soft-foreground">
              {form.errors.rating}
            </p>
          ) : null}
        </fieldset>
        <FormField label={t("help.survey.comment")} optional error={form.errors.comment}>
          <Textarea rows={4} maxLength={2000} {...form.field("comment")} />
        </FormField>
        <Button type="submit" size="lg" loading={form.submitting} className="w-full">
          {t("help.survey.submit")}
        </Button>
      </form>
    </div>
  );
}
