import { Page, PageHeader } from "@quartet/ui/app-shell";
import { Badge } from "@quartet/ui/badge";
import { Button } from "@quartet/ui/button";
import { ScrollText, X } from "@quartet/ui/icons";
import { cn } from "@quartet/ui/lib/cn";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { RelativeTime, useViewer } from "@quartet/ui/relative-time";
import { TableBody, TableCell, TableHead, TableHeader, TableRow, TableSkeleton } from "@quartet/ui/table";
import { Link } from "react-router";
import { ChangesDiff } from "../components/changes-diff.tsx";
import { FilterSelect } from "../components/filter-select.tsx";
import {
  cursorPaging,
  ListEmptyState,
  LoadMore,
  PagedListStates,
  PagedTable,
} from "../components/paged-list.tsx";
import { SearchField } from "../components/search-field.tsx";
import { type AuditRow, trpc } from "../lib/trpc.ts";
import { useAdminTitle } from "../lib/use-admin-title.ts";
import { useSearchText, useUrlFilters } from "../lib/use-url-filters.ts";

// The actions the console writes today (mirrors the server's list; unknown actions still display).
const ACTIONS = [
  "user.lock",
  "user.unlock",
  "user.disable",
  "user.enable",
  "user.sessions.revoke",
  "user.note.add",
  "billing.comp.grant",
  "billing.comp.end",
  "billing.day_pass.grant",
  "security.reencrypt_secrets",
  "inbox_webhook.retry",
  "inbox_webhook.retry_all",
];
const ENTITY_TYPES = ["user", "organization"];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default function AuditPage() {
  const { t } = useTranslation("admin");
  useAdminTitle(t("audit.title"));
  const filters = useUrlFilters(["action", "entityType", "entityId", "adminUserId", "admin"] as const);
  const { action, entityType, adminUserId, admin } = filters.values;
  const entityIdSearch = useSearchText(filters, "entityId");
  const entityId = entityIdSearch.value;

  const list = trpc.audit.list.useInfiniteQuery(
    {
      action: action || undefined,
      entityType: entityType || undefined,
      entityId: entityId || undefined,
      adminUserId: UUID.test(adminUserId) ? adminUserId : undefined,
      limit: 50,
    },
    cursorPaging,
  );

  return (
    <Page className="max-w-7xl">
      <PageHeader title={t("audit.title")} description={t("audit.description")} />
      <div className="mb-3 flex flex-col flex-wrap gap-2 sm:flex-row sm:items-center">
        <SearchField
          className="sm:w-80"
          value={entityIdSearch.text}
          onChange={entityIdSearch.setText}
          label={t("audit.entityIdLabel")}
          placeholder={t("audit.entityIdPlaceholder")}
        />
        <FilterSelect
          label={t("audit.actionFilter")}
          allLabel={t("audit.allActions")}
          className="sm:w-52"
          value={action}
          onChange={(v) => filters.set({ action: v })}
          options={ACTIONS.map((a) => ({ value: a, label: t(`auditActions.${a}`, { defaultValue: a }) }))}
        />
        <FilterSelect
          label={t("audit.entityFilter")}
          allLabel={t("audit.allEntities")}
          className="sm:w-44"
          value={entityType}
          onChange={(v) => filters.set({ entityType: v })}
          options={ENTITY_TYPES.map((e) => ({ value: e, label: t(`entities.${e}`) }))}
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
          <Button variant="ghost" size="sm" onClick={entityIdSearch.clearAll}>
            {t("common.clearFilters")}
          </Button>
        ) : null}
      </div>

      <PagedListStates
        list={list}
        loading={<TableSkeleton columns={5} rows={8} />}
        empty={
          <ListEmptyState
            icon={ScrollText}
            filtered={filters.active}
            title={t("audit.emptyTitle")}
            description={t("audit.emptyDescription")}
            action={
              <Button asChild variant="outline">
                <Link to="/users">{t("audit.goToUsers")}</Link>
              </Button>
            }
            noMatchTitle={t("audit.noMatchTitle")}
            noMatchDescription={t("audit.noMatchDescription")}
            clearLabel={t("common.clearFilters")}
            onClear={entityIdSearch.clearAll}
          />
        }
      >
        {(rows) => (
          <>
            {/* Phones get one card per change; wider screens the table. */}
            <ul className="grid gap-2 md:hidden">
              {rows.map((row) => (
                <AuditCard
                  key={row.id}
                  row={row}
                  onAdmin={(id, email) => filters.set({ adminUserId: id, admin: email })}
                />
              ))}
            </ul>
            <div className="hidden md:block">
              <PagedTable busy={list.isFetching}>
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
              </PagedTable>
            </div>
            <LoadMore list={list} />
          </>
        )}
      </PagedListStates>
    </Page>
  );
}

