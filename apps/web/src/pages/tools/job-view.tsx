import { Alert } from "@quartet/ui/alert";
import { Button } from "@quartet/ui/button";
import { EmptyState } from "@quartet/ui/empty-state";
import { ErrorState } from "@quartet/ui/error-state";
import { CircleAlert, CircleCheck, CircleSlash, Download, RotateCw, SearchX } from "@quartet/ui/icons";
import { errorMessage, isMissingRecord } from "@quartet/ui/lib/errors";
import { useLanguage, useTranslation } from "@quartet/ui/lib/i18n";
import { RelativeTime } from "@quartet/ui/relative-time";
import { Skeleton } from "@quartet/ui/skeleton";
import { toast } from "@quartet/ui/toaster";
import { useEffect, useRef, useState } from "react";
import { trpc } from "../../lib/trpc.ts";
import { ProgressBar } from "./progress-bar.tsx";
import { ACTIVE_STATUSES, type ToolDetail, type ToolJob } from "./tools-shared.tsx";
import { formatBytes } from "./tools-upload.ts";

/** How often a running job is asked for its progress. */
export const JOB_POLL_MS = 500;

/**
 * One job: its live progress while queued or running (polled every 500 ms; the percentage is the
 * processor's), then the result with the sizes before and after and the downloads, or what went
 * wrong with Retry. Everything comes from the server, so a reload shows the same.
 */
export function JobView({
  jobId,
  tool,
  onStartOver,
  onShowJob,
}: {
  jobId: string;
  tool: ToolDetail;
  onStartOver: () => void;
  onShowJob: (id: string) => void;
}) {
  const { t } = useTranslation();
  const utils = trpc.useUtils();
  const { language } = useLanguage();
  const job = trpc.toolsJobs.get.useQuery(
    { id: jobId, locale: language },
    {
      refetchInterval: (q) =>
        !q.state.data || ACTIVE_STATUSES.has(q.state.data.status) ? JOB_POLL_MS : false,
      refetchIntervalInBackground: true,
      retry: (n, e) => !isMissingRecord(e) && n < 3,
    },
  );
  const cancel = trpc.toolsJobs.cancel.useMutation();
  const retry = trpc.toolsJobs.retry.useMutation();
  const [actionError, setActionError] = useState<string | null>(null);

  // Say so when it ends (the person may be in another tab).
  const status = job.data?.status;
  const previous = useRef(status);
  useEffect(() => {
    const before = previous.current;
    previous.current = status;
    if (!before || !status || before === status || !ACTIVE_STATUSES.has(before)) return;
    void utils.toolsJobs.list.invalidate();
    void utils.toolsAccess.me.invalidate();
    if (status === "COMPLETED") toast.success(t("tools.result.doneToast", { tool: tool.name }));
    else if (status === "FAILED") toast.error(t("tools.result.failed"));
  }, [status, t, tool.name, utils]);

  if (job.isPending) {
    return (
      <div className="grid gap-3 rounded-xl border bg-card p-5" aria-busy>
        <Skeleton className="h-5 w-48" />
        <Skeleton className="h-2.5" />
      </div>
    );
  }
  if (job.isError) {
    if (isMissingRecord(job.error)) {
      return (
        <EmptyState
          icon={SearchX}
          title={t("tools.job.goneTitle")}
          description={t("tools.job.goneBody")}
          action={<Button onClick={onStartOver}>{t("tools.result.again")}</Button>}
        />
      );
    }
    return <ErrorState error={job.error} onRetry={() => job.refetch()} retrying={job.isFetching} />;
  }

  const data = job.data;
  const doCancel = async () => {
    setActionError(null);
    try {
      await cancel.mutateAsync({ id: data.id });
      await job.refetch();
    } catch (e) {
      setActionError(errorMessage(e, t("errors.generic")));
    }
  };
  const doRetry = async () => {
    setActionError(null);
    try {
      const next = await retry.mutateAsync({ id: data.id });
      void utils.toolsJobs.list.invalidate();
      if (next.id !== data.id) onShowJob(next.id);
      else await job.refetch();
    } catch (e) {
      setActionError(errorMessage(e, t("errors.generic")));
    }
  };

  return (
    <section
      aria-labelledby="job-heading"
      className="grid gap-4 rounded-xl border bg-card p-4 shadow-xs sm:p-6"
      data-testid="job-view"
      data-status={data.status}
    >
      {ACTIVE_STATUSES.has(data.status) ? (
        <>
          <h2 id="job-heading" className="text-lg font-semibold">
            {data.tool.name}
          </h2>
          <ProgressBar
            testId="job-progress"
            label={t("tools.progress.processLabel")}
            value={data.status === "QUEUED" ? 0 : data.progress}
            status={
              data.status === "QUEUED"
                ? t("tools.progress.QUEUED")
                : t("tools.progress.PROCESSING", { percent: data.progress })
            }
          />
          <div className="flex flex-wrap items-center justify-between gap-3">
            <p className="text-sm text-muted-foreground">{t("tools.progress.reloadSafe")}</p>
            <Button variant="outline" onClick={doCancel} loading={cancel.isPending}>
              {t("tools.progress.cancel")}
            </Button>
          </div>
        </>
      ) : data.status === "COMPLETED" ? (
        <JobResult job={data} onStartOver={onStartOver} />
      ) : data.status === "FAILED" ? (
        <div className="grid gap-4">
          <div className="flex items-start gap-3">
            <CircleAlert className="mt-0.5 size-6 shrink-0 text-destructive" aria-hidden />
            <div className="grid gap-1">
              <h2 id="job-heading" className="text-lg font-semibold">
                {t("tools.result.failed")}
              </h2>
              <p role="alert" className="text-sm" data-testid="job-error">
                {data.errorMessage || t("tools.result.unknownError")}
              </p>
            </div>
          </div>
          <div className="flex flex-wrap gap-2">
            <Button onClick={doRetry} loading={retry.isPending}>
              <RotateCw aria-hidden />
              {t("tools.result.retry")}
            </Button>
            <Button variant="outline" onClick={onStartOver}>
              {t("tools.result.again")}
            </Button>
          </div>
        </div>
      ) : (
        <div className="grid gap-4">
          <div className="flex items-start gap-3">
            <CircleSlash className="mt-0.5 size-6 shrink-0 text-muted-foreground" aria-hidden />
            <h2 id="job-heading" className="text-lg font-semibold">
              {t("tools.progress.cancelled")}
            </h2>
          </div>
          <div className="flex flex-wrap gap-2">
            <Button onClick={doRetry} loading={retry.isPending}>
              {t("tools.result.retry")}
            </Button>
            <Button variant="outline" onClick={onStartOver}>
              {t("tools.result.again")}
            </Button>
          </div>
        </div>
      )}
      {actionError ? <Alert variant="destructive">{actionError}</Alert> : null}
    </section>
  );
}

