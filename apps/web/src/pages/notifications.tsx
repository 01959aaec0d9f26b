import { Page, PageHeader } from "@quartet/ui/app-shell";
import { Button } from "@quartet/ui/button";
import { EmptyState } from "@quartet/ui/empty-state";
import { ErrorState } from "@quartet/ui/error-state";
import { Bell, BellOff, Check, CheckCheck } from "@quartet/ui/icons";
import { cn } from "@quartet/ui/lib/cn";
import { errorMessage } from "@quartet/ui/lib/errors";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { LIST_ITEM_ATTRIBUTE, useListNavigation } from "@quartet/ui/lib/shortcuts";
import { useDocumentTitle } from "@quartet/ui/lib/use-document-title";
import { RelativeTime } from "@quartet/ui/relative-time";
import { Skeleton } from "@quartet/ui/skeleton";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@quartet/ui/tabs";
import { toast } from "@quartet/ui/toaster";
import { useRef } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { type RouterOutputs, trpc } from "../lib/trpc.ts";

type Notification = RouterOutputs["notifications"]["list"]["items"][number];
const PAGE_SIZE = 20;

export function NotificationsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const unreadOnly = params.get("filter") === "unread";
  const utils = trpc.useUtils();
  const input = { limit: PAGE_SIZE, unreadOnly };
  const list = trpc.notifications.list.useInfiniteQuery(input, {
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const unread = trpc.notifications.unreadCount.useQuery();
  const markRead = trpc.notifications.markRead.useMutation();
  const markAll = trpc.notifications.markAllRead.useMutation();
  const listRef = useRef<HTMLUListElement>(null);
  useListNavigation(listRef);
  useDocumentTitle(t("notifications.title"));

  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const unreadCount = unread.data?.count ?? 0;

  // Marking read almost never fails: show it at once, put it back if it does.
  const markLocally = (ids: string[] | "all") => {
    const hit = (n: Notification) => ids === "all" || ids.includes(n.id);
    const before = {
      list: utils.notifications.list.getInfiniteData(input),
      count: utils.notifications.unreadCount.getData(),
    };
    let changed = 0;
    utils.notifications.list.setInfiniteData(input, (data) =>
      data
        ? {
            ...data,
            pages: data.pages.map((p) => ({
              ...p,
              items: p.items.map((n) => {
                if (!hit(n) || n.read) return n;
                changed++;
                return { ...n, read: true };
              }),
            })),
          }
        : data,
    );
    utils.notifications.unreadCount.setData(undefined, (c) =>
      c ? { ...c, count: ids === "all" ? 0 : Math.max(0, c.count - changed) } : c,
    );
    return () => {
      utils.notifications.list.setInfiniteData(input, before.list);
      utils.notifications.unreadCount.setData(undefined, before.count);
    };
  };

  const readOne = async (n: Notification) => {
    if (n.read) return;
    const undo = markLocally([n.id]);
    try {
      await markRead.mutateAsync({ ids: [n.id] });
    } catch (error) {
      undo();
      toast.error(errorMessage(error, t("errors.generic")));
    } finally {
      void utils.notifications.unreadCount.invalidate();
    }
  };

  const readAll = async () => {
    const undo = markLocally("all");
    try {
      await markAll.mutateAsync();
      toast.success(t("notifications.allRead"));
    } catch (error) {
      undo();
      toast.error(errorMessage(error, t("errors.generic")));
    } finally {
      void utils.notifications.list.invalidate();
      void utils.notifications.unreadCount.invalidate();
    }
  };

  const content = list.isPending ? (
    <div className="grid gap-2" role="status" aria-live="polite">
      <span className="sr-only">{t("common.loading")}</span>
      {[0, 1, 2, 3].map((i) => (
        <Skeleton key={i} className="h-18" />
      ))}
    </div>
  ) : list.isError ? (
    <ErrorState error={list.error} onRetry={() => list.refetch()} retrying={list.isFetching} />
  ) : items.length === 0 ? (
    unreadOnly ? (
      <EmptyState
        icon={CheckCheck}
        title={t("notifications.emptyUnreadTitle")}
        description={t("notifications.emptyUnreadBody")}
        action={
          <Button variant="outline" onClick={() => setParams({}, { replace: true })}>
            {t("notifications.showAll")}
          </Button>
        }
      />
    ) : (
      <EmptyState
        icon={BellOff}
        title={t("notifications.emptyTitle")}
        description={t("notifications.emptyBody")}
      />
    )
  ) : (
    <>
      <ul ref={listRef} className="divide-y overflow-hidden rounded-lg border bg-card">
        {items.map((n) => (
          <NotificationRow key={n.id} notification={n} onRead={() => readOne(n)} />
        ))}
      </ul>
      <div className="mt-4 flex justify-center">
        {list.hasNextPage ? (
          <Button variant="outline" loading={list.isFetchingNextPage} onClick={() => list.fetchNextPage()}>
            {t("notifications.loadMore")}
          </Button>
        ) : items.length > PAGE_SIZE ? (
          <p className="text-sm text-muted-foreground">{t("notifications.end")}</p>
        ) : null}
      </div>
    </>
  );

  return (
    <Page className="max-w-3xl">
      <PageHeader
        title={t("notifications.title")}
        description={
          unreadCount > 0
            ? t("notifications.unreadSummary", { count: unreadCount })
            : t("notifications.allCaughtUp")
        }
        actions={
          <Button variant="outline" onClick={readAll} disabled={unreadCount === 0 || markAll.isPending}>
            <CheckCheck aria-hidden />
            {t("notifications.markAll")}
          </Button>
        }
      />
      <Tabs
        value={unreadOnly ? "unread" : "all"}
        onValueChange={(v) => setParams(v === "unread" ? { filter: "unread" } : {}, { replace: true })}
      >
        <TabsList aria-label={t("notifications.filter")} className="mb-4">
          <TabsTrigger value="all">{t("notifications.all")}</TabsTrigger>
          <TabsTrigger value="unread">
            {t("notifications.unread")}
            {unreadCount > 0 ? (
              <span className="rounded-full bg-primary-soft px-1.5 text-xs tabular-nums text-primary-soft-foreground">
                {unreadCount}
              </span>
            ) : null}
          </TabsTrigger>
        </TabsList>
        {(["all", "unread"] as const).map((tab) => (
          <TabsContent key={tab} value={tab} className="pt-0">
            {content}
          </TabsContent>
        ))}
      </Tabs>
    </Page>
  );
}

function NotificationRow({ notification: n, onRead }: { notification: Notification; onRead: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const open = () => {
    onRead();
    if (!n.link) return;
    if (n.link.startsWith("/")) navigate(n.link);
    else window.location.assign(n.link);
  };
  const content = (
    <>
      <span
        className={cn("mt-1.5 size-2 shrink-0 rounded-full", n.read ? "bg-transparent" : "bg-primary")}
        aria-hidden
      />
      <span className="grid min-w-0 flex-1 gap-0.5 text-start">
        <span dir="auto" className={cn("text-sm", n.read ? "text-foreground/90" : "font-semibold")}>
          {n.title}
          {!n.read ? <span className="sr-only"> ({t("notifications.unreadLabel")})</span> : null}
        </span>
        <span dir="auto" className="text-sm text-muted-foreground">
          {n.message}
        </span>
        <RelativeTime date={n.createdAt} className="text-xs text-muted-foreground" />
      </span>
    </>
  );
  return (
    <li
      className={cn("group flex items-start gap-2 pe-2 transition-colors", !n.read && "bg-primary-soft/30")}
    >
      {n.link ? (
        <button
          type="button"
          {...{ [LIST_ITEM_ATTRIBUTE]: "" }}
          onClick={open}
          className="flex flex-1 items-start gap-3 px-4 py-3 outline-none hover:bg-subtle focus-visible:bg-accent"
        >
          {content}
        </button>
      ) : (
        <div
          {...{ [LIST_ITEM_ATTRIBUTE]: "" }}
          tabIndex={-1}
          className="flex flex-1 items-start gap-3 px-4 py-3 outline-none focus-visible:bg-accent"
        >
          {content}
        </div>
      )}
      {!n.read ? (
        <Button
          variant="ghost"
          size="sm"
          className="mt-2.5 shrink-0"
          onClick={onRead}
          aria-label={t("notifications.markReadFor", { title: n.title })}
        >
          <Check aria-hidden />
          <span className="hidden sm:inline">{t("notifications.markRead")}</span>
        </Button>
      ) : (
        <Bell className="invisible mt-3 size-4" aria-hidden />
      )}
    </li>
  );
}
