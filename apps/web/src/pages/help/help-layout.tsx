import { Button } from "@quartet/ui/button";
import { LifeBuoy, Search } from "@quartet/ui/icons";
import { Input } from "@quartet/ui/input";
import { isMissingRecord } from "@quartet/ui/lib/errors";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { SEARCH_ATTRIBUTE, useSearchShortcut } from "@quartet/ui/lib/shortcuts";
import { Skeleton } from "@quartet/ui/skeleton";
import { type FormEvent, useEffect, useId, useState } from "react";
import { Link, Outlet, useLocation, useNavigate, useSearchParams } from "react-router";
import { BrandMark } from "../../components/brand.tsx";
import { PreferencesMenu } from "../../components/preferences-menu.tsx";
import { trpc } from "../../lib/trpc.ts";
import { HelpNotFound, helpPaths, useHelpSlug } from "./help-shared.tsx";

/**
 * The public help center's frame: the workspace's name, a search field, language and theme, and
 * a footer that always offers a way to contact the team. No account needed.
 */
export function HelpLayout() {
  const { t } = useTranslation();
  const slug = useHelpSlug();
  const paths = helpPaths(slug);
  const center = trpc.help.center.useQuery(
    { slug },
    { staleTime: 60_000, retry: (n, e) => !isMissingRecord(e) && n < 2 },
  );
  const location = useLocation();
  const onHome = location.pathname.replace(/\/$/, "") === paths.home;
  useSearchShortcut();

  if (center.status === "error" && isMissingRecord(center.error)) {
    return (
      <div className="flex min-h-dvh flex-col bg-subtle">
        <header className="flex justify-end px-4 py-3">
          <PreferencesMenu />
        </header>
        <main id="main" className="flex-1">
          <HelpNotFound title={t("help.notFound.centerTitle")} body={t("help.notFound.centerBody")} />
        </main>
      </div>
    );
  }

  const info = center.data?.center;
  const title = info?.title ?? t("help.title");

  return (
    <div className="flex min-h-dvh flex-col bg-background">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:start-2 focus:top-2 focus:z-50 focus:rounded-md focus:bg-card focus:px-3 focus:py-2"
      >
        {t("help.skipToContent")}
      </a>
      <header className="border-b bg-card">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3 sm:px-6">
          <Link
            to={paths.home}
            className="flex min-w-0 items-center gap-2.5 rounded-md font-semibold tracking-tight"
          >
            <BrandMark className="size-7 shrink-0" />
            {info ? (
              <span className="grid min-w-0 leading-tight">
                <span className="truncate">{info.workspaceName}</span>
                <span className="truncate text-xs font-normal text-muted-foreground">{title}</span>
              </span>
            ) : (
              <Skeleton className="h-8 w-32" />
            )}
          </Link>
          {onHome ? null : <HeaderSearch slug={slug} />}
          <div className="ms-auto flex items-center gap-1">
            <PreferencesMenu />
          </div>
        </div>
      </header>
      <main id="main" className="flex-1">
        <Outlet />
      </main>
      <footer className="border-t bg-subtle">
        <div className="mx-auto flex max-w-5xl flex-col items-start gap-3 px-4 py-6 sm:flex-row sm:items-center sm:justify-between sm:px-6">
          <div className="flex items-center gap-3">
            <LifeBuoy className="size-5 shrink-0 text-muted-foreground" aria-hidden />
            <p className="text-sm text-muted-foreground">{t("help.footer.question")}</p>
          </div>
          <Button asChild variant="outline">
            <Link to={paths.contact}>{t("help.footer.contact")}</Link>
          </Button>
        </div>
        <p className="pb-5 text-center text-xs text-muted-foreground">{t("help.footer.poweredBy")}</p>
      </footer>
    </div>
  );
}

/** The header's search: full width on a phone (its own row), beside the name on wider screens. */
function HeaderSearch({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const current = location.pathname.endsWith("/search") ? (params.get("q") ?? "") : "";
  const searchId = useId();
  const [q, setQ] = useState(current);
  useEffect(() => setQ(current), [current]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (q.trim()) navigate(helpPaths(slug).search(q.trim()));
  };
  return (
    <search className="contents">
      <form onSubmit={submit} className="order-last w-full sm:order-none sm:ms-4 sm:w-72">
        <div className="relative block">
          <label htmlFor={searchId} className="sr-only">
            {t("help.search.label")}
          </label>
          <Search
            className="pointer-events-none absolute start-2.5 top-1/2 size-4 -translate-y-1/2 text-muted-foreground"
            aria-hidden
          />
          <Input
            id={searchId}
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder={t("help.search.placeholder")}
            className="ps-8"
            enterKeyHint="search"
            {...{ [SEARCH_ATTRIBUTE]: "" }}
          />
        </div>
      </form>
    </search>
  );
}
