import { Badge } from "@quartet/ui/badge";
import { Button } from "@quartet/ui/button";
import { ConfirmDialog } from "@quartet/ui/confirm-dialog";
import { EmptyState } from "@quartet/ui/empty-state";
import { ErrorState } from "@quartet/ui/error-state";
import { LogOut, Monitor, MonitorSmartphone, Smartphone, Tablet } from "@quartet/ui/icons";
import { errorMessage } from "@quartet/ui/lib/errors";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useDocumentTitle } from "@quartet/ui/lib/use-document-title";
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
import { ActionsColumnHead } from "../../components/actions-column-head.tsx";
import { type RouterOutputs, trpc } from "../../lib/trpc.ts";

type SessionItem = RouterOutputs["sessions"]["list"][number];

function DeviceIcon({ type }: { type: string }) {
  const Icon =
    type === "mobile"
      ? Smartphone
      : type === "tablet"
        ? Tablet
        : type === "desktop"
          ? Monitor
          : MonitorSmartphone;
  return <Icon className="size-5 shrink-0 text-muted-foreground" aria-hidden />;
}

export function SessionsPage() {
  const { t } = useTranslation();
  const list = trpc.sessions.list.useQuery();
  const utils = trpc.useUtils();
  const revokeOthers = trpc.sessions.revokeOthers.useMutation();
  const [confirmAll, setConfirmAll] = useState(false);
  useDocumentTitle(t("account.tabs.sessions"));
  const others = list.data?.filter((s) => !s.current).length ?? 0;

  return (
    <section className="grid gap-4" aria-labelledby="sessions-heading">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="grid gap-1">
          <h2 id="sessions-heading" className="text-lg font-semibold">
            {t("sessions.title")}
          </h2>
          <p className="text-sm text-muted-foreground">{t("sessions.description")}</p>
        </div>
        {others > 0 ? (
          <Button variant="outline" onClick={() => setConfirmAll(true)}>
            <LogOut aria-hidden />
            {t("sessions.revokeOthers")}
          </Button>
        ) : null}
      </div>

      {list.isPending ? (
        <TableSkeleton columns={3} rows={3} />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} retrying={list.isFetching} />
      ) : list.data.length === 0 ? (
        <EmptyState
          icon={MonitorSmartphone}
          title={t("sessions.emptyTitle")}
          description={t("sessions.emptyBody")}
        />
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>{t("sessions.columns.device")}</TableHead>
              <TableHead className="hidden sm:table-cell">{t("sessions.columns.ip")}</TableHead>
              <TableHead className="hidden sm:table-cell">{t("sessions.columns.lastActive")}</TableHead>
              <ActionsColumnHead />
            </TableRow>
          </TableHeader>
          <TableBody>
            {list.data.map((s) => (
              <SessionRow key={s.id} session={s} />
            ))}
          </TableBody>
        </Table>
      )}

      <ConfirmDialog
        open={confirmAll}
        onOpenChange={setConfirmAll}
        destructive
        title={t("sessions.revokeOthersTitle")}
        description={t("sessions.revokeOthersBody", { count: others })}
        confirmLabel={t("sessions.revokeOthers")}
        onConfirm={async () => {
          const { count } = await revokeOthers.mutateAsync();
          await utils.sessions.list.invalidate();
          toast.success(t("sessions.revokedOthers", { count }));
        }}
      />
    </section>
  );
}

function SessionRow({ session: s }: { session: SessionItem }) {
  const { t } = useTranslation();
  const utils = trpc.useUtils();
  const revoke = trpc.sessions.revoke.useMutation();
  const known = (v: string) => v && v !== "Unknown";
  const device = [
    known(s.deviceInfo.browser) ? s.deviceInfo.browser : null,
    known(s.deviceInfo.os) ? s.deviceInfo.os : null,
  ]
    .filter(Boolean)
    .join(" · ");
  return (
    <TableRow>
      <TableCell>
        <div className="flex items-center gap-3">
          <DeviceIcon type={s.deviceInfo.type} />
          <div className="grid min-w-0">
            <span className="flex flex-wrap items-center gap-1.5 font-medium">
              {device || t("sessions.unknownDevice")}
              {s.current ? <Badge variant="success">{t("sessions.current")}</Badge> : null}
              {s.kind === "ADMIN" ? <Badge variant="outline">{t("sessions.adminConsole")}</Badge> : null}
            </span>
            <span className="text-xs text-muted-foreground">
              {t("sessions.signedIn")} <RelativeTime date={s.createdAt} />
            </span>
            <span className="text-xs text-muted-foreground sm:hidden">
              {t("sessions.columns.lastActive")}:{" "}
              {s.current ? t("sessions.now") : <RelativeTime date={s.lastActivityAt} />}
              {" · "}
              <span dir="ltr">{s.ipAddress ?? "—"}</span>
            </span>
          </div>
        </div>
      </TableCell>
      <TableCell className="hidden font-mono text-xs text-muted-foreground sm:table-cell" dir="ltr">
        {s.ipAddress ?? "—"}
      </TableCell>
      <TableCell className="hidden text-muted-foreground sm:table-cell">
        {s.current ? t("sessions.now") : <RelativeTime date={s.lastActivityAt} />}
      </TableCell>
      <TableCell className="text-end">
        {s.current ? null : (
          <Button
            variant="outline"
            size="sm"
            loading={revoke.isPending}
            onClick={async () => {
              try {
                await revoke.mutateAsync({ sessionId: s.id });
                await utils.sessions.list.invalidate();
                toast.success(t("sessions.revoked"));
              } catch (error) {
                toast.error(errorMessage(error, t("errors.generic")));
              }
            }}
          >
            {t("sessions.revoke")}
          </Button>
        )}
      </TableCell>
    </TableRow>
  );
}
