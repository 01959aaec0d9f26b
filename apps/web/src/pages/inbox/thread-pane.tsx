import { Avatar } from "@quartet/ui/avatar";
import { Badge } from "@quartet/ui/badge";
import { Button } from "@quartet/ui/button";
import { ConfirmDialog } from "@quartet/ui/confirm-dialog";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from "@quartet/ui/dropdown-menu";
import { EmptyState } from "@quartet/ui/empty-state";
import { ErrorState } from "@quartet/ui/error-state";
import {
  ArrowDown,
  ArrowLeft,
  CircleCheck,
  Clock,
  MailWarning,
  MoreHorizontal,
  PanelRight,
  RotateCcw,
  SearchX,
  Ticket,
  TriangleAlert,
} from "@quartet/ui/icons";
import { cn } from "@quartet/ui/lib/cn";
import { errorMessage, isMissingRecord } from "@quartet/ui/lib/errors";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useDocumentTitle } from "@quartet/ui/lib/use-document-title";
import { RelativeTime, useViewer } from "@quartet/ui/relative-time";
import { Skeleton } from "@quartet/ui/skeleton";
import { toast } from "@quartet/ui/toaster";
import { Fragment, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { Link } from "react-router";
import { atLeast } from "../../lib/roles.ts";
import { useUser } from "../../lib/session.ts";
import { trpc } from "../../lib/trpc.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { Composer } from "./composer.tsx";
import { ChannelIcon, useContactName } from "./inbox-shared.tsx";
import { dayKey, timeLeft } from "./inbox-time.ts";
import type { ConversationDetail, ConversationNote, Message } from "./inbox-types.ts";
import { MessageBubble, NoteBubble } from "./message-bubble.tsx";
import { SnoozeMenu } from "./snooze-menu.tsx";

/** True while the tab is in front (a thread in a background tab is not "read"). */
function useDocumentVisible(): boolean {
  const [visible, setVisible] = useState(() => document.visibilityState === "visible");
  useEffect(() => {
    const on = () => setVisible(document.visibilityState === "visible");
    document.addEventListener("visibilitychange", on);
    return () => document.removeEventListener("visibilitychange", on);
  }, []);
  return visible;
}

function useNow(ms: number) {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const id = setInterval(() => setNow(new Date()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}

/**
 * The conversation's messages: the newest page follows the server live; older pages load above it
 * (scrolling to the top or "Load earlier") and stay as they were.
 */
function useThreadMessages(orgId: string, conversationId: string) {
  const utils = trpc.useUtils();
  const latest = trpc.inboxMessages.list.useQuery({ orgId, conversationId });
  const [older, setOlder] = useState<Message[]>([]);
  const [before, setBefore] = useState<string | null | undefined>(undefined);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const nextBefore = before === undefined ? latest.data?.nextBefore : before;
  const loadOlder = useCallback(async () => {
    if (!nextBefore || loadingOlder) return;
    setLoadingOlder(true);
    try {
      const page = await utils.inboxMessages.list.fetch({ orgId, conversationId, before: nextBefore });
      setOlder((prev) => [...page.items, ...prev]);
      setBefore(page.nextBefore ?? null);
    } catch (e) {
      toast.error(errorMessage(e, "…"));
    } finally {
      setLoadingOlder(false);
    }
  }, [nextBefore, loadingOlder, utils, orgId, conversationId]);
  const messages = useMemo(() => {
    const byId = new Map<string, Message>();
    for (const m of older) byId.set(m.id, m);
    for (const m of latest.data?.items ?? []) byId.set(m.id, m);
    return [...byId.values()].sort((a, b) => +new Date(a.createdAt) - +new Date(b.createdAt));
  }, [older, latest.data]);
  return { latest, messages, hasOlder: Boolean(nextBefore), loadOlder, loadingOlder };
}

type Entry =
  | { kind: "message"; at: Date; message: Message }
  | { kind: "note"; at: Date; note: ConversationNote };

export function ThreadPane({
  conversationId,
  onBack,
  onClose,
  onShowContact,
  highlightMessageId,
}: {
  conversationId: string;
  onBack: () => void;
  onClose: () => void;
  onShowContact?: () => void;
  highlightMessageId?: string;
}) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const retry = (n: number, e: unknown) => !isMissingRecord(e) && n < 2;
  const detail = trpc.inboxConversations.get.useQuery({ orgId: org.id, conversationId }, { retry });
  const contactName = useContactName();
  useDocumentTitle(detail.data ? contactName(detail.data.contactName) : t("inbox.title"));

  const back = (
    <Button
      variant="ghost"
      size="icon-sm"
      className="md:hidden"
      aria-label={t("inbox.thread.back")}
      onClick={onBack}
    >
      <ArrowLeft className="rtl:rotate-180" aria-hidden />
    </Button>
  );

  if (detail.isPending) {
    return (
      <div role="status" aria-live="polite" className="flex min-h-0 flex-1 flex-col">
        <span className="sr-only">{t("common.loading")}</span>
        <div className="flex items-center gap-3 border-b px-4 py-3" aria-hidden>
          <Skeleton className="size-9 rounded-full" />
          <div className="grid gap-1.5">
            <Skeleton className="h-4 w-36" />
            <Skeleton className="h-3 w-24" />
          </div>
        </div>
        <div className="grid flex-1 content-end gap-3 p-4" aria-hidden>
          <Skeleton className="h-12 w-2/3 rounded-2xl" />
          <Skeleton className="ms-auto h-10 w-1/2 rounded-2xl" />
          <Skeleton className="h-16 w-3/5 rounded-2xl" />
        </div>
      </div>
    );
  }
  if (detail.isError) {
    return (
      <div className="flex min-h-0 flex-1 flex-col">
        <div className="border-b px-2 py-2 md:hidden">{back}</div>
        <div className="p-6">
          {isMissingRecord(detail.error) ? (
            <EmptyState
              icon={SearchX}
              headingLevel="h2"
              title={t("inbox.thread.notFoundTitle")}
              description={t("inbox.thread.notFoundBody")}
            />
          ) : (
            <ErrorState
              error={detail.error}
              onRetry={() => void detail.refetch()}
              retrying={detail.isFetching}
            />
          )}
        </div>
      </div>
    );
  }
  return (
    <Thread
      conversation={detail.data}
      back={back}
      onClose={onClose}
      onShowContact={onShowContact}
      highlightMessageId={highlightMessageId}
    />
  );
}

function Thread({
  conversation: c,
  back,
  onClose,
  onShowContact,
  highlightMessageId,
}: {
  conversation: ConversationDetail;
  back: React.ReactNode;
  onClose: () => void;
  onShowContact?: () => void;
  highlightMessageId?: string;
}) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const me = useUser();
  const canWork = atLeast(org.role, "AGENT");
  const viewer = useViewer();
  const utils = trpc.useUtils();
  const contactName = useContactName();
  const name = contactName(c.contactName);
  const thread = useThreadMessages(org.id, c.id);
  const visible = useDocumentVisible();
  const markRead = trpc.inboxConversations.markRead.useMutation();
  const markUnread = trpc.inboxConversations.markUnread.useMutation();
  const setStatus = trpc.inboxConversations.setStatus.useMutation();
  const retry = trpc.inboxMessages.retry.useMutation();
  const editNote = trpc.inboxNotes.edit.useMutation();
  const deleteNote = trpc.inboxNotes.delete.useMutation();
  const [replyTo, setReplyTo] = useState<Message | null>(null);
  const [noteToDelete, setNoteToDelete] = useState<ConversationNote | null>(null);
  const [leftUnread, setLeftUnread] = useState(false);

  // Read while it is on screen: opening resets the unread count, and so does a message arriving
  // while the agent looks at it (not while the tab is in the background). "Mark unread" sticks.
  const unread = c.unreadCount;
  const markReadMutate = markRead.mutate;
  useEffect(() => {
    if (!visible || unread === 0 || leftUnread || !canWork) return;
    markReadMutate(
      { orgId: org.id, conversationId: c.id },
      { onSuccess: () => void utils.inboxConversations.invalidate() },
    );
  }, [visible, unread, leftUnread, canWork, markReadMutate, org.id, c.id, utils]);

  const entries = useMemo(() => {
    const list: Entry[] = [
      ...thread.messages.map((m) => ({ kind: "message" as const, at: new Date(m.createdAt), message: m })),
      ...c.notes.map((n) => ({ kind: "note" as const, at: new Date(n.createdAt), note: n })),
    ];
    list.sort((a, b) => +a.at - +b.at);
    const days: { key: string; date: Date; entries: Entry[] }[] = [];
    for (const e of list) {
      const key = dayKey(e.at, viewer.timeZone);
      const last = days.at(-1);
      if (last?.key === key) last.entries.push(e);
      else days.push({ key, date: e.at, entries: [e] });
    }
    return days;
  }, [thread.messages, c.notes, viewer.timeZone]);

  // Scrolling: the newest message in view on open (or the searched one), kept in view as new ones
  // arrive if the agent was at the bottom; otherwise a "new messages" button.
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const [newBelow, setNewBelow] = useState(false);
  const lastId = thread.messages.at(-1)?.id;
  const firstId = thread.messages[0]?.id;
  const prevFirst = useRef<string | undefined>(undefined);
  const prevHeight = useRef(0);
  const didInitial = useRef(false);
  const scrollToBottom = useCallback((smooth = false) => {
    const el = scroller.current;
    if (el) el.scrollTo({ top: el.scrollHeight, behavior: smooth ? "smooth" : "auto" });
    setNewBelow(false);
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the newest or oldest message changes
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el || !thread.latest.data) return;
    if (!didInitial.current) {
      didInitial.current = true;
      const target = highlightMessageId && document.getElementById(`message-${highlightMessageId}`);
      if (target) {
        target.scrollIntoView({ block: "center" });
        atBottom.current = false;
      } else scrollToBottom();
    } else if (prevFirst.current && firstId !== prevFirst.current) {
      // Older messages were added above: keep what the agent was reading where it was.
      el.scrollTop += el.scrollHeight - prevHeight.current;
    } else if (atBottom.current) {
      scrollToBottom();
    } else {
      setNewBelow(true);
    }
    prevFirst.current = firstId;
    prevHeight.current = el.scrollHeight;
  }, [lastId, firstId, thread.latest.data, c.notes.length]);

  // Images and media load after the first scroll and make the thread taller: stay at the bottom.
  const content = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = content.current;
    const box = scroller.current;
    if (!el || !box) return;
    const observer = new ResizeObserver(() => {
      if (atBottom.current && didInitial.current) box.scrollTop = box.scrollHeight;
      prevHeight.current = box.scrollHeight;
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
    if (atBottom.current) setNewBelow(false);
    prevHeight.current = el.scrollHeight;
    if (el.scrollTop < 40 && thread.hasOlder && !thread.loadingOlder) void thread.loadOlder();
  };

  const jumpTo = (messageId: string) => {
    const el = document.getElementById(`message-${messageId}`);
    if (el) {
      el.scrollIntoView({ block: "center", behavior: "smooth" });
      el.querySelector<HTMLElement>("button, a")?.focus({ preventScroll: true });
    } else toast.info(t("inbox.message.notLoaded"));
  };

  const run = async (work: () => Promise<unknown>, done?: string) => {
    try {
      await work();
      await utils.inboxConversations.invalidate();
      if (done) toast.success(done);
      return true;
    } catch (e) {
      toast.error(errorMessage(e, t("errors.generic")));
      return false;
    }
  };

  const closed = c.status !== "OPEN";
  const snoozed = c.snoozedUntil && new Date(c.snoozedUntil) > new Date();

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <header className="flex items-center gap-2 border-b px-2 py-2 sm:px-4">
        {back}
        <Avatar name={name} src={c.contactAvatarUrl} size="md" className="size-9" />
        <div className="grid min-w-0 flex-1">
          <h2 dir="auto" className="truncate text-base font-semibold" data-testid="thread-contact">
            {name}
          </h2>
          <p className="flex min-w-0 items-center gap-1.5 text-xs text-muted-foreground">
            <ChannelIcon platform={c.connection.platform} size="xs" />
            <span className="truncate" dir="auto">
              {c.connection.name}
            </span>
            {closed ? <Badge variant="neutral">{t(`inbox.conversationStatus.${c.status}`)}</Badge> : null}
            {snoozed ? (
              <Badge variant="warning">
                <Clock aria-hidden />
                <RelativeTime date={c.snoozedUntil as Date} style="short" />
              </Badge>
            ) : null}
            {c.ticket ? (
              <Link
                to={`/w/${org.slug}/desk/${c.ticket.id}`}
                className="inline-flex items-center gap-0.5 font-medium text-foreground hover:underline"
              >
                <Ticket className="size-3" aria-hidden />
                {t("inbox.thread.ticket", { number: c.ticket.number })}
              </Link>
            ) : null}
          </p>
        </div>
        {canWork ? (
          <div className="flex items-center gap-1">
            {closed ? (
              <Button
                variant="outline"
                size="sm"
                onClick={() =>
                  void run(
                    () => setStatus.mutateAsync({ orgId: org.id, conversationId: c.id, status: "OPEN" }),
                    t("inbox.thread.reopened"),
                  )
                }
              >
                <RotateCcw aria-hidden />
                <span className="max-sm:sr-only">{t("inbox.thread.reopen")}</span>
              </Button>
            ) : (
              <Button variant="outline" size="sm" onClick={onClose} title={`${t("inbox.thread.close")} (e)`}>
                <CircleCheck aria-hidden />
                <span className="max-sm:sr-only">{t("inbox.thread.close")}</span>
              </Button>
            )}
            <SnoozeMenu conversationId={c.id} snoozedUntil={c.snoozedUntil} size="icon-sm" variant="ghost" />
            <DropdownMenu>
              <DropdownMenuTrigger asChild>
                <Button variant="ghost" size="icon-sm" aria-label={t("inbox.thread.more")}>
                  <MoreHorizontal aria-hidden />
                </Button>
              </DropdownMenuTrigger>
              <DropdownMenuContent align="end">
                <DropdownMenuItem
                  onSelect={() =>
                    void run(async () => {
                      setLeftUnread(true);
                      await markUnread.mutateAsync({ orgId: org.id, conversationId: c.id });
                    }, t("inbox.thread.markedUnread"))
                  }
                >
                  <MailWarning aria-hidden />
                  {t("inbox.thread.markUnread")}
                </DropdownMenuItem>
                {c.status !== "ARCHIVED" ? (
                  <DropdownMenuItem
                    onSelect={() =>
                      void run(
                        () =>
                          setStatus.mutateAsync({ orgId: org.id, conversationId: c.id, status: "ARCHIVED" }),
                        t("inbox.thread.archived"),
                      )
                    }
                  >
                    {t("inbox.thread.archive")}
                  </DropdownMenuItem>
                ) : null}
              </DropdownMenuContent>
            </DropdownMenu>
          </div>
        ) : null}
        {onShowContact ? (
          <Button
            variant="ghost"
            size="icon-sm"
            aria-label={t("inbox.contact.show")}
            title={t("inbox.contact.show")}
            onClick={onShowContact}
          >
            <PanelRight className="rtl:-scale-x-100" aria-hidden />
          </Button>
        ) : null}
      </header>

      {c.connection.status !== "ACTIVE" ? (
        <div
          role="alert"
          className="flex items-start gap-2 border-b bg-destructive-soft px-4 py-2 text-sm text-destructive-soft-foreground"
        >
          <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
          <p>
            {t(`inbox.health.thread.${c.connection.status}`, { name: c.connection.name })}{" "}
            <Link
              to={`/w/${org.slug}/inbox/settings/channels`}
              className="font-medium underline underline-offset-2"
            >
              {t("inbox.health.reconnect")}
            </Link>
          </p>
        </div>
      ) : null}
      <ReplyWindowBar window={c.window} platform={c.connection.platform} />

      <div className="relative min-h-0 flex-1">
        <div
          ref={scroller}
          onScroll={onScroll}
          className="h-full overflow-y-auto px-3 py-4 sm:px-6"
          data-testid="thread-messages"
          // Announces messages that arrive while the agent reads (not the whole history on open).
          aria-live="polite"
          aria-relevant="additions"
        >
          <div ref={content}>
            {thread.hasOlder ? (
              <div className="mb-3 flex justify-center">
                <Button
                  variant="ghost"
                  size="sm"
                  loading={thread.loadingOlder}
                  onClick={() => void thread.loadOlder()}
                >
                  {t("inbox.thread.loadEarlier")}
                </Button>
              </div>
            ) : null}
            {thread.latest.isPending ? (
              <div className="grid gap-3" aria-hidden>
                <Skeleton className="h-12 w-2/3 rounded-2xl" />
                <Skeleton className="ms-auto h-10 w-1/2 rounded-2xl" />
              </div>
            ) : thread.latest.isError ? (
              <ErrorState
                error={thread.latest.error}
                onRetry={() => void thread.latest.refetch()}
                retrying={thread.latest.isFetching}
              />
            ) : entries.length === 0 ? (
              <p className="py-10 text-center text-sm text-muted-foreground">
                {t("inbox.thread.noMessages")}
              </p>
            ) : (
              entries.map((day) => (
                <Fragment key={day.key}>
                  <DaySeparator date={day.date} />
                  <div className="flex flex-col gap-2.5">
                    {day.entries.map((e) =>
                      e.kind === "note" ? (
                        <NoteBubble
                          key={`n-${e.note.id}`}
                          note={e.note}
                          canEdit={canWork && e.note.author?.id === me.id}
                          onSave={(content) =>
                            run(() => editNote.mutateAsync({ orgId: org.id, noteId: e.note.id, content }))
                          }
                          onDelete={() => setNoteToDelete(e.note)}
                        />
                      ) : (
                        <MessageBubble
                          key={e.message.id}
                          message={e.message}
                          highlighted={e.message.id === highlightMessageId}
                          onJumpTo={jumpTo}
                          onReply={canWork ? () => setReplyTo(e.message) : undefined}
                          retrying={retry.isPending && retry.variables?.messageId === e.message.id}
                          onRetry={
                            canWork
                              ? () =>
                                  void run(async () => {
                                    await retry.mutateAsync({ orgId: org.id, messageId: e.message.id });
                                    await utils.inboxMessages.list.invalidate({
                                      orgId: org.id,
                                      conversationId: c.id,
                                    });
                                  }, t("inbox.message.retried"))
                              : undefined
                          }
                        />
                      ),
                    )}
                  </div>
                </Fragment>
              ))
            )}
          </div>
        </div>
        {newBelow ? (
          <Button
            size="sm"
            className="absolute bottom-3 start-1/2 -translate-x-1/2 rounded-full shadow-md rtl:translate-x-1/2"
            onClick={() => scrollToBottom(true)}
          >
            <ArrowDown aria-hidden />
            {t("inbox.thread.newMessages")}
          </Button>
        ) : null}
      </div>

      {canWork ? (
        <Composer
          conversation={c}
          replyTo={replyTo}
          onClearReply={() => setReplyTo(null)}
          onSent={() => {
            atBottom.current = true;
            setLeftUnread(false);
          }}
        />
      ) : (
        <p className="border-t p-4 text-sm text-muted-foreground">{t("inbox.composer.readOnly")}</p>
      )}
      {noteToDelete ? (
        <ConfirmDialog
          open
          onOpenChange={(open) => !open && setNoteToDelete(null)}
          destructive
          title={t("inbox.note.deleteTitle")}
          description={t("inbox.note.deleteBody", { excerpt: noteToDelete.content.slice(0, 80) })}
          confirmLabel={t("inbox.note.delete")}
          onConfirm={async () => {
            await deleteNote.mutateAsync({ orgId: org.id, noteId: noteToDelete.id });
            await utils.inboxConversations.get.invalidate({ orgId: org.id, conversationId: c.id });
            toast.success(t("inbox.note.deleted"));
          }}
        />
      ) : null}
    </div>
  );
}

