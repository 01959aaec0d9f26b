import { Avatar } from "@quartet/ui/avatar";
import { Button } from "@quartet/ui/button";
import { EmptyState } from "@quartet/ui/empty-state";
import { ErrorState } from "@quartet/ui/error-state";
import { AlarmClock, Inbox, MessageSquareText, SearchX, Ticket } from "@quartet/ui/icons";
import { cn } from "@quartet/ui/lib/cn";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { LIST_ITEM_ATTRIBUTE } from "@quartet/ui/lib/shortcuts";
import { RelativeTime } from "@quartet/ui/relative-time";
import { Skeleton } from "@quartet/ui/skeleton";
import { type KeyboardEvent, type ReactNode, useEffect, useRef } from "react";
import { Link } from "react-router";
import { ChannelIcon, LabelChip, useContactName } from "./inbox-shared.tsx";
import type { ConversationItem, SearchHit } from "./inbox-types.ts";

/** ↑ / ↓ inside the list move between rows (j / k do it from anywhere, see the page). */
export function moveInList(event: KeyboardEvent<HTMLElement>) {
  if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
  const rows = [...event.currentTarget.querySelectorAll<HTMLElement>(`[${LIST_ITEM_ATTRIBUTE}]`)];
  const at = rows.indexOf(document.activeElement as HTMLElement);
  if (at === -1) return;
  const next = rows[at + (event.key === "ArrowDown" ? 1 : -1)];
  if (!next) return;
  event.preventDefault();
  next.focus();
  next.scrollIntoView({ block: "nearest" });
}

/** Calls `onReach` when the sentinel scrolls into view (the next page of an infinite list). */
function useReachEnd(onReach: () => void, enabled: boolean) {
  const ref = useRef<HTMLDivElement>(null);
  const cb = useRef(onReach);
  cb.current = onReach;
  useEffect(() => {
    const el = ref.current;
    if (!el || !enabled) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) cb.current();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [enabled]);
  return ref;
}

export function ListSkeleton({ rows = 7 }: { rows?: number }) {
  const { t } = useTranslation();
  return (
    <div role="status" aria-live="polite" className="grid">
      <span className="sr-only">{t("common.loading")}</span>
      {Array.from({ length: rows }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders
        <div key={i} className="flex gap-3 border-b px-4 py-3" aria-hidden>
          <Skeleton className="size-9 rounded-full" />
          <div className="grid flex-1 gap-2">
            <div className="flex justify-between gap-4">
              <Skeleton className="h-3.5 w-28" />
              <Skeleton className="h-3 w-10" />
            </div>
            <Skeleton className="h-3 w-4/5" />
          </div>
        </div>
      ))}
    </div>
  );
}

