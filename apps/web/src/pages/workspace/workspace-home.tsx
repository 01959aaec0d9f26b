import { Page, PageHeader } from "@quartet/ui/app-shell";
import { Button } from "@quartet/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@quartet/ui/card";
import { ErrorState } from "@quartet/ui/error-state";
import {
  ArrowRight,
  Bell,
  Circle,
  CircleCheck,
  Clock,
  Link2,
  ShieldCheck,
  UserPlus,
  Users,
} from "@quartet/ui/icons";
import { cn } from "@quartet/ui/lib/cn";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useDocumentTitle } from "@quartet/ui/lib/use-document-title";
import { RelativeTime, useViewer } from "@quartet/ui/relative-time";
import { Skeleton, SkeletonLines } from "@quartet/ui/skeleton";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { RoleBadge } from "../../components/role-badge.tsx";
import { atLeast } from "../../lib/roles.ts";
import { useUser } from "../../lib/session.ts";
import { trpc } from "../../lib/trpc.ts";
import { useWorkspace } from "../../lib/workspace.ts";

function greetingKey(hour: number): string {
  if (hour < 5) return "home.greeting.evening";
  if (hour < 12) return "home.greeting.morning";
  if (hour < 18) return "home.greeting.afternoon";
  return "home.greeting.evening";
}

function hourIn(timeZone: string): number {
  try {
    return Number(
      new Intl.DateTimeFormat("en-US", { hour: "numeric", hourCycle: "h23", timeZone }).format(new Date()),
    );
  } catch {
    return new Date().getHours();
  }
}

export function WorkspaceHomePage() {
  const { t } = useTranslation();
  const org = useWorkspace();
  const user = useUser();
  const viewer = useViewer();
  const detail = trpc.orgs.get.useQuery({ orgId: org.id });
  const canManage = atLeast(org.role, "ADMIN");
  useDocumentTitle(org.name);

  const firstName = (user.name ?? "").split(" ")[0] || user.email;
  const base = `/w/${org.slug}`;

  return (
    <Page>
      <PageHeader
        title={org.name}
        description={t(greetingKey(hourIn(viewer.timeZone)), { name: firstName })}
        actions={
          canManage ? (
            <Button asChild>
              <Link to={`${base}/members?invite=1`}>
                <UserPlus aria-hidden />
                {t("members.invite")}
              </Link>
            </Button>
          ) : null
        }
      />

      <div className="grid gap-4 sm:grid-cols-3">
        <Stat label={t("home.yourRole")} icon={ShieldCheck}>
          <RoleBadge role={org.role} />
          <p className="mt-2 text-sm text-muted-foreground">{t(`roleDescriptions.${org.role}`)}</p>
        </Stat>
        <Stat label={t("home.members")} icon={Users}>
          <p className="text-2xl font-semibold tabular-nums">{org.memberCount}</p>
          <Link
            to={`${base}/members`}
            className="mt-1 inline-flex items-center gap-1 text-sm text-primary hover:underline"
          >
            {t("home.seeMembers")}
            <ArrowRight className="size-3.5 rtl-flip" aria-hidden />
          </Link>
        </Stat>
        <Stat label={t("home.details")} icon={Link2}>
          {detail.isPending ? (
            <SkeletonLines lines={2} />
          ) : detail.isError ? (
            <p className="text-sm text-muted-foreground">{t("home.detailsFailed")}</p>
          ) : (
            <dl className="grid gap-1 text-sm">
              <div className="flex items-center gap-1.5">
                <dt className="sr-only">{t("fields.workspaceAddress")}</dt>
                <dd dir="ltr" className="truncate font-mono text-xs">
                  /w/{org.slug}
                </dd>
              </div>
              <div className="flex items-center gap-1.5 text-muted-foreground">
                <Clock className="size-3.5" aria-hidden />
                <dt className="sr-only">{t("fields.timezone")}</dt>
                <dd className="truncate">{detail.data.timezone}</dd>
              </div>
              <div className="text-muted-foreground">
                <dt className="sr-only">{t("home.created")}</dt>
                <dd>
                  {t("home.createdOn", {
                    date: viewer.dateTime(detail.data.createdAt, { dateStyle: "medium", timeStyle: null }),
                  })}
                </dd>
              </div>
            </dl>
          )}
        </Stat>
      </div>

      <div className="mt-6 grid gap-4 lg:grid-cols-2">
        <GettingStarted
          canManage={canManage}
          memberCount={org.memberCount}
          base={base}
          twoFactor={user.twoFactorEnabled}
        />
        <RecentNotifications />
      </div>
    </Page>
  );
}

