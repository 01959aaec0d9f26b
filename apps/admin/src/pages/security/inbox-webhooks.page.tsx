import { Page, PageHeader } from "@quartet/ui/app-shell";
import { Badge } from "@quartet/ui/badge";
import { Button } from "@quartet/ui/button";
import { ConfirmDialog } from "@quartet/ui/confirm-dialog";
import { RotateCcw, Webhook } from "@quartet/ui/icons";
import { errorMessage } from "@quartet/ui/lib/errors";
import { useLanguage, useTranslation } from "@quartet/ui/lib/i18n";
import { RelativeTime, useViewer } from "@quartet/ui/relative-time";
import { TableCell, TableHead, TableRow, TableSkeleton } from "@quartet/ui/table";
import { toast } from "@quartet/ui/toaster";
import { useState } from "react";
import { FilterSelect } from "../../components/filter-select.tsx";
import {
  cursorPaging,
  ListEmptyState,
  PagedListStates,
  PagedTableView,
} from "../../components/paged-list.tsx";
import { trpc } from "../../lib/trpc.ts";
import { useAdminTitle } from "../../lib/use-admin-title.ts";
import { useUrlFilters } from "../../lib/use-url-filters.ts";

const PLATFORMS = ["WHATSAPP", "FACEBOOK", "INSTAGRAM", "TIKTOK"] as const;
type WebhookPlatform = (typeof PLATFORMS)[number];
/** The server retries at most this many per "Retry all" (RETRY_ALL_CAP in webhook-admin.service). */
const RETRY_ALL_CAP = 500;

/** "512 B", "3.4 kB" in the reader's language. */
function useBytesFormat() {
  const { language } = useLanguage();
  return (bytes: number) => {
    const [value, unit] =
      bytes < 1000
        ? [bytes, "byte"]
        : bytes < 1_000_000
          ? [bytes / 1000, "kilobyte"]
          : [bytes / 1e6, "megabyte"];
    return new Intl.NumberFormat(language, {
      style: "unit",
      unit,
      unitDisplay: "narrow",
      maximumFractionDigits: 1,
    }).format(value);
  };
}

/** /inbox-webhooks: inbound deliveries whose normalisation FAILED, with a retry per row and for all. */
export default function InboxWebhooksPage() {
  const { t } = useTranslation("admin");
  useAdminTitle(t("inboxWebhooks.title"));
  const filters = useUrlFilters(["platform"] as const);
  const platform = (PLATFORMS as readonly string[]).includes(filters.values.platform)
    ? (filters.values.platform as WebhookPlatform)
    : undefined;
  const list = trpc.inboxWebhooks.list.useInfiniteQuery(
    { platform, limit: 50 },
    { ...cursorPaging, refetchInterval: 15_000 },
  );
  const total = list.data?.pages[0]?.total ?? 0;
  const [confirming, setConfirming] = useState(false);
  const utils = trpc.useUtils();
  const retryAll = trpc.inboxWebhooks.retryAll.useMutation({
    onSuccess: (r) => {
      toast.success(t("inboxWebhooks.retriedAll", { count: r.retried }), {
        description: r.remaining
          ? t("inboxWebhooks.retriedAllRemaining", { remaining: r.remaining })
          : undefined,
      });
      return utils.inboxWebhooks.list.invalidate();
    },
  });

  return (
    <Page className="max-w-7xl">
      <PageHeader
        title={t("inboxWebhooks.title")}
        description={t("inboxWebhooks.description")}
        actions={
          <Button onClick={() => setConfirming(true)} disabled={total === 0}>
            <RotateCcw aria-hidden />
            {total ? t("inboxWebhooks.retryAllCount", { count: total }) : t("inboxWebhooks.retryAll")}
          </Button>
        }
      />
      <div className="mb-3">
        <FilterSelect
          className="sm:max-w-56"
          label={t("inboxWebhooks.platformFilter")}
          allLabel={t("inboxWebhooks.allPlatforms")}
          value={platform ?? ""}
          onChange={(v) => filters.set({ platform: v })}
          options={PLATFORMS.map((p) => ({ value: p, label: t(`inboxWebhooks.platforms.${p}`) }))}
        />
      </div>
      <PagedListStates
        list={list}
        loading={<TableSkeleton columns={6} rows={6} />}
        empty={
          <ListEmptyState
            icon={Webhook}
            filtered={Boolean(platform)}
            title={t("inboxWebhooks.emptyTitle")}
            description={t("inboxWebhooks.emptyDescription")}
            noMatchTitle={t("inboxWebhooks.noMatchTitle")}
            noMatchDescription={t("inboxWebhooks.noMatchDescription")}
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
                <TableHead>{t("inboxWebhooks.colPlatform")}</TableHead>
                <TableHead>{t("inboxWebhooks.colReceived")}</TableHead>
                <TableHead className="hidden text-end sm:table-cell">
                  {t("inboxWebhooks.colAttempts")}
                </TableHead>
                <TableHead className="hidden md:table-cell">{t("inboxWebhooks.colError")}</TableHead>
                <TableHead className="hidden text-end lg:table-cell">{t("inboxWebhooks.colSize")}</TableHead>
                <TableHead className="text-end">
                  <span className="sr-only">{t("inboxWebhooks.colActions")}</span>
                </TableHead>
              </>
            }
          >
            {rows.map((r) => (
              <FailedRow key={r.id} row={r} />
            ))}
          </PagedTableView>
        )}
      </PagedListStates>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={t("inboxWebhooks.retryAllTitle", { count: total })}
        description={t("inboxWebhooks.retryAllDescription", { cap: RETRY_ALL_CAP })}
        confirmLabel={t("inboxWebhooks.retryAll")}
        onConfirm={() => retryAll.mutateAsync({ platform })}
      />
    </Page>
  );
}

