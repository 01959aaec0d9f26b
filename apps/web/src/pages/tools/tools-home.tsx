import { ErrorState } from "@quartet/ui/error-state";
import { useLanguage, useTranslation } from "@quartet/ui/lib/i18n";
import { useDocumentTitle } from "@quartet/ui/lib/use-document-title";
import { Skeleton } from "@quartet/ui/skeleton";
import { Link } from "react-router";
import { trpc } from "../../lib/trpc.ts";
import { usePageMeta } from "./page-meta.ts";
import { RecentJobs } from "./recent-jobs.tsx";
import { TierSummary } from "./tier-summary.tsx";
import { AccessBadge, CATEGORY_ORDER, type ToolSummary, toolIcon, toolsPaths } from "./tools-shared.tsx";

/** /tools — every tool by category (public), the person's tier, and their recent jobs. */
export function ToolsHomePage() {
  const { t } = useTranslation();
  useDocumentTitle(t("tools.headline"));
  usePageMeta({ description: t("tools.description"), canonicalPath: toolsPaths.home });
  const { language } = useLanguage();
  const catalog = trpc.toolsCatalog.list.useQuery({ locale: language }, { staleTime: 5 * 60_000 });

  const groups = new Map<string, ToolSummary[]>();
  for (const tool of catalog.data?.tools ?? []) {
    const list = groups.get(tool.category) ?? [];
    list.push(tool);
    groups.set(tool.category, list);
  }
  const categories = [...groups.keys()].sort((a, b) => rank(a) - rank(b));

  return (
    <div className="mx-auto grid max-w-5xl gap-10 px-4 pt-8 pb-16 sm:px-6">
      <div className="grid gap-3">
        <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">{t("tools.headline")}</h1>
        <p className="max-w-2xl text-muted-foreground">{t("tools.description")}</p>
        <TierSummary />
      </div>

      {catalog.isPending ? (
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3" aria-hidden>
          {Array.from({ length: 6 }, (_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: placeholders
            <Skeleton key={i} className="h-24 rounded-lg" />
          ))}
        </div>
      ) : catalog.isError ? (
        <ErrorState
          title={t("tools.loadFailed")}
          error={catalog.error}
          onRetry={() => catalog.refetch()}
          retrying={catalog.isFetching}
        />
      ) : categories.length === 0 ? (
        <p className="text-muted-foreground">{t("tools.empty")}</p>
      ) : (
        categories.map((category) => (
          <section key={category} aria-labelledby={`category-${category}`} className="grid gap-3">
            <h2 id={`category-${category}`} className="text-lg font-semibold">
              {t(`tools.categories.${category}`, { defaultValue: t("tools.categories.other") })}
            </h2>
            <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
              {groups.get(category)!.map((tool) => {
                const Icon = toolIcon(tool.processor);
                return (
                  <li key={tool.slug}>
                    <Link
                      to={toolsPaths.tool(tool.slug)}
                      className="group flex h-full gap-3 rounded-lg border bg-card p-4 shadow-xs transition-colors hover:border-primary/50 hover:bg-accent/40 focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
                    >
                      <span className="flex size-10 shrink-0 items-center justify-center rounded-md bg-primary/10 text-primary">
                        <Icon className="size-5" aria-hidden />
                      </span>
                      <span className="grid min-w-0 flex-1 content-start gap-1">
                        <span className="flex items-start justify-between gap-2 font-medium">
                          <span className="min-w-0">{tool.name}</span>
                          <AccessBadge level={tool.accessLevel} className="shrink-0" />
                        </span>
                        <span className="line-clamp-2 text-sm text-muted-foreground">{tool.description}</span>
                      </span>
                    </Link>
                  </li>
                );
              })}
            </ul>
          </section>
        ))
      )}

      <RecentJobs />
    </div>
  );
}

const rank = (category: string) => {
  const i = CATEGORY_ORDER.indexOf(category);
  return i === -1 ? CATEGORY_ORDER.length : i;
};
