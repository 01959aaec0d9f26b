import { Button } from "@quartet/ui/button";
import { errorMessage, errorReason } from "@quartet/ui/lib/errors";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { toast } from "@quartet/ui/toaster";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { trpc } from "../../../lib/trpc.ts";
import { useWorkspace } from "../../../lib/workspace.ts";
import { ChannelIcon } from "../inbox-shared.tsx";
import { type ChannelList, oauthStartUrl, type Platform } from "./channels-shared.ts";

/** One card per way to connect: the right form, the platform's sign-in, or one click. */
export function ConnectGrid({
  data,
  canManage,
  onWhatsApp,
  onWidget,
}: {
  data: ChannelList;
  canManage: boolean;
  onWhatsApp: () => void;
  onWidget: () => void;
}) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const utils = trpc.useUtils();
  const sandbox = trpc.inboxConnections.createSandbox.useMutation();
  const hasSandbox = data.items.some((c) => c.platform === "SANDBOX" && c.status === "ACTIVE");

  const addSandbox = async () => {
    try {
      await sandbox.mutateAsync({ orgId: org.id });
      await utils.inboxConnections.invalidate();
      toast.success(t("inboxChannels.connect.sandbox.added"));
    } catch (error) {
      // A plan limit opens the upgrade dialog (the tRPC client's error path); anything else says so.
      if (errorReason(error) !== "PLAN_LIMIT")
        toast.error(errorMessage(error, t("inboxChannels.errors.unknown")));
    }
  };

  const oauth = (platform: "FACEBOOK" | "INSTAGRAM" | "TIKTOK") => (
    <Button asChild variant="outline" size="sm">
      <a href={oauthStartUrl(org.id, platform)}>{t("inboxChannels.connect.connect")}</a>
    </Button>
  );

  return (
    <div className="grid gap-3">
      {canManage ? null : (
        <p className="text-sm text-muted-foreground">{t("inboxChannels.connect.readOnly")}</p>
      )}
      <ul className="grid gap-3 sm:grid-cols-2">
        <ConnectCard
          platform="WHATSAPP"
          name={t("inboxChannels.connect.whatsapp.name")}
          body={t("inboxChannels.connect.whatsapp.body")}
          available={data.available.whatsapp}
          canManage={canManage}
          action={
            <Button variant="outline" size="sm" onClick={onWhatsApp}>
              {t("inboxChannels.connect.connect")}
            </Button>
          }
        />
        <ConnectCard
          platform="FACEBOOK"
          name={t("inboxChannels.connect.messenger.name")}
          body={t("inboxChannels.connect.messenger.body")}
          available={data.available.meta}
          canManage={canManage}
          action={oauth("FACEBOOK")}
        />
        <ConnectCard
          platform="INSTAGRAM"
          name={t("inboxChannels.connect.instagram.name")}
          body={t("inboxChannels.connect.instagram.body")}
          available={data.available.meta}
          canManage={canManage}
          action={oauth("INSTAGRAM")}
        />
        <ConnectCard
          platform="TIKTOK"
          name={t("inboxChannels.connect.tiktok.name")}
          body={t("inboxChannels.connect.tiktok.body")}
          available={data.available.tiktok}
          canManage={canManage}
          action={oauth("TIKTOK")}
        />
        <ConnectCard
          platform="WEBCHAT"
          name={t("inboxChannels.connect.webchat.name")}
          body={t("inboxChannels.connect.webchat.body")}
          available
          canManage={canManage}
          action={
            <Button variant="outline" size="sm" onClick={onWidget}>
              {t("inboxChannels.connect.add")}
            </Button>
          }
        />
        <ConnectCard
          platform="SANDBOX"
          name={t("inboxChannels.connect.sandbox.name")}
          body={t("inboxChannels.connect.sandbox.body")}
          available
          canManage={canManage}
          action={
            hasSandbox ? (
              <Button variant="outline" size="sm" asChild>
                <Link to={`/w/${org.slug}/inbox/sandbox`}>{t("inboxChannels.connect.sandbox.open")}</Link>
              </Button>
            ) : (
              <Button
                variant="outline"
                size="sm"
                loading={sandbox.isPending}
                onClick={() => void addSandbox()}
              >
                {t("inboxChannels.connect.add")}
              </Button>
            )
          }
        />
      </ul>
    </div>
  );
}

function ConnectCard({
  platform,
  name,
  body,
  available,
  canManage,
  action,
}: {
  platform: Platform;
  name: string;
  body: string;
  available: boolean;
  canManage: boolean;
  action: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <li className="flex items-start gap-3 rounded-lg border bg-card p-4" data-connect={platform}>
      <ChannelIcon platform={platform} size="md" labelled={false} />
      <div className="grid min-w-0 flex-1 gap-1">
        <h3 className="font-medium">{name}</h3>
        <p className="text-sm text-muted-foreground">{body}</p>
        {available ? (
          canManage ? (
            <div className="mt-2">{action}</div>
          ) : null
        ) : (
          <p className="text-xs text-muted-foreground">
            {t("inboxChannels.connect.notConfigured")}
            <span className="sr-only">. {t("inboxChannels.connect.notConfiguredHint")}</span>
          </p>
        )}
      </div>
    </li>
  );
}