interface FailedRowData {
  id: string;
  platform: string;
  error: string | null;
  attempts: number;
  receivedAt: Date | string;
  bodyBytes: number;
}

function FailedRow({ row }: { row: FailedRowData }) {
  const { t } = useTranslation("admin");
  const viewer = useViewer();
  const bytes = useBytesFormat();
  const utils = trpc.useUtils();
  const retry = trpc.inboxWebhooks.retry.useMutation({
    onSuccess: () => {
      toast.success(t("inboxWebhooks.retried"));
      return utils.inboxWebhooks.list.invalidate();
    },
    onError: (error) => {
      toast.error(errorMessage(error, t("inboxWebhooks.retry")));
      void utils.inboxWebhooks.list.invalidate();
    },
  });
  const platform = (PLATFORMS as readonly string[]).includes(row.platform)
    ? t(`inboxWebhooks.platforms.${row.platform as WebhookPlatform}`)
    : row.platform;
  const received = new Date(row.receivedAt);
  return (
    <TableRow
      data-list-item=""
      data-event={row.id}
      tabIndex={0}
      className="focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-ring"
    >
      <TableCell>
        <Badge variant="outline">{platform}</Badge>
        {/* On a phone the error and attempts sit under the platform. */}
        <div className="mt-1.5 grid gap-0.5 md:hidden">
          {row.error ? (
            <p className="line-clamp-2 break-words font-mono text-xs" dir="ltr">
              {row.error}
            </p>
          ) : null}
          <span className="text-xs text-muted-foreground sm:hidden">
            {t("inboxWebhooks.colAttempts")}: {row.attempts}
          </span>
        </div>
      </TableCell>
      <TableCell className="whitespace-nowrap text-muted-foreground">
        <RelativeTime date={received} />
      </TableCell>
      <TableCell className="hidden text-end tabular-nums sm:table-cell">{row.attempts}</TableCell>
      <TableCell className="hidden max-w-md md:table-cell">
        {row.error ? (
          <p
            className="line-clamp-3 break-words font-mono text-xs text-foreground"
            dir="ltr"
            title={row.error}
          >
            {row.error}
          </p>
        ) : (
          <span className="text-sm text-muted-foreground">{t("inboxWebhooks.noError")}</span>
        )}
      </TableCell>
      <TableCell className="hidden whitespace-nowrap text-end tabular-nums text-muted-foreground lg:table-cell">
        {bytes(row.bodyBytes)}
      </TableCell>
      <TableCell className="text-end">
        <Button
          size="sm"
          variant="outline"
          loading={retry.isPending}
          onClick={() => retry.mutate({ id: row.id })}
          aria-label={t("inboxWebhooks.retryLabel", {
            platform,
            time: viewer.dateTime(received, { dateStyle: "medium", timeStyle: "short" }),
          })}
        >
          <RotateCcw aria-hidden />
          {t("inboxWebhooks.retry")}
        </Button>
      </TableCell>
    </TableRow>
  );
}
