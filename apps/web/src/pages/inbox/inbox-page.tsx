import { Button } from "@quartet/ui/button";
import { Dialog, SheetContent } from "@quartet/ui/dialog";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@quartet/ui/dropdown-menu";
import { EmptyState } from "@quartet/ui/empty-state";
import {
  ArrowLeft,
  ChartColumn,
  FlaskConical,
  MessagesSquare,
  MoreHorizontal,
  Plug,
  Tag,
  TriangleAlert,
  X,
  Zap,
} from "@quartet/ui/icons";
import { Kbd } from "@quartet/ui/kbd";
import { cn } from "@quartet/ui/lib/cn";
import { errorMessage } from "@quartet/ui/lib/errors";
import { useTranslation } from "@quartet/ui/lib/i18n";
import {
  isTypingTarget,
  LIST_ITEM_ATTRIBUTE,
  useHotkey,
  useListNavigation,
  useSearchShortcut,
} from "@quartet/ui/lib/shortcuts";
import { useDocumentTitle } from "@quartet/ui/lib/use-document-title";
import { NativeSelect } from "@quartet/ui/select";
import { toast } from "@quartet/ui/toaster";
import { useMemo, useRef } from "react";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import { ListSearchInput } from "../../components/list-search-input.tsx";
import { atLeast } from "../../lib/roles.ts";
import { trpc } from "../../lib/trpc.ts";
import { useListParams } from "../../lib/use-list-params.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { ContactPanel } from "./contact-panel.tsx";
import { ConversationRows, ListEmpty, ListError, ListSkeleton, SearchResults } from "./conversation-list.tsx";
import { useInboxLive } from "./inbox-live.ts";
import { type InboxView, PLATFORMS, type Platform, VIEWS } from "./inbox-types.ts";
import { ThreadPane } from "./thread-pane.tsx";
import { MD, useMediaQuery, XL } from "./use-media-query.ts";

const FILTER_KEYS = ["channel", "label", "assignee"] as const;

/** No keyboard shortcut while a dialog, menu or popover is open: Escape is theirs. */
const overlayOpen = () =>
  Boolean(document.querySelector('[role="dialog"], [role="menu"], [data-radix-popper-content-wrapper]'));

/**
 * /w/:slug/inbox[/c/:conversationId] — every DM in three panes: conversations, the thread, the
 * contact. On a phone the panes are screens one after the other (list → thread → contact).
 */
