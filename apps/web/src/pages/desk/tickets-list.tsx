import { Page, PageHeader } from "@quartet/ui/app-shell";
import { Button } from "@quartet/ui/button";
import { ArrowUpDown, Inbox, Plus, X } from "@quartet/ui/icons";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useListNavigation } from "@quartet/ui/lib/shortcuts";
import { useDocumentTitle } from "@quartet/ui/lib/use-document-title";
import { NativeSelect } from "@quartet/ui/select";
import { lazy, Suspense, useEffect, useMemo, useRef, useState } from "react";
import { useNavigate } from "react-router";
import { ListSearchInput } from "../../components/list-search-input.tsx";
import { PagedList } from "../../components/paged-list.tsx";
import { atLeast } from "../../lib/roles.ts";
import { useUser } from "../../lib/session.ts";
import { trpc } from "../../lib/trpc.ts";
import { useListParams } from "../../lib/use-list-params.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { DeskNav } from "./desk-nav.tsx";
import { PRIORITIES, STATUSES } from "./desk-shared.tsx";
import { SavedViewsBar } from "./saved-views-bar.tsx";
import {
  FILTER_PARAMS,
  type ListState,
  listStateFromParams,
  SORTS,
  searchSortFromParams,
  ticketListInput,
  writeListState,
} from "./ticket-list-state.ts";
import { TicketsTable } from "./tickets-table.tsx";

// Its own chunk (tags, assignee, attachments): loaded when an agent opens it, not with the list.
// Other agents' changes (any web process) refetch the list within a moment (loaded after the list).
const LiveTicketList = lazy(() => import("./desk-live.tsx").then((m) => ({ default: m.LiveTicketList })));
const BulkToolbar = lazy(() => import("./bulk-toolbar.tsx").then((m) => ({ default: m.BulkToolbar })));
// Only an empty list shows it (how customers reach you): not part of the list's first download.
const ReachCustomers = lazy(() =>
  import("./reach-customers.tsx").then((m) => ({ default: m.ReachCustomers })),
);
const NewTicketDialog = lazy(() =>
  import("./new-ticket-dialog.tsx").then((m) => ({ default: m.NewTicketDialog })),
);
/** A filter select whose first option ("All …") clears the filter. */
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
      className="h-8.5 w-auto min-w-36"
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

/**
 * /w/:slug/desk — the workspace's tickets: filters, search, keyboard, load more. A search narrows
 * the same list (same table and columns, filters and saved views still apply), best match first.
 */
