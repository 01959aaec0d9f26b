import { Badge, type BadgeVariant } from "@quartet/ui/badge";
import { Button } from "@quartet/ui/button";
import { EmptyState } from "@quartet/ui/empty-state";
import { ErrorState } from "@quartet/ui/error-state";
import { Download, FolderArchive, SearchX } from "@quartet/ui/icons";
import { isMissingRecord } from "@quartet/ui/lib/errors";
import { useLanguage, useTranslation } from "@quartet/ui/lib/i18n";
import { RelativeTime } from "@quartet/ui/relative-time";
import { Skeleton } from "@quartet/ui/skeleton";
import { useEffect, useRef } from "react";
import { trpc } from "../../lib/trpc.ts";
import { JOB_POLL_MS } from "./job-view.tsx";
import { ProgressBar } from "./progress-bar.tsx";
import { formatBytes } from "./tools-upload.ts";

const RUNNING = new Set(["PENDING", "PROCESSING"]);
const JOB_VARIANT: Record<string, BadgeVariant> = {
  QUEUED: "neutral",
  PROCESSING: "primary",
  COMPLETED: "success",
  FAILED: "destructive",
  CANCELLED: "outline",
};

/**
 * A Premium batch: one job per file, each with its own status (one bad file fails alone), the
 * share of files done, and when any is done a ZIP of every result.
 */
export function BatchView({ batchId, onStartOver }: { batchId: string; onStartOver: () => void }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const utils = trpc.useUtils();
  const batch = trpc.toolsJobs.getBatch.useQuery(
    { id: batchId, locale: language },
    {
      refetchInterval: (q) => (!q.state.data || RUNNING.has(q.state.data.status) ? JOB_POLL_MS : false),
      refetchIntervalInBackground: true,
      retry: (n, e) => !isMissingRecord(e) && n < 3,
    },
  );
  const status = batch.data?.status;
  const previous = useRef(status);
  useEffect(() => {
    const before = previous.current;
    previous.current = status;
    if (before && status && before !== status && !RUNNING.has(status)) {
      void utils.toolsJobs.list.invalidate();
      void utils.toolsAccess.me.invalidate();
    }
  }, [status, utils]);

  if (batch.isPending) return <Skeleton className="h-40 rounded-xl" />;
  if (batch.isError) {
    return isMissingRecord(batch.error) ? (
      <EmptyState
        icon={SearchX}
        title={t("tools.job.goneTitle")}
        description={t("tools.job.goneBody")}
        action={<Button onClick={onStartOver}>{t("tools.result.again")}</Button>}
      />
    ) : (
      <ErrorState error={batch.error} onRetry={() => batch.refetch()} retrying={batch.isFetching} />
    );
  }
  const data = batch.data;
  const finished = data.completedJobs + data.failedJobs;
  const running = RUNNING.has(data.status);
  // Each file counts for its share, a running one for its own progress.
  const percent =
    data.totalJobs === 0
      ? 0
      : Math.round(
          data.jobs.reduce(
            (sum, job) =>
              sum + (job.status === "PROCESSING" ? job.progress : job.status === "QUEUED" ? 0 : 100),
            0,
          ) / data.totalJobs,
        );

  return (
    <section
      aria-labelledby="batch-heading"
      data-testid="batch-view"
      data-status={data.status}
      className="grid gap-4 rounded-xl border bg-card p-4 shadow-xs sm:p-6"
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="batch-heading" className="text-lg font-semibold">
          {t("tools.batch.heading", { count: data.totalJobs })}
        </h2>
        <p className="text-sm text-muted-foreground">
          {t("tools.batch.summary", {
            done: data.completedJobs,
            failed: data.failedJobs,
            total: data.totalJobs,
          })}
        </p>
      </div>
      <ProgressBar
        testId="job-progress"
        tone={running ? "primary" : "success"}
        label={t("tools.progress.processLabel")}
        value={running ? percent : 100}
        status={
          running
            ? t("tools.batch.running", { done: finished, total: data.totalJobs })
            : t("tools.progress.complete")
        }
      />
      <ul className="divide-y rounded-lg border">
        {data.jobs.map((job) => {
          const input = job.inputs[0];
          const output = job.outputs[0];
          return (
            <li
              key={job.id}
              className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2"
              data-testid="batch-job"
            >
              <div className="grid min-w-0 flex-1 gap-0.5">
                <span className="truncate text-sm font-medium" dir="auto">
                  {input?.name ?? job.tool.name}
                </span>
                {job.status === "FAILED" ? (
                  <span className="text-xs text-destructive-soft-foreground">
                    {job.errorMessage || t("tools.result.unknownError")}
                  </span>
                ) : output ? (
                  <span className="text-xs text-muted-foreground tabular-nums">
                    {input
                      ? t("tools.result.sizes", {
                          before: formatBytes(input.size, language),
                          after: formatBytes(output.size, language),
                        })
                      : formatBytes(output.size, language)}
                  </span>
                ) : null}
              </div>
              <Badge variant={JOB_VARIANT[job.status] ?? "neutral"}>
                {t(`tools.recent.status.${job.status}`)}
                {job.status === "PROCESSING" ? ` ${job.progress} %` : ""}
              </Badge>
              {output ? (
                <Button asChild variant="outline" size="sm">
                  <a href={output.downloadUrl} download={output.name}>
                    <Download aria-hidden />
                    <span className="sr-only">{t("tools.result.downloadNamed", { name: output.name })}</span>
                  </a>
                </Button>
              ) : null}
            </li>
          );
        })}
      </ul>
      <div className="flex flex-wrap items-center justify-between gap-3">
        {data.expiresAt ? (
          <p className="text-sm text-muted-foreground">
            {t("tools.result.expires")} <RelativeTime date={data.expiresAt} />.
          </p>
        ) : (
          <span />
        )}
        <div className="flex flex-wrap gap-2">
          <Button variant="outline" onClick={onStartOver}>
            {t("tools.result.again")}
          </Button>
          {data.zipUrl ? (
            <Button asChild>
              <a href={data.zipUrl} data-testid="batch-zip">
                <FolderArchive aria-hidden />
                {t("tools.batch.zip")}
              </a>
            </Button>
          ) : null}
        </div>
      </div>
    </section>
  );
}
