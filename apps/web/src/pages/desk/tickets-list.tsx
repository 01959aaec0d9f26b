import { Page, PageHeader } from "@quartet/ui/app-shell";
import { Avatar } from "@quartet/ui/avatar";
import { Button } from "@quartet/ui/button";
import { Checkbox } from "@quartet/ui/checkbox";
import { EmptyState } from "@quartet/ui/empty-state";
import { ErrorState } from "@quartet/ui/error-state";
import { ArrowUpDown, Inbox, Plus, SearchX, X } from "@quartet/ui/icons";
import { cn } from "@quartet/ui/lib/cn";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useListNavigation } from "@quartet/ui/lib/shortcuts";
import { useDocumentTitle } from "@quartet/ui/lib/use-document-title";
import { RelativeTime } from "@quartet/ui/relative-time";
import { NativeSelect } from "@quartet/ui/select";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  TableSkeleton,
} from "@quartet/ui/table";
import { lazy, type ReactNode, Suspense, useEffect, useMemo, useRef, useState } from "react";
import { Link, useNavigate } from "react-router";
import { ListSearchInput } from "../../components/list-search-input.tsx";
import { PagedList } from "../../components/paged-list.tsx";
import { atLeast } from "../../lib/roles.ts";
import { useUser } from "../../lib/session.ts";
import { type RouterOutputs, trpc } from "../../lib/trpc.ts";
import { useListParams } from "../../lib/use-list-params.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { DeskNav } from "./desk-nav.tsx";
import { Highlighted, PRIORITIES, PriorityLabel, STATUSES, StatusBadge } from "./desk-shared.tsx";
import { ReachCustomers } from "./reach-customers.tsx";
import { SavedViewsBar } from "./saved-views-bar.tsx";
import { SlaBadge } from "./sla-badge.tsx";
import {
  FILTER_PARAMS,
  type ListState,
  listStateFromParams,
  SORTS,
  ticketListInput,
  writeListState,
} from "./ticket-list-state.ts";

type TicketRow = RouterOutputs["deskTickets"]["list"]["items"][number];
type SearchHit = RouterOutputs["deskTickets"]["search"]["items"][number];

