import { Page, PageHeader } from "@quartet/ui/app-shell";
import { Avatar } from "@quartet/ui/avatar";
import { Badge } from "@quartet/ui/badge";
import { Button } from "@quartet/ui/button";
import { EmptyState } from "@quartet/ui/empty-state";
import { ErrorState } from "@quartet/ui/error-state";
import { Building2 } from "@quartet/ui/icons";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useListNavigation } from "@quartet/ui/lib/shortcuts";
import { useViewer } from "@quartet/ui/relative-time";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  TableSkeleton,
} from "@quartet/ui/table";
import { useEffect, useRef, useState } from "react";
import { Link, useNavigate } from "react-router";
import { rowLinkProps } from "../components/list-rows.ts";
import { LoadMore } from "../components/load-more.tsx";
import { SearchField } from "../components/search-field.tsx";
import { trpc } from "../lib/trpc.ts";
import { useDebounced } from "../lib/use-debounced.ts";
import { useUrlFilters } from "../lib/use-url-filters.ts";

export default function OrgsPage() {
  const { t } = useTranslation("admin");
  const viewer = useViewer();
  const navigate = useNavigate();
  const filters = useUrlFilters(["q"] as const);
  const [text, setText] = useState(filters.values.q);
  const q = useDebounced(text.trim());
  const tableRef = useRef<HTMLDivElement>(null);
  useListNavigation(tableRef);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the debounced text goes to the URL
  useEffect(() => filters.set({ q }), [q]);

  const list = trpc.orgs.list.useInfiniteQuery(
    { q: q || undefined, limit: 50 },
    { getNextPageParam: (last) => last.nextCursor ?? undefined, placeholderData: (prev) => prev },
  );
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];

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
      {list.isPending ? (
        <TableSkeleton columns={5} rows={8} />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} retrying={list.isFetching} />
      ) : rows.length === 0 ? (
        <EmptyState
          icon={Building2}
          title={q ? t("orgs.noMatchTitle") : t("orgs.emptyTitle")}
          description={q ? t("orgs.noMatchDescription", { q }) : t("orgs.emptyDescription")}
          action={
            q ? (
              <Button variant="outline" onClick={() => setText("")}>
                {t("common.clearSearch")}
              </Button>
            ) : null
          }
        />
      ) : (
        <div ref={tableRef}>
          <Table wrapperClassName="max-h-[calc(100dvh-15rem)] min-h-48" aria-busy={list.isFetching}>
            <TableHeader>
              <TableRow>
                <TableHead>{t("orgs.colWorkspace")}</TableHead>
                <TableHead className="hidden md:table-cell">{t("orgs.colOwner")}</TableHead>
                <TableHead className="text-end">{t("orgs.colMembers")}</TableHead>
                <TableHead className="hidden sm:table-cell">{t("orgs.colPlan")}</TableHead>
                <TableHead className="hidden lg:table-cell">{t("orgs.colCreated")}</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((o) => (
                <TableRow key={o.id} {...rowLinkProps(() => navigate(`/orgs/${o.id}`))}>
                  <TableCell>
                    <div className="flex min-w-0 items-center gap-2.5">
                      <Avatar name={o.name} size="sm" shape="square" />
                      <div className="grid min-w-0">
                        <Link
                          to={`/orgs/${o.id}`}
                          tabIndex={-1}
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
            </TableBody>
          </Table>
          <LoadMore
            shown={rows.length}
            hasMore={Boolean(list.hasNextPage)}
            loading={list.isFetchingNextPage}
            onLoadMore={() => list.fetchNextPage()}
          />
        </div>
      )}
    </Page>
  );
}
