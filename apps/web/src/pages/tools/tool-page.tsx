import { EmptyState } from "@quartet/ui/empty-state";
import { ErrorState } from "@quartet/ui/error-state";
import { SearchX } from "@quartet/ui/icons";
import { isMissingRecord } from "@quartet/ui/lib/errors";
import { useLanguage, useTranslation } from "@quartet/ui/lib/i18n";
import { useDocumentTitle } from "@quartet/ui/lib/use-document-title";
import { Skeleton, SkeletonLines } from "@quartet/ui/skeleton";
import { Link, useParams, useSearchParams } from "react-router";
import { trpc } from "../../lib/trpc.ts";
import { BatchView } from "./batch-view.tsx";
import { JobView } from "./job-view.tsx";
import { usePageMeta } from "./page-meta.ts";
import { RecentJobs } from "./recent-jobs.tsx";
import { TierSummary } from "./tier-summary.tsx";
import { ToolComposer } from "./tool-composer.tsx";
import { AccessBadge, toolIcon, toolsPaths } from "./tools-shared.tsx";

/**
 * /tools/:slug — a tool's public page: what it does (localized title and description for search
 * engines), then the files, options and start; `?job=` shows that job's progress and result, so a
 * reload or a link from the email comes back to it.
 */
export function ToolPage() {
  const { t } = useTranslation();
  const { slug = "" } = useParams();
  const [params, setParams] = useSearchParams();
  const jobId = params.get("job");
  const { language } = useLanguage();
  const tool = trpc.toolsCatalog.get.useQuery(
    { slug, locale: language },
    { staleTime: 5 * 60_000, retry: (n, e) => !isMissingRecord(e) && n < 2 },
  );
  useDocumentTitle(
    tool.data ? (tool.data.metaTitle ?? tool.data.name) : tool.isError ? t("tools.notFound.title") : null,
  );
  usePageMeta({
    description: tool.data?.metaDescription ?? tool.data?.description,
    canonicalPath: toolsPaths.tool(slug),
  });

  const batchId = params.get("batch");
  const show = (started: { job: string } | { batch: string } | null) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.delete("job");
        next.delete("batch");
        if (started && "job" in started) next.set("job", started.job);
        if (started && "batch" in started) next.set("batch", started.batch);
        return next;
      },
      { replace: false },
    );
  const showJob = (id: string | null) => show(id ? { job: id } : null);

  if (tool.isError && isMissingRecord(tool.error)) {
    return (
      <div className="mx-auto max-w-3xl px-4 py-16 sm:px-6">
        <EmptyState
          icon={SearchX}
          headingLevel="h1"
          title={t("tools.notFound.title")}
          description={t("tools.notFound.body")}
          action={
            <Link
              to={toolsPaths.home}
              className="font-medium text-primary underline-offset-4 hover:underline"
            >
              {t("tools.allTools")}
            </Link>
          }
        />
      </div>
    );
  }

  const data = tool.data;
  const Icon = toolIcon(data?.processor ?? "");
  return (
    <div className="mx-auto grid max-w-5xl gap-8 px-4 pt-6 pb-16 sm:px-6">
      <nav aria-label={t("tools.breadcrumb")} className="text-sm">
        <ol className="flex items-center gap-1 text-muted-foreground">
          <li>
            <Link to={toolsPaths.home} className="rounded-sm hover:text-foreground hover:underline">
              {t("tools.allTools")}
            </Link>
          </li>
          <li aria-hidden className="px-1">
            /
          </li>
          <li aria-current="page" className="truncate text-foreground">
            {data?.name ?? "…"}
          </li>
        </ol>
      </nav>

      {tool.isPending ? (
        <div className="grid gap-4" aria-hidden>
          <Skeleton className="h-9 w-64" />
          <SkeletonLines lines={2} className="max-w-xl" />
          <Skeleton className="h-56 rounded-xl" />
        </div>
      ) : tool.isError ? (
        <ErrorState
          title={t("tools.loadFailed")}
          error={tool.error}
          onRetry={() => tool.refetch()}
          retrying={tool.isFetching}
        />
      ) : data ? (
        <>
          <header className="flex gap-4">
            <span className="flex size-12 shrink-0 items-center justify-center rounded-xl bg-primary/10 text-primary">
              <Icon className="size-6" aria-hidden />
            </span>
            <div className="grid min-w-0 gap-2">
              <h1 className="flex flex-wrap items-center gap-2 text-2xl font-semibold tracking-tight sm:text-3xl">
                {data.name}
                <AccessBadge level={data.accessLevel} />
              </h1>
              {data.description ? (
                <p className="max-w-2xl text-muted-foreground">{data.description}</p>
              ) : null}
              <TierSummary compact />
            </div>
          </header>
          {batchId ? (
            <BatchView key={batchId} batchId={batchId} onStartOver={() => show(null)} />
          ) : jobId ? (
            <JobView
              key={jobId}
              jobId={jobId}
              tool={data}
              onStartOver={() => showJob(null)}
              onShowJob={showJob}
            />
          ) : (
            <ToolComposer key={data.slug} tool={data} onStarted={show} />
          )}
        </>
      ) : null}

      <RecentJobs />
    </div>
  );
}