export function InboxPage() {
  const { t } = useTranslation();
  const org = useWorkspace();
  const canWork = atLeast(org.role, "AGENT");
  const { conversationId } = useParams();
  const { params, setParams, setParam, query, setQuery, q } = useListParams();
  const location = useLocation();
  const navigate = useNavigate();
  const isMd = useMediaQuery(MD);
  const isXl = useMediaQuery(XL);
  const listRef = useRef<HTMLDivElement>(null);
  useInboxLive();
  useSearchShortcut();
  useListNavigation(listRef);

  const base = `/w/${org.slug}/inbox`;
  const viewParam = params.get("view");
  const view: InboxView = VIEWS.includes(viewParam as InboxView) ? (viewParam as InboxView) : "open";
  const channel = PLATFORMS.includes(params.get("channel") as Platform)
    ? (params.get("channel") as Platform)
    : undefined;
  const labelId = params.get("label") ?? undefined;
  const assignee = params.get("assignee") ?? undefined;
  const filtered = Boolean(channel || labelId || assignee);
  const panelOpen = params.get("panel") === "contact";

  const counts = trpc.inboxConversations.counts.useQuery({ orgId: org.id });
  const list = trpc.inboxConversations.list.useInfiniteQuery(
    {
      orgId: org.id,
      view,
      platform: channel,
      labelId,
      ...(assignee ? { assigneeId: assignee === "none" ? null : assignee } : {}),
      limit: 30,
    },
    { getNextPageParam: (last) => last.nextCursor ?? undefined, placeholderData: (prev) => prev },
  );
  const search = trpc.inboxMessages.search.useInfiniteQuery(
    { orgId: org.id, q },
    {
      enabled: q.length > 0,
      getNextPageParam: (last) => last.nextCursor ?? undefined,
      placeholderData: (prev) => prev,
    },
  );
  const labels = trpc.inboxLabels.list.useQuery({ orgId: org.id }, { staleTime: 60_000 });
  const members = trpc.members.list.useQuery({ orgId: org.id }, { staleTime: 60_000 });
  const agents = (members.data?.members ?? []).filter((m) => atLeast(m.role, "AGENT") && !m.disabled);
  const health = trpc.inboxConnections.health.useQuery({ orgId: org.id }, { staleTime: 60_000 });
  const expired = health.data?.problems ?? [];

  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const unreadTotal = counts.data?.unreadTotal ?? 0;
  useDocumentTitle(unreadTotal ? `(${unreadTotal}) ${t("inbox.title")}` : t("inbox.title"));

  // Links keep the list's state (view, filters, search) in the address.
  const search_ = location.search;
  const withSearch = (pathname: string, extra?: Record<string, string | null>) => {
    const next = new URLSearchParams(search_);
    next.delete("panel");
    next.delete("msg");
    for (const [k, v] of Object.entries(extra ?? {})) {
      if (v === null) next.delete(k);
      else next.set(k, v);
    }
    const s = next.toString();
    return { pathname, search: s ? `?${s}` : "" };
  };
  const conversationLink = (id: string) => withSearch(`${base}/c/${id}`);
  const backToList = () => {
    const id = conversationId;
    navigate(withSearch(base));
    // The row of the conversation just left gets the focus back (keyboard users keep their place).
    requestAnimationFrame(() => {
      const row = id
        ? listRef.current?.querySelector<HTMLElement>(`[data-conversation-id="${id}"]`)
        : listRef.current?.querySelector<HTMLElement>(`[${LIST_ITEM_ATTRIBUTE}]`);
      row?.focus();
    });
  };
  const setPanel = (open: boolean) => setParam("panel", open ? "contact" : null);

  const setStatus = trpc.inboxConversations.setStatus.useMutation();
  const utils = trpc.useUtils();
  const closeCurrent = async () => {
    if (!conversationId || !canWork) return;
    try {
      await setStatus.mutateAsync({ orgId: org.id, conversationId, status: "CLOSED" });
      void utils.inboxConversations.invalidate();
      // The next conversation of the list opens, as in a mail client.
      const at = items.findIndex((c) => c.id === conversationId);
      const next = items[at + 1] ?? items[at - 1];
      if (next && next.id !== conversationId && view !== "closed") navigate(conversationLink(next.id));
      toast.success(t("inbox.thread.closed"), {
        action: {
          label: t("inbox.thread.undo"),
          onClick: () =>
            void setStatus
              .mutateAsync({ orgId: org.id, conversationId, status: "OPEN" })
              .then(() => utils.inboxConversations.invalidate()),
        },
      });
    } catch (e) {
      toast.error(errorMessage(e, t("errors.generic")));
    }
  };

  useHotkey("e", () => void closeCurrent(), { enabled: Boolean(conversationId) && canWork });
  useHotkey(
    "Escape",
    (event) => {
      if (overlayOpen()) return;
      if (isTypingTarget(event.target)) {
        (event.target as HTMLElement).blur();
        return;
      }
      if (panelOpen && !isXl) setPanel(false);
      else if (conversationId) backToList();
    },
    { allowInInputs: true },
  );

  // On a wide screen, opening the inbox shows the newest conversation's list with nothing chosen;
  // the first j or ↓ starts there.
  const clearFilters = () =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const k of FILTER_KEYS) next.delete(k);
        return next;
      },
      { replace: true },
    );

  const showList = isMd || (!conversationId && !panelOpen);
  const showThread = Boolean(conversationId) && (isMd || !panelOpen);

  return (
    <div className="flex h-[calc(100dvh-var(--spacing-topbar))] min-h-0 md:h-dvh">
      {/* Phone: the list is hidden behind an open conversation; this keeps the page's title. */}
      {!showList ? <h1 className="sr-only">{t("inbox.title")}</h1> : null}
      <section
        aria-labelledby="inbox-title"
        className={cn(
          "flex min-h-0 w-full shrink-0 flex-col bg-background md:w-80 md:border-e lg:w-96",
          !showList && "hidden",
        )}
      >
        <header className="grid gap-3 border-b px-4 pt-4 pb-3">
          <div className="flex items-center gap-2">
            <h1 id="inbox-title" className="text-xl font-semibold tracking-tight">
              {t("inbox.title")}
            </h1>
            {unreadTotal ? (
              <span className="text-sm text-muted-foreground">
                {t("inbox.unreadTotal", { count: unreadTotal })}
              </span>
            ) : null}
            <InboxMenu base={base} canManage={atLeast(org.role, "ADMIN")} />
          </div>
          <ListSearchInput value={query} onChange={setQuery} label={t("inbox.search.label")} />
          {q ? null : (
            <>
              <nav
                aria-label={t("inbox.views.label")}
                className="-mx-1 flex gap-0.5 overflow-x-auto px-1 pb-0.5"
              >
                {VIEWS.map((v) => {
                  const count = v === "closed" ? undefined : counts.data?.[v];
                  // A zero says nothing a glance needs: only counts that ask for attention show.
                  const active = v === view;
                  return (
                    <Link
                      key={v}
                      to={withSearch(conversationId ? `${base}/c/${conversationId}` : base, {
                        view: v === "open" ? null : v,
                      })}
                      replace
                      aria-current={active ? "page" : undefined}
                      className={cn(
                        "inline-flex h-7 shrink-0 items-center gap-1 rounded-md px-1.5 text-sm font-medium transition-colors",
                        "focus-visible:outline-2 focus-visible:outline-ring",
                        active
                          ? "bg-primary-soft text-primary-soft-foreground"
                          : "text-muted-foreground hover:bg-muted hover:text-foreground",
                      )}
                    >
                      {t(`inbox.views.${v}`)}
                      {count ? <span className="text-xs tabular-nums opacity-80">{count}</span> : null}
                    </Link>
                  );
                })}
              </nav>
              <div className="grid grid-cols-[repeat(auto-fit,minmax(6.5rem,1fr))] items-center gap-1.5">
                <FilterSelect
                  label={t("inbox.filters.channel")}
                  allLabel={t("inbox.filters.allChannels")}
                  value={channel}
                  onChange={(v) => setParam("channel", v)}
                  options={PLATFORMS.map((p) => ({ value: p, label: t(`inbox.platform.${p}`) }))}
                />
                {labels.data?.length || labelId ? (
                  <FilterSelect
                    label={t("inbox.filters.label")}
                    allLabel={t("inbox.filters.allLabels")}
                    value={labelId}
                    onChange={(v) => setParam("label", v)}
                    options={(labels.data ?? []).map((l) => ({ value: l.id, label: l.name }))}
                  />
                ) : null}
                {view === "mine" || view === "unassigned" ? null : (
                  <FilterSelect
                    label={t("inbox.filters.assignee")}
                    allLabel={t("inbox.filters.anyone")}
                    value={assignee}
                    onChange={(v) => setParam("assignee", v)}
                    options={[
                      { value: "none", label: t("inbox.filters.nobody") },
                      ...agents.map((m) => ({ value: m.userId, label: m.name ?? m.email })),
                    ]}
                  />
                )}
                {filtered ? (
                  <Button variant="ghost" size="sm" onClick={clearFilters}>
                    <X aria-hidden />
                    {t("inbox.filters.clear")}
                  </Button>
                ) : null}
              </div>
            </>
          )}
        </header>
        {expired.length ? (
          <div
            role="alert"
            className="flex items-start gap-2 border-b bg-warning-soft px-4 py-2.5 text-sm text-warning-soft-foreground"
          >
            <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
            <p className="min-w-0">
              {t("inbox.health.expired", {
                count: expired.length,
                names: expired.map((c) => c.name).join(", "),
              })}{" "}
              <Link to={`${base}/settings/channels`} className="font-medium underline underline-offset-2">
                {t("inbox.health.reconnect")}
              </Link>
            </p>
          </div>
        ) : null}
        <div ref={listRef} className="min-h-0 flex-1 overflow-y-auto" data-testid="conversation-list">
          {q ? (
            search.isPending ? (
              <ListSkeleton rows={4} />
            ) : search.isError ? (
              <ListError
                error={search.error}
                onRetry={() => void search.refetch()}
                retrying={search.isFetching}
              />
            ) : (
              <SearchResults
                query={q}
                items={search.data.pages.flatMap((p) => p.items)}
                paged={search}
                linkTo={(id, messageId) => {
                  const link = conversationLink(id);
                  const sep = link.search ? "&" : "?";
                  return { ...link, search: `${link.search}${sep}msg=${messageId}` };
                }}
              />
            )
          ) : list.isPending ? (
            <ListSkeleton />
          ) : list.isError ? (
            <ListError error={list.error} onRetry={() => void list.refetch()} retrying={list.isFetching} />
          ) : (
            <ConversationRows
              items={items}
              selectedId={conversationId}
              linkTo={conversationLink}
              paged={list}
              empty={
                <ListEmpty
                  view={view}
                  filtered={filtered}
                  onClear={clearFilters}
                  settingsLink={`${base}/settings/channels`}
                />
              }
            />
          )}
        </div>
      </section>

      {conversationId ? (
        <>
          <section
            aria-label={t("inbox.thread.label")}
            className={cn("flex min-h-0 min-w-0 flex-1 flex-col", !showThread && "hidden")}
          >
            <ThreadPane
              key={conversationId}
              conversationId={conversationId}
              onBack={backToList}
              onClose={() => void closeCurrent()}
              onShowContact={isXl ? undefined : () => setPanel(true)}
              highlightMessageId={params.get("msg") ?? undefined}
            />
          </section>
          {isXl ? (
            <aside
              aria-label={t("inbox.contact.label")}
              className="min-h-0 w-80 shrink-0 overflow-y-auto border-s"
            >
              <ContactPanel conversationId={conversationId} />
            </aside>
          ) : isMd ? (
            <Dialog open={panelOpen} onOpenChange={setPanel}>
              <SheetContent side="end" title={t("inbox.contact.label")}>
                <ContactPanel conversationId={conversationId} />
              </SheetContent>
            </Dialog>
          ) : panelOpen ? (
            <aside aria-label={t("inbox.contact.label")} className="flex min-h-0 w-full flex-col">
              <div className="flex items-center gap-2 border-b px-2 py-2">
                <Button variant="ghost" size="sm" onClick={() => setPanel(false)}>
                  <ArrowLeft className="rtl:rotate-180" aria-hidden />
                  {t("inbox.contact.back")}
                </Button>
              </div>
              <div className="min-h-0 flex-1 overflow-y-auto">
                <ContactPanel conversationId={conversationId} />
              </div>
            </aside>
          ) : null}
        </>
      ) : isMd ? (
        <section className="hidden min-w-0 flex-1 items-center justify-center p-6 md:flex">
          <EmptyState
            className="max-w-md border-none bg-transparent"
            icon={MessagesSquare}
            headingLevel="h2"
            title={t("inbox.pick.title")}
            description={
              <span className="grid gap-2">
                <span>{t("inbox.pick.body")}</span>
                <span className="flex flex-wrap items-center justify-center gap-x-3 gap-y-1 text-xs">
                  <span>
                    <Kbd>j</Kbd> <Kbd>k</Kbd> {t("inbox.keys.move")}
                  </span>
                  <span>
                    <Kbd>Enter</Kbd> {t("inbox.keys.open")}
                  </span>
                  <span>
                    <Kbd>e</Kbd> {t("inbox.keys.close")}
                  </span>
                  <span>
                    <Kbd>/</Kbd> {t("inbox.keys.search")}
                  </span>
                  <span>
                    <Kbd>Esc</Kbd> {t("inbox.keys.back")}
                  </span>
                </span>
              </span>
            }
          />
        </section>
      ) : null}
    </div>
  );
}

