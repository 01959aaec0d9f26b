import { Page } from "@quartet/ui/app-shell";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { Skeleton } from "@quartet/ui/skeleton";
import { TableSkeleton } from "@quartet/ui/table";

/** Page-shaped placeholder while a screen's code or first data loads. */
export function PageFallback() {
  const { t } = useTranslation("ui");
  return (
    <Page className="max-w-7xl" aria-busy>
      <span className="sr-only" role="status">
        {t("loading")}
      </span>
      <Skeleton className="mb-2 h-7 w-48" />
      <Skeleton className="mb-6 h-4 w-80 max-w-full" />
      <TableSkeleton columns={5} rows={6} />
    </Page>
  );
}

/** Whole-screen placeholder before we know whether someone is signed in. */
export function ShellFallback() {
  const { t } = useTranslation("ui");
  return (
    <div className="flex min-h-dvh" aria-busy>
      <span className="sr-only" role="status">
        {t("loading")}
      </span>
      <div className="hidden w-sidebar shrink-0 border-e bg-sidebar p-3 md:block">
        <Skeleton className="mb-6 h-8 w-40" />
        <div className="grid gap-2">
          <Skeleton className="h-6 w-full" />
          <Skeleton className="h-6 w-5/6" />
          <Skeleton className="h-6 w-4/6" />
          <Skeleton className="h-6 w-5/6" />
        </div>
      </div>
      <div className="flex-1 px-6 py-8">
        <Skeleton className="mb-6 h-7 w-48" />
        <TableSkeleton columns={5} rows={6} />
      </div>
    </div>
  );
}
