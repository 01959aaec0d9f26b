import { Mail, MessageSquare } from "@quartet/ui/icons";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { Skeleton } from "@quartet/ui/skeleton";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { trpc } from "../../lib/trpc.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { CopyableAddress } from "./copyable-address.tsx";

/**
 * The empty ticket list's way out: how customers reach the workspace (the inbound address and the
 * help-center contact form, each to copy) and the "New ticket" action.
 */
export function ReachCustomers({ newTicket }: { newTicket: ReactNode }) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const setup = trpc.deskSetup.get.useQuery({ orgId: org.id }, { staleTime: 60_000 });
  const channel = (icon: ReactNode, title: string, body: ReactNode) => (
    <li className="grid gap-1.5 rounded-md border bg-card p-3 text-start">
      <span className="flex items-center gap-2 text-sm font-medium">
        {icon}
        {title}
      </span>
      {body}
    </li>
  );
  return (
    <div className="grid w-full max-w-lg gap-4" data-testid="reach-customers">
      {setup.isPending ? (
        <div className="grid gap-2" aria-hidden>
          <Skeleton className="h-16" />
          <Skeleton className="h-16" />
        </div>
      ) : setup.data ? (
        <ul className="grid gap-2">
          {channel(
            <Mail className="size-4 text-muted-foreground" aria-hidden />,
            t("deskSetup.empty.email"),
            <CopyableAddress
              label={t("deskSetup.inboundAddress")}
              value={setup.data.inboundAddress}
              copyLabel={t("deskSetup.copyAddress")}
              testId="empty-inbound-address"
            />,
          )}
          {channel(
            <MessageSquare className="size-4 text-muted-foreground" aria-hidden />,
            t("deskSetup.empty.form"),
            setup.data.contactFormUrl ? (
              <CopyableAddress
                label={t("deskSetup.contactFormUrl")}
                value={setup.data.contactFormUrl}
                copyLabel={t("deskSetup.copyUrl")}
                testId="empty-contact-form-url"
              />
            ) : (
              <p className="text-sm text-muted-foreground">
                {t("deskSetup.empty.helpCenterOff")}{" "}
                {setup.data.canManage ? (
                  <Link
                    to={`/w/${org.slug}/desk/settings/general`}
                    className="font-medium text-primary hover:underline"
                  >
                    {t("deskSetup.empty.openHelpCenter")}
                  </Link>
                ) : null}
              </p>
            ),
          )}
        </ul>
      ) : null}
      {newTicket ? <div className="flex justify-center">{newTicket}</div> : null}
    </div>
  );
}
