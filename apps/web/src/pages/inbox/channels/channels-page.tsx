import { Alert } from "@quartet/ui/alert";
import { Page, PageHeader, Section } from "@quartet/ui/app-shell";
import { Badge } from "@quartet/ui/badge";
import { Button } from "@quartet/ui/button";
import { ConfirmDialog } from "@quartet/ui/confirm-dialog";
import { DropdownMenuItem, DropdownMenuSeparator } from "@quartet/ui/dropdown-menu";
import { EmptyState } from "@quartet/ui/empty-state";
import { ExternalLink, Plug, RefreshCw, Settings2, Unplug } from "@quartet/ui/icons";
import { errorMessage, errorReason } from "@quartet/ui/lib/errors";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useDocumentTitle } from "@quartet/ui/lib/use-document-title";
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
import { useEffect, useState } from "react";
import { Link, Navigate, useLocation, useSearchParams } from "react-router";
import { ActionsColumnHead } from "../../../components/actions-column-head.tsx";
import { RowActionsMenu } from "../../../components/row-actions-menu.tsx";
import { atLeast } from "../../../lib/roles.ts";
import { trpc } from "../../../lib/trpc.ts";
import { useWorkspace } from "../../../lib/workspace.ts";
import { InboxNav } from "../inbox-nav.tsx";
import { ChannelIcon } from "../inbox-shared.tsx";
import { type Channel, type ChannelList, STATUS_VARIANT } from "./channels-shared.ts";
import { ConnectGrid } from "./connect-grid.tsx";
import { MetaPickDialog } from "./meta-pick-dialog.tsx";
import { WhatsAppDialog } from "./whatsapp-dialog.tsx";
import { WidgetCreateDialog, WidgetSettingsDialog } from "./widget-dialogs.tsx";

type Dialog =
  | { kind: "whatsapp" }
  | { kind: "widget-create" }
  | { kind: "widget"; id: string }
  | { kind: "reconnect-whatsapp"; id: string }
  | { kind: "disconnect"; id: string }
  | { kind: "meta-pick" }
  | null;

const CONNECT_ERRORS = new Set([
  "STATE_MISMATCH",
  "FLOW_EXPIRED",
  "STATE_USED",
  "SESSION_MISMATCH",
  "FORBIDDEN",
  "CANCELLED",
  "CODE_REJECTED",
  "PROVIDER_UNREACHABLE",
  "NO_ACCOUNT",
  "PLAN_LIMIT",
  "CONNECTED_ELSEWHERE",
]);

/** /w/:slug/inbox/channels (the brief's address) → the page beside the Inbox's other settings. */
export function InboxChannelsRedirect() {
  const { search } = useLocation();
  return <Navigate to={{ pathname: "../settings/channels", search }} relative="path" replace />;
}

/**
 * /w/:slug/inbox/settings/channels — the workspace's channels: connect WhatsApp (token), Messenger,
 * Instagram and TikTok (their sign-in), a website chat or the sandbox; see each channel's status
 * and error; reconnect, disconnect; the website chat's code and preview.
 */