function FilterSelect(props: {
  label: string;
  allLabel: string;
  value: string | undefined;
  onChange: (value: string | null) => void;
  options: { value: string; label: string }[];
}) {
  return (
    <NativeSelect
      aria-label={props.label}
      className="h-8 w-full min-w-0 text-xs"
      value={props.value ?? ""}
      onChange={(e) => props.onChange(e.target.value || null)}
    >
      <option value="">{props.allLabel}</option>
      {props.options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </NativeSelect>
  );
}

/** The inbox's other places: analytics, labels, canned replies, channels, the sandbox. */
function InboxMenu({ base, canManage }: { base: string; canManage: boolean }) {
  const { t } = useTranslation();
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="icon-sm" className="ms-auto" aria-label={t("inbox.menu.label")}>
          <MoreHorizontal aria-hidden />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        <DropdownMenuItem asChild>
          <Link to={`${base}/analytics`}>
            <ChartColumn aria-hidden />
            {t("inbox.menu.analytics")}
          </Link>
        </DropdownMenuItem>
        <DropdownMenuSeparator />
        <DropdownMenuItem asChild>
          <Link to={`${base}/settings/labels`}>
            <Tag aria-hidden />
            {t("inbox.menu.labels")}
          </Link>
        </DropdownMenuItem>
        <DropdownMenuItem asChild>
          <Link to={`${base}/settings/canned`}>
            <Zap aria-hidden />
            {t("inbox.menu.canned")}
          </Link>
        </DropdownMenuItem>
        {canManage ? (
          <DropdownMenuItem asChild>
            <Link to={`${base}/settings/channels`}>
              <Plug aria-hidden />
              {t("inbox.menu.channels")}
            </Link>
          </DropdownMenuItem>
        ) : null}
        <DropdownMenuItem asChild>
          <Link to={`${base}/sandbox`}>
            <FlaskConical aria-hidden />
            {t("inbox.menu.sandbox")}
          </Link>
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
