import { AppShell, NavItem, NavSection } from "@quartet/ui/app-shell";
import { CountBadge } from "@quartet/ui/badge";
import { Button } from "@quartet/ui/button";
import { ScreenErrorState } from "@quartet/ui/error-state";
import { Bell, House, Inbox, LifeBuoy, Settings, UserRound, Users, Wrench } from "@quartet/ui/icons";
import { isLanguage, useLanguage, useTranslation } from "@quartet/ui/lib/i18n";
import { ViewerProvider } from "@quartet/ui/relative-time";
import { ShortcutsDialog } from "@quartet/ui/shortcuts-dialog";
import { Skeleton } from "@quartet/ui/skeleton";
import { toast } from "@quartet/ui/toaster";
import { useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense, useEffect, useRef, useState } from "react";
import { Link, Outlet, useLocation, useMatch, useNavigate } from "react-router";
import { DayPassReturn } from "../components/day-pass-return.tsx";
import { PageSkeleton } from "../components/page-skeleton.tsx";
import { PlanLimitHost } from "../components/plan-limit-host.tsx";

// Platform notices load after the shell (outside the first screen's bundle budget).
const PlatformBanners = lazy(() =>
  import("../components/platform-banners.tsx").then((m) => ({ default: m.PlatformBanners })),
);

import { UserMenu } from "../components/user-menu.tsx";
import { WorkspaceSwitcher } from "../components/workspace-switcher.tsx";
import { isSessionQueryKey, UserContext } from "../lib/session.ts";
import { onUnauthorized, signOutIntent } from "../lib/session-events.ts";
import { lastWorkspace } from "../lib/storage.ts";
import { trpc } from "../lib/trpc.ts";

export const SESSION_POLL_MS = 10_000;
export const UNREAD_POLL_MS = 30_000;

/**
 * Everything behind sign-in. Watches the session (every 10 s, on focus, and after any
 * UNAUTHORIZED answer): when it ends — signed out elsewhere, locked by an admin, expired — the
 * person lands on sign-in with a note and comes back here after signing in again.
 */
export function AppLayout() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const utils = trpc.useUtils();
  const session = trpc.auth.session.useQuery(undefined, {
    refetchInterval: SESSION_POLL_MS,
    refetchIntervalInBackground: true,
    refetchOnWindowFocus: "always",
  });
  const user = session.data && !session.data.twoFactorPending ? session.data.user : null;
  const hadUser = useRef(false);
  const { language, setLanguage } = useLanguage();

  useEffect(() => onUnauthorized(() => void utils.auth.session.invalidate()), [utils]);

  const signedOut = !session.isPending && !session.isError && !user;
  useEffect(() => {
    if (user) {
      hadUser.current = true;
      return;
    }
    if (!signedOut) return;
    const intended = signOutIntent.current;
    const message = signOutIntent.message;
    signOutIntent.current = false;
    signOutIntent.message = undefined;
    // Another person may sign in next on this device: forget everything but the session itself.
    queryClient.removeQueries({ predicate: (q) => !isSessionQueryKey(q.queryKey) });
    if (intended) {
      toast.success(message ?? t("session.signedOutByYou"));
      navigate("/sign-in", { replace: true });
      return;
    }
    if (hadUser.current) toast.info(t("session.signedOut"), { description: t("session.signedOutBody") });
    const next = location.pathname + location.search;
    navigate(`/sign-in?next=${encodeURIComponent(next)}`, { replace: true });
  }, [user, signedOut, navigate, location.pathname, location.search, queryClient, t]);

  // The account's language wins over the device's once signed in.
  const userLocale = user?.locale;
  useEffect(() => {
    if (isLanguage(userLocale) && userLocale !== language) setLanguage(userLocale);
  }, [userLocale, language, setLanguage]);

  if (session.isPending || (!user && !session.isError)) return <ShellSkeleton />;
  if (!user) {
    return (
      <ScreenErrorState
        error={session.error}
        onRetry={() => session.refetch()}
        retrying={session.isFetching}
      />
    );
  }

  return (
    <UserContext.Provider value={user}>
      <ViewerProvider timeZone={user.timezone}>
        <SignedInShell />
      </ViewerProvider>
    </UserContext.Provider>
  );
}