function JobResult({ job, onStartOver }: { job: ToolJob; onStartOver: () => void }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const meta = (job.metadata ?? {}) as { sizeBefore?: number; sizeAfter?: number };
  const before = meta.sizeBefore ?? job.inputs.reduce((sum, f) => sum + f.size, 0);
  const after = meta.sizeAfter ?? job.outputs.reduce((sum, f) => sum + f.size, 0);
  const change = before > 0 && after > 0 ? Math.round(((after - before) / before) * 100) : null;
  return (
    <div className="grid gap-4">
      <div className="flex items-start gap-3">
        <CircleCheck className="mt-0.5 size-6 shrink-0 text-success" aria-hidden />
        <div className="grid gap-1">
          <h2 id="job-heading" className="text-lg font-semibold">
            {t("tools.result.done")}
          </h2>
          {before > 0 && after > 0 ? (
            <p className="text-sm tabular-nums" data-testid="job-sizes">
              <span className="sr-only">{t("tools.result.sizesLabel")} </span>
              {t("tools.result.sizes", {
                before: formatBytes(before, language),
                after: formatBytes(after, language),
              })}
              {change !== null && change !== 0 ? (
                <span className={change < 0 ? "ms-2 font-medium text-success" : "ms-2 text-muted-foreground"}>
                  {change < 0
                    ? t("tools.result.saved", { percent: -change })
                    : t("tools.result.larger", { percent: change })}
                </span>
              ) : null}
            </p>
          ) : null}
        </div>
      </div>
      <ProgressBar
        testId="job-progress"
        tone="success"
        label={t("tools.progress.processLabel")}
        value={100}
        status={t("tools.progress.complete")}
      />
      {job.resultMessage ? <Alert variant="info">{job.resultMessage}</Alert> : null}
      <ul className="grid gap-2">
        {job.outputs.map((output) => (
          <li
            key={output.id}
            className="flex flex-wrap items-center gap-3 rounded-lg border bg-subtle/50 px-3 py-2"
          >
            <span className="min-w-0 flex-1 truncate text-sm font-medium" dir="auto">
              {output.name}
            </span>
            <span className="text-xs text-muted-foreground tabular-nums">
              {formatBytes(output.size, language)}
            </span>
            <Button asChild size="md">
              <a href={output.downloadUrl} download={output.name} data-testid="download">
                <Download aria-hidden />
                {t("tools.result.download")}
                <span className="sr-only"> {output.name}</span>
              </a>
            </Button>
          </li>
        ))}
      </ul>
      <div className="flex flex-wrap items-center justify-between gap-3">
        {job.expiresAt ? (
          <p className="text-sm text-muted-foreground">
            {t("tools.result.expires")} <RelativeTime date={job.expiresAt} />.
          </p>
        ) : (
          <span />
        )}
        <Button variant="outline" onClick={onStartOver}>
          {t("tools.result.again")}
        </Button>
      </div>
    </div>
  );
}
