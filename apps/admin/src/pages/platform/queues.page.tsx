import { Page, PageHeader } from "@quartet/ui/app-shell";
import { Badge } from "@quartet/ui/badge";
import { Button } from "@quartet/ui/button";
import { ConfirmDialog } from "@quartet/ui/confirm-dialog";
import { Dialog, DialogContent, DialogHeader, DialogTitle } from "@quartet/ui/dialog";
import { RotateCcw } from "@quartet/ui/icons";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { QueryStates } from "@quartet/ui/query-states";
import { RelativeTime } from "@quartet/ui/relative-time";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  TableSkeleton,
} from "@quartet/ui/table";
import { toast } from "@quartet/ui/toaster";
import { useState } from "react";
import { trpc } from "../../lib/trpc.ts";
import { useAdminTitle } from "../../lib/use-admin-title.ts";

type Open = { queue: string; kind: "failed" | "dead" };

export default function QueuesPage() {
  const { t } = useTranslation("admin");
  useAdminTitle(t("platform.queues.title"));
  const list = trpc.queues.list.useQuery(undefined, { refetchInterval: 5000 });
  const [open, setOpen] = useState<Open | null>(null);
  const [redrive, setRedrive] = useState<string | null>(null);
  const utils = trpc.useUtils();
  const redriveAll = trpc.queues.redrive.useMutation({
    onSuccess: (r) => {
      toast.success(t("platform.queues.redriven", { count: r.moved }));
      void utils.queues.invalidate();
    },
  });
  const num = (n: number, tone?: "warning" | "destructive") =>
    n ? (
      <Badge variant={tone ?? "neutral"} className="tabular-nums">
        {n}
      </Badge>
    ) : (
      <span className="text-muted-foreground">0</span>
    );

  return (
    <Page className="max-w-7xl">
      <PageHeader
        title={t("platform.queues.title")}
        description={t("platform.queues.description")}
        actions={
          <Button variant="outline" onClick={() => list.refetch()} loading={list.isFetching}>
            {t("platform.queues.refresh")}
          </Button>
        }
      />
      <QueryStates query={list} loading={<TableSkeleton columns={6} rows={8} />}>
        {(queues) => (
          <Table aria-busy={list.isFetching}>
            <TableHeader>
              <TableRow>
                <TableHead>{t("platform.queues.colQueue")}</TableHead>
                <TableHead className="hidden lg:table-cell">{t("platform.queues.colSchedule")}</TableHead>
                <TableHead className="text-end">{t("platform.queues.colQueued")}</TableHead>
                <TableHead className="hidden text-end sm:table-cell">
                  {t("platform.queues.colActive")}
                </TableHead>
                <TableHead className="hidden text-end md:table-cell">
                  {t("platform.queues.colDone")}
                </TableHead>
                <TableHead className="text-end">{t("platform.queues.colFailed")}</TableHead>
                <TableHead className="w-px">
                  <span className="sr-only">{t("platform.queues.view")}</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {queues.map((q) => (
                <TableRow key={q.name} data-queue={q.name}>
                  <TableCell>
                    <code className="break-all font-mono text-sm">{q.name}</code>
                    {q.deadLetterFor ? (
                      <div className="text-xs text-muted-foreground">
                        {t("platform.queues.deadLetterOf", { queue: q.deadLetterFor })}
                      </div>
                    ) : null}
                  </TableCell>
                  <TableCell className="hidden text-sm lg:table-cell">
                    {q.cron ? (
                      <>
                        <code className="font-mono">{q.cron}</code>{" "}
                        <span className="text-xs text-muted-foreground">{q.timezone}</span>
                        {!q.scheduled ? (
                          <div className="text-xs text-muted-foreground">
                            {t("platform.queues.notScheduled")}
                          </div>
                        ) : null}
                      </>
                    ) : (
                      "—"
                    )}
                  </TableCell>
                  <TableCell className="text-end">
                    {num(q.queued, q.deadLetterFor ? "destructive" : undefined)}
                  </TableCell>
                  <TableCell className="hidden text-end sm:table-cell">{num(q.active)}</TableCell>
                  <TableCell className="hidden text-end md:table-cell">{num(q.completed)}</TableCell>
                  <TableCell className="text-end">{num(q.failed, "warning")}</TableCell>
                  <TableCell>
                    <div className="flex justify-end gap-2">
                      {q.deadLetterFor && q.queued > 0 ? (
                        <>
                          <Button
                            size="sm"
                            variant="outline"
                            onClick={() => setOpen({ queue: q.name, kind: "dead" })}
                          >
                            {t("platform.queues.view")}
                          </Button>
                          <Button size="sm" onClick={() => setRedrive(q.name)}>
                            <RotateCcw aria-hidden />
                            {t("platform.queues.redriveAll")}
                          </Button>
                        </>
                      ) : !q.deadLetterFor && q.failed > 0 ? (
                        <Button
                          size="sm"
                          variant="outline"
                          onClick={() => setOpen({ queue: q.name, kind: "failed" })}
                        >
                          {t("platform.queues.view")}
                        </Button>
                      ) : null}
                    </div>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </QueryStates>
      {open ? <JobsDialog open={open} onClose={() => setOpen(null)} /> : null}
      <ConfirmDialog
        open={redrive !== null}
        onOpenChange={(o) => !o && setRedrive(null)}
        title={t("platform.queues.redriveTitle", { queue: redrive ?? "" })}
        description={t("platform.queues.redriveDescription")}
        confirmLabel={t("platform.queues.redriveAll")}
        onConfirm={() => redriveAll.mutateAsync({ queue: redrive as string })}
      />
    </Page>
  );
}

function JobsDialog({ open, onClose }: { open: Open; onClose: () => void }) {
  const { t } = useTranslation("admin");
  const utils = trpc.useUtils();
  const jobs = trpc.queues.jobs.useQuery({ queue: open.queue, kind: open.kind, limit: 50 });
  const retry = trpc.queues.retry.useMutation({
    onSuccess: () => {
      toast.success(t("platform.queues.retried"));
      void utils.queues.invalidate();
    },
    onError: (e) => toast.error(e.message),
  });
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent size="lg">
        <DialogHeader>
          <DialogTitle>
            {open.kind === "dead"
              ? t("platform.queues.jobsTitleDead", { queue: open.queue })
              : t("platform.queues.jobsTitleFailed", { queue: open.queue })}
          </DialogTitle>
        </DialogHeader>
        <QueryStates query={jobs} loading={<TableSkeleton columns={3} rows={3} />} compactError>
          {(rows) =>
            rows.length === 0 ? (
              <p className="text-sm text-muted-foreground">{t("platform.queues.jobsEmpty")}</p>
            ) : (
              <ul className="grid max-h-[60vh] gap-2 overflow-y-auto">
                {rows.map((j) => (
                  <li key={j.id} className="grid gap-1 rounded-md border p-3 text-sm">
                    <div className="flex flex-wrap items-center justify-between gap-2">
                      <code className="font-mono text-xs text-muted-foreground">{j.id}</code>
                      <Button
                        size="sm"
                        variant="outline"
                        loading={retry.isPending && retry.variables?.jobId === j.id}
                        onClick={() => retry.mutate({ queue: open.queue, jobId: j.id })}
                      >
                        {t("platform.queues.retry")}
                      </Button>
                    </div>
                    <p className="break-words font-mono text-destructive">{j.error ?? "—"}</p>
                    <p className="text-xs text-muted-foreground">
                      {t("platform.queues.colAttempts")}: {j.retryCount + 1}
                      {j.sourceQueue ? ` · ${t("platform.queues.from", { queue: j.sourceQueue })}` : ""} ·{" "}
                      <RelativeTime date={j.completedOn ?? j.createdOn} />
                    </p>
                    <code className="truncate font-mono text-xs text-muted-foreground">{j.data}</code>
                  </li>
                ))}
              </ul>
            )
          }
        </QueryStates>
      </DialogContent>
    </Dialog>
  );
}
