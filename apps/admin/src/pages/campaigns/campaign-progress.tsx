import { PageHeader } from "@quartet/ui/app-shell";
import { Button } from "@quartet/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@quartet/ui/card";
import { ConfirmDialog } from "@quartet/ui/confirm-dialog";
import { X } from "@quartet/ui/icons";
import { cn } from "@quartet/ui/lib/cn";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { RelativeTime, useViewer } from "@quartet/ui/relative-time";
import { Skeleton } from "@quartet/ui/skeleton";
import { toast } from "@quartet/ui/toaster";
import { useEffect, useRef, useState } from "react";
import { DetailList } from "../../components/detail-list.tsx";
import { trpc } from "../../lib/trpc.ts";
import { CampaignPreview } from "./campaign-preview.tsx";
import { type Campaign, type CampaignProgress, CampaignStatusBadge } from "./campaign-shared.tsx";

/**
 * A campaign that is sending or done: a live progress bar (polled while SENDING, so a reload
 * picks it up again), the sent / failed / skipped / waiting counts, and what was sent.
 */
export function CampaignProgressView({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation("admin");
  const viewer = useViewer();
  const utils = trpc.useUtils();
  const progress = trpc.campaigns.progress.useQuery(
    { id: campaign.id },
    { refetchInterval: (q) => ((q.state.data?.status ?? campaign.status) === "SENDING" ? 1000 : false) },
  );
  const p = progress.data;
  const status = p?.status ?? campaign.status;

  // Tell the admin once when a campaign they watched sending has finished.
  const was = useRef(campaign.status);
  useEffect(() => {
    if (!p) return;
    if (was.current === "SENDING" && p.status !== "SENDING") {
      if (p.status === "COMPLETED")
        toast.success(t("campaigns.progress.completedToast", { name: campaign.name }));
      void utils.campaigns.get.invalidate({ id: campaign.id });
      void utils.campaigns.list.invalidate();
    }
    was.current = p.status;
  }, [p, campaign.id, campaign.name, t, utils]);

  const [confirmCancel, setConfirmCancel] = useState(false);
  const cancel = trpc.campaigns.cancel.useMutation();

  return (
    <>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            <span dir="auto">{campaign.name}</span>
            <CampaignStatusBadge status={status} />
          </span>
        }
        description={t(`campaigns.types.${campaign.emailType as "ADMIN_CUSTOM"}`)}
        actions={
          status === "SENDING" ? (
            <Button variant="outline" onClick={() => setConfirmCancel(true)}>
              <X aria-hidden />
              {t("campaigns.send.cancelSending")}
            </Button>
          ) : null
        }
      />
      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_26rem] xl:items-start">
        <div className="grid min-w-0 gap-6">
          <Card>
            <CardHeader>
              <CardTitle>{t("campaigns.progress.title")}</CardTitle>
            </CardHeader>
            <CardContent className="grid gap-5">
              {p ? (
                <ProgressBlock p={p} />
              ) : progress.isError ? (
                <p role="alert" className="text-sm text-destructive-soft-foreground">
                  {t("campaigns.progress.pollError")}
                </p>
              ) : (
                <div className="grid gap-3">
                  <Skeleton className="h-4 w-1/2" />
                  <Skeleton className="h-3 w-full" />
                  <Skeleton className="h-16 w-full" />
                </div>
              )}
              {p && progress.isError ? (
                <p role="alert" className="text-sm text-destructive-soft-foreground">
                  {t("campaigns.progress.pollError")}
                </p>
              ) : null}
              <DetailList
                items={[
                  {
                    key: "started",
                    label: t("campaigns.progress.started"),
                    value:
                      (p?.startedAt ?? campaign.startedAt) ? (
                        <span>
                          {viewer.dateTime(p?.startedAt ?? campaign.startedAt ?? "", {
                            dateStyle: "medium",
                            timeStyle: "medium",
                          })}{" "}
                          <span className="text-muted-foreground">
                            (<RelativeTime date={p?.startedAt ?? campaign.startedAt ?? ""} />)
                          </span>
                        </span>
                      ) : (
                        t("campaigns.notYet")
                      ),
                  },
                  {
                    key: "finished",
                    label: t("campaigns.progress.finished"),
                    value:
                      (p?.sentAt ?? campaign.sentAt)
                        ? viewer.dateTime(p?.sentAt ?? campaign.sentAt ?? "", {
                            dateStyle: "medium",
                            timeStyle: "medium",
                          })
                        : t("campaigns.notYet"),
                  },
                ]}
              />
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>{t("campaigns.progress.details")}</CardTitle>
            </CardHeader>
            <CardContent>
              <DetailList
                items={[
                  {
                    key: "subject",
                    label: t("campaigns.editor.subject"),
                    value: <span dir="auto">{campaign.subject}</span>,
                  },
                  {
                    key: "audience",
                    label: t("campaigns.progress.audience"),
                    value: <AudienceSummary campaign={campaign} />,
                  },
                ]}
              />
            </CardContent>
          </Card>
        </div>
        <aside className="min-w-0">
          <CampaignPreview campaignId={campaign.id} />
        </aside>
      </div>
      <ConfirmDialog
        open={confirmCancel}
        onOpenChange={setConfirmCancel}
        destructive
        title={t("campaigns.send.cancelTitle", { name: campaign.name })}
        description={t("campaigns.send.cancelSendingBody")}
        confirmLabel={t("campaigns.send.cancelConfirm")}
        onConfirm={async () => {
          await cancel.mutateAsync({ id: campaign.id });
          toast.success(t("campaigns.send.cancelled"));
          await Promise.all([
            utils.campaigns.progress.invalidate({ id: campaign.id }),
            utils.campaigns.get.invalidate({ id: campaign.id }),
            utils.campaigns.list.invalidate(),
          ]);
        }}
      />
    </>
  );
}