export function InboxChannelsPage() {
  const { t } = useTranslation();
  const org = useWorkspace();
  useDocumentTitle(t("inboxChannels.title"));
  const canManage = atLeast(org.role, "ADMIN");
  const list = trpc.inboxConnections.list.useQuery({ orgId: org.id });
  const [dialog, setDialog] = useState<Dialog>(null);
  const [params, setParams] = useSearchParams();
  const [connectError, setConnectError] = useState<string | null>(null);

  // The connect flows come back here: ?connected=…, ?connect=meta (pick Pages) or ?connectError=….
  useEffect(() => {
    const connected = params.get("connected");
    const error = params.get("connectError");
    const pick = params.get("connect");
    if (!connected && !error && !pick) return;
    if (connected)
      toast.success(t("inboxChannels.connected", { platform: t(`inbox.platform.${connected}`) }));
    if (error) setConnectError(CONNECT_ERRORS.has(error) ? error : "unknown");
    if (pick === "meta") setDialog({ kind: "meta-pick" });
    const next = new URLSearchParams(params);
    next.delete("connected");
    next.delete("connectError");
    next.delete("connect");
    setParams(next, { replace: true });
  }, [params, setParams, t]);

  const close = () => setDialog(null);
  const current = dialog && "id" in dialog ? list.data?.items.find((c) => c.id === dialog.id) : undefined;

  return (
    <Page>
      <PageHeader title={t("inboxChannels.title")} description={t("inboxChannels.description")} />
      <InboxNav />
      {connectError ? (
        <Alert variant="destructive" role="alert" title={t("inboxChannels.errors.title")} className="mb-6">
          {t(`inboxChannels.errors.${connectError}`)}
        </Alert>
      ) : null}
      <QueryStates
        query={list}
        loading={<TableSkeleton columns={4} rows={3} />}
        renderError={(_error, state) => (
          <div className="grid gap-2">
            <p className="text-sm text-muted-foreground">{t("inboxChannels.loadFailed")}</p>
            {state}
          </div>
        )}
      >
        {(data) => (
          <div className="divide-y">
            <Section title={t("inboxChannels.list.title")} description={t("inboxChannels.list.description")}>
              <Usage data={data} />
              <ChannelTable
                items={data.items}
                canManage={canManage}
                onAction={(action, channel) => {
                  if (action === "widget") setDialog({ kind: "widget", id: channel.id });
                  if (action === "disconnect") setDialog({ kind: "disconnect", id: channel.id });
                  if (action === "reconnect-whatsapp")
                    setDialog({ kind: "reconnect-whatsapp", id: channel.id });
                }}
              />
            </Section>
            <Section
              title={t("inboxChannels.connect.title")}
              description={t("inboxChannels.connect.description")}
            >
              <ConnectGrid
                data={data}
                canManage={canManage}
                onWhatsApp={() => setDialog({ kind: "whatsapp" })}
                onWidget={() => setDialog({ kind: "widget-create" })}
              />
            </Section>
          </div>
        )}
      </QueryStates>

      <WhatsAppDialog open={dialog?.kind === "whatsapp"} onOpenChange={(o) => !o && close()} />
      <WhatsAppDialog
        open={dialog?.kind === "reconnect-whatsapp" && Boolean(current)}
        reconnect={dialog?.kind === "reconnect-whatsapp" ? current : undefined}
        onOpenChange={(o) => !o && close()}
      />
      <WidgetCreateDialog
        open={dialog?.kind === "widget-create"}
        onOpenChange={(o) => !o && close()}
        onCreated={(id) => setDialog({ kind: "widget", id })}
      />
      {dialog?.kind === "widget" && current ? (
        <WidgetSettingsDialog channel={current} onOpenChange={(o) => !o && close()} />
      ) : null}
      {dialog?.kind === "disconnect" && current ? (
        <DisconnectDialog channel={current} onOpenChange={(o) => !o && close()} />
      ) : null}
      <MetaPickDialog open={dialog?.kind === "meta-pick"} onOpenChange={(o) => !o && close()} />
    </Page>
  );
}

function Usage({ data }: { data: ChannelList }) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const full = data.limit !== null && data.used >= data.limit;
  return (
    <p className="mb-3 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-muted-foreground">
      <span>
        {data.limit === null
          ? t("inboxChannels.usageUnlimited", { used: data.used })
          : t("inboxChannels.usage", { used: data.used, limit: data.limit })}
      </span>
      <span>{t("inboxChannels.sandboxFree")}</span>
      {full && atLeast(org.role, "ADMIN") ? (
        <Link to={`/w/${org.slug}/settings/billing`} className="font-medium text-primary hover:underline">
          {t("inboxChannels.upgrade")}
        </Link>
      ) : null}
    </p>
  );
}

type RowAction = "widget" | "disconnect" | "reconnect-whatsapp";

