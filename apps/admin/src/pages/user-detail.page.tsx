import { Alert } from "@quartet/ui/alert";
import { Avatar } from "@quartet/ui/avatar";
import { Badge } from "@quartet/ui/badge";
import { Button } from "@quartet/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@quartet/ui/card";
import { ConfirmDialog } from "@quartet/ui/confirm-dialog";
import { CopyButton } from "@quartet/ui/copy-button";
import { FormError } from "@quartet/ui/form-field";
import {
  LogOut,
  Monitor,
  ScrollText,
  ShieldCheck,
  Smartphone,
  StickyNote,
  Tablet,
  UserX,
} from "@quartet/ui/icons";
import { Textarea } from "@quartet/ui/input";
import { Label } from "@quartet/ui/label";
import { cn } from "@quartet/ui/lib/cn";
import { useForm } from "@quartet/ui/lib/form";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { RelativeTime, useViewer } from "@quartet/ui/relative-time";
import { Skeleton, SkeletonLines } from "@quartet/ui/skeleton";
import { toast } from "@quartet/ui/toaster";
import { type ReactNode, useId, useState } from "react";
import { Link, useParams } from "react-router";
import { MemberRoleBadge, SuperadminBadge, UserStatusBadge } from "../components/badges.tsx";
import { DetailList } from "../components/detail-list.tsx";
import { DetailPage, retryUnlessMissing } from "../components/detail-page.tsx";
import { StatusActions } from "../components/status-actions.tsx";
import { useAdmin } from "../lib/session.tsx";
import { trpc, type UserDetail } from "../lib/trpc.ts";
import { useAdminTitle } from "../lib/use-admin-title.ts";

export default function UserDetailPage() {
  const { t } = useTranslation("admin");
  const { userId = "" } = useParams();
  const admin = useAdmin();
  const detail = trpc.users.get.useQuery({ userId }, { retry: retryUnlessMissing });
  useAdminTitle(detail.data?.user.name || detail.data?.user.email || t("nav.users"));

  return (
    <DetailPage
      back={{ to: "/users", label: t("nav.users") }}
      query={detail}
      loading={<DetailSkeleton />}
      notFound={{
        icon: UserX,
        title: t("user.notFoundTitle"),
        description: t("user.notFoundDescription"),
        backLabel: t("user.backToUsers"),
      }}
    >
      {(data) => <UserView data={data} adminId={admin?.id ?? ""} />}
    </DetailPage>
  );
}

function DetailSkeleton() {
  return (
    <div aria-busy className="grid gap-6">
      <div className="flex items-center gap-4">
        <Skeleton className="size-12 rounded-full" />
        <div className="grid gap-2">
          <Skeleton className="h-6 w-56" />
          <Skeleton className="h-4 w-40" />
        </div>
      </div>
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="grid gap-6 lg:col-span-2">
          <Card className="p-5">
            <SkeletonLines lines={6} />
          </Card>
          <Card className="p-5">
            <SkeletonLines lines={4} />
          </Card>
        </div>
        <Card className="p-5">
          <SkeletonLines lines={5} />
        </Card>
      </div>
    </div>
  );
}

function UserView({ data, adminId }: { data: UserDetail; adminId: string }) {
  const { t } = useTranslation("admin");
  const { user } = data;
  return (
    <div className="grid gap-6">
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div className="flex min-w-0 items-center gap-4">
          <Avatar name={user.name ?? user.email} src={user.avatarUrl} size="lg" />
          <div className="grid min-w-0 gap-1">
            <h1 className="flex flex-wrap items-center gap-2 text-2xl font-semibold tracking-tight">
              <span dir="auto" className="truncate">
                {[user.name, user.lastName].filter(Boolean).join(" ") || user.email}
              </span>
              <UserStatusBadge status={user.status} />
              {user.platformRole === "SUPERADMIN" ? <SuperadminBadge /> : null}
              {user.id === adminId ? <Badge variant="outline">{t("user.you")}</Badge> : null}
            </h1>
            <p className="truncate text-muted-foreground">{user.email}</p>
          </div>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <StatusActions user={user} adminId={adminId} />
        </div>
      </header>

      <StatusAlert data={data} />

      <div className="grid items-start gap-6 lg:grid-cols-3">
        <div className="grid min-w-0 gap-6 lg:col-span-2">
          <ProfileCard user={user} />
          <SessionsCard data={data} adminId={adminId} />
          <AuthEventsCard events={data.authEvents} />
        </div>
        <div className="grid min-w-0 gap-6">
          <MembershipsCard memberships={data.memberships} />
          <SignInMethodsCard methods={data.signInMethods} />
          <NotesCard userId={user.id} notes={data.notes} />
        </div>
      </div>
    </div>
  );
}

