import { Button } from "@quartet/ui/button";
import { EmptyState } from "@quartet/ui/empty-state";
import type { LucideIcon } from "@quartet/ui/icons";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useListNavigation } from "@quartet/ui/lib/shortcuts";
import { QueryStates, type QueryStatesQuery } from "@quartet/ui/query-states";
import { Table, TableBody, TableHeader, TableRow } from "@quartet/ui/table";
import { type ReactNode, useRef } from "react";

/** What the "load more" footer reads from a cursor-paged (infinite) list query. */
interface PagedListQuery<Row> {
  data?: { pages: { items: Row[] }[] };
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

/**
 * `useInfiniteQuery` options for the console's cursor-paged lists: the next page starts at the
 * server's cursor, and the current rows stay on screen while a changed filter loads.
 */
export const cursorPaging = {
  getNextPageParam: (last: { nextCursor: string | null }) => last.nextCursor ?? undefined,
  placeholderData: <T,>(previous: T) => previous,
};

/** Every loaded page's rows, in order. */
function pagedRows<Row>(data: { pages: { items: Row[] }[] } | undefined): Row[] {
  return data?.pages.flatMap((p) => p.items) ?? [];
}

/** Cursor pagination footer: how many rows are shown and a button for the next page. */
export function LoadMore({ list }: { list: PagedListQuery<unknown> }) {
  const { t } = useTranslation("admin");
  const shown = pagedRows(list.data).length;
  const hasMore = Boolean(list.hasNextPage);
  return (
    <div className="mt-3 flex flex-wrap items-center justify-between gap-2 text-sm text-muted-foreground">
      <span aria-live="polite">
        {hasMore ? t("common.showingSome", { count: shown }) : t("common.showingAll", { count: shown })}
      </span>
      {hasMore ? (
        <Button
          variant="outline"
          size="sm"
          onClick={() => list.fetchNextPage()}
          loading={list.isFetchingNextPage}
        >
          {t("common.loadMore")}
        </Button>
      ) : null}
    </div>
  );
}

/** A paged list's loading, error (with retry) and empty states; `children` renders the rows. */
export function PagedListStates<Row>({
  list,
  loading,
  empty,
  compactError,
  children,
}: {
  list: QueryStatesQuery<{ pages: { items: Row[] }[] }>;
  loading: ReactNode;
  empty: ReactNode;
  compactError?: boolean;
  children: (rows: Row[]) => ReactNode;
}) {
  return (
    <QueryStates query={list} loading={loading} compactError={compactError}>
      {(data) => {
        const rows = pagedRows(data);
        return rows.length === 0 ? empty : children(rows);
      }}
    </QueryStates>
  );
}

/**
 * An empty list. Filtered: no match, and a button that clears the filters. Otherwise: what the
 * list holds, with `action` if something fills it from here.
 */
export function ListEmptyState({
  icon,
  filtered,
  title,
  description,
  action,
  noMatchTitle,
  noMatchDescription,
  clearLabel,
  onClear,
}: {
  icon: LucideIcon;
  filtered: boolean;
  title: string;
  description: string;
  action?: ReactNode;
  noMatchTitle: string;
  noMatchDescription: string;
  clearLabel: string;
  onClear: () => void;
}) {
  return (
    <EmptyState
      icon={icon}
      title={filtered ? noMatchTitle : title}
      description={filtered ? noMatchDescription : description}
      action={
        filtered ? (
          <Button variant="outline" onClick={onClear}>
            {clearLabel}
          </Button>
        ) : (
          action
        )
      }
    />
  );
}

/** A list page's table: as tall as the screen below the header and filters, so its header stays in view. */
export function PagedTable({ busy, children }: { busy: boolean; children: ReactNode }) {
  return (
    <Table wrapperClassName="max-h-[calc(100dvh-15rem)] min-h-48" aria-busy={busy}>
      {children}
    </Table>
  );
}

/** A list page's rows in a PagedTable, with "load more" below; j / k move between the rows. */
export function PagedTableView({
  list,
  columns,
  children,
}: {
  list: PagedListQuery<unknown> & { isFetching: boolean };
  /** The header cells. */
  columns: ReactNode;
  /** The rows. */
  children: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useListNavigation(ref);
  return (
    <div ref={ref}>
      <PagedTable busy={list.isFetching}>
        <TableHeader>
          <TableRow>{columns}</TableRow>
        </TableHeader>
        <TableBody>{children}</TableBody>
      </PagedTable>
      <LoadMore list={list} />
    </div>
  );
}