interface PagedState {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

function LoadMore({ paged, label }: { paged: PagedState; label: string }) {
  const sentinel = useReachEnd(() => {
    if (paged.hasNextPage && !paged.isFetchingNextPage) void paged.fetchNextPage();
  }, paged.hasNextPage);
  if (!paged.hasNextPage) return null;
  return (
    <div ref={sentinel} className="flex justify-center p-3">
      <Button
        variant="ghost"
        size="sm"
        loading={paged.isFetchingNextPage}
        onClick={() => void paged.fetchNextPage()}
      >
        {label}
      </Button>
    </div>
  );
}

export function ConversationRows({
  items,
  selectedId,
  linkTo,
  paged,
  empty,
}: {
  items: ConversationItem[];
  selectedId: string | undefined;
  linkTo: (id: string) => { pathname: string; search: string };
  paged: PagedState;
  empty: ReactNode;
}) {
  const { t } = useTranslation();
  if (items.length === 0) return <div className="p-4">{empty}</div>;
  return (
    <>
      <ul className="grid" aria-label={t("inbox.list.label")} onKeyDown={moveInList}>
        {items.map((c) => (
          <li key={c.id}>
            <ConversationRow conversation={c} selected={c.id === selectedId} to={linkTo(c.id)} />
          </li>
        ))}
      </ul>
      <LoadMore paged={paged} label={t("inbox.list.loadMore")} />
    </>
  );
}

function ConversationRow({
  conversation: c,
  selected,
  to,
}: {
  conversation: ConversationItem;
  selected: boolean;
  to: { pathname: string; search: string };
}) {
  const { t } = useTranslation();
  const contactName = useContactName();
  const name = contactName(c.contactName);
  const unread = c.unreadCount > 0;
  const snoozed = c.snoozedUntil && new Date(c.snoozedUntil) > new Date();
  return (
    <Link
      to={to}
      {...{ [LIST_ITEM_ATTRIBUTE]: "" }}
      data-conversation-id={c.id}
      aria-current={selected ? "true" : undefined}
      className={cn(
        "relative flex gap-3 border-b px-4 py-3 outline-none transition-colors",
        "hover:bg-muted/60 focus-visible:bg-muted/60 focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-inset",
        selected && "bg-primary-soft/60 hover:bg-primary-soft/70",
        selected && "before:absolute before:inset-y-0 before:start-0 before:w-0.5 before:bg-primary",
      )}
    >
      <span className="relative shrink-0">
        <Avatar name={name} src={c.contactAvatarUrl} size="md" className="size-9" />
        <ChannelIcon
          platform={c.platform}
          size="xs"
          className="absolute -end-1 -bottom-1 ring-2 ring-background"
        />
      </span>
      <span className="grid min-w-0 flex-1 gap-0.5">
        <span className="flex min-w-0 items-baseline gap-2">
          <span
            dir="auto"
            className={cn("min-w-0 flex-1 truncate text-sm", unread ? "font-semibold" : "font-medium")}
          >
            {name}
          </span>
          {c.lastMessageAt ? (
            <RelativeTime
              date={c.lastMessageAt}
              style="narrow"
              className={cn(
                "shrink-0 text-xs tabular-nums",
                unread ? "text-primary" : "text-muted-foreground",
              )}
            />
          ) : null}
        </span>
        <span className="flex min-w-0 items-center gap-2">
          <span
            dir="auto"
            className={cn(
              "min-w-0 flex-1 truncate text-sm",
              unread ? "text-foreground" : "text-muted-foreground",
            )}
          >
            {c.lastMessagePreview || t("inbox.list.noPreview")}
          </span>
          {unread ? (
            <span className="inline-flex h-5 min-w-5 shrink-0 items-center justify-center rounded-full bg-primary px-1.5 text-[0.6875rem] font-semibold tabular-nums text-primary-foreground">
              <span aria-hidden>{c.unreadCount > 99 ? "99+" : c.unreadCount}</span>
              <span className="sr-only">{t("inbox.list.unread", { count: c.unreadCount })}</span>
            </span>
          ) : null}
        </span>
        {c.labels.length || c.ticket || snoozed || c.assignedTo ? (
          <span className="mt-1 flex min-w-0 flex-wrap items-center gap-1">
            {snoozed ? (
              <span className="inline-flex items-center gap-1 text-[0.6875rem] text-muted-foreground">
                <AlarmClock className="size-3" aria-hidden />
                <span className="sr-only">{t("inbox.list.snoozedUntil")}</span>
                <RelativeTime date={c.snoozedUntil as Date} style="short" />
              </span>
            ) : null}
            {c.ticket ? (
              <span className="inline-flex items-center gap-0.5 text-[0.6875rem] font-medium text-muted-foreground">
                <Ticket className="size-3" aria-hidden />
                <span className="sr-only">{t("inbox.list.ticket")}</span>#{c.ticket.number}
              </span>
            ) : null}
            {c.labels.slice(0, 2).map((l) => (
              <LabelChip key={l.id} name={l.name} color={l.color} />
            ))}
            {c.labels.length > 2 ? (
              <span className="text-[0.6875rem] text-muted-foreground">+{c.labels.length - 2}</span>
            ) : null}
            {c.assignedTo ? (
              <span className="ms-auto inline-flex items-center gap-1 text-[0.6875rem] text-muted-foreground">
                <span className="sr-only">{t("inbox.list.assignedTo")}</span>
                <Avatar name={c.assignedTo.name} size="xs" className="size-4 text-[0.5rem]" />
                <span className="max-w-20 truncate">{c.assignedTo.name}</span>
              </span>
            ) : null}
          </span>
        ) : null}
      </span>
    </Link>
  );
}

/** Message hits of a search: the words in context, whose conversation, when. */
export function SearchResults({
  items,
  linkTo,
  paged,
  query,
}: {
  items: SearchHit[];
  linkTo: (conversationId: string, messageId: string) => { pathname: string; search: string };
  paged: PagedState;
  query: string;
}) {
  const { t } = useTranslation();
  const contactName = useContactName();
  if (items.length === 0) {
    return (
      <div className="p-4">
        <EmptyState
          icon={SearchX}
          title={t("inbox.search.noneTitle")}
          description={t("inbox.search.noneBody", { query })}
        />
      </div>
    );
  }
  return (
    <>
      <ul className="grid" aria-label={t("inbox.search.results")} onKeyDown={moveInList}>
        {items.map((hit) => (
          <li key={hit.messageId}>
            <Link
              to={linkTo(hit.conversationId, hit.messageId)}
              {...{ [LIST_ITEM_ATTRIBUTE]: "" }}
              className="flex gap-3 border-b px-4 py-3 outline-none hover:bg-muted/60 focus-visible:bg-muted/60 focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-inset"
            >
              <ChannelIcon platform={hit.platform} size="sm" className="mt-0.5" />
              <span className="grid min-w-0 flex-1 gap-0.5">
                <span className="flex items-baseline gap-2">
                  <span dir="auto" className="min-w-0 flex-1 truncate text-sm font-medium">
                    {contactName(hit.contactName)}
                  </span>
                  <RelativeTime
                    date={hit.createdAt}
                    style="narrow"
                    className="shrink-0 text-xs text-muted-foreground"
                  />
                </span>
                <Snippet segments={hit.highlights} />
              </span>
            </Link>
          </li>
        ))}
      </ul>
      <LoadMore paged={paged} label={t("inbox.list.loadMore")} />
    </>
  );
}

/** A search snippet: the matched words marked, never rendered as HTML. */
function Snippet({ segments }: { segments: SearchHit["highlights"] }) {
  return (
    <span dir="auto" className="line-clamp-2 text-sm text-muted-foreground">
      {segments.map((part, i) =>
        part.match ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: fixed order
          <mark key={i} className="rounded-sm bg-warning-soft px-0.5 font-medium text-foreground">
            {part.text}
          </mark>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: fixed order
          <span key={i}>{part.text}</span>
        ),
      )}
    </span>
  );
}

