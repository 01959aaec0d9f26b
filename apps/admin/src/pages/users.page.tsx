import { Page, PageHeader } from "@quartet/ui/app-shell";
import { Avatar } from "@quartet/ui/avatar";
import { ShieldCheck, UserSearch } from "@quartet/ui/icons";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { RelativeTime, useViewer } from "@quartet/ui/relative-time";
import { TableCell, TableHead, TableRow, TableSkeleton } from "@quartet/ui/table";
import { Tooltip } from "@quartet/ui/tooltip";
import { Link, useNavigate } from "react-router";
import { SuperadminBadge, UserStatusBadge } from "../components/badges.tsx";
import { FilterSelect } from "../components/filter-select.tsx";
import { rowLinkProps } from "../components/list-rows.ts";
import { cursorPaging, ListEmptyState, PagedListStates, PagedTableView } from "../components/paged-list.tsx";
import { SearchField } from "../components/search-field.tsx";
import { trpc, type UserStatus } from "../lib/trpc.ts";
import { useAdminTitle } from "../lib/use-admin-title.ts";
import { useSearchText, useUrlFilters } from "../lib/use-url-filters.ts";

const STATUSES: UserStatus[] = ["ACTIVE", "PENDING", "LOCKED", "DISABLED"];
const isStatus = (v: string): v is UserStatus => (STATUSES as string[]).includes(v);

export default function UsersPage() {
  const { t } = useTranslation("admin");
  useAdminTitle(t("users.title"));
  const viewer = useViewer();
  const navigate = useNavigate();
  const filters = useUrlFilters(["q", "status"] as const);
  const { text, setText, value: q, clearAll } = useSearchText(filters, "q");
  const status = isStatus(filters.values.status) ? filters.values.status : undefined;

  const list = trpc.users.list.useInfiniteQuery({ q: q || undefined, status, limit: 50 }, cursorPaging);
  const filtered = Boolean(q || status);

  return (
    <Page className="max-w-7xl">
      <PageHeader title={t("users.title")} description={t("users.description")} />
      <div className="mb-3 flex flex-col gap-2 sm:flex-row sm:items-center">
        <SearchField
          className="sm:max-w-sm sm:flex-1"
          value={text}
          onChange={setText}
          label={t("users.searchLabel")}
          placeholder={t("users.searchPlaceholder")}
        />
        <FilterSelect
          label={t("users.statusFilter")}
          allLabel={t("users.allStatuses")}
          className="sm:w-44"
          value={status ?? ""}
          onChange={(v) => filters.set({ status: v })}
          options={STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
        />
      </div>

      <PagedListStates
        list={list}
        loading={<TableSkeleton columns={6} rows={8} />}
        empty={
          <ListEmptyState
            icon={UserSearch}
            filtered={filtered}
            title={t("users.emptyTitle")}
            description={t("users.emptyDescription")}
            noMatchTitle={t("users.noMatchTitle")}
            noMatchDescription={t("users.noMatchDescription", { q })}
            clearLabel={t("common.clearFilters")}
            onClear={clearAll}
          />
        }
      >
        {(rows) => (
          <PagedTableView
            list={list}
            columns={
              <>
                <TableHead>{t("users.colUser")}</TableHead>
                <TableHead>{t("users.colStatus")}</TableHead>
                <TableHead className="hidden md:table-cell">{t("users.colTwoFactor")}</TableHead>
                <TableHead className="hidden lg:table-cell">{t("users.colLastSignIn")}</TableHead>
                <TableHead className="hidden sm:table-cell">{t("users.colCreated")}</TableHead>
              </>
            }
          >
            {rows.map((u) => (
              <TableRow key={u.id} {...rowLinkProps(() => navigate(`/users/${u.id}`))}>
                <TableCell>
                  <div className="flex min-w-0 items-center gap-2.5">
                    <Avatar name={u.name ?? u.email} size="sm" />
                    <div className="grid min-w-0">
                      <Link
                        to={`/users/${u.id}`}
                        dir="auto"
                        className="truncate font-medium hover:underline focus-visible:outline-2 focus-visible:outline-ring"
                        tabIndex={-1}
                      >
                        {u.name || t("users.noName")}
                      </Link>
                      <span className="truncate text-xs text-muted-foreground">{u.email}</span>
                    </div>
                    {u.platformRole === "SUPERADMIN" ? <SuperadminBadge /> : null}
                    {u.deletedAt ? (
                      <span className="text-xs text-muted-foreground">({t("users.deleted")})</span>
                    ) : null}
                  </div>
                </TableCell>
                <TableCell>
                  <UserStatusBadge status={u.status} />
                </TableCell>
                <TableCell className="hidden md:table-cell">
                  {u.twoFactorEnabled ? (
                    <Tooltip content={t("users.twoFactorOn")}>
                      <span className="inline-flex" tabIndex={-1}>
                        <ShieldCheck className="size-4 text-success" aria-label={t("users.twoFactorOn")} />
                      </span>
                    </Tooltip>
                  ) : (
                    <span className="text-muted-foreground">{t("common.off")}</span>
                  )}
                </TableCell>
                <TableCell className="hidden whitespace-nowrap text-muted-foreground lg:table-cell">
                  {u.lastLoginAt ? <RelativeTime date={u.lastLoginAt} /> : t("users.never")}
                </TableCell>
                <TableCell className="hidden whitespace-nowrap text-muted-foreground sm:table-cell">
                  {viewer.dateTime(u.createdAt, { dateStyle: "medium", timeStyle: null })}
                </TableCell>
              </TableRow>
            ))}
          </PagedTableView>
        )}
      </PagedListStates>
    </Page>
  );
}