function StatusAlert({ data }: { data: UserDetail }) {
  const { t } = useTranslation("admin");
  const viewer = useViewer();
  const { user } = data;
  const lastChange = data.authEvents.find((e) =>
    ["ACCOUNT_LOCKED", "ACCOUNT_DISABLED"].includes(e.eventType),
  );
  const meta = (lastChange?.metadata ?? {}) as { byAdminEmail?: string; reason?: string | null };
  const by = meta.byAdminEmail
    ? t("user.statusBy", { email: meta.byAdminEmail, when: viewer.dateTime(lastChange!.timestamp) })
    : null;
  if (user.deletedAt) {
    return (
      <Alert variant="warning" title={t("user.deletedTitle")}>
        {t("user.deletedBody", { when: viewer.dateTime(user.deletedAt) })}
      </Alert>
    );
  }
  if (user.status === "LOCKED" || user.status === "DISABLED") {
    return (
      <Alert
        variant="destructive"
        title={t(`user.${user.status === "LOCKED" ? "lockedTitle" : "disabledTitle"}`)}
      >
        {[by, meta.reason ? t("user.statusReason", { reason: meta.reason }) : null]
          .filter(Boolean)
          .join(" · ") || t("user.blockedBody")}
      </Alert>
    );
  }
  if (user.status === "PENDING") {
    return (
      <Alert variant="info" title={t("user.pendingTitle")}>
        {t("user.pendingBody")}
      </Alert>
    );
  }
  if (user.lockedUntil && new Date(user.lockedUntil) > new Date()) {
    return (
      <Alert variant="warning" title={t("user.lockoutTitle")}>
        {t("user.lockoutBody", { when: viewer.dateTime(user.lockedUntil), count: user.failedLoginCount })}
      </Alert>
    );
  }
  return null;
}

function ProfileCard({ user }: { user: UserDetail["user"] }) {
  const { t } = useTranslation("admin");
  const viewer = useViewer();
  const dash = <span className="text-muted-foreground">—</span>;
  const when = (d: Date | null) =>
    d ? (
      <span>
        <RelativeTime date={d} /> <span className="text-muted-foreground">· {viewer.dateTime(d)}</span>
      </span>
    ) : (
      dash
    );
  return (
    <Card>
      <CardHeader className="flex-row items-center justify-between">
        <CardTitle>{t("user.profile")}</CardTitle>
        <Button asChild variant="ghost" size="sm">
          <Link to={`/audit?entityType=user&entityId=${user.id}`}>
            <ScrollText aria-hidden />
            {t("user.auditTrail")}
          </Link>
        </Button>
      </CardHeader>
      <CardContent>
        <DetailList
          items={[
            {
              key: "id",
              label: t("user.id"),
              value: (
                <span className="flex flex-wrap items-center gap-2">
                  <code className="break-all font-mono text-xs">{user.id}</code>
                  <CopyButton value={user.id} size="sm" variant="ghost" label={t("common.copy")} />
                </span>
              ),
            },
            {
              key: "verified",
              label: t("user.emailVerified"),
              value: user.emailVerifiedAt ? (
                viewer.dateTime(user.emailVerifiedAt)
              ) : (
                <Badge variant="warning">{t("user.notVerified")}</Badge>
              ),
            },
            {
              key: "provider",
              label: t("user.signInMethod"),
              value: t(`providers.${user.providerName}`, { defaultValue: user.providerName }),
            },
            {
              key: "2fa",
              label: t("user.twoFactor"),
              value: user.twoFactorEnabled ? (
                <span className="inline-flex items-center gap-1.5 text-success-soft-foreground">
                  <ShieldCheck className="size-4" aria-hidden />
                  {t("common.on")}
                </span>
              ) : (
                t("common.off")
              ),
            },
            { key: "locale", label: t("user.language"), value: `${user.locale} · ${user.timezone}` },
            { key: "tier", label: t("user.tier"), value: t(`tiers.${user.tier}`) },
            {
              key: "last",
              label: t("user.lastSignIn"),
              value: user.lastLoginAt ? (
                <span>
                  {when(user.lastLoginAt)}
                  {user.lastIp ? (
                    <span className="ms-1 font-mono text-xs text-muted-foreground" dir="ltr">
                      ({user.lastIp})
                    </span>
                  ) : null}
                </span>
              ) : (
                t("users.never")
              ),
            },
            { key: "seen", label: t("user.lastSeen"), value: when(user.lastOnlineAt) },
            { key: "failed", label: t("user.failedSignIns"), value: String(user.failedLoginCount) },
            { key: "created", label: t("user.created"), value: when(user.createdAt) },
          ]}
        />
      </CardContent>
    </Card>
  );
}

