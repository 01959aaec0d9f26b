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
import { type RouterOutputs, trpc } from "../../lib/trpc.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { CopyableAddress } from "../desk/copyable-address.tsx";

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
        <GettingStarted base={base} twoFactor={user.twoFactorEnabled} />
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

type DeskSetup = RouterOutputs["deskSetup"]["get"];
type DeskStepKey = DeskSetup["steps"][number]["key"];

interface Step {
  key: string;
  done: boolean;
  title: string;
  /** What to know or copy for this step (an address), shown under the title while it's open. */
  detail?: ReactNode;
  /** Where it's done. */
  action?: ReactNode;
}

function StepLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Link to={to} className="text-sm font-medium whitespace-nowrap text-primary hover:underline">
      {children}
    </Link>
  );
}

/** The Desk steps: done state from the server, each with the place it's done and what to copy. */
function deskSteps(setup: DeskSetup, base: string, t: (key: string) => string): Step[] {
  const admin = setup.canManage;
  const step = (key: DeskStepKey, detail: ReactNode, action: ReactNode): Step => ({
    key,
    done: setup.steps.find((s) => s.key === key)?.done ?? false,
    title: t(`deskSetup.steps.${key}.title`),
    detail,
    action,
  });
  return [
    step(
      "helpCenter",
      setup.helpCenterUrl ? (
        <CopyableAddress
          label={t("deskSetup.helpCenterUrl")}
          value={setup.helpCenterUrl}
          copyLabel={t("deskSetup.copyUrl")}
          testId="setup-help-center-url"
        />
      ) : (
        <p>{t("deskSetup.steps.helpCenter.off")}</p>
      ),
      setup.helpCenterUrl ? (
        <StepLink to={`${base}/desk/kb/articles/new`}>{t("deskSetup.steps.helpCenter.action")}</StepLink>
      ) : admin ? (
        <StepLink to={`${base}/desk/settings/general`}>{t("deskSetup.steps.helpCenter.turnOn")}</StepLink>
      ) : null,
    ),
    step(
      "inboundEmail",
      <CopyableAddress
        label={t("deskSetup.inboundAddress")}
        value={setup.inboundAddress}
        copyLabel={t("deskSetup.copyAddress")}
        testId="setup-inbound-address"
      />,
      admin ? (
        <StepLink to={`${base}/desk/settings/general`}>{t("deskSetup.steps.inboundEmail.action")}</StepLink>
      ) : null,
    ),
    step(
      "slaPolicy",
      <p>{t("deskSetup.steps.slaPolicy.body")}</p>,
      admin ? (
        <StepLink to={`${base}/desk/settings/sla`}>{t("deskSetup.steps.slaPolicy.action")}</StepLink>
      ) : null,
    ),
    step(
      "inviteAgent",
      <p>{t("deskSetup.steps.inviteAgent.body")}</p>,
      admin ? (
        <StepLink to={`${base}/members?invite=1`}>{t("deskSetup.steps.inviteAgent.action")}</StepLink>
      ) : null,
    ),
  ];
}

function GettingStarted({ base, twoFactor }: { base: string; twoFactor: boolean }) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const setup = trpc.deskSetup.get.useQuery({ orgId: org.id });
  const account: Step[] = [
    { key: "account", done: true, title: t("home.steps.account") },
    {
      key: "2fa",
      done: twoFactor,
      title: t("home.steps.twoFactor"),
      action: <StepLink to="/account/security">{t("home.steps.turnOn")}</StepLink>,
    },
  ];
  const desk = setup.data ? deskSteps(setup.data, base, t) : [];
  const all = [...account, ...desk];
  const doneCount = all.filter((s) => s.done).length;
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("home.gettingStarted")}</CardTitle>
        <CardDescription>
          {setup.isPending ? (
            <Skeleton className="h-4 w-24" />
          ) : (
            t("home.progress", { done: doneCount, total: all.length })
          )}
        </CardDescription>
      </CardHeader>
      <CardContent className="grid grid-cols-1 gap-4">
        <StepGroup title={t("deskSetup.accountGroup")} steps={account} testId="setup-account" />
        {setup.isPending ? (
          <div className="grid gap-2" aria-hidden>
            <Skeleton className="h-4 w-16" />
            <Skeleton className="h-9" />
            <Skeleton className="h-9" />
            <Skeleton className="h-9" />
            <Skeleton className="h-9" />
          </div>
        ) : setup.isError ? (
          <ErrorState
            compact
            error={setup.error}
            onRetry={() => setup.refetch()}
            retrying={setup.isFetching}
          />
        ) : (
          <StepGroup title={t("deskSetup.deskGroup")} steps={desk} testId="setup-desk" />
        )}
      </CardContent>
    </Card>
  );
}

function StepGroup({ title, steps, testId }: { title: string; steps: Step[]; testId: string }) {
  const { t } = useTranslation();
  return (
    <section className="grid grid-cols-1 gap-1" aria-label={title} data-testid={testId}>
      <h3 className="text-xs font-semibold uppercase tracking-wide text-muted-foreground">{title}</h3>
      <ol className="grid grid-cols-1 gap-1">
        {steps.map((s) => (
          <li
            key={s.key}
            data-step={s.key}
            data-done={s.done}
            className="flex items-start gap-3 rounded-md py-2"
          >
            {s.done ? (
              <CircleCheck className="mt-px size-5 shrink-0 text-success" aria-hidden />
            ) : (
              <Circle className="mt-px size-5 shrink-0 text-muted-foreground/60" aria-hidden />
            )}
            <div className="flex min-w-0 flex-1 flex-col gap-1.5">
              <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
                <span
                  className={cn(
                    "text-sm",
                    s.done && "text-muted-foreground line-through decoration-muted-foreground/40",
                  )}
                >
                  {s.title}
                  <span className="sr-only"> — {s.done ? t("home.done") : t("home.todo")}</span>
                </span>
                {!s.done && s.action ? s.action : null}
              </div>
              {!s.done && s.detail ? <div className="text-sm text-muted-foreground">{s.detail}</div> : null}
            </div>
          </li>
        ))}
      </ol>
    </section>
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
                  <span dir="auto" className={cn("truncate text-sm", !n.read && "font-medium")}>
                    {n.title}
                  </span>
                  <span dir="auto" className="truncate text-xs text-muted-foreground">
                    {n.message}
                  </span>
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
