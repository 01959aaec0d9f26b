import { Alert } from "@quartet/ui/alert";
import { Page, PageHeader } from "@quartet/ui/app-shell";
import { Badge } from "@quartet/ui/badge";
import { Button } from "@quartet/ui/button";
import { ConfirmDialog } from "@quartet/ui/confirm-dialog";
import { EmptyState } from "@quartet/ui/empty-state";
import { KeyRound, RefreshCw } from "@quartet/ui/icons";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { QueryStates } from "@quartet/ui/query-states";
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

interface KeyRow {
  key: string;
  connections: number;
  totp: number;
}

/** One row per key id the stored secrets are under: the current key first, then the others by id. */
function keyRows(usage: {
  primaryKeyId: string;
  connections: Record<string, number>;
  totpSecrets: Record<string, number>;
}): KeyRow[] {
  const keys = new Set([...Object.keys(usage.connections), ...Object.keys(usage.totpSecrets)]);
  return [...keys]
    .map((key) => ({ key, connections: usage.connections[key] ?? 0, totp: usage.totpSecrets[key] ?? 0 }))
    .sort((a, b) =>
      a.key === usage.primaryKeyId ? -1 : b.key === usage.primaryKeyId ? 1 : a.key.localeCompare(b.key),
    );
}

/** /security: which keys the stored secrets are sealed under, and the re-encryption job's button. */
export default function EncryptionKeysPage() {
  const { t } = useTranslation("admin");
  useAdminTitle(t("security.title"));
  const [confirming, setConfirming] = useState(false);
  const [started, setStarted] = useState<{ jobId: string | null } | null>(null);
  const usage = trpc.security.secretKeys.useQuery(undefined, {
    // While a started job has work left, follow its progress.
    refetchInterval: (query) => (started && (query.state.data?.remaining ?? 0) > 0 ? 3000 : false),
  });
  const utils = trpc.useUtils();
  const reencrypt = trpc.security.reencryptSecrets.useMutation({
    onSuccess: (r) => {
      setStarted({ jobId: r.jobId });
      toast.success(t("security.started"));
      return utils.security.secretKeys.invalidate();
    },
  });
  const remaining = usage.data?.remaining ?? 0;

  return (
    <Page className="max-w-5xl">
      <PageHeader
        title={t("security.title")}
        description={t("security.description")}
        actions={
          <>
            <Button variant="outline" onClick={() => usage.refetch()} loading={usage.isFetching}>
              <RefreshCw aria-hidden />
              {t("security.refresh")}
            </Button>
            <Button onClick={() => setConfirming(true)} disabled={!usage.data || remaining === 0}>
              <KeyRound aria-hidden />
              {t("security.reencrypt")}
            </Button>
          </>
        }
      />
      <QueryStates query={usage} loading={<TableSkeleton columns={4} rows={3} />}>
        {(u) => {
          const rows = keyRows(u);
          return (
            <div className="grid gap-4">
              <dl className="flex flex-wrap items-center gap-x-8 gap-y-2 text-sm">
                <div className="flex items-center gap-2">
                  <dt className="text-muted-foreground">{t("security.currentKey")}</dt>
                  <dd>
                    <code dir="ltr" className="rounded bg-muted px-1.5 py-0.5 font-mono">
                      {u.primaryKeyId}
                    </code>
                  </dd>
                </div>
                <div className="flex items-center gap-2">
                  <dt className="text-muted-foreground">{t("security.underOlder")}</dt>
                  <dd>
                    <Badge variant={u.remaining ? "warning" : "success"} className="tabular-nums">
                      {u.remaining}
                    </Badge>
                  </dd>
                </div>
              </dl>
              {started ? (
                <Alert variant="info" role="status" title={t("security.startedTitle")}>
                  {started.jobId
                    ? t("security.startedDescription", { jobId: started.jobId })
                    : t("security.startedNoJob")}
                </Alert>
              ) : null}
              {rows.length === 0 ? (
                <EmptyState
                  icon={KeyRound}
                  title={t("security.emptyTitle")}
                  description={t("security.emptyDescription")}
                />
              ) : (
                <>
                  {u.remaining === 0 ? (
                    <Alert variant="success">{t("security.allCurrent")}</Alert>
                  ) : (
                    <Alert variant="warning">{t("security.someOlder", { count: u.remaining })}</Alert>
                  )}
                  <Table aria-busy={usage.isFetching} aria-label={t("security.tableLabel")}>
                    <TableHeader>
                      <TableRow>
                        <TableHead>{t("security.colKey")}</TableHead>
                        <TableHead className="text-end">{t("security.colConnections")}</TableHead>
                        <TableHead className="text-end">{t("security.colTotp")}</TableHead>
                        <TableHead className="hidden text-end sm:table-cell">
                          {t("security.colTotal")}
                        </TableHead>
                      </TableRow>
                    </TableHeader>
                    <TableBody>
                      {rows.map((r) => (
                        <TableRow key={r.key} data-key={r.key}>
                          <TableCell>
                            <div className="flex flex-wrap items-center gap-2">
                              <code dir="ltr" className="font-mono">
                                {r.key === "legacy" ? "v1" : r.key}
                              </code>
                              {r.key === u.primaryKeyId ? (
                                <Badge variant="success">{t("security.current")}</Badge>
                              ) : r.key === "legacy" ? (
                                <Badge variant="warning" title={t("security.legacyHint")}>
                                  {t("security.legacy")}
                                </Badge>
                              ) : null}
                            </div>
                          </TableCell>
                          <TableCell className="text-end tabular-nums">{r.connections}</TableCell>
                          <TableCell className="text-end tabular-nums">{r.totp}</TableCell>
                          <TableCell className="hidden text-end font-medium tabular-nums sm:table-cell">
                            {r.connections + r.totp}
                          </TableCell>
                        </TableRow>
                      ))}
                    </TableBody>
                  </Table>
                  <p className="text-xs text-muted-foreground">{t("security.tokensHint")}</p>
                </>
              )}
            </div>
          );
        }}
      </QueryStates>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={t("security.confirmTitle", { key: usage.data?.primaryKeyId ?? "" })}
        description={t("security.confirmDescription", {
          count: remaining,
          key: usage.data?.primaryKeyId ?? "",
        })}
        confirmLabel={t("security.confirm")}
        onConfirm={() => reencrypt.mutateAsync()}
      />
    </Page>
  );
}
