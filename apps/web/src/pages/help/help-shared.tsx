import { Button } from "@quartet/ui/button";
import { ChevronRight, Compass, FileText } from "@quartet/ui/icons";
import { useTranslation } from "@quartet/ui/lib/i18n";
import type { ReactNode } from "react";
import { Link, useParams } from "react-router";
import { StatusIcon } from "../../components/auth-layout.tsx";

// Pieces shared by the public help-center pages (no account, no workspace membership).

/** The workspace slug of the help center being viewed. */
export function useHelpSlug(): string {
  return useParams().slug ?? "";
}

/** Paths inside one workspace's help center. */
export const helpPaths = (slug: string) => {
  const base = `/help/${encodeURIComponent(slug)}`;
  return {
    home: base,
    search: (q: string) => `${base}/search?q=${encodeURIComponent(q)}`,
    category: (categorySlug: string) => `${base}/categories/${encodeURIComponent(categorySlug)}`,
    article: (articleSlug: string) => `${base}/articles/${encodeURIComponent(articleSlug)}`,
    contact: `${base}/contact`,
  };
};

const VISITOR_KEY = "quartet.visitor";
let memoryVisitorId: string | null = null;

function newVisitorId(): string {
  return crypto.randomUUID();
}

/**
 * An anonymous id for this browser (views counted once an hour, one vote per article). Kept in
 * localStorage; with storage blocked, it lasts as long as the page.
 */
export function visitorId(): string {
  try {
    const saved = localStorage.getItem(VISITOR_KEY);
    if (saved && /^[A-Za-z0-9_-]{16,64}$/.test(saved)) return saved;
    const id = newVisitorId();
    localStorage.setItem(VISITOR_KEY, id);
    return id;
  } catch {
    memoryVisitorId ??= newVisitorId();
    return memoryVisitorId;
  }
}

/** Breadcrumbs: Help center › Parent › Current (the last one is the page itself). */
export function Breadcrumbs({ items }: { items: { label: string; to?: string }[] }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t("help.breadcrumbs")} className="text-sm text-muted-foreground">
      <ol className="flex flex-wrap items-center gap-1">
        {items.map((item, i) => (
          <li key={item.to ?? `current:${item.label}`} className="flex min-w-0 items-center gap-1">
            {i > 0 ? <ChevronRight className="size-3.5 shrink-0 rtl:rotate-180" aria-hidden /> : null}
            {item.to ? (
              <Link to={item.to} className="truncate rounded-sm hover:text-foreground hover:underline">
                {item.label}
              </Link>
            ) : (
              <span aria-current="page" className="truncate text-foreground">
                {item.label}
              </span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** A list of articles as rows linking to them. */
export function ArticleRows({
  slug,
  articles,
}: {
  slug: string;
  articles: readonly { title: string; slug: string; excerpt: string | null }[];
}) {
  const paths = helpPaths(slug);
  return (
    <ul className="divide-y overflow-hidden rounded-lg border bg-card">
      {articles.map((a) => (
        <li key={a.slug}>
          <Link
            to={paths.article(a.slug)}
            className="flex items-start gap-3 px-4 py-3 transition-colors hover:bg-accent focus-visible:bg-accent focus-visible:outline-none"
          >
            <FileText className="mt-0.5 size-4 shrink-0 text-muted-foreground" aria-hidden />
            <span className="grid min-w-0 gap-0.5">
              <span dir="auto" className="font-medium">
                {a.title}
              </span>
              {a.excerpt ? (
                <span dir="auto" className="line-clamp-2 text-sm text-muted-foreground">
                  {a.excerpt}
                </span>
              ) : null}
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** A page that doesn't exist here (unknown workspace, unpublished article, bad ticket link). */
export function HelpNotFound({ title, body, action }: { title?: string; body?: string; action?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="mx-auto grid max-w-md justify-items-center gap-3 px-4 py-16 text-center">
      <StatusIcon icon={Compass} />
      <h1 className="text-xl font-semibold tracking-tight">{title ?? t("help.notFound.title")}</h1>
      <p className="text-muted-foreground">{body ?? t("help.notFound.body")}</p>
      {action ?? null}
    </div>
  );
}

/** The usual "not found" for a help-center page, with the way back home. */
export function HelpPageNotFound({ slug, title, body }: { slug: string; title?: string; body?: string }) {
  const { t } = useTranslation();
  return (
    <HelpNotFound
      title={title}
      body={body}
      action={
        <Button asChild variant="outline">
          <Link to={helpPaths(slug).home}>{t("help.notFound.home")}</Link>
        </Button>
      }
    />
  );
}
