import { Button } from "@quartet/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@quartet/ui/card";
import { ConfirmDialog } from "@quartet/ui/confirm-dialog";
import { DatabaseZap } from "@quartet/ui/icons";
import { cn } from "@quartet/ui/lib/cn";
import { useLanguage, useTranslation } from "@quartet/ui/lib/i18n";
import { toast } from "@quartet/ui/toaster";
import { useEffect, useId, useRef, useState } from "react";
import { type RouterOutputs, trpc } from "../../../lib/trpc.ts";
import { useWorkspace } from "../../../lib/workspace.ts";
import { formatDay, shiftDay, todayIn } from "./report-format.ts";

type Report = RouterOutputs["deskReports"]["overview"];
type Rebuild = NonNullable<RouterOutputs["deskReports"]["rebuildStatus"]>;

const active = (r: Rebuild | null | undefined) => r?.status === "QUEUED" || r?.status === "RUNNING";

/**
 * Owners: where the report's past days come from (the stored daily figures) and a rebuild of the
 * period's figures, with its progress polled from the server, so it survives a reload.
 */
export function RebuildCard({ report }: { report: Report }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const org = useWorkspace();
  const utils = trpc.useUtils();
  const [confirming, setConfirming] = useState(false);
  const titleId = useId();
  const status = trpc.deskReports.rebuildStatus.useQuery(
    { orgId: org.id },
    { refetchInterval: (query) => (active(query.state.data) ? 1500 : false) },
  );
  const start = trpc.deskReports.rebuild.useMutation();
  const rebuild = status.data ?? null;

  // When a rebuild this page watched finishes, say so and show the figures it wrote.
  const watched = useRef<string | null>(null);
  useEffect(() => {
    if (!rebuild) return;
    if (active(rebuild)) watched.current = rebuild.id;
    else if (watched.current === rebuild.id) {
      watched.current = null;
      if (rebuild.status === "DONE") toast.success(t("reports.rebuild.finished"));
      void utils.deskReports.overview.invalidate();
    }
  }, [rebuild, t, utils]);

  // Today is always live: the rebuild covers the period up to yesterday.
  const yesterday = shiftDay(todayIn(report.range.timezone), -1);
  const from = report.range.from;
  const to = [report.range.to, yesterday].sort()[0] as string;
  const canRebuild = from <= to && !active(rebuild);
  const day = (iso: string) => formatDay(iso, language);
  const nf = new Intl.NumberFormat(language);

  const onConfirm = async () => {
    const started = await start.mutateAsync({ orgId: org.id, from, to });
    watched.current = started.id;
    utils.deskReports.rebuildStatus.setData({ orgId: org.id }, started);
    toast.success(t("reports.rebuild.started"));
  };

  const line = rebuild
    ? {
        QUEUED: t("reports.rebuild.queued", { from: day(rebuild.from), to: day(rebuild.to) }),
        RUNNING: t("reports.rebuild.running", {
          from: day(rebuild.from),
          to: day(rebuild.to),
          done: nf.format(rebuild.daysDone),
          total: nf.format(rebuild.daysTotal),
        }),
        DONE: t("reports.rebuild.done", { from: day(rebuild.from), to: day(rebuild.to) }),
        FAILED: t("reports.rebuild.failed", { from: day(rebuild.from), to: day(rebuild.to) }),
      }[rebuild.status]
    : null;

  return (
    <Card className="min-w-0" aria-labelledby={titleId}>
      <CardHeader className="flex-row flex-wrap items-start justify-between gap-3">
        <div className="grid min-w-0 flex-1 basis-64 gap-1">
          <CardTitle id={titleId} className="text-base">
            {t("reports.rebuild.title")}
          </CardTitle>
          <CardDescription>{t("reports.rebuild.description")}</CardDescription>
        </div>
        <Button
          variant="outline"
          size="sm"
          className="shrink-0"
          disabled={!canRebuild}
          loading={start.isPending}
          onClick={() => setConfirming(true)}
        >
          {start.isPending ? null : <DatabaseZap aria-hidden />}
          {t("reports.rebuild.button")}
        </Button>
      </CardHeader>
      <CardContent className="grid gap-3 text-sm">
        <p className="text-muted-foreground">
          {t("reports.rebuild.stored", {
            stored: nf.format(report.range.storedDays),
            days: nf.format(report.range.days),
          })}
        </p>
        {rebuild ? (
          <div className="grid gap-1.5">
            <p
              aria-live="polite"
              className={cn(rebuild.status === "FAILED" && "text-destructive", "font-medium")}
            >
              {line}
            </p>
            {active(rebuild) ? (
              <div
                role="progressbar"
                aria-label={t("reports.rebuild.progress")}
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={rebuild.percent}
                aria-valuetext={line ?? undefined}
                className="h-2 w-full overflow-hidden rounded-full bg-muted"
              >
                <div
                  className="h-full rounded-full bg-primary transition-[width] duration-500"
                  style={{ width: `${rebuild.percent}%` }}
                />
              </div>
            ) : null}
          </div>
        ) : null}
      </CardContent>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={t("reports.rebuild.confirmTitle", { from: day(from), to: day(to) })}
        description={t("reports.rebuild.confirmBody")}
        confirmLabel={t("reports.rebuild.confirm")}
        onConfirm={onConfirm}
      />
    </Card>
  );
}
