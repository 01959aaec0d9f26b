import { Page } from "@quartet/ui/app-shell";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { Skeleton, SkeletonLines } from "@quartet/ui/skeleton";

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
