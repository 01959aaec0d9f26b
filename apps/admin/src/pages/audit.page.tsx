import { Page, PageHeader } from "@quartet/ui/app-shell";
import { Badge } from "@quartet/ui/badge";
import { Button } from "@quartet/ui/button";
import { EmptyState } from "@quartet/ui/empty-state";
import { ErrorState } from "@quartet/ui/error-state";
import { ScrollText, X } from "@quartet/ui/icons";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { RelativeTime, useViewer } from "@quartet/ui/relative-time";
import { Select } from "@quartet/ui/select";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  TableSkeleton,
} from "@quartet/ui/table";
import { useEffect, useState } from "react";
import { Link } from "react-router";
import { ChangesDiff } from "../components/changes-diff.tsx";
import { LoadMore } from "../components/load-more.tsx";
import { SearchField } from "../components/search-field.tsx";
import { type AuditRow, trpc } from "../lib/trpc.ts";
import { useDebounced } from "../lib/use-debounced.ts";
import { useUrlFilters } from "../lib/use-url-filters.ts";

// The actions the console writes today (mirrors the server's list; unknown actions still display).
const ACTIONS = [
  "user.lock",
  "user.unlock",
  "user.disable",
  "user.enable",
  "user.sessions.revoke",
  "user.note.add",
];
const ENTITY_TYPES = ["user", "organization"];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default function AuditPage() {
  const { t } = useTranslation("admin");
  const filters = useUrlFilters(["action", "entityType", "entityId", "adminUserId", "admin"] as const);
  const { action, entityType, adminUserId, admin } = filters.values;
  const [idText, setIdText] = useState(filters.values.entityId);
  const entityId = useDebounced(idText.trim());
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the debounced text goes to the URL
  useEffect(() => filters.set({ entityId }), [entityId]);

  const list = trpc.audit.list.useInfiniteQuery(
    {
      action: action || undefined,
      entityType: entityType || undefined,
      entityId: entityId || undefined,
      adminUserId: UUID.test(adminUserId) ? adminUserId : undefined,
      limit: 50,
    },
    { getNextPageParam: (last) => last.nextCursor ?? undefined, placeholderData: (prev) => prev },
  );
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Page className="max-w-7xl">
      <PageHeader title={t("audit.title")} description={t("audit.description")} />
      <div className="mb-3 flex flex-col flex-wrap gap-2 sm:flex-row sm:items-center">
        <SearchField
          className="sm:w-80"
          value={idText}
          onChange={setIdText}
          label={t("audit.entityIdLabel")}
          placeholder={t("audit.entityIdPlaceholder")}
        />
        <Select
          aria-label={t("audit.actionFilter")}
          className="sm:w-52"
          value={action || "all"}
          onValueChange={(v) => filters.set({ action: v === "all" ? "" : v })}
          options={[
            { value: "all", label: t("audit.allActions") },
            ...ACTIONS.map((a) => ({ value: a, label: t(`auditActions.${a}`, { defaultValue: a }) })),
          ]}
        />
        <Select
          aria-label={t("audit.entityFilter")}
          className="sm:w-44"
          value={entityType || "all"}
          onValueChange={(v) => filters.set({ entityType: v === "all" ? "" : v })}
          options={[
            { value: "all", label: t("audit.allEntities") },
            ...ENTITY_TYPES.map((e) => ({ value: e, label: t(`entities.${e}`) })),
          ]}
        />
        {adminUserId ? (
          <Badge variant="primary" className="h-7 gap-1.5 pe-1 text-sm">
            {t("audit.byAdmin", { email: admin || adminUserId })}
            <button
              type="button"
              onClick={() => filters.set({ adminUserId: "", admin: "" })}
              className="rounded-full p-0.5 hover:bg-primary/15 focus-visible:outline-2 focus-visible:outline-ring"
              aria-label={t("audit.clearAdmin")}
            >
              <X aria-hidden />
            </button>
          </Badge>
        ) : null}
        {filters.active ? (
          <Button
            variant="ghost"
            size="sm"
            onClick={() => {
              setIdText("");
              filters.clear();
            }}
          >
            {t("common.clearFilters")}
          </Button>
        ) : null}
      </div>

      {list.isPending ? (
        <TableSkeleton columns={5} rows={8} />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} retrying={list.isFetching} />
      ) : rows.length === 0 ? (
        <EmptyState
          icon={ScrollText}
          title={filters.active ? t("audit.noMatchTitle") : t("audit.emptyTitle")}
          description={filters.active ? t("audit.noMatchDescription") : t("audit.emptyDescription")}
          action={
            filters.active ? (
              <Button
                variant="outline"
                onClick={() => {
                  setIdText("");
                  filters.clear();
                }}
              >
                {t("common.clearFilters")}
              </Button>
            ) : (
              <Button asChild variant="outline">
                <Link to="/users">{t("audit.goToUsers")}</Link>
              </Button>
            )
          }
        />
      ) : (
        <>
          <Table wrapperClassName="max-h-[calc(100dvh-15rem)] min-h-48" aria-busy={list.isFetching}>
            <TableHeader>
              <TableRow>
                <TableHead>{t("audit.colWhen")}</TableHead>
                <TableHead>{t("audit.colAdmin")}</TableHead>
                <TableHead>{t("audit.colAction")}</TableHead>
                <TableHead>{t("audit.colEntity")}</TableHead>
                <TableHead>{t("audit.colChanges")}</TableHead>
                <TableHead className="hidden lg:table-cell">{t("audit.colIp")}</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((row) => (
                <AuditTableRow
                  key={row.id}
                  row={row}
                  onAdmin={(id, email) => filters.set({ adminUserId: id, admin: email })}
                />
              ))}
            </TableBody>
          </Table>
          <LoadMore
            shown={rows.length}
            hasMore={Boolean(list.hasNextPage)}
            loading={list.isFetchingNextPage}
            onLoadMore={() => list.fetchNextPage()}
          />
        </>
      )}
    </Page>
  );
}

