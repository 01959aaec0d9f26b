import { Page, PageHeader } from "@quartet/ui/app-shell";
import { Button } from "@quartet/ui/button";
import { Megaphone, Plus } from "@quartet/ui/icons";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { RelativeTime, useViewer } from "@quartet/ui/relative-time";
import { TableCell, TableHead, TableRow, TableSkeleton } from "@quartet/ui/table";
import { Link, useNavigate } from "react-router";
import { FilterSelect } from "../../components/filter-select.tsx";
import { rowLinkProps } from "../../components/list-rows.ts";
import {
  cursorPaging,
  ListEmptyState,
  PagedListStates,
  PagedTableView,
} from "../../components/paged-list.tsx";
import { trpc } from "../../lib/trpc.ts";
import { useAdminTitle } from "../../lib/use-admin-title.ts";
import { useUrlFilters } from "../../lib/use-url-filters.ts";
import { CAMPAIGN_STATUSES, type CampaignStatus, CampaignStatusBadge } from "./campaign-shared.tsx";

/** /campaigns: every campaign, newest first, with its status and counts; refreshed while one sends. */
export default function CampaignsPage() {
  const { t } = useTranslation("admin");
  useAdminTitle(t("campaigns.title"));
  const viewer = useViewer();
  const navigate = useNavigate();
  const filters = useUrlFilters(["status"] as const);
  const status = (CAMPAIGN_STATUSES as readonly string[]).includes(filters.values.status)
    ? (filters.values.status as CampaignStatus)
    : undefined;

  const list = trpc.campaigns.list.useInfiniteQuery(
    { status, limit: 50 },
    {
      ...cursorPaging,
      // Counts move while a campaign sends: refresh the list until none is sending.
      refetchInterval: (query) =>
        query.state.data?.pages.some((p) => p.items.some((c) => c.status === "SENDING")) ? 3000 : false,
    },
  );

  const newButton = (
    <Button asChild>
      <Link to="/campaigns/new">
        <Plus aria-hidden />
        {t("campaigns.newCampaign")}
      </Link>
    </Button>
  );

  return (
    <Page className="max-w-7xl">
      <PageHeader title={t("campaigns.title")} description={t("campaigns.description")} actions={newButton} />
      <div className="mb-3">
        <FilterSelect
          className="sm:max-w-56"
          label={t("campaigns.statusFilter")}
          allLabel={t("campaigns.allStatuses")}
          value={status ?? ""}
          onChange={(v) => filters.set({ status: v })}
          options={CAMPAIGN_STATUSES.map((s) => ({ value: s, label: t(`campaigns.status.${s}`) }))}
        />
      </div>
      <PagedListStates
        list={list}
        loading={<TableSkeleton columns={5} rows={6} />}
        empty={
          <ListEmptyState
            icon={Megaphone}
            filtered={Boolean(status)}
            title={t("campaigns.emptyTitle")}
            description={t("campaigns.emptyDescription")}
            action={newButton}
            noMatchTitle={t("campaigns.noMatchTitle")}
            noMatchDescription={t("campaigns.noMatchDescription")}
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
                <TableHead>{t("campaigns.colName")}</TableHead>
                <TableHead>{t("campaigns.colStatus")}</TableHead>
                <TableHead className="hidden md:table-cell">{t("campaigns.colType")}</TableHead>
                <TableHead className="text-end">{t("campaigns.colRecipients")}</TableHead>
                <TableHead className="hidden lg:table-cell">{t("campaigns.colCreated")}</TableHead>
                <TableHead className="hidden sm:table-cell">{t("campaigns.colWhen")}</TableHead>
              </>
            }
          >
            {rows.map((c) => {
              const when = c.status === "SCHEDULED" ? c.scheduledAt : (c.sentAt ?? c.startedAt);
              return (
                <TableRow key={c.id} {...rowLinkProps(() => navigate(`/campaigns/${c.id}`))}>
                  <TableCell>
                    <div className="grid min-w-0 max-w-md">
                      <Link
                        to={`/campaigns/${c.id}`}
                        tabIndex={-1}
                        dir="auto"
                        className="truncate font-medium hover:underline"
                      >
                        {c.name}
                      </Link>
                      <span dir="auto" className="truncate text-xs text-muted-foreground">
                        {c.subject}
                      </span>
                    </div>
                  </TableCell>
                  <TableCell>
                    <CampaignStatusBadge status={c.status} />
                  </TableCell>
                  <TableCell className="hidden text-muted-foreground md:table-cell">
                    {t(`campaigns.types.${c.emailType as "ADMIN_CUSTOM"}`)}
                  </TableCell>
                  <TableCell className="text-end tabular-nums">
                    {c.totalRecipients > 0 ? (
                      <div className="grid justify-items-end">
                        <span>
                          {c.sentCount} / {c.totalRecipients}
                        </span>
                        {c.failedCount > 0 ? (
                          <span className="text-xs text-destructive-soft-foreground">
                            {t("campaigns.failedShort", { count: c.failedCount })}
                          </span>
                        ) : null}
                      </div>
                    ) : (
                      <span className="text-muted-foreground">{t("campaigns.notYet")}</span>
                    )}
                  </TableCell>
                  <TableCell className="hidden whitespace-nowrap text-muted-foreground lg:table-cell">
                    {viewer.dateTime(c.createdAt, { dateStyle: "medium", timeStyle: null })}
                  </TableCell>
                  <TableCell className="hidden whitespace-nowrap text-muted-foreground sm:table-cell">
                    {when ? (
                      <span className="grid">
                        <span>{viewer.dateTime(when, { dateStyle: "medium", timeStyle: "short" })}</span>
                        <RelativeTime date={when} className="text-xs" />
                      </span>
                    ) : (
                      t("campaigns.notYet")
                    )}
                  </TableCell>
                </TableRow>
              );
            })}
          </PagedTableView>
        )}
      </PagedListStates>
    </Page>
  );
}