function ProgressBlock({ p }: { p: CampaignProgress }) {
  const { t } = useTranslation("admin");
  const { locale } = useViewer();
  const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 }).format(
    p.percent / 100,
  );
  const done = p.sent + p.failed + p.skipped;
  const line =
    p.status === "COMPLETED"
      ? t("campaigns.progress.done")
      : p.status === "CANCELLED"
        ? t("campaigns.progress.cancelled", { done, total: p.total })
        : !p.expanded
          ? t("campaigns.progress.preparing")
          : t("campaigns.progress.sending", { done, total: p.total });
  const stats = [
    { key: "total", value: p.total, tone: "" },
    { key: "sent", value: p.sent, tone: "text-success-soft-foreground" },
    { key: "failed", value: p.failed, tone: p.failed ? "text-destructive-soft-foreground" : "" },
    { key: "skipped", value: p.skipped, tone: "" },
    // A recipient stays QUEUED once its mail is handed over: waiting is what has no outcome yet.
    { key: "waiting", value: Math.max(0, p.total - done), tone: "" },
  ] as const;
  return (
    <div className="grid gap-4">
      <div className="grid gap-2">
        <div className="flex items-baseline justify-between gap-3">
          <span className="text-sm" aria-live="polite" data-testid="campaign-progress-line">
            {line}
          </span>
          <span className="text-2xl font-semibold tabular-nums" data-testid="campaign-progress-percent">
            {percent}
          </span>
        </div>
        <div
          role="progressbar"
          aria-label={t("campaigns.progress.label")}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={p.percent}
          aria-valuetext={percent}
          className="h-3 w-full overflow-hidden rounded-full bg-muted"
        >
          <div
            className={cn(
              "h-full rounded-full transition-[width] duration-500 ease-out",
              p.status === "CANCELLED" ? "bg-muted-foreground" : p.failed ? "bg-warning" : "bg-primary",
              p.status === "SENDING" && !p.expanded && "animate-pulse",
            )}
            style={{ width: `${Math.max(p.percent, p.status === "SENDING" ? 2 : 0)}%` }}
          />
        </div>
      </div>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-5">
        {stats.map((s) => (
          <div key={s.key} className="rounded-md border bg-subtle px-3 py-2">
            <dt className="text-xs text-muted-foreground">{t(`campaigns.progress.${s.key}`)}</dt>
            <dd
              className={cn("text-xl font-semibold tabular-nums", s.tone)}
              data-testid={`campaign-stat-${s.key}`}
            >
              {s.value}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

function AudienceSummary({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation("admin");
  const viewer = useViewer();
  const s = campaign.segment;
  const parts: string[] = [];
  if (s.tiers.length)
    parts.push(`${t("campaigns.editor.tiers")}: ${s.tiers.map((x) => t(`tiers.${x}`)).join(", ")}`);
  if (s.plans.length)
    parts.push(`${t("campaigns.editor.plans")}: ${s.plans.map((x) => t(`plans.${x}`)).join(", ")}`);
  if (s.locales.length)
    parts.push(
      `${t("campaigns.editor.locales")}: ${s.locales.map((x) => t(`campaigns.editor.localeNames.${x}`)).join(", ")}`,
    );
  if (s.statuses.length)
    parts.push(`${t("campaigns.editor.statuses")}: ${s.statuses.map((x) => t(`status.${x}`)).join(", ")}`);
  // Sign-up days are UTC calendar days: shown as dates in the reader's language, never shifted.
  const day = (d: string) =>
    new Intl.DateTimeFormat(viewer.locale, { dateStyle: "medium", timeZone: "UTC" }).format(
      new Date(`${d}T00:00:00Z`),
    );
  if (s.signedUpFrom) parts.push(`${t("campaigns.editor.signedUpFrom")}: ${day(s.signedUpFrom)}`);
  if (s.signedUpTo) parts.push(`${t("campaigns.editor.signedUpTo")}: ${day(s.signedUpTo)}`);
  return <span>{parts.length ? parts.join(" · ") : t("campaigns.progress.segmentAny")}</span>;
}
