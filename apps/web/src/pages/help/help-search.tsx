import { Button } from "@quartet/ui/button";
import { EmptyState } from "@quartet/ui/empty-state";
import { ErrorState } from "@quartet/ui/error-state";
import { SearchX } from "@quartet/ui/icons";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useDocumentTitle } from "@quartet/ui/lib/use-document-title";
import { Skeleton } from "@quartet/ui/skeleton";
import { Link, useSearchParams } from "react-router";
import { trpc } from "../../lib/trpc.ts";
import { Highlighted } from "../desk/desk-shared.tsx";
import { Breadcrumbs, helpPaths, useHelpSlug } from "./help-shared.tsx";

/** `/help/:slug/search?q=`: published articles, best match first, with the matches highlighted. */
export function HelpSearchPage() {
  const { t } = useTranslation();
  const slug = useHelpSlug();
  const paths = helpPaths(slug);
  const [params] = useSearchParams();
  const q = (params.get("q") ?? "").trim().slice(0, 200);
  const search = trpc.help.search.useQuery({ slug, q, limit: 20 }, { enabled: q.length > 0 });
  useDocumentTitle(q ? t("help.search.titleFor", { q }) : t("help.search.title"));

  return (
    <div className="mx-auto grid max-w-3xl gap-6 px-4 py-8 sm:px-6">
      <Breadcrumbs items={[{ label: t("help.title"), to: paths.home }, { label: t("help.search.title") }]} />
      <h1 className="text-2xl font-semibold tracking-tight">
        {q ? t("help.search.titleFor", { q }) : t("help.search.title")}
      </h1>
      {!q ? (
        <p className="text-muted-foreground">{t("help.search.prompt")}</p>
      ) : search.status === "pending" ? (
        <div className="grid gap-3" aria-hidden>
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} className="h-20" />
          ))}
        </div>
      ) : search.status === "error" ? (
        <ErrorState error={search.error} onRetry={() => search.refetch()} retrying={search.isFetching} />
      ) : search.data.items.length === 0 ? (
        <EmptyState
          icon={SearchX}
          title={t("help.search.emptyTitle")}
          description={t("help.search.emptyBody")}
          action={
            <Button asChild>
              <Link to={paths.contact}>{t("help.footer.contact")}</Link>
            </Button>
          }
        />
      ) : (
        <>
          <p className="text-sm text-muted-foreground" aria-live="polite">
            {t("help.search.resultCount", { count: search.data.items.length })}
          </p>
          <ol className="divide-y overflow-hidden rounded-lg border bg-card">
            {search.data.items.map((hit) => (
              <li key={hit.slug}>
                <Link
                  to={paths.article(hit.slug)}
                  className="grid gap-1 px-4 py-3.5 transition-colors hover:bg-accent focus-visible:bg-accent focus-visible:outline-none"
                >
                  <span dir="auto" className="font-medium text-primary">
                    <Highlighted segments={hit.title} />
                  </span>
                  <span dir="auto" className="line-clamp-3 text-sm text-muted-foreground">
                    <Highlighted segments={hit.snippet} />
                  </span>
                  <span className="text-xs text-muted-foreground">{hit.category.name}</span>
                </Link>
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}