export function TicketsListPage() {
  const { t } = useTranslation();
  const org = useWorkspace();
  const me = useUser();
  const { params, setParams, setParam, query, setQuery, q } = useListParams();
  const canWork = atLeast(org.role, "AGENT");
  const listRef = useRef<HTMLDivElement>(null);
  const navigate = useNavigate();
  useListNavigation(listRef);
  useDocumentTitle(t("desk.title"));

  // The URL holds the list state (shareable, back button): assignee/team take an id or "none".
  const paramsKey = params.toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: params is new on each render; its text is the key
  const listState: ListState = useMemo(() => listStateFromParams(params), [paramsKey]);
  const { status, priority, assigneeId, teamId, tag, contactId } = listState.filters;
  const sort = q ? searchSortFromParams(params) : listState.sort;
  const newOpen = params.get("new") === "1" && canWork;
  const filtered = Boolean(
    status || priority || assigneeId !== undefined || teamId !== undefined || tag || contactId,
  );
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const stateKey = JSON.stringify([listState, q, sort]);
  // A new filter, search or order is a new list: the selection doesn't carry over.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on list change only
  useEffect(() => setSelected(new Set()), [stateKey]);

  const applyState = (next: ListState) => setParams((prev) => writeListState(prev, next), { replace: true });

  // While typing, the previous results stay on screen until the new ones arrive.
  const list = trpc.deskTickets.list.useInfiniteQuery(
    ticketListInput(org.id, listState, { q, sort: searchSortFromParams(params) }),
    {
      getNextPageParam: (last) => last.nextCursor ?? undefined,
      placeholderData: q ? (prev) => prev : undefined,
    },
  );
  const tags = trpc.deskTickets.tags.useQuery({ orgId: org.id, limit: 200 }, { staleTime: 30_000 });

  const clearFilters = () =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const k of FILTER_PARAMS) if (k !== "sort") next.delete(k);
        return next;
      },
      { replace: true },
    );

  const newButton = canWork ? (
    <Button onClick={() => setParam("new", "1")}>
      <Plus aria-hidden />
      {t("desk.newTicket")}
    </Button>
  ) : null;

  const body = (
    <PagedList
      query={list}
      skeletonColumns={6}
      filtered={filtered || Boolean(q)}
      noMatch={
        q
          ? {
              title: t("desk.list.noResultsTitle"),
              description: filtered
                ? t("deskSearch.noResultsFilteredBody", { query: q })
                : t("desk.list.noResultsBody", { query: q }),
              clearLabel: filtered ? t("deskSearch.clearFilters") : t("desk.list.clearSearch"),
              onClear: filtered ? clearFilters : () => setQuery(""),
            }
          : {
              title: t("desk.list.noMatchTitle"),
              description: t("desk.list.noMatchBody"),
              clearLabel: t("desk.list.clearFilters"),
              onClear: clearFilters,
            }
      }
      empty={{
        icon: Inbox,
        title: t("deskSetup.empty.title"),
        description: t("deskSetup.empty.body"),
        action: (
          <Suspense fallback={newButton}>
            <ReachCustomers newTicket={newButton} />
          </Suspense>
        ),
      }}
      labels={{ loadMore: t("desk.list.loadMore"), end: t("desk.list.end") }}
    >
      {(items) => (
        <TicketsTable items={items} selectable={canWork} selected={selected} onSelectedChange={setSelected} />
      )}
    </PagedList>
  );

  return (
    <Page>
      <Suspense fallback={null}>
        <LiveTicketList orgId={org.id} />
      </Suspense>
      <PageHeader title={t("desk.title")} description={t("desk.description")} actions={newButton} />
      <DeskNav />
      <SavedViewsBar state={listState} meId={me.id} onApply={applyState} refreshKey={list.dataUpdatedAt} />

      <div className="mb-4 flex flex-wrap items-center gap-2">
        {/* Enter on `#1042` (or `1042`) opens that ticket; anything else stays a search. */}
        <form
          className="contents"
          onSubmit={(e) => {
            e.preventDefault();
            const number = /^#?\s*(\d{1,9})$/.exec(query.trim())?.[1];
            if (number) navigate(`/w/${org.slug}/desk/${number}`);
          }}
        >
          <ListSearchInput value={query} onChange={setQuery} label={t("desk.list.search")} />
        </form>
        <div className="flex flex-wrap items-center gap-2">
          <FilterSelect
            label={t("desk.list.filterStatus")}
            allLabel={t("desk.list.allStatuses")}
            value={status}
            onChange={(v) => setParam("status", v)}
            options={STATUSES.map((s) => ({ value: s, label: t(`desk.status.${s}`) }))}
          />
          <FilterSelect
            label={t("desk.list.filterPriority")}
            allLabel={t("desk.list.allPriorities")}
            value={priority}
            onChange={(v) => setParam("priority", v)}
            options={PRIORITIES.map((p) => ({ value: p, label: t(`desk.priority.${p}`) }))}
          />
          {tag || tags.data?.items.length ? (
            <FilterSelect
              label={t("deskAgent.tags.filter")}
              allLabel={t("deskAgent.tags.allTags")}
              value={tag}
              onChange={(v) => setParam("tag", v)}
              options={[
                ...(tag && !tags.data?.items.some((i) => i.tag === tag) ? [{ value: tag, label: tag }] : []),
                ...(tags.data?.items ?? []).map((i) => ({
                  value: i.tag,
                  label: t("deskAgent.tags.option", { tag: i.tag, count: i.count }),
                })),
              ]}
            />
          ) : null}
          <div className="flex items-center gap-1.5">
            <ArrowUpDown className="size-4 text-muted-foreground" aria-hidden />
            <NativeSelect
              aria-label={t("desk.sorting.label")}
              className="h-8.5 w-auto min-w-40"
              value={sort}
              onChange={(e) =>
                // The default order is left out of the URL: best match while searching, else recent activity.
                setParam("sort", e.target.value === (q ? "relevance" : "updatedAt") ? null : e.target.value)
              }
            >
              {q ? <option value="relevance">{t("deskSearch.sortRelevance")}</option> : null}
              {SORTS.map((s) => (
                <option key={s} value={s}>
                  {t(`desk.sorting.${s}`)}
                </option>
              ))}
            </NativeSelect>
          </div>
          {filtered ? (
            <Button variant="ghost" onClick={clearFilters}>
              <X aria-hidden />
              {t("desk.list.clearFilters")}
            </Button>
          ) : null}
        </div>
      </div>

      {selected.size > 0 ? (
        <Suspense fallback={null}>
          <BulkToolbar selectedIds={[...selected]} onDone={() => setSelected(new Set())} />
        </Suspense>
      ) : null}
      <div ref={listRef}>{body}</div>

      {canWork && newOpen ? (
        <Suspense fallback={null}>
          <NewTicketDialog open onOpenChange={(o) => setParam("new", o ? "1" : null)} />
        </Suspense>
      ) : null}
    </Page>
  );
}
