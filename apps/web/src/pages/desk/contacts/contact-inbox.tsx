import { Badge } from "@quartet/ui/badge";
import { EmptyState } from "@quartet/ui/empty-state";
import { ErrorState } from "@quartet/ui/error-state";
import { MessagesSquare } from "@quartet/ui/icons";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { RelativeTime } from "@quartet/ui/relative-time";
import { SkeletonLines } from "@quartet/ui/skeleton";
import { Link } from "react-router";
import type { RouterOutputs } from "../../../lib/trpc.ts";
import { useWorkspace } from "../../../lib/workspace.ts";

export type ContactOverview = RouterOutputs["deskContacts"]["overview"];

const PLATFORMS = ["WHATSAPP", "FACEBOOK", "INSTAGRAM", "TIKTOK", "WEBCHAT", "SANDBOX"] as const;
type Platform = (typeof PLATFORMS)[number];
const isPlatform = (v: string): v is Platform => (PLATFORMS as readonly string[]).includes(v);

/** The channel's name a person knows (WhatsApp, Messenger…), for a platform or an address channel. */
export function useChannelName() {
  const { t } = useTranslation();
  return (channel: string) => {
    if (channel === "EMAIL" || channel === "PHONE") return t(`contacts.detail.channel.${channel}`);
    return isPlatform(channel) ? t(`contacts.detail.platform.${channel}`) : channel;
  };
}

/**
 * The person's Inbox conversations beside their tickets: channel, last message and when, unread
 * count and status; each opens the conversation in the Inbox.
 */
export function ContactConversations({
  overview,
}: {
  overview: {
    data?: ContactOverview;
    isPending: boolean;
    isError: boolean;
    error: unknown;
    refetch: () => unknown;
  };
}) {
  const { t, i18n } = useTranslation();
  const org = useWorkspace();
  const channelName = useChannelName();
  const number = new Intl.NumberFormat(i18n.language);
  const data = overview.data;

  return (
    <section aria-labelledby="contact-conversations" className="grid min-w-0 content-start gap-3">
      <h2 id="contact-conversations" className="flex items-center gap-2 text-base font-semibold">
        {t("contacts.detail.conversations")}
        {data ? <Badge className="tabular-nums">{number.format(data.conversationCount)}</Badge> : null}
      </h2>
      {overview.isPending ? (
        <SkeletonLines lines={3} />
      ) : overview.isError || !data ? (
        <ErrorState error={overview.error} onRetry={() => overview.refetch()} />
      ) : data.conversations.length === 0 ? (
        <EmptyState
          icon={MessagesSquare}
          title={t("contacts.detail.conversationsEmptyTitle")}
          description={t("contacts.detail.conversationsEmptyBody")}
        />
      ) : (
        <>
          <ul className="divide-y rounded-lg border bg-card">
            {data.conversations.map((c) => (
              <li key={c.id}>
                <Link
                  to={`/w/${org.slug}/inbox/c/${c.id}`}
                  className="grid gap-1 p-3 text-sm hover:bg-muted focus-visible:outline-2 focus-visible:outline-ring"
                >
                  <span className="flex flex-wrap items-center gap-2">
                    <span className="font-medium">{channelName(c.platform)}</span>
                    {c.connectionName ? (
                      <bdi className="min-w-0 truncate text-muted-foreground">{c.connectionName}</bdi>
                    ) : null}
                    {c.status !== "OPEN" ? (
                      <Badge variant="outline">
                        {t(`contacts.detail.conversationStatus.${c.status as "CLOSED" | "ARCHIVED"}`)}
                      </Badge>
                    ) : null}
                    {c.unreadCount > 0 ? (
                      <Badge variant="primary" className="tabular-nums">
                        {number.format(c.unreadCount)}
                        <span className="sr-only"> {t("contacts.detail.unread")}</span>
                      </Badge>
                    ) : null}
                    {c.lastMessageAt ? (
                      <RelativeTime
                        date={c.lastMessageAt}
                        style="short"
                        className="ms-auto text-xs text-muted-foreground"
                      />
                    ) : null}
                  </span>
                  <span dir="auto" className="truncate text-muted-foreground [unicode-bidi:plaintext]">
                    {c.lastMessagePreview ?? t("contacts.detail.noMessages")}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
          {data.conversationCount > data.conversations.length ? (
            <p className="text-xs text-muted-foreground">
              {t("contacts.detail.conversationsMore", {
                shown: number.format(data.conversations.length),
                total: number.format(data.conversationCount),
              })}
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}