function SignedInShell() {
  const { t } = useTranslation();
  const location = useLocation();
  const match = useMatch("/w/:slug/*");
  const orgs = trpc.orgs.list.useQuery();
  const unread = trpc.notifications.unreadCount.useQuery(undefined, {
    refetchInterval: UNREAD_POLL_MS,
    refetchIntervalInBackground: false,
  });
  const [shortcutsOpen, setShortcutsOpen] = useState(false);

  const slug = match?.params.slug ?? lastWorkspace.get();
  const current = orgs.data?.find((o) => o.slug === slug) ?? (match ? undefined : orgs.data?.[0]);
  const base = current ? `/w/${current.slug}` : null;
  const path = location.pathname;
  const unreadCount = unread.data?.count ?? 0;
  const unreadLabel = t("nav.unread", { count: unreadCount });

  const nav = (
    <>
      {base ? (
        <NavSection label={t("nav.workspace")}>
          <NavItem icon={House} active={path === base}>
            <Link to={base}>{t("nav.home")}</Link>
          </NavItem>
          <NavItem icon={LifeBuoy} active={path.startsWith(`${base}/desk`)}>
            <Link to={`${base}/desk`}>{t("nav.desk")}</Link>
          </NavItem>
          <NavItem icon={Inbox} active={path.startsWith(`${base}/inbox`)}>
            <Link to={`${base}/inbox`}>{t("nav.inbox")}</Link>
          </NavItem>
          <NavItem icon={Users} active={path.startsWith(`${base}/members`)}>
            <Link to={`${base}/members`}>{t("nav.members")}</Link>
          </NavItem>
          <NavItem icon={Settings} active={path.startsWith(`${base}/settings`)}>
            <Link to={`${base}/settings`}>{t("nav.settings")}</Link>
          </NavItem>
        </NavSection>
      ) : orgs.isPending ? (
        <div className="mt-2 grid gap-2 px-2" aria-hidden>
          <Skeleton className="h-4" />
          <Skeleton className="h-4" />
          <Skeleton className="h-4" />
        </div>
      ) : null}
      <NavSection label={t("nav.you")}>
        <NavItem
          icon={Bell}
          active={path.startsWith("/notifications")}
          badge={<CountBadge count={unreadCount} label={unreadLabel} />}
        >
          <Link to="/notifications">{t("nav.notifications")}</Link>
        </NavItem>
        <NavItem icon={Wrench} active={path.startsWith("/tools")}>
          <Link to="/tools">{t("nav.tools")}</Link>
        </NavItem>
        <NavItem icon={UserRound} active={path.startsWith("/account")}>
          <Link to="/account/profile">{t("nav.account")}</Link>
        </NavItem>
      </NavSection>
    </>
  );

  return (
    <AppShell
      navKey={path}
      switcher={<WorkspaceSwitcher orgs={orgs.data} current={current} />}
      nav={nav}
      footer={<UserMenu onShowShortcuts={() => setShortcutsOpen(true)} />}
      mobileTitle={current?.name ?? "Quartet"}
      mobileActions={
        <Button asChild variant="ghost" size="icon" className="relative">
          <Link
            to="/notifications"
            aria-label={`${t("nav.notifications")}${unreadCount ? ` (${unreadLabel})` : ""}`}
          >
            <Bell aria-hidden />
            {unreadCount > 0 ? (
              <span className="absolute end-1.5 top-1.5 size-2 rounded-full bg-primary" aria-hidden />
            ) : null}
          </Link>
        </Button>
      }
    >
      <Suspense fallback={null}>
        <PlatformBanners />
      </Suspense>
      <Outlet />
      <ShortcutsDialog open={shortcutsOpen} onOpenChange={setShortcutsOpen} />
      <PlanLimitHost orgs={orgs.data} current={current} />
      <DayPassReturn />
    </AppShell>
  );
}

function ShellSkeleton() {
  return (
    <div className="min-h-dvh">
      <aside
        className="fixed inset-y-0 start-0 hidden w-sidebar flex-col gap-3 border-e bg-sidebar p-3 md:flex"
        aria-hidden
      >
        <Skeleton className="h-9" />
        <Skeleton className="mt-4 h-4 w-24" />
        <Skeleton className="h-4" />
        <Skeleton className="h-4" />
        <Skeleton className="h-4" />
      </aside>
      <div className="md:ps-sidebar">
        <PageSkeleton />
      </div>
    </div>
  );
}