function AuditTableRow({ row, onAdmin }: { row: AuditRow; onAdmin: (id: string, email: string) => void }) {
  const { t } = useTranslation("admin");
  const viewer = useViewer();
  const entityLink =
    row.entityType === "user"
      ? `/users/${row.entityId}`
      : row.entityType === "organization"
        ? `/orgs/${row.entityId}`
        : null;
  return (
    <TableRow className="align-top">
      <TableCell className="whitespace-nowrap align-top">
        <RelativeTime date={row.createdAt} className="block" />
        <span className="text-xs text-muted-foreground">
          {viewer.dateTime(row.createdAt, { dateStyle: "short", timeStyle: "medium" })}
        </span>
      </TableCell>
      <TableCell className="align-top">
        <button
          type="button"
          className="max-w-48 truncate text-start hover:underline focus-visible:outline-2 focus-visible:outline-ring"
          onClick={() => onAdmin(row.adminUserId, row.adminUserEmail ?? row.adminUserId)}
          title={t("audit.filterByAdmin")}
        >
          {row.adminUserEmail ?? row.adminUserId}
        </button>
      </TableCell>
      <TableCell className="align-top">
        <Badge
          variant={
            /lock|disable|revoke/.test(row.action) && !/unlock/.test(row.action) ? "warning" : "neutral"
          }
          className="font-mono"
        >
          {row.action}
        </Badge>
        <div className="mt-1 text-xs text-muted-foreground">
          {t(`auditActions.${row.action}`, { defaultValue: "" })}
        </div>
      </TableCell>
      <TableCell className="align-top">
        <div className="text-xs text-muted-foreground">
          {t(`entities.${row.entityType}`, { defaultValue: row.entityType })}
        </div>
        {entityLink ? (
          <Link
            to={entityLink}
            className={
              row.entityLabel
                ? "block max-w-56 truncate hover:underline"
                : "font-mono text-xs hover:underline"
            }
            title={row.entityId}
          >
            {row.entityLabel ?? `${row.entityId.slice(0, 8)}…`}
          </Link>
        ) : (
          <code className="text-xs">{row.entityId}</code>
        )}
      </TableCell>
      <TableCell className="align-top">
        <ChangesDiff changes={row.changes} />
      </TableCell>
      <TableCell className="hidden align-top font-mono text-xs text-muted-foreground lg:table-cell">
        {row.ipAddress ?? "—"}
      </TableCell>
    </TableRow>
  );
}
