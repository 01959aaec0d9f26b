import { Button } from "@quartet/ui/button";
import { EmptyState } from "@quartet/ui/empty-state";
import { ErrorState } from "@quartet/ui/error-state";
import type { LucideIcon } from "@quartet/ui/icons";
import { SearchX } from "@quartet/ui/icons";
import { TableSkeleton } from "@quartet/ui/table";
import type { ReactNode } from "react";

/** The parts of a TanStack infinite query over `{ items, nextCursor }` pages that a list shows. */
export interface PagedQuery<T> {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  isFetching: boolean;
  refetch: () => unknown;
  data?: { pages: { items: T[] }[] };
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

/**
 * A keyset-paged list's states in one place: skeleton while loading, error with retry, an empty
 * state (one for "nothing yet", one for "no match for these filters" with a way out), then the rows
 * and a "Load more" button until the last page.
 */
export function PagedList<T>({
  query,
  skeletonColumns,
  filtered,
  noMatch,
  empty,
  labels,
  children,
}: {
  query: PagedQuery<T>;
  skeletonColumns: number;
  /** Filters are on: an empty page means "no match", not "nothing yet". */
  filtered: boolean;
  noMatch: { title: string; description: string; clearLabel: string; onClear: () => void };
  empty: { icon: LucideIcon; title: string; description: string; action?: ReactNode };
  labels: { loadMore: string; end: string };
  children: (items: T[]) => ReactNode;
}) {
  if (query.isPending) return <TableSkeleton columns={skeletonColumns} rows={6} />;
  if (query.isError || !query.data) {
    return <ErrorState error={query.error} onRetry={() => query.refetch()} retrying={query.isFetching} />;
  }
  const items = query.data.pages.flatMap((p) => p.items);
  if (items.length === 0) {
    return filtered ? (
      <EmptyState
        icon={SearchX}
        title={noMatch.title}
        description={noMatch.description}
        action={
          <Button variant="outline" onClick={noMatch.onClear}>
            {noMatch.clearLabel}
          </Button>
        }
      />
    ) : (
      <EmptyState
        icon={empty.icon}
        title={empty.title}
        description={empty.description}
        action={empty.action}
      />
    );
  }
  return (
    <div className="grid gap-3">
      {children(items)}
      <div className="flex items-center justify-center gap-3 text-sm text-muted-foreground">
        {query.hasNextPage ? (
          <Button variant="outline" loading={query.isFetchingNextPage} onClick={() => query.fetchNextPage()}>
            {labels.loadMore}
          </Button>
        ) : (
          <span>{labels.end}</span>
        )}
      </div>
    </div>
  );
}