function entityLinkOf(row: AuditRow): string | null {
  if (row.entityType === "user") return `/users/${row.entityId}`;
  if (row.entityType === "organization") return `/orgs/${row.entityId}`;
  return null;
}

function ActionBadge({ action }: { action: string }) {
  const risky = /lock|disable|revoke/.test(action) && !/unlock/.test(action);
  return (
    <Badge variant={risky ? "warning" : "neutral"} className="font-mono">
      {action}
    </Badge>
  );
}

function EntityRef({ row }: { row: AuditRow }) {
  const link = entityLinkOf(row);
  if (!link) return <code className="break-all text-xs">{row.entityId}</code>;
  return (
    <Link
      to={link}
      className={
        row.entityLabel ? "block max-w-56 truncate hover:underline" : "font-mono text-xs hover:underline"
      }
      title={row.entityId}
    >
      {row.entityLabel ?? `${row.entityId.slice(0, 8)}…`}
    </Link>
  );
}

function AdminButton({
  row,
  onAdmin,
  className,
}: {
  row: AuditRow;
  onAdmin: (id: string, email: string) => void;
  className?: string;
}) {
  const { t } = useTranslation("admin");
  return (
    <button
      type="button"
      className={cn(
        "truncate text-start hover:underline focus-visible:outline-2 focus-visible:outline-ring",
        className,
      )}
      onClick={() => onAdmin(row.adminUserId, row.adminUserEmail ?? row.adminUserId)}
      title={t("audit.filterByAdmin")}
    >
      {row.adminUserEmail ?? row.adminUserId}
    </button>
  );
}

function AuditCard({ row, onAdmin }: { row: AuditRow; onAdmin: (id: string, email: string) => void }) {
  const { t } = useTranslation("admin");
  return (
    <li className="grid gap-2 rounded-lg border bg-card p-3 text-sm">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <ActionBadge action={row.action} />
        <RelativeTime date={row.createdAt} className="text-xs text-muted-foreground" />
      </div>
      <div className="flex min-w-0 flex-wrap items-baseline gap-x-1.5">
        <span className="text-muted-foreground">
          {t(`entities.${row.entityType}`, { defaultValue: row.entityType })}:
        </span>
        <EntityRef row={row} />
      </div>
      <ChangesDiff changes={row.changes} />
      <div className="flex flex-wrap items-center gap-x-2 text-xs text-muted-foreground">
        <AdminButton row={row} onAdmin={onAdmin} className="max-w-full" />
        {row.ipAddress ? (
          <span className="font-mono" dir="ltr">
            {row.ipAddress}
          </span>
        ) : null}
      </div>
    </li>
  );
}

function AuditTableRow({ row, onAdmin }: { row: AuditRow; onAdmin: (id: string, email: string) => void }) {
  const { t } = useTranslation("admin");
  const viewer = useViewer();
  return (
    <TableRow className="align-top">
      <TableCell className="whitespace-nowrap align-top">
        <RelativeTime date={row.createdAt} className="block" />
        <span className="text-xs text-muted-foreground">
          {viewer.dateTime(row.createdAt, { dateStyle: "short", timeStyle: "medium" })}
        </span>
      </TableCell>
      <TableCell className="align-top">
        <AdminButton row={row} onAdmin={onAdmin} className="max-w-48" />
      </TableCell>
      <TableCell className="align-top">
        <ActionBadge action={row.action} />
        <div className="mt-1 text-xs text-muted-foreground">
          {t(`auditActions.${row.action}`, { defaultValue: "" })}
        </div>
      </TableCell>
      <TableCell className="align-top">
        <div className="text-xs text-muted-foreground">
          {t(`entities.${row.entityType}`, { defaultValue: row.entityType })}
        </div>
        <EntityRef row={row} />
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