function ChannelTable({
  items,
  canManage,
  onAction,
}: {
  items: Channel[];
  canManage: boolean;
  onAction: (action: RowAction, channel: Channel) => void;
}) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const utils = trpc.useUtils();
  const reconnect = trpc.inboxConnections.reconnect.useMutation();

  if (items.length === 0)
    return (
      <EmptyState
        icon={Plug}
        title={t("inboxChannels.list.emptyTitle")}
        description={t("inboxChannels.list.emptyBody")}
      />
    );

  const reconnectNow = async (channel: Channel) => {
    if (channel.platform === "WHATSAPP") return onAction("reconnect-whatsapp", channel);
    try {
      const result = await reconnect.mutateAsync({ orgId: org.id, connectionId: channel.id });
      if (result.kind === "oauth") {
        toast.info(
          t("inboxChannels.reconnect.redirecting", { platform: t(`inbox.platform.${channel.platform}`) }),
        );
        window.location.assign(result.url);
        return;
      }
      await utils.inboxConnections.invalidate();
      toast.success(t("inboxChannels.reconnect.done", { name: channel.name }));
    } catch (error) {
      if (errorReason(error) !== "PLAN_LIMIT")
        toast.error(errorMessage(error, t("inboxChannels.errors.unknown")));
    }
  };

  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>{t("inboxChannels.list.channel")}</TableHead>
          <TableHead>{t("inboxChannels.list.status")}</TableHead>
          <TableHead className="hidden md:table-cell">{t("inboxChannels.list.lastSync")}</TableHead>
          <TableHead className="hidden sm:table-cell">{t("inboxChannels.list.conversations")}</TableHead>
          {canManage ? <ActionsColumnHead /> : null}
        </TableRow>
      </TableHeader>
      <TableBody>
        {items.map((channel) => {
          const needsReconnect = channel.status !== "ACTIVE";
          return (
            <TableRow key={channel.id} data-channel-id={channel.id}>
              <TableCell>
                <div className="flex min-w-0 items-center gap-3">
                  <ChannelIcon platform={channel.platform} size="md" />
                  <div className="grid min-w-0">
                    <span className="truncate font-medium">{channel.name}</span>
                    <span className="truncate text-xs text-muted-foreground">
                      {t(`inbox.platform.${channel.platform}`)}
                      {channel.username && channel.username !== channel.name ? ` · ${channel.username}` : ""}
                    </span>
                  </div>
                </div>
              </TableCell>
              <TableCell className="max-w-72">
                <div className="grid justify-items-start gap-1">
                  <Badge variant={STATUS_VARIANT[channel.status]}>
                    {t(`inboxChannels.status.${channel.status}`)}
                  </Badge>
                  {channel.errorMessage && channel.status !== "ACTIVE" ? (
                    <span className="text-xs text-muted-foreground">{channel.errorMessage}</span>
                  ) : null}
                  {channel.status === "DISCONNECTED" ? (
                    <span className="text-xs text-muted-foreground">
                      {t("inboxChannels.list.readOnlyConversations")}
                    </span>
                  ) : null}
                </div>
              </TableCell>
              <TableCell className="hidden text-sm text-muted-foreground md:table-cell">
                {channel.lastSyncAt ? (
                  <RelativeTime date={channel.lastSyncAt} />
                ) : (
                  t("inboxChannels.list.never")
                )}
              </TableCell>
              <TableCell className="hidden text-sm text-muted-foreground tabular-nums sm:table-cell">
                {t("inboxChannels.list.conversationCount", { count: channel.conversationCount })}
              </TableCell>
              {canManage ? (
                <TableCell className="text-end">
                  <div className="flex items-center justify-end gap-2">
                    {needsReconnect ? (
                      <Button size="sm" variant="outline" onClick={() => void reconnectNow(channel)}>
                        <RefreshCw aria-hidden />
                        {t("inboxChannels.actions.reconnect")}
                      </Button>
                    ) : null}
                    <RowActionsMenu label={t("inboxChannels.list.actionsFor", { name: channel.name })}>
                      {channel.platform === "WEBCHAT" ? (
                        <>
                          <DropdownMenuItem onSelect={() => onAction("widget", channel)}>
                            <Settings2 aria-hidden />
                            {t("inboxChannels.actions.widget")}
                          </DropdownMenuItem>
                          {channel.status === "ACTIVE" ? (
                            <DropdownMenuItem asChild>
                              <a href={`/chat/preview/${channel.accountId}`} target="_blank" rel="noreferrer">
                                <ExternalLink aria-hidden />
                                {t("inboxChannels.actions.preview")}
                              </a>
                            </DropdownMenuItem>
                          ) : null}
                        </>
                      ) : null}
                      {channel.platform === "SANDBOX" && channel.status === "ACTIVE" ? (
                        <DropdownMenuItem asChild>
                          <Link to={`/w/${org.slug}/inbox/sandbox`}>
                            <ExternalLink aria-hidden />
                            {t("inboxChannels.connect.sandbox.open")}
                          </Link>
                        </DropdownMenuItem>
                      ) : null}
                      {needsReconnect ? (
                        <DropdownMenuItem onSelect={() => void reconnectNow(channel)}>
                          <RefreshCw aria-hidden />
                          {t("inboxChannels.actions.reconnect")}
                        </DropdownMenuItem>
                      ) : null}
                      {channel.status !== "DISCONNECTED" ? (
                        <>
                          <DropdownMenuSeparator />
                          <DropdownMenuItem destructive onSelect={() => onAction("disconnect", channel)}>
                            <Unplug aria-hidden />
                            {t("inboxChannels.actions.disconnect")}
                          </DropdownMenuItem>
                        </>
                      ) : null}
                    </RowActionsMenu>
                  </div>
                </TableCell>
              ) : null}
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

function DisconnectDialog({
  channel,
  onOpenChange,
}: {
  channel: Channel;
  onOpenChange: (open: boolean) => void;
}) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const utils = trpc.useUtils();
  const disconnect = trpc.inboxConnections.disconnect.useMutation();
  return (
    <ConfirmDialog
      open
      onOpenChange={onOpenChange}
      destructive
      title={t("inboxChannels.disconnect.title", { name: channel.name })}
      description={t("inboxChannels.disconnect.body", {
        count: channel.conversationCount,
        platform: t(`inbox.platform.${channel.platform}`),
      })}
      confirmLabel={t("inboxChannels.disconnect.confirm")}
      onConfirm={async () => {
        await disconnect.mutateAsync({ orgId: org.id, connectionId: channel.id });
        await utils.inboxConnections.invalidate();
        void utils.inboxConversations.invalidate();
        toast.success(t("inboxChannels.disconnect.done", { name: channel.name }));
      }}
    />
  );
}