function Stat({ label, icon: Icon, children }: { label: string; icon: typeof Users; children: ReactNode }) {
  return (
    <Card className="p-4">
      <div className="mb-2 flex items-center gap-2 text-sm font-medium text-muted-foreground">
        <Icon className="size-4" aria-hidden />
        <h2>{label}</h2>
      </div>
      {children}
    </Card>
  );
}

function GettingStarted({
  canManage,
  memberCount,
  base,
  twoFactor,
}: {
  canManage: boolean;
  memberCount: number;
  base: string;
  twoFactor: boolean;
}) {
  const { t } = useTranslation();
  const steps = [
    { key: "account", done: true, title: t("home.steps.account"), action: null },
    {
      key: "team",
      done: memberCount > 1,
      title: t("home.steps.team"),
      action: canManage ? (
        <Link to={`${base}/members?invite=1`} className="text-sm font-medium text-primary hover:underline">
          {t("members.invite")}
        </Link>
      ) : null,
    },
    {
      key: "2fa",
      done: twoFactor,
      title: t("home.steps.twoFactor"),
      action: (
        <Link to="/account/security" className="text-sm font-medium text-primary hover:underline">
          {t("home.steps.turnOn")}
        </Link>
      ),
    },
  ];
  const doneCount = steps.filter((s) => s.done).length;
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("home.gettingStarted")}</CardTitle>
        <CardDescription>{t("home.progress", { done: doneCount, total: steps.length })}</CardDescription>
      </CardHeader>
      <CardContent>
        <ol className="grid gap-1">
          {steps.map((s) => (
            <li key={s.key} className="flex items-center gap-3 rounded-md py-2">
              {s.done ? (
                <CircleCheck className="size-5 shrink-0 text-success" aria-hidden />
              ) : (
                <Circle className="size-5 shrink-0 text-muted-foreground/60" aria-hidden />
              )}
              <span
                className={cn(
                  "flex-1 text-sm",
                  s.done && "text-muted-foreground line-through decoration-muted-foreground/40",
                )}
              >
                {s.title}
                <span className="sr-only"> — {s.done ? t("home.done") : t("home.todo")}</span>
              </span>
              {!s.done ? s.action : null}
            </li>
          ))}
        </ol>
      </CardContent>
    </Card>
  );
}

function RecentNotifications() {
  const { t } = useTranslation();
  const list = trpc.notifications.list.useQuery({ limit: 5 });
  return (
    <Card>
      <CardHeader className="flex-row items-center justify-between">
        <CardTitle>{t("home.recent")}</CardTitle>
        <Link to="/notifications" className="text-sm font-medium text-primary hover:underline">
          {t("home.viewAll")}
        </Link>
      </CardHeader>
      <CardContent>
        {list.isPending ? (
          <div className="grid gap-3" aria-hidden>
            <Skeleton className="h-10" />
            <Skeleton className="h-10" />
            <Skeleton className="h-10" />
          </div>
        ) : list.isError ? (
          <ErrorState compact error={list.error} onRetry={() => list.refetch()} retrying={list.isFetching} />
        ) : list.data.items.length === 0 ? (
          <div className="flex flex-col items-center gap-2 py-6 text-center">
            <Bell className="size-5 text-muted-foreground" aria-hidden />
            <p className="text-sm text-muted-foreground">{t("home.caughtUp")}</p>
          </div>
        ) : (
          <ul className="grid gap-1">
            {list.data.items.map((n) => (
              <li key={n.id} className="flex items-start gap-2.5 rounded-md py-1.5">
                <span
                  className={cn(
                    "mt-1.5 size-2 shrink-0 rounded-full",
                    n.read ? "bg-transparent" : "bg-primary",
                  )}
                  aria-hidden
                />
                <div className="grid min-w-0 flex-1">
                  <span className={cn("truncate text-sm", !n.read && "font-medium")}>{n.title}</span>
                  <span className="truncate text-xs text-muted-foreground">{n.message}</span>
                </div>
                <RelativeTime
                  date={n.createdAt}
                  style="short"
                  className="shrink-0 text-xs text-muted-foreground"
                />
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
