import { Button } from "@quartet/ui/button";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { type PagedListQuery, pagedRows } from "./paged-list.tsx";

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
