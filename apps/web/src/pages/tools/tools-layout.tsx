import { Button } from "@quartet/ui/button";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { ViewerProvider } from "@quartet/ui/relative-time";
import { Outlet, Link as RouterLink } from "react-router";
import { BrandMark } from "../../components/brand.tsx";
import { PreferencesMenu } from "../../components/preferences-menu.tsx";
import { useSession } from "../../lib/session.ts";
import { lastWorkspace } from "../../lib/storage.ts";
import { trpc } from "../../lib/trpc.ts";
import { ToolsPlanLimitHost } from "./tools-plan-limit.tsx";

/**
 * The frame of /tools and /tools/:slug: public (a guest uses the tools without an account), with
 * the way back into the app for a signed-in person, whose plan-limit refusals open the same
 * upgrade dialog as in the app.
 */
export function ToolsLayout() {
  const { t } = useTranslation();
  const session = useSession();
  const user = session.data && !session.data.twoFactorPending ? session.data.user : null;
  const orgs = trpc.orgs.list.useQuery(undefined, { enabled: Boolean(user) });
  const workspace = orgs.data?.find((o) => o.slug === lastWorkspace.get()) ?? orgs.data?.[0];

  return (
    <ViewerProvider timeZone={user?.timezone}>
      <div className="flex min-h-dvh flex-col bg-background">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:start-2 focus:top-2 focus:z-50 focus:rounded-md focus:bg-card focus:px-3 focus:py-2"
        >
          {t("tools.skipToContent")}
        </a>
        <header className="border-b bg-card">
          <div className="mx-auto flex max-w-5xl items-center gap-3 px-4 py-3 sm:px-6">
            <RouterLink
              to="/tools"
              className="flex min-w-0 items-center gap-2.5 rounded-md font-semibold tracking-tight"
            >
              <BrandMark className="size-7 shrink-0" />
              <span className="truncate">
                Quartet{" "}
                <span className="font-normal text-muted-foreground max-sm:sr-only">{t("tools.title")}</span>
              </span>
            </RouterLink>
            <nav aria-label={t("tools.title")} className="ms-auto flex items-center gap-1">
              {session.isPending ? null : user ? (
                <Button asChild variant="ghost" size="sm">
                  <RouterLink to={workspace ? `/w/${workspace.slug}` : "/"}>
                    {t("tools.backToApp")}
                  </RouterLink>
                </Button>
              ) : (
                <>
                  <Button asChild variant="ghost" size="sm" className="max-sm:hidden">
                    <RouterLink to={`/sign-in?next=${encodeURIComponent(currentPath())}`}>
                      {t("tools.signIn")}
                    </RouterLink>
                  </Button>
                  <Button asChild variant="outline" size="sm">
                    <RouterLink to="/sign-up">{t("tools.signUp")}</RouterLink>
                  </Button>
                </>
              )}
              <PreferencesMenu />
            </nav>
          </div>
        </header>
        <main id="main" className="flex-1">
          <Outlet />
        </main>
        <footer className="border-t bg-subtle">
          <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-2 px-4 py-5 text-sm text-muted-foreground sm:px-6">
            <p>{t("tools.footer")}</p>
            <RouterLink
              to="/pricing"
              className="rounded-sm font-medium text-foreground underline-offset-4 hover:underline"
            >
              {t("tools.limit.pricing")}
            </RouterLink>
          </div>
        </footer>
      </div>
      {user ? <ToolsPlanLimitHost orgs={orgs.data} current={workspace} /> : null}
    </ViewerProvider>
  );
}

const currentPath = () => (typeof window === "undefined" ? "/tools" : window.location.pathname);
