import { Button } from "@quartet/ui/button";
import { ErrorState } from "@quartet/ui/error-state";
import { CircleCheck, ThumbsDown, ThumbsUp } from "@quartet/ui/icons";
import { errorMessage, isMissingRecord } from "@quartet/ui/lib/errors";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useDocumentTitle } from "@quartet/ui/lib/use-document-title";
import { RelativeTime } from "@quartet/ui/relative-time";
import { Skeleton, SkeletonLines } from "@quartet/ui/skeleton";
import { useMemo, useState } from "react";
import { Link, useParams } from "react-router";
import { type RouterOutputs, trpc } from "../../lib/trpc.ts";
import "./help-prose.css";
import {
  ArticleRows,
  Breadcrumbs,
  HelpPageNotFound,
  helpPaths,
  useHelpSlug,
  visitorId,
} from "./help-shared.tsx";

type ArticlePage = RouterOutputs["help"]["article"];

/** `/help/:slug/articles/:articleSlug`: the article, "Was this helpful?", and related reading. */
export function HelpArticlePage() {
  const { t } = useTranslation();
  const slug = useHelpSlug();
  const articleSlug = useParams().articleSlug ?? "";
  const visitor = useMemo(() => visitorId(), []);
  // Reading the article counts a view (once per visitor per hour, server-side): no refetch on focus.
  const page = trpc.help.article.useQuery(
    { slug, articleSlug, visitorId: visitor },
    { refetchOnWindowFocus: false, staleTime: 5 * 60_000, retry: (n, e) => !isMissingRecord(e) && n < 2 },
  );
  useDocumentTitle(page.data?.article.title ?? t("help.title"));

  if (page.status === "pending") {
    return (
      <div className="mx-auto grid max-w-3xl gap-4 px-4 py-8 sm:px-6" aria-hidden>
        <Skeleton className="h-4 w-56" />
        <Skeleton className="h-9 w-3/4" />
        <SkeletonLines lines={8} />
      </div>
    );
  }
  if (page.status === "error") {
    if (isMissingRecord(page.error)) {
      return (
        <HelpPageNotFound
          slug={slug}
          title={t("help.article.notFoundTitle")}
          body={t("help.article.notFoundBody")}
        />
      );
    }
    return (
      <div className="mx-auto max-w-3xl px-4 py-8 sm:px-6">
        <ErrorState error={page.error} onRetry={() => page.refetch()} retrying={page.isFetching} />
      </div>
    );
  }
  return <ArticleView slug={slug} visitor={visitor} data={page.data} />;
}

function ArticleView({ slug, visitor, data }: { slug: string; visitor: string; data: ArticlePage }) {
  const { t } = useTranslation();
  const paths = helpPaths(slug);
  const { article, path, related } = data;
  return (
    <div className="mx-auto grid max-w-3xl gap-6 px-4 py-8 sm:px-6">
      <Breadcrumbs
        items={[
          { label: t("help.title"), to: paths.home },
          ...path.map((c) => ({ label: c.name, to: paths.category(c.slug) })),
          { label: article.title },
        ]}
      />
      <article className="grid gap-5">
        <header className="grid gap-2">
          <h1 dir="auto" className="text-2xl font-semibold tracking-tight sm:text-3xl">
            {article.title}
          </h1>
          <p className="text-sm text-muted-foreground">
            {t("help.article.updated")} <RelativeTime date={article.updatedAt} />
          </p>
        </header>
        {article.contentHtml ? (
          // Sanitized by the knowledge-base editor when the article was saved (allow-listed tags only).
          // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitized server-side at save
          <div dir="auto" className="help-prose" dangerouslySetInnerHTML={{ __html: article.contentHtml }} />
        ) : (
          <div dir="auto" className="help-prose whitespace-pre-wrap">
            {article.content}
          </div>
        )}
      </article>
      <Feedback slug={slug} articleSlug={article.slug} visitor={visitor} initial={data.myVote} />
      {related.length > 0 ? (
        <section aria-labelledby="help-related" className="grid gap-3">
          <h2 id="help-related" className="text-lg font-semibold">
            {t("help.article.related")}
          </h2>
          <ArticleRows slug={slug} articles={related} />
        </section>
      ) : null}
      <p className="text-sm text-muted-foreground">
        {t("help.article.stillNeedHelp")}{" "}
        <Link to={paths.contact} className="font-medium text-primary hover:underline">
          {t("help.footer.contact")}
        </Link>
      </p>
    </div>
  );
}

/** "Was this helpful?" — one vote per visitor; answering again changes the vote. */
function Feedback({
  slug,
  articleSlug,
  visitor,
  initial,
}: {
  slug: string;
  articleSlug: string;
  visitor: string;
  initial: boolean | null;
}) {
  const { t } = useTranslation();
  const [vote, setVote] = useState<boolean | null>(initial);
  const [changing, setChanging] = useState(false);
  const mutation = trpc.help.vote.useMutation();

  const send = async (helpful: boolean) => {
    const previous = vote;
    setVote(helpful); // optimistic: the server almost never says no
    setChanging(false);
    try {
      await mutation.mutateAsync({ slug, articleSlug, visitorId: visitor, helpful });
    } catch {
      setVote(previous);
    }
  };

  const asking = vote === null || changing;
  return (
    <section
      aria-labelledby="help-feedback"
      className="flex flex-col gap-3 rounded-lg border bg-subtle px-4 py-4 sm:flex-row sm:items-center sm:justify-between"
    >
      {asking ? (
        <>
          <h2 id="help-feedback" className="font-medium">
            {t("help.article.helpfulQuestion")}
          </h2>
          <div className="flex gap-2">
            <Button variant="outline" onClick={() => send(true)} aria-pressed={vote === true}>
              <ThumbsUp aria-hidden />
              {t("help.article.yes")}
            </Button>
            <Button variant="outline" onClick={() => send(false)} aria-pressed={vote === false}>
              <ThumbsDown aria-hidden />
              {t("help.article.no")}
            </Button>
          </div>
        </>
      ) : (
        <>
          <div className="flex items-center gap-2" role="status">
            <CircleCheck className="size-5 shrink-0 text-success" aria-hidden />
            <h2 id="help-feedback" className="font-medium">
              {vote ? t("help.article.thanksYes") : t("help.article.thanksNo")}
            </h2>
          </div>
          <Button variant="ghost" size="sm" onClick={() => setChanging(true)}>
            {t("help.article.changeVote")}
          </Button>
        </>
      )}
      {mutation.error ? (
        <p role="alert" className="text-sm text-destructive-soft-foreground">
          {errorMessage(mutation.error, t("help.article.voteFailed"))}
        </p>
      ) : null}
    </section>
  );
}
