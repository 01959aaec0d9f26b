import { Page, PageHeader } from "@quartet/ui/app-shell";
import { Badge, type BadgeVariant } from "@quartet/ui/badge";
import { Button } from "@quartet/ui/button";
import { ExternalLink, RotateCw, SearchCheck } from "@quartet/ui/icons";
import { errorMessage } from "@quartet/ui/lib/errors";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { RelativeTime } from "@quartet/ui/relative-time";
import { TableCell, TableHead, TableRow, TableSkeleton } from "@quartet/ui/table";
import { toast } from "@quartet/ui/toaster";
import { FilterSelect } from "../components/filter-select.tsx";
import { cursorPaging, ListEmptyState, PagedListStates, PagedTableView } from "../components/paged-list.tsx";
import { trpc } from "../lib/trpc.ts";
import { useAdminTitle } from "../lib/use-admin-title.ts";
import { useUrlFilters } from "../lib/use-url-filters.ts";
import type { SeoRow } from "./campaigns/campaign-shared.tsx";

const STATUSES = ["pending", "success", "error", "skipped"] as const;
type SeoStatus = (typeof STATUSES)[number];
const statusVariant: Record<SeoStatus, BadgeVariant> = {
  pending: "warning",
  success: "success",
  error: "destructive",
  skipped: "neutral",
};
const KNOWN_REASONS = ["article.published", "article.updated", "article.unpublished", "admin.resubmit"];

/** /seo: every IndexNow submission with its answer, newest first; any row can be submitted again. */
export default function SeoPage() {
  const { t } = useTranslation("admin");
  useAdminTitle(t("seo.title"));
  const filters = useUrlFilters(["status"] as const);
  const status = (STATUSES as readonly string[]).includes(filters.values.status)
    ? (filters.values.status as SeoStatus)
    : undefined;
  const list = trpc.seo.list.useInfiniteQuery(
    { status, limit: 50 },
    {
      ...cursorPaging,
      // Pending rows get their answer from the worker within seconds: refresh until none is left.
      refetchInterval: (query) =>
        query.state.data?.pages.some((p) => p.items.some((r) => r.status === "pending")) ? 3000 : false,
    },
  );

  return (
    <Page className="max-w-7xl">
      <PageHeader title={t("seo.title")} description={t("seo.description")} />
      <div className="mb-3">
        <FilterSelect
          className="sm:max-w-56"
          label={t("seo.statusFilter")}
          allLabel={t("seo.allStatuses")}
          value={status ?? ""}
          onChange={(v) => filters.set({ status: v })}
          options={STATUSES.map((s) => ({ value: s, label: t(`seo.status.${s}`) }))}
        />
      </div>
      <PagedListStates
        list={list}
        loading={<TableSkeleton columns={5} rows={8} />}
        empty={
          <ListEmptyState
            icon={SearchCheck}
            filtered={Boolean(status)}
            title={t("seo.emptyTitle")}
            description={t("seo.emptyDescription")}
            noMatchTitle={t("seo.noMatchTitle")}
            noMatchDescription={t("seo.noMatchDescription")}
            clearLabel={t("common.clearFilters")}
            onClear={() => filters.clear()}
          />
        }
      >
        {(rows) => (
          <PagedTableView
            list={list}
            columns={
              <>
                <TableHead>{t("seo.colUrl")}</TableHead>
                <TableHead>{t("seo.colStatus")}</TableHead>
                <TableHead className="hidden md:table-cell">{t("seo.colResponse")}</TableHead>
                <TableHead className="hidden sm:table-cell">{t("seo.colSubmitted")}</TableHead>
                <TableHead className="text-end">
                  <span className="sr-only">{t("seo.colActions")}</span>
                </TableHead>
              </>
            }
          >
            {rows.map((r) => (
              <SeoRowView key={r.id} row={r} />
            ))}
          </PagedTableView>
        )}
      </PagedListStates>
    </Page>
  );
}

