import { Page, PageHeader } from "@quartet/ui/app-shell";
import { Avatar } from "@quartet/ui/avatar";
import { Badge } from "@quartet/ui/badge";
import { Building2 } from "@quartet/ui/icons";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useViewer } from "@quartet/ui/relative-time";
import { TableCell, TableHead, TableRow, TableSkeleton } from "@quartet/ui/table";
import { Link, useNavigate } from "react-router";
import { rowLinkProps } from "../components/list-rows.ts";
import { cursorPaging, ListEmptyState, PagedListStates, PagedTableView } from "../components/paged-list.tsx";
import { SearchField } from "../components/search-field.tsx";
import { trpc } from "../lib/trpc.ts";
import { useAdminTitle } from "../lib/use-admin-title.ts";
import { useSearchText, useUrlFilters } from "../lib/use-url-filters.ts";

export default function OrgsPage() {
  const { t } = useTranslation("admin");
  useAdminTitle(t("orgs.title"));
  const viewer = useViewer();
  const navigate = useNavigate();
  const filters = useUrlFilters(["q"] as const);
  const { text, setText, value: q } = useSearchText(filters, "q");

  const list = trpc.orgs.list.useInfiniteQuery({ q: q || undefined, limit: 50 }, cursorPaging);

  return (
    <Page className="max-w-7xl">
      <PageHeader title={t("orgs.title")} description={t("orgs.description")} />
      <div className="mb-3">
        <SearchField
          className="sm:max-w-sm"
          value={text}
          onChange={setText}
          label={t("orgs.searchLabel")}
          placeholder={t("orgs.searchPlaceholder")}
        />
      </div>
      <PagedListStates
        list={list}
        loading={<TableSkeleton columns={5} rows={8} />}
        empty={
          <ListEmptyState
            icon={Building2}
            filtered={Boolean(q)}
            title={t("orgs.emptyTitle")}
            description={t("orgs.emptyDescription")}
            noMatchTitle={t("orgs.noMatchTitle")}
            noMatchDescription={t("orgs.noMatchDescription", { q })}
            clearLabel={t("common.clearSearch")}
            onClear={() => setText("")}
          />
        }
      >
        {(rows) => (
          <PagedTableView
            list={list}
            columns={
              <>
                <TableHead>{t("orgs.colWorkspace")}</TableHead>
                <TableHead className="hidden md:table-cell">{t("orgs.colOwner")}</TableHead>
                <TableHead className="text-end">{t("orgs.colMembers")}</TableHead>
                <TableHead className="hidden sm:table-cell">{t("orgs.colPlan")}</TableHead>
                <TableHead className="hidden lg:table-cell">{t("orgs.colCreated")}</TableHead>
              </>
            }
          >
            {rows.map((o) => (
              <TableRow key={o.id} {...rowLinkProps(() => navigate(`/orgs/${o.id}`))}>
                <TableCell>
                  <div className="flex min-w-0 items-center gap-2.5">
                    <Avatar name={o.name} size="sm" shape="square" />
                    <div className="grid min-w-0">
                      <Link
                        to={`/orgs/${o.id}`}
                        tabIndex={-1}
                        dir="auto"
                        className="truncate font-medium hover:underline"
                      >
                        {o.name}
                      </Link>
                      <span className="truncate text-xs text-muted-foreground">{o.slug}</span>
                    </div>
                    {o.isPersonal ? <Badge variant="outline">{t("orgs.personal")}</Badge> : null}
                    {o.deletedAt ? <Badge variant="destructive">{t("orgs.deleted")}</Badge> : null}
                  </div>
                </TableCell>
                <TableCell className="hidden md:table-cell">
                  <Link
                    to={`/users/${o.owner.id}`}
                    className="text-muted-foreground hover:text-foreground hover:underline"
                  >
                    {o.owner.email}
                  </Link>
                </TableCell>
                <TableCell className="text-end tabular-nums">{o.memberCount}</TableCell>
                <TableCell className="hidden sm:table-cell">
                  <Badge variant={o.plan === "FREE" ? "neutral" : "primary"}>{t(`plans.${o.plan}`)}</Badge>
                </TableCell>
                <TableCell className="hidden whitespace-nowrap text-muted-foreground lg:table-cell">
                  {viewer.dateTime(o.createdAt, { dateStyle: "medium", timeStyle: null })}
                </TableCell>
              </TableRow>
            ))}
          </PagedTableView>
        )}
      </PagedListStates>
    </Page>
  );
}