function DeviceIcon({ type }: { type?: string }) {
  const Icon = type === "mobile" ? Smartphone : type === "tablet" ? Tablet : Monitor;
  return <Icon className="size-4 text-muted-foreground" aria-hidden />;
}

function deviceLabel(d: { browser?: string; os?: string }, fallback: string) {
  if (d.browser && d.os) return `${d.browser} · ${d.os}`;
  return d.browser ?? d.os ?? fallback;
}

/** The line a card shows instead of an empty list. */
function CardEmptyNote({ children }: { children: ReactNode }) {
  return (
    <p className="rounded-md border border-dashed px-3 py-4 text-center text-sm text-muted-foreground">
      {children}
    </p>
  );
}

/** The password (set or not) and the Google / GitHub / OIDC identities linked to the account. */
function SignInMethodsCard({ methods }: { methods: UserDetail["signInMethods"] }) {
  const { t } = useTranslation("admin");
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("user.signInMethods")}</CardTitle>
        <CardDescription>{t("user.signInMethodsDescription")}</CardDescription>
      </CardHeader>
      <CardContent>
        <ul className="divide-y rounded-md border" data-testid="sign-in-methods">
          <li className="flex flex-wrap items-center justify-between gap-2 px-3 py-2.5 text-sm">
            <span className="font-medium">{t("user.password")}</span>
            {methods.hasPassword ? (
              <Badge variant="success">{t("user.linked")}</Badge>
            ) : (
              <span className="text-xs text-muted-foreground">{t("user.passwordNone")}</span>
            )}
          </li>
          {methods.identities.map((i) => (
            <li key={i.id} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2.5 text-sm">
              <span className="font-medium">{t(`user.provider${i.provider}`)}</span>
              <span className="text-xs text-muted-foreground">
                {t("user.linked")} <RelativeTime date={i.linkedAt} />
              </span>
            </li>
          ))}
        </ul>
      </CardContent>
    </Card>
  );
}