function SeoRowView({ row }: { row: SeoRow }) {
  const { t } = useTranslation("admin");
  const utils = trpc.useUtils();
  const resubmit = trpc.seo.resubmit.useMutation({
    onSuccess: () => {
      toast.success(t("seo.resubmitted", { url: row.url }));
      return utils.seo.list.invalidate();
    },
    onError: (error) => toast.error(errorMessage(error, t("seo.resubmit"))),
  });
  const status = (STATUSES as readonly string[]).includes(row.status) ? (row.status as SeoStatus) : "pending";
  const response = row.response == null ? "" : JSON.stringify(row.response, null, 2);
  const summary = responseSummary(row.response) ?? t("seo.emptyBody");
  return (
    <TableRow
      data-list-item=""
      tabIndex={0}
      className="focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-ring"
    >
      <TableCell>
        <div className="grid min-w-0 max-w-xl gap-0.5">
          <a
            href={row.url}
            target="_blank"
            rel="noreferrer noopener"
            dir="ltr"
            className="inline-flex min-w-0 items-start gap-1 font-medium hover:underline"
          >
            {/* The whole address wraps: its end (the page's slug) is what tells rows apart. */}
            <span className="break-all">{row.url}</span>
            <ExternalLink className="mt-1 size-3.5 shrink-0 text-muted-foreground" aria-hidden />
          </a>
          <span className="text-xs text-muted-foreground">
            {row.reason && KNOWN_REASONS.includes(row.reason)
              ? t(`seo.reasons.${row.reason as "admin.resubmit"}`)
              : (row.reason ?? row.platform)}
          </span>
        </div>
      </TableCell>
      <TableCell>
        <div className="grid justify-items-start gap-1">
          <Badge variant={statusVariant[status]}>{t(`seo.status.${status}`)}</Badge>
          {row.httpStatus ? (
            <span className="whitespace-nowrap text-xs tabular-nums text-muted-foreground" dir="ltr">
              {t("seo.httpStatus", { status: row.httpStatus })}
            </span>
          ) : null}
        </div>
      </TableCell>
      <TableCell className="hidden max-w-sm md:table-cell">
        {response ? (
          <details className="group text-sm">
            <summary
              className="cursor-pointer truncate text-muted-foreground hover:text-foreground"
              dir="auto"
            >
              {summary}
              <span className="sr-only"> — {t("seo.showResponse")}</span>
            </summary>
            <pre className="mt-2 max-h-48 overflow-auto rounded-md border bg-subtle p-2 text-xs" dir="ltr">
              {response}
            </pre>
          </details>
        ) : (
          <span className="text-sm text-muted-foreground">{t("seo.noAnswer")}</span>
        )}
      </TableCell>
      <TableCell className="hidden whitespace-nowrap text-muted-foreground sm:table-cell">
        <RelativeTime date={row.submittedAt} />
      </TableCell>
      <TableCell className="text-end">
        <Button
          size="sm"
          variant="outline"
          loading={resubmit.isPending}
          onClick={() => resubmit.mutate({ id: row.id })}
          aria-label={t("seo.resubmitLabel", { url: row.url })}
        >
          <RotateCw aria-hidden />
          <span aria-hidden>{t("seo.resubmit")}</span>
        </Button>
      </TableCell>
    </TableRow>
  );
}

/**
 * One line of the answer: its message or error when it has one, null for an answer with an empty
 * body (IndexNow's usual 200/202), else the JSON itself.
 */
function responseSummary(response: unknown): string | null {
  if (response && typeof response === "object") {
    const r = response as Record<string, unknown>;
    for (const key of ["message", "error", "body", "statusText"]) {
      const v = r[key];
      if (typeof v === "string" && v.trim()) return v.trim().slice(0, 140);
    }
    if (r.body === "") return null;
  }
  return JSON.stringify(response).slice(0, 140);
}
