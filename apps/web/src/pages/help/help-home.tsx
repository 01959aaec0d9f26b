import { Button } from "@quartet/ui/button";
import { ErrorState } from "@quartet/ui/error-state";
import { BookOpen, FolderOpen, Search } from "@quartet/ui/icons";
import { Input } from "@quartet/ui/input";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { SEARCH_ATTRIBUTE } from "@quartet/ui/lib/shortcuts";
import { useDocumentTitle } from "@quartet/ui/lib/use-document-title";
import { Skeleton } from "@quartet/ui/skeleton";
import { type FormEvent, useId, useState } from "react";
import { Link, useNavigate } from "react-router";
import { type RouterOutputs, trpc } from "../../lib/trpc.ts";
import { ArticleRows, helpPaths, useHelpSlug } from "./help-shared.tsx";

type Home = RouterOutputs["help"]["center"];
type CategoryNode = Home["categories"][number];

/** Published articles in a category and everything below it. */
const countAll = (node: CategoryNode): number =>
  node.articleCount + node.children.reduce((n, child) => n + countAll(child), 0);

/** `/help/:slug`: a big search, the categories as cards, and the most read articles. */
export function HelpHomePage() {
  const { t } = useTranslation();
  const slug = useHelpSlug();
  const center = trpc.help.center.useQuery({ slug }, { staleTime: 60_000 });
  const title = center.data?.center.title ?? t("help.title");
  useDocumentTitle(center.data ? `${title} · ${center.data.center.workspaceName}` : t("help.title"));

  return (
    <>
      <Hero slug={slug} title={center.data ? title : null} />
      <div className="mx-auto grid max-w-5xl gap-10 px-4 py-8 sm:px-6 sm:py-10">
        {center.status === "pending" ? (
          <HomeSkeleton />
        ) : center.status === "error" ? (
          <ErrorState error={center.error} onRetry={() => center.refetch()} retrying={center.isFetching} />
        ) : (
          <HomeContent slug={slug} data={center.data} />
        )}
      </div>
    </>
  );
}

function Hero({ slug, title }: { slug: string; title: string | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const searchId = useId();
  const [q, setQ] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (q.trim()) navigate(helpPaths(slug).search(q.trim()));
  };
  return (
    <section className="border-b bg-primary-soft/60">
      <div className="mx-auto grid max-w-3xl gap-5 px-4 py-10 text-center sm:py-14">
        <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">
          {title ?? <Skeleton className="mx-auto h-8 w-48" />}
        </h1>
        <p className="text-muted-foreground">{t("help.home.subtitle")}</p>
        <search className="contents">
          <form onSubmit={submit} className="flex gap-2">
            <div className="relative flex-1">
              <label htmlFor={searchId} className="sr-only">
                {t("help.search.label")}
              </label>
              <Search
                className="pointer-events-none absolute start-3 top-1/2 size-5 -translate-y-1/2 text-muted-foreground"
                aria-hidden
              />
              <Input
                id={searchId}
                type="search"
                value={q}
                onChange={(e) => setQ(e.target.value)}
                placeholder={t("help.search.heroPlaceholder")}
                className="h-12 rounded-lg ps-10 text-base shadow-sm"
                enterKeyHint="search"
                {...{ [SEARCH_ATTRIBUTE]: "" }}
              />
            </div>
            <Button type="submit" size="lg" className="h-12">
              {t("help.search.submit")}
            </Button>
          </form>
        </search>
      </div>
    </section>
  );
}

function HomeContent({ slug, data }: { slug: string; data: Home }) {
  const { t } = useTranslation();
  const paths = helpPaths(slug);
  if (data.categories.length === 0 && data.popular.length === 0) {
    return (
      <div className="grid justify-items-center gap-3 py-8 text-center">
        <BookOpen className="size-8 text-muted-foreground" aria-hidden />
        <h2 className="text-lg font-semibold">{t("help.home.emptyTitle")}</h2>
        <p className="max-w-md text-muted-foreground">{t("help.home.emptyBody")}</p>
        <Button asChild>
          <Link to={paths.contact}>{t("help.footer.contact")}</Link>
        </Button>
      </div>
    );
  }
  return (
    <>
      {data.categories.length > 0 ? (
        <section aria-labelledby="help-categories" className="grid gap-4">
          <h2 id="help-categories" className="text-lg font-semibold">
            {t("help.home.categories")}
          </h2>
          <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
            {data.categories.map((c) => {
              const total = countAll(c);
              return (
                <li key={c.id}>
                  <Link
                    to={paths.category(c.slug)}
                    className="flex h-full gap-3 rounded-lg border bg-card p-4 shadow-xs transition-colors hover:border-primary/40 hover:bg-accent focus-visible:outline-2 focus-visible:outline-ring"
                  >
                    <span className="flex size-9 shrink-0 items-center justify-center rounded-md bg-primary-soft text-primary-soft-foreground">
                      <FolderOpen className="size-4.5" aria-hidden />
                    </span>
                    <span className="grid min-w-0 content-start gap-1">
                      <span dir="auto" className="font-medium">
                        {c.name}
                      </span>
                      {c.description ? (
                        <span dir="auto" className="line-clamp-2 text-sm text-muted-foreground">
                          {c.description}
                        </span>
                      ) : null}
                      <span className="text-xs text-muted-foreground">
                        {t("help.home.articleCount", { count: total })}
                      </span>
                    </span>
                  </Link>
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}
      {data.popular.length > 0 ? (
        <section aria-labelledby="help-popular" className="grid gap-4">
          <h2 id="help-popular" className="text-lg font-semibold">
            {t("help.home.popular")}
          </h2>
          <ArticleRows slug={slug} articles={data.popular} />
        </section>
      ) : null}
    </>
  );
}

function HomeSkeleton() {
  return (
    <div className="grid gap-4" aria-hidden>
      <Skeleton className="h-6 w-40" />
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} className="h-24" />
        ))}
      </div>
      <Skeleton className="mt-6 h-6 w-40" />
      <Skeleton className="h-40" />
    </div>
  );
}