// Its own chunk (tags, assignee, attachments): loaded when an agent opens it, not with the list.
const BulkToolbar = lazy(() => import("./bulk-toolbar.tsx").then((m) => ({ default: m.BulkToolbar })));
const NewTicketDialog = lazy(() =>
  import("./new-ticket-dialog.tsx").then((m) => ({ default: m.NewTicketDialog })),
);
/** A filter select whose first option ("All …") clears the filter. */
function FilterSelect(props: {
  label: string;
  allLabel: string;
  value: string | undefined;
  disabled: boolean;
  onChange: (value: string | null) => void;
  options: { value: string; label: string }[];
}) {
  return (
    <NativeSelect
      aria-label={props.label}
      className="h-8.5 w-auto min-w-36"
      value={props.value ?? ""}
      disabled={props.disabled}
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

/** /w/:slug/desk — the workspace's tickets: filters, search, keyboard, load more. */
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
  const sort = listState.sort;
  const newOpen = params.get("new") === "1" && canWork;
  const filtered = Boolean(
    status || priority || assigneeId !== undefined || teamId !== undefined || tag || contactId,
  );
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const stateKey = JSON.stringify(listState);
  // A new filter or order is a new list: the selection doesn't carry over.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on list change only
  useEffect(() => setSelected(new Set()), [stateKey]);

  const applyState = (next: ListState) => setParams((prev) => writeListState(prev, next), { replace: true });

  const list = trpc.deskTickets.list.useInfiniteQuery(ticketListInput(org.id, listState), {
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: !q,
  });
  const tags = trpc.deskTickets.tags.useQuery({ orgId: org.id, limit: 200 }, { staleTime: 30_000 });
  const search = trpc.deskTickets.search.useQuery(
    { orgId: org.id, q, limit: 50 },
    { enabled: Boolean(q), placeholderData: (prev) => prev },
  );

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

  let body: ReactNode;
  if (q) {
    body = search.isPending ? (
      <TableSkeleton columns={4} rows={5} />
    ) : search.isError ? (
      <ErrorState error={search.error} onRetry={() => search.refetch()} retrying={search.isFetching} />
    ) : search.data.items.length === 0 ? (
      <EmptyState
        icon={SearchX}
        title={t("desk.list.noResultsTitle")}
        description={t("desk.list.noResultsBody", { query: q })}
        action={
          <Button variant="outline" onClick={() => setQuery("")}>
            {t("desk.list.clearSearch")}
          </Button>
        }
      />
    ) : (
      <SearchResults hits={search.data.items} />
    );
  } else {
    body = (
      <PagedList
        query={list}
        skeletonColumns={6}
        filtered={filtered}
        noMatch={{
          title: t("desk.list.noMatchTitle"),
          description: t("desk.list.noMatchBody"),
          clearLabel: t("desk.list.clearFilters"),
          onClear: clearFilters,
        }}
        empty={{
          icon: Inbox,
          title: t("deskSetup.empty.title"),
          description: t("deskSetup.empty.body"),
          action: <ReachCustomers newTicket={newButton} />,
        }}
        labels={{ loadMore: t("desk.list.loadMore"), end: t("desk.list.end") }}
      >
        {(items) => (
          <TicketsTable
            items={items}
            selectable={canWork}
            selected={selected}
            onSelectedChange={setSelected}
          />
        )}
      </PagedList>
    );
  }

  return (
    <Page>
      <PageHeader title={t("desk.title")} description={t("desk.description")} actions={newButton} />
      <DeskNav />
      <SavedViewsBar state={listState} meId={me.id} onApply={applyState} />

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
        <div className={cn("flex flex-wrap items-center gap-2", q && "opacity-50")}>
          <FilterSelect
            label={t("desk.list.filterStatus")}
            allLabel={t("desk.list.allStatuses")}
            value={status}
            disabled={Boolean(q)}
            onChange={(v) => setParam("status", v)}
            options={STATUSES.map((s) => ({ value: s, label: t(`desk.status.${s}`) }))}
          />
          <FilterSelect
            label={t("desk.list.filterPriority")}
            allLabel={t("desk.list.allPriorities")}
            value={priority}
            disabled={Boolean(q)}
            onChange={(v) => setParam("priority", v)}
            options={PRIORITIES.map((p) => ({ value: p, label: t(`desk.priority.${p}`) }))}
          />
          {tag || tags.data?.items.length ? (
            <FilterSelect
              label={t("deskAgent.tags.filter")}
              allLabel={t("deskAgent.tags.allTags")}
              value={tag}
              disabled={Boolean(q)}
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
              disabled={Boolean(q)}
              onChange={(e) => setParam("sort", e.target.value === "updatedAt" ? null : e.target.value)}
            >
              {SORTS.map((s) => (
                <option key={s} value={s}>
                  {t(`desk.sorting.${s}`)}
                </option>
              ))}
            </NativeSelect>
          </div>
          {filtered && !q ? (
            <Button variant="ghost" onClick={clearFilters}>
              <X aria-hidden />
              {t("desk.list.clearFilters")}
            </Button>
          ) : null}
        </div>
      </div>

      {selected.size > 0 && !q ? (
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

/** Subject link that covers the row: the row is one click target, and j/k + Enter open it. */
function RowLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Link
      to={to}
      data-list-item
      className="font-medium outline-none after:absolute after:inset-0 after:content-[''] hover:underline"
    >
      {children}
    </Link>
  );
}

const rowClasses =
  "relative cursor-pointer has-[a:focus-visible]:bg-primary-soft/60 has-[a:focus-visible]:shadow-[inset_3px_0_0_var(--color-primary)]";

function TicketsTable({
  items,
  selectable,
  selected,
  onSelectedChange,
}: {
  items: TicketRow[];
  selectable: boolean;
  selected: Set<string>;
  onSelectedChange: (next: Set<string>) => void;
}) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const lastClicked = useRef<number | null>(null);
  const tableRef = useRef<HTMLDivElement>(null);
  const allSelected = items.length > 0 && items.every((i) => selected.has(i.id));
  const someSelected = !allSelected && items.some((i) => selected.has(i.id));

  const toggle = (index: number, range: boolean) => {
    const next = new Set(selected);
    const id = items[index]?.id;
    if (!id) return;
    const on = !selected.has(id);
    if (range && lastClicked.current !== null) {
      // Shift-click: every row between the last click and this one takes this row's new state.
      const [from, to] = [lastClicked.current, index].sort((a, b) => a - b) as [number, number];
      for (const row of items.slice(from, to + 1)) on ? next.add(row.id) : next.delete(row.id);
    } else if (on) next.add(id);
    else next.delete(id);
    lastClicked.current = index;
    onSelectedChange(next);
  };

  // `x` toggles the row whose link has the keyboard focus (j/k move it).
  useEffect(() => {
    if (!selectable) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "x" || e.ctrlKey || e.metaKey || e.altKey) return;
      const row = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>("[data-ticket-index]");
      if (!row || !tableRef.current?.contains(row)) return;
      e.preventDefault();
      toggle(Number(row.dataset.ticketIndex), e.shiftKey);
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  });

  return (
    <div ref={tableRef}>
      <Table wrapperClassName="max-h-[70vh]">
        <TableHeader>
          <TableRow>
            {selectable ? (
              <TableHead className="w-10">
                <Checkbox
                  aria-label={t("desk.bulk.selectAll")}
                  checked={allSelected ? true : someSelected ? "indeterminate" : false}
                  onCheckedChange={() =>
                    onSelectedChange(allSelected ? new Set() : new Set(items.map((i) => i.id)))
                  }
                />
              </TableHead>
            ) : null}
            <TableHead className="hidden w-20 sm:table-cell">{t("desk.columns.number")}</TableHead>
            <TableHead>{t("desk.columns.subject")}</TableHead>
            <TableHead className="hidden lg:table-cell">{t("desk.columns.requester")}</TableHead>
            <TableHead>{t("desk.columns.status")}</TableHead>
            <TableHead className="hidden md:table-cell">{t("desk.columns.priority")}</TableHead>
            <TableHead className="hidden md:table-cell">{t("desk.columns.assignee")}</TableHead>
            <TableHead className="hidden xl:table-cell">{t("desk.sla.column")}</TableHead>
            <TableHead className="hidden sm:table-cell">{t("desk.columns.updated")}</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {items.map((ticket, index) => {
            const requester = ticket.contact?.name ?? ticket.contact?.email ?? "—";
            const isSelected = selected.has(ticket.id);
            return (
              <TableRow
                key={ticket.id}
                className={cn(rowClasses, isSelected && "bg-primary-soft/40")}
                data-ticket-index={index}
                data-state={isSelected ? "selected" : undefined}
              >
                {selectable ? (
                  // Above the row link's click target, so ticking a box never opens the ticket.
                  <TableCell className="relative z-10 align-top">
                    <Checkbox
                      aria-label={t("desk.bulk.select", { number: `#${ticket.number}` })}
                      checked={isSelected}
                      onClick={(e) => {
                        e.preventDefault();
                        toggle(index, e.shiftKey);
                      }}
                    />
                  </TableCell>
                ) : null}
                <TableCell className="hidden align-top tabular-nums text-muted-foreground sm:table-cell">
                  #{ticket.number}
                </TableCell>
                <TableCell className="max-w-0 min-w-40 align-top sm:min-w-48">
                  <div className="grid min-w-0">
                    <span className="truncate">
                      <RowLink to={`/w/${org.slug}/desk/${ticket.id}`}>{ticket.subject}</RowLink>
                    </span>
                    <span className="truncate text-xs text-muted-foreground lg:hidden">
                      <span className="tabular-nums sm:hidden">#{ticket.number} · </span>
                      {requester}
                    </span>
                    {ticket.tags.length ? (
                      <span className="mt-1 flex flex-wrap gap-1">
                        {ticket.tags.map((tag) => (
                          <span
                            key={tag}
                            className="rounded-sm bg-muted px-1.5 text-xs text-muted-foreground"
                          >
                            {tag}
                          </span>
                        ))}
                      </span>
                    ) : null}
                    <span className="mt-1 flex min-w-0 empty:hidden xl:hidden">
                      <SlaBadge ticket={ticket} compact />
                    </span>
                  </div>
                </TableCell>
                <TableCell className="hidden max-w-56 truncate align-top lg:table-cell">
                  {requester}
                </TableCell>
                <TableCell className="align-top">
                  <StatusBadge status={ticket.status} />
                </TableCell>
                <TableCell className="hidden align-top md:table-cell">
                  <PriorityLabel priority={ticket.priority} />
                </TableCell>
                <TableCell className="hidden align-top md:table-cell">
                  {ticket.assignee ? (
                    <span className="flex min-w-0 items-center gap-2">
                      <Avatar
                        name={ticket.assignee.name ?? ticket.assignee.email}
                        src={ticket.assignee.avatarUrl}
                        size="sm"
                      />
                      <span className="truncate">{ticket.assignee.name ?? ticket.assignee.email}</span>
                    </span>
                  ) : (
                    <span className="text-muted-foreground">{t("desk.unassigned")}</span>
                  )}
                </TableCell>
                <TableCell className="hidden align-top xl:table-cell">
                  <SlaBadge ticket={ticket} compact />
                </TableCell>
                <TableCell className="hidden whitespace-nowrap align-top text-muted-foreground sm:table-cell">
                  <RelativeTime date={ticket.updatedAt} style="short" />
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}

function SearchResults({ hits }: { hits: SearchHit[] }) {
  const { t } = useTranslation();
  const org = useWorkspace();
  return (
    <Table wrapperClassName="max-h-[70vh]">
      <TableHeader>
        <TableRow>
          <TableHead className="hidden w-20 sm:table-cell">{t("desk.columns.number")}</TableHead>
          <TableHead>{t("desk.columns.subject")}</TableHead>
          <TableHead>{t("desk.columns.status")}</TableHead>
          <TableHead className="hidden md:table-cell">{t("desk.columns.priority")}</TableHead>
          <TableHead className="hidden sm:table-cell">{t("desk.columns.updated")}</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {hits.map((hit) => (
          <TableRow key={hit.id} className={rowClasses}>
            <TableCell className="hidden align-top tabular-nums text-muted-foreground sm:table-cell">
              #{hit.number}
            </TableCell>
            <TableCell className="max-w-0 min-w-40 align-top sm:min-w-48">
              <div className="grid min-w-0 gap-0.5">
                <span className="truncate">
                  <RowLink to={`/w/${org.slug}/desk/${hit.id}`}>
                    <Highlighted segments={hit.subject} />
                  </RowLink>
                </span>
                <span className="line-clamp-2 text-xs text-muted-foreground">
                  <span className="tabular-nums sm:hidden">#{hit.number} · </span>
                  <Highlighted segments={hit.snippet} />
                </span>
              </div>
            </TableCell>
            <TableCell className="align-top">
              <StatusBadge status={hit.status} />
            </TableCell>
            <TableCell className="hidden align-top md:table-cell">
              <PriorityLabel priority={hit.priority} />
            </TableCell>
            <TableCell className="hidden whitespace-nowrap align-top text-muted-foreground sm:table-cell">
              <RelativeTime date={hit.updatedAt} style="short" />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