function DaySeparator({ date }: { date: Date }) {
  const { t } = useTranslation();
  const viewer = useViewer();
  const now = new Date();
  const key = dayKey(date, viewer.timeZone);
  const label =
    key === dayKey(now, viewer.timeZone)
      ? t("inbox.thread.today")
      : key === dayKey(new Date(now.getTime() - 86_400_000), viewer.timeZone)
        ? t("inbox.thread.yesterday")
        : new Intl.DateTimeFormat(viewer.locale, {
            weekday: "long",
            day: "numeric",
            month: "long",
            year: key.slice(0, 4) === dayKey(now, viewer.timeZone).slice(0, 4) ? undefined : "numeric",
            timeZone: viewer.timeZone,
          }).format(date);
  return (
    <div className="sticky top-0 z-10 my-3 flex justify-center first:mt-0">
      <h3 className="rounded-full border bg-background/95 px-2.5 py-0.5 text-xs font-medium text-muted-foreground shadow-xs backdrop-blur">
        {label}
      </h3>
    </div>
  );
}

/** WhatsApp's 24-hour (and TikTok's) reply window: how long free text may still be sent. */
function ReplyWindowBar({ window: w, platform }: { window: ConversationDetail["window"]; platform: string }) {
  const { t } = useTranslation();
  const now = useNow(30_000);
  if (!w.kind) return null;
  if (!w.open) {
    return (
      <div
        role="status"
        className="flex items-center gap-2 border-b bg-warning-soft px-4 py-2 text-sm text-warning-soft-foreground"
      >
        <Clock className="size-4 shrink-0" aria-hidden />
        <p>{t(`inbox.window.closed.${w.kind}`, { platform })}</p>
      </div>
    );
  }
  if (!w.closesAt) return null;
  const left = timeLeft(new Date(w.closesAt), now);
  const urgent = left.ms < 3600_000;
  return (
    <div
      role="status"
      className={cn(
        "flex items-center gap-2 border-b px-4 py-1.5 text-xs",
        urgent ? "bg-warning-soft text-warning-soft-foreground" : "bg-subtle text-muted-foreground",
      )}
      data-testid="reply-window"
    >
      <Clock className="size-3.5 shrink-0" aria-hidden />
      <span>
        {t(`inbox.window.open.${w.kind}`, {
          time:
            left.hours > 0
              ? t("inbox.window.hoursMinutes", { hours: left.hours, minutes: left.minutes })
              : t("inbox.window.minutes", { count: left.minutes }),
        })}
        {typeof w.remaining === "number" ? ` ${t("inbox.window.remaining", { count: w.remaining })}` : ""}
      </span>
    </div>
  );
}
