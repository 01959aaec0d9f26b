import { Page } from "@quartet/ui/app-shell";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { QueryStates, type QueryStatesQuery } from "@quartet/ui/query-states";
import { Skeleton, SkeletonLines } from "@quartet/ui/skeleton";
import type { ReactNode } from "react";

/** The shape of a page (title, a row of cards, a block) while its data loads. */
export function PageSkeleton() {
  const { t } = useTranslation("ui");
  return (
    <Page role="status" aria-live="polite">
      <span className="sr-only">{t("loading")}</span>
      <Skeleton className="mb-2 h-7 w-56" />
      <Skeleton className="mb-8 h-4 w-80 max-w-full" />
      <div className="mb-6 grid gap-4 sm:grid-cols-3">
        <Skeleton className="h-24" />
        <Skeleton className="h-24" />
        <Skeleton className="h-24" />
      </div>
      <SkeletonLines lines={4} />
    </Page>
  );
}

/** The data a whole page needs: this skeleton while it loads, the error with a retry as the page. */
export function PageQueryStates<T>({
  query,
  children,
}: {
  query: QueryStatesQuery<T>;
  children: (data: T) => ReactNode;
}) {
  return (
    <QueryStates
      query={query}
      loading={<PageSkeleton />}
      renderError={(_, errorState) => <Page>{errorState}</Page>}
    >
      {children}
    </QueryStates>
  );
}
