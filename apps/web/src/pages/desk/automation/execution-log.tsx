import { Badge } from "@quartet/ui/badge";
import { Button } from "@quartet/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@quartet/ui/dialog";
import { EmptyState } from "@quartet/ui/empty-state";
import { ErrorState } from "@quartet/ui/error-state";
import { History } from "@quartet/ui/icons";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { RelativeTime } from "@quartet/ui/relative-time";
import { Skeleton } from "@quartet/ui/skeleton";
import { Link } from "react-router";
import { trpc } from "../../../lib/trpc.ts";
import { useWorkspace } from "../../../lib/workspace.ts";
import type { Rule } from "./automation-shared.ts";

/** A rule's execution log (newest first, "load more" through keyset pages). */
export function ExecutionLogDialog({
  rule,
  onOpenChange,
}: {
  rule: Rule;
  onOpenChange: (open: boolean) => void;
}) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const log = trpc.deskAutomation.executions.useInfiniteQuery(
    { orgId: org.id, ruleId: rule.id, limit: 25 },
    { getNextPageParam: (page) => page.nextCursor ?? undefined },
  );
  const items = log.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Dialog open onOpenChange={onOpenChange}>
      <DialogContent size="lg" className="sm:max-w-2xl">
        <DialogHeader>
          <DialogTitle>{t("automation.logTitle", { name: rule.name })}</DialogTitle>
          <DialogDescription>{t("automation.logBody")}</DialogDescription>
        </DialogHeader>
        {log.isPending ? (
          <div className="grid gap-2" aria-busy>
            {[0, 1, 2].map((n) => (
              <Skeleton key={n} className="h-12 w-full" />
            ))}
          </div>
        ) : log.isError ? (
          <ErrorState compact error={log.error} onRetry={() => log.refetch()} retrying={log.isFetching} />
        ) : items.length === 0 ? (
          <EmptyState icon={History} title={t("automation.logEmpty")} className="py-8" />
        ) : (
          <ol className="grid divide-y rounded-md border" aria-label={t("automation.log")}>
            {items.map((e) => (
              <li key={e.id} className="grid gap-1 px-3 py-2.5 text-sm">
                <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                  <Badge variant={e.outcome === "failed" ? "destructive" : "success"}>
                    {t(`automation.outcomes.${e.outcome}`)}
                  </Badge>
                  {e.ticket ? (
                    <Link
                      to={`/w/${org.slug}/desk/${e.ticket.id}`}
                      className="min-w-0 truncate font-medium hover:underline focus-visible:outline-2 focus-visible:outline-ring"
                    >
                      <span className="font-mono tabular-nums text-muted-foreground">#{e.ticket.number}</span>{" "}
                      {e.ticket.subject}
                    </Link>
                  ) : null}
                  <RelativeTime date={e.createdAt} className="ms-auto text-muted-foreground" />
                </div>
                <div className="flex flex-wrap items-center gap-1.5">
                  {e.actionsRun.map((a, n) => (
                    <Badge
                      // Actions repeat within a run (two tags): the index keeps keys unique.
                      // biome-ignore lint/suspicious/noArrayIndexKey: fixed list per run
                      key={n}
                      variant={a.ok ? "outline" : "destructive"}
                      title={a.detail}
                    >
                      {t(`automation.actions.${a.type}`)}
                      {a.detail && a.ok ? ` · ${a.detail}` : ""}
                    </Badge>
                  ))}
                  {e.depth > 0 ? (
                    <span className="text-xs text-muted-foreground">
                      {t("automation.depth", { n: e.depth })}
                    </span>
                  ) : null}
                </div>
                {e.error ? <p className="text-destructive-soft-foreground break-words">{e.error}</p> : null}
              </li>
            ))}
          </ol>
        )}
        {log.hasNextPage ? (
          <div className="flex justify-center">
            <Button
              variant="outline"
              size="sm"
              loading={log.isFetchingNextPage}
              onClick={() => log.fetchNextPage()}
            >
              {t("automation.loadMore")}
            </Button>
          </div>
        ) : null}
      </DialogContent>
    </Dialog>
  );
}