/** The list's empty states: nothing at all yet, nothing in this view, nothing for these filters. */
export function ListEmpty({
  view,
  filtered,
  onClear,
  settingsLink,
}: {
  view: string;
  filtered: boolean;
  onClear: () => void;
  settingsLink: string;
}) {
  const { t } = useTranslation();
  if (filtered) {
    return (
      <EmptyState
        icon={SearchX}
        title={t("inbox.empty.noMatchTitle")}
        description={t("inbox.empty.noMatchBody")}
        action={
          <Button variant="outline" onClick={onClear}>
            {t("inbox.filters.clear")}
          </Button>
        }
      />
    );
  }
  if (view === "open") {
    return (
      <EmptyState
        icon={Inbox}
        title={t("inbox.empty.openTitle")}
        description={t("inbox.empty.openBody")}
        action={
          <Button asChild variant="outline">
            <Link to={settingsLink}>{t("inbox.empty.connect")}</Link>
          </Button>
        }
      />
    );
  }
  return (
    <EmptyState
      icon={MessageSquareText}
      title={t(`inbox.empty.${view}Title`)}
      description={t(`inbox.empty.${view}Body`)}
    />
  );
}

export function ListError({
  error,
  onRetry,
  retrying,
}: {
  error: unknown;
  onRetry: () => void;
  retrying: boolean;
}) {
  return (
    <div className="p-4">
      <ErrorState error={error} onRetry={onRetry} retrying={retrying} />
    </div>
  );
}
