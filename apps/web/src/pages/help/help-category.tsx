import { ErrorState } from "@quartet/ui/error-state";
import { FolderOpen } from "@quartet/ui/icons";
import { isMissingRecord } from "@quartet/ui/lib/errors";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useDocumentTitle } from "@quartet/ui/lib/use-document-title";
import { Skeleton } from "@quartet/ui/skeleton";
import { Link, useParams } from "react-router";
import { trpc } from "../../lib/trpc.ts";
import { ArticleRows, Breadcrumbs, HelpPageNotFound, helpPaths, useHelpSlug } from "./help-shared.tsx";

/** `/help/:slug/categories/:categorySlug`: its sub-categories and published articles. */
export function HelpCategoryPage() {
  const { t } = useTranslation();
  const slug = useHelpSlug();
  const paths = helpPaths(slug);
  const categorySlug = useParams().categorySlug ?? "";
  const page = trpc.help.category.useQuery(
    { slug, categorySlug },
    { retry: (n, e) => !isMissingRecord(e) && n < 2 },
  );
  useDocumentTitle(page.data?.category.name ?? t("help.title"));

  if (page.status === "pending") {
    return (
      <div className="mx-auto grid max-w-3xl gap-4 px-4 py-8 sm:px-6" aria-hidden>
        <Skeleton className="h-4 w-48" />
        <Skeleton className="h-8 w-64" />
        <Skeleton className="h-48" />
      </div>
    );
  }
  if (page.status === "error") {
    if (isMissingRecord(page.error)) return <HelpPageNotFound slug={slug} />;
    return (
      <div className="mx-auto max-w-3xl px-4 py-8 sm:px-6">
        <ErrorState error={page.error} onRetry={() => page.refetch()} retrying={page.isFetching} />
      </div>
    );
  }
  const { category, path, children, articles } = page.data;
  return (
    <div className="mx-auto grid max-w-3xl gap-6 px-4 py-8 sm:px-6">
      <Breadcrumbs
        items={[
          { label: t("help.title"), to: paths.home },
          ...path.map((c) => ({ label: c.name, to: paths.category(c.slug) })),
          { label: category.name },
        ]}
      />
      <div className="grid gap-1.5">
        <h1 dir="auto" className="text-2xl font-semibold tracking-tight">
          {category.name}
        </h1>
        {category.description ? (
          <p dir="auto" className="text-muted-foreground">
            {category.description}
          </p>
        ) : null}
      </div>
      {children.length > 0 ? (
        <ul className="grid gap-2 sm:grid-cols-2">
          {children.map((c) => (
            <li key={c.slug}>
              <Link
                to={paths.category(c.slug)}
                className="flex items-center gap-3 rounded-lg border bg-card px-4 py-3 transition-colors hover:bg-accent"
              >
                <FolderOpen className="size-4 shrink-0 text-muted-foreground" aria-hidden />
                <span dir="auto" className="min-w-0 flex-1 truncate font-medium">
                  {c.name}
                </span>
                <span className="text-xs text-muted-foreground">
                  {t("help.home.articleCount", { count: c.articleCount })}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
      {articles.length > 0 ? (
        <ArticleRows slug={slug} articles={articles} />
      ) : children.length === 0 ? (
        <p className="text-muted-foreground">{t("help.category.empty")}</p>
      ) : null}
    </div>
  );
}
