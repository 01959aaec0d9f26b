import { Button } from "@quartet/ui/button";
import { useTranslation } from "@quartet/ui/lib/i18n";

/** Cursor pagination footer: how many rows are shown and a button for the next page. */
export function LoadMore({
  shown,
  hasMore,
  loading,
  onLoadMore,
}: {
  shown: number;
  hasMore: boolean;
  loading: boolean;
  onLoadMore: () => void;
}) {
  const { t } = useTranslation("admin");
  return (
    <div className="mt-3 flex flex-wrap items-center justify-between gap-2 text-sm text-muted-foreground">
      <span aria-live="polite">
        {hasMore ? t("common.showingSome", { count: shown }) : t("common.showingAll", { count: shown })}
      </span>
      {hasMore ? (
        <Button variant="outline" size="sm" onClick={onLoadMore} loading={loading}>
          {t("common.loadMore")}
        </Button>
      ) : null}
    </div>
  );
}
