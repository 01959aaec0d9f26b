import { QueryStates, type QueryStatesQuery } from "@quartet/ui/query-states";
import { Table } from "@quartet/ui/table";
import type { ReactNode } from "react";

/** What the "load more" footer reads from a cursor-paged (infinite) list query. */
export interface PagedListQuery<Row> {
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
export function pagedRows<Row>(data: { pages: { items: Row[] }[] } | undefined): Row[] {
  return data?.pages.flatMap((p) => p.items) ?? [];
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

/** A list page's table: as tall as the screen below the header and filters, so its header stays in view. */
export function PagedTable({ busy, children }: { busy: boolean; children: ReactNode }) {
  return (
    <Table wrapperClassName="max-h-[calc(100dvh-15rem)] min-h-48" aria-busy={busy}>
      {children}
    </Table>
  );
}