function SessionsCard({ data, adminId }: { data: UserDetail; adminId: string }) {
  const { t } = useTranslation("admin");
  const [confirming, setConfirming] = useState(false);
  const utils = trpc.useUtils();
  const revoke = trpc.users.revokeSessions.useMutation({
    onSuccess: () =>
      Promise.all([utils.users.get.invalidate({ userId: data.user.id }), utils.audit.list.invalidate()]),
  });
  const sessions = data.sessions;
  const self = data.user.id === adminId;
  return (
    <Card>
      <CardHeader className="flex-row flex-wrap items-start justify-between gap-2">
        <div className="grid min-w-0 flex-1 basis-64 gap-1">
          <CardTitle>{t("user.sessions", { count: sessions.length })}</CardTitle>
          <CardDescription>{t("user.sessionsDescription")}</CardDescription>
        </div>
        <Button
          variant="outline"
          size="sm"
          onClick={() => setConfirming(true)}
          disabled={sessions.length === 0}
        >
          <LogOut aria-hidden />
          {t("user.revokeAll")}
        </Button>
      </CardHeader>
      <CardContent>
        {sessions.length === 0 ? (
          <CardEmptyNote>{t("user.noSessions")}</CardEmptyNote>
        ) : (
          <ul className="divide-y rounded-md border">
            {sessions.map((s) => (
              <li key={s.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2.5 text-sm">
                <DeviceIcon type={s.deviceInfo.type} />
                <span className="flex min-w-0 flex-1 flex-wrap items-baseline gap-x-2">
                  <span className="font-medium">{deviceLabel(s.deviceInfo, t("user.unknownDevice"))}</span>
                  <span className="font-mono text-xs text-muted-foreground" dir="ltr">
                    {s.ipAddress ?? "—"}
                  </span>
                </span>
                <Badge variant={s.kind === "ADMIN" ? "destructive" : "neutral"}>
                  {t(`sessionKinds.${s.kind}`)}
                </Badge>
                {s.twoFactorPending ? <Badge variant="warning">{t("user.twoFactorPending")}</Badge> : null}
                <span className="w-full text-xs text-muted-foreground sm:w-auto">
                  {t("user.lastActive")} <RelativeTime date={s.lastActivityAt} />
                </span>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={t("user.revokeTitle")}
        description={
          self
            ? t("user.revokeSelfDescription")
            : t("user.revokeDescription", { who: data.user.email, count: sessions.length })
        }
        confirmLabel={t("user.revokeConfirm")}
        destructive
        onConfirm={async () => {
          const res = await revoke.mutateAsync({ userId: data.user.id });
          toast.success(t("user.revoked", { count: res.count }));
        }}
      />
    </Card>
  );
}

function AuthEventsCard({ events }: { events: UserDetail["authEvents"] }) {
  const { t } = useTranslation("admin");
  // Known reasons are translated; others read as words rather than SHOUTED_CODES.
  const failureText = (code: string) => {
    const words = code.toLowerCase().replaceAll("_", " ");
    return t(`failureReasons.${code}`, { defaultValue: words.charAt(0).toUpperCase() + words.slice(1) });
  };
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("user.authEvents")}</CardTitle>
        <CardDescription>{t("user.authEventsDescription")}</CardDescription>
      </CardHeader>
      <CardContent>
        {events.length === 0 ? (
          <CardEmptyNote>{t("user.noEvents")}</CardEmptyNote>
        ) : (
          <ol className="relative grid gap-0.5 ps-5 before:absolute before:inset-y-2 before:start-[0.3125rem] before:w-px before:bg-border">
            {events.map((e) => {
              const meta = (e.metadata ?? {}) as { byAdminEmail?: string; reason?: string | null };
              const failed = e.outcome === "FAILURE";
              return (
                <li key={e.id} className="relative py-1.5 text-sm">
                  <span
                    className={cn(
                      "absolute -start-5 top-3 size-2.5 rounded-full ring-3 ring-card",
                      failed
                        ? "bg-destructive"
                        : e.eventType.startsWith("ACCOUNT_")
                          ? "bg-warning"
                          : "bg-success",
                    )}
                    aria-hidden
                  />
                  <div className="flex flex-wrap items-baseline justify-between gap-x-3">
                    <span className="font-medium">
                      {t(`events.${e.eventType}`, { defaultValue: e.eventType })}
                      {failed ? <span className="sr-only"> ({t("user.failed")})</span> : null}
                    </span>
                    <RelativeTime date={e.timestamp} className="text-xs text-muted-foreground" />
                  </div>
                  <div className="flex flex-wrap gap-x-2 text-xs text-muted-foreground">
                    <span className="font-mono">{e.ipAddress}</span>
                    {e.deviceInfo.browser || e.deviceInfo.os ? (
                      <span>{deviceLabel(e.deviceInfo, "")}</span>
                    ) : null}
                    {e.failureReason ? (
                      <span className="text-destructive-soft-foreground">{failureText(e.failureReason)}</span>
                    ) : null}
                    {meta.byAdminEmail ? (
                      <span>{t("user.byAdmin", { email: meta.byAdminEmail })}</span>
                    ) : null}
                    {meta.reason ? <span className="italic">“{meta.reason}”</span> : null}
                  </div>
                </li>
              );
            })}
          </ol>
        )}
      </CardContent>
    </Card>
  );
}

function MembershipsCard({ memberships }: { memberships: UserDetail["memberships"] }) {
  const { t } = useTranslation("admin");
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("user.memberships", { count: memberships.length })}</CardTitle>
      </CardHeader>
      <CardContent>
        {memberships.length === 0 ? (
          <CardEmptyNote>{t("user.noMemberships")}</CardEmptyNote>
        ) : (
          <ul className="divide-y rounded-md border">
            {memberships.map((m) => (
              <li key={m.id} className="flex items-center gap-2.5 px-3 py-2.5 text-sm">
                <Avatar name={m.name} size="sm" shape="square" />
                <span className="grid min-w-0 flex-1">
                  <Link
                    to={`/orgs/${m.organizationId}`}
                    dir="auto"
                    className="truncate font-medium hover:underline focus-visible:outline-2 focus-visible:outline-ring"
                  >
                    {m.name}
                  </Link>
                  <span className="truncate text-xs text-muted-foreground">
                    {m.slug}
                    {m.isPersonal ? ` · ${t("orgs.personal")}` : ""}
                    {m.deleted ? ` · ${t("orgs.deleted")}` : ""}
                    {m.disabled ? ` · ${t("orgs.memberDisabled")}` : ""}
                  </span>
                </span>
                <MemberRoleBadge role={m.role} />
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}

function NotesCard({ userId, notes }: { userId: string; notes: UserDetail["notes"] }) {
  const { t } = useTranslation("admin");
  const utils = trpc.useUtils();
  const fieldId = useId();
  const addNote = trpc.users.addNote.useMutation({
    onSuccess: () => Promise.all([utils.users.get.invalidate({ userId }), utils.audit.list.invalidate()]),
  });
  const form = useForm({
    initialValues: { note: "" },
    validate: (v) => ({ note: v.note.trim() ? undefined : t("notes.required") }),
    onSubmit: async (v) => {
      await addNote.mutateAsync({ userId, note: v.note.trim() });
      form.reset();
      toast.success(t("notes.added"));
    },
  });
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("notes.title")}</CardTitle>
        <CardDescription>{t("notes.description")}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <form onSubmit={form.handleSubmit} className="grid gap-2" noValidate>
          <Label htmlFor={fieldId}>{t("notes.label")}</Label>
          <Textarea
            id={fieldId}
            value={form.values.note}
            onChange={(e) => form.setValue("note", e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) form.handleSubmit(e);
            }}
            aria-invalid={form.errors.note ? true : undefined}
            aria-describedby={`${fieldId}-hint`}
            rows={3}
            maxLength={2000}
            placeholder={t("notes.placeholder")}
          />
          <div className="flex items-center justify-between gap-2">
            <span
              id={`${fieldId}-hint`}
              className={cn(
                "text-xs",
                form.errors.note ? "font-medium text-destructive-soft-foreground" : "text-muted-foreground",
              )}
            >
              {form.errors.note ?? t("notes.hint")}
            </span>
            <Button type="submit" size="sm" loading={form.submitting}>
              {t("notes.add")}
            </Button>
          </div>
          <FormError>{form.formError}</FormError>
        </form>
        {notes.length === 0 ? (
          <div className="flex flex-col items-center gap-1 rounded-md border border-dashed px-3 py-5 text-center text-sm text-muted-foreground">
            <StickyNote className="size-4" aria-hidden />
            {t("notes.empty")}
          </div>
        ) : (
          <ul className="grid gap-3">
            {notes.map((n) => (
              <li key={n.id} className="rounded-md border bg-subtle px-3 py-2.5 text-sm">
                <p className="whitespace-pre-wrap break-words">{n.note}</p>
                <p className="mt-1.5 text-xs text-muted-foreground">
                  {n.adminEmail ?? t("notes.unknownAuthor")} · <RelativeTime date={n.createdAt} />
                </p>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
