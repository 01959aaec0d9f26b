import { Badge, type BadgeVariant } from "@quartet/ui/badge";
import { Button } from "@quartet/ui/button";
import { EmptyState } from "@quartet/ui/empty-state";
import { ErrorState } from "@quartet/ui/error-state";
import { Clock, Download } from "@quartet/ui/icons";
import { useLanguage, useTranslation } from "@quartet/ui/lib/i18n";
import { RelativeTime } from "@quartet/ui/relative-time";
import { Skeleton } from "@quartet/ui/skeleton";
import { useState } from "react";
import { Link } from "react-router";
import { trpc } from "../../lib/trpc.ts";
import { ACTIVE_STATUSES, toolIcon, toolsPaths } from "./tools-shared.tsx";
import { formatBytes } from "./tools-upload.ts";

const STATUS_VARIANT: Record<string, BadgeVariant> = {
  QUEUED: "neutral",
  PROCESSING: "primary",
  COMPLETED: "success",
  FAILED: "destructive",
  CANCELLED: "outline",
};

/**
 * The person's (or this browser's guest's) jobs until their files expire: status, when, what
 * came out, a download while it lasts. Refreshes every few seconds while one is still running.
 */
export function RecentJobs({ exclude, title }: { exclude?: string | null; title?: string }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  // Jobs live 24 hours, so the list stays short: "Show more" asks for a longer first page.
  const [limit, setLimit] = useState(10);
  const list = trpc.toolsJobs.list.useQuery(
    { limit, locale: language },
    {
      placeholderData: (previous) => previous,
      refetchInterval: (q) => (q.state.data?.jobs.some((j) => ACTIVE_STATUSES.has(j.status)) ? 3000 : false),
    },
  );
  // The tools' icons by slug (the grid's query, usually cached already).
  const catalog = trpc.toolsCatalog.list.useQuery({ locale: language }, { staleTime: 5 * 60_000 });
  const processorOf = new Map(catalog.data?.tools.map((tool) => [tool.slug, tool.processor]));
  const jobs = (list.data?.jobs ?? []).filter((j) => j.id !== exclude);

  return (
    <section aria-labelledby="recent-jobs" className="grid gap-3">
      <div className="grid gap-0.5">
        <h2 id="recent-jobs" className="text-lg font-semibold">
          {title ?? t("tools.recent.heading")}
        </h2>
        <p className="text-sm text-muted-foreground">{t("tools.recent.description")}</p>
      </div>
      {list.isPending ? (
        <div className="grid gap-2" aria-hidden>
          <Skeleton className="h-14" />
          <Skeleton className="h-14" />
        </div>
      ) : list.isError ? (
        <ErrorState
          compact
          title={t("tools.recent.loadFailed")}
          error={list.error}
          onRetry={() => list.refetch()}
          retrying={list.isFetching}
        />
      ) : jobs.length === 0 ? (
        <EmptyState icon={Clock} title={t("tools.recent.empty")} description={t("tools.recent.emptyBody")} />
      ) : (
        <ul className="divide-y rounded-lg border bg-card" data-testid="recent-jobs">
          {jobs.map((job) => {
            const Icon = toolIcon(processorOf.get(job.tool.slug) ?? "");
            const output = job.outputs[0];
            return (
              <li key={job.id} className="flex flex-wrap items-center gap-x-3 gap-y-2 px-3 py-2.5 sm:px-4">
                <Icon className="size-5 shrink-0 text-muted-foreground" aria-hidden />
                <div className="grid min-w-0 flex-1 gap-0.5">
                  <Link
                    to={toolsPaths.job(job.tool.slug, job.id)}
                    className="truncate rounded-sm font-medium underline-offset-4 hover:underline"
                  >
                    {job.tool.name}
                    {output ? (
                      <span className="font-normal text-muted-foreground" dir="auto">
                        {" "}
                        · {output.name}
                      </span>
                    ) : null}
                  </Link>
                  <p className="text-xs text-muted-foreground">
                    <RelativeTime date={job.createdAt} />
                    {job.expiresAt ? (
                      <>
                        {" · "}
                        {t("tools.recent.deleted")} <RelativeTime date={job.expiresAt} />
                      </>
                    ) : null}
                    {output ? ` · ${formatBytes(output.size, language)}` : null}
                  </p>
                </div>
                <Badge variant={STATUS_VARIANT[job.status] ?? "neutral"}>
                  {t(`tools.recent.status.${job.status}`)}
                  {job.status === "PROCESSING" ? ` ${job.progress} %` : ""}
                </Badge>
                {job.status === "COMPLETED" && output ? (
                  <Button asChild variant="outline" size="sm">
                    <a href={output.downloadUrl} download={output.name}>
                      <Download aria-hidden />
                      <span className="sr-only">
                        {t("tools.result.downloadNamed", { name: output.name })}
                      </span>
                      <span aria-hidden>{t("tools.result.download")}</span>
                    </a>
                  </Button>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      {list.data?.nextCursor && limit < 50 ? (
        <Button
          variant="outline"
          className="justify-self-center"
          loading={list.isPlaceholderData}
          onClick={() => setLimit(50)}
        >
          {t("tools.recent.more")}
        </Button>
      ) : null}
    </section>
  );
}
