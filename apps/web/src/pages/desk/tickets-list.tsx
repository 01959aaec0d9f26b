import type { TicketPriority, TicketStatus } from "@quartet/db/enums";
import { Page, PageHeader } from "@quartet/ui/app-shell";
import { Avatar } from "@quartet/ui/avatar";
import { Button } from "@quartet/ui/button";
import { EmptyState } from "@quartet/ui/empty-state";
import { ErrorState } from "@quartet/ui/error-state";
import { Inbox, Plus, Search, SearchX, UserRound, X } from "@quartet/ui/icons";
import { Input } from "@quartet/ui/input";
import { Kbd } from "@quartet/ui/kbd";
import { cn } from "@quartet/ui/lib/cn";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { SEARCH_ATTRIBUTE, useListNavigation } from "@quartet/ui/lib/shortcuts";
import { useDebounced } from "@quartet/ui/lib/use-debounced";
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
import { type ReactNode, useEffect, useRef, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { atLeast } from "../../lib/roles.ts";
import { useUser } from "../../lib/session.ts";
import { type RouterOutputs, trpc } from "../../lib/trpc.ts";
import { useDocumentTitle } from "../../lib/use-document-title.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { DeskNav } from "./desk-nav.tsx";
import { Highlighted, PRIORITIES, PriorityLabel, STATUSES, StatusBadge } from "./desk-shared.tsx";
import { NewTicketDialog } from "./new-ticket-dialog.tsx";

type TicketRow = RouterOutputs["deskTickets"]["list"]["items"][number];
type SearchHit = RouterOutputs["deskTickets"]["search"]["items"][number];

const PAGE_SIZE = 25;

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
  const [params, setParams] = useSearchParams();
  const canWork = atLeast(org.role, "AGENT");
  const [query, setQuery] = useState(params.get("q") ?? "");
  const q = useDebounced(query.trim(), 250);
  const listRef = useRef<HTMLDivElement>(null);
  useListNavigation(listRef);
  useDocumentTitle(t("desk.title"));

  const status = (params.get("status") as TicketStatus | null) ?? undefined;
  const priority = (params.get("priority") as TicketPriority | null) ?? undefined;
  const mine = params.get("mine") === "1";
  const newOpen = params.get("new") === "1" && canWork;
  const filtered = Boolean(status || priority || mine);

  const setParam = (key: string, value: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );

  useEffect(() => {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (q) next.set("q", q);
        else next.delete("q");
        return next;
      },
      { replace: true },
    );
  }, [q, setParams]);

  const list = trpc.deskTickets.list.useInfiniteQuery(
    { orgId: org.id, status, priority, assigneeId: mine ? me.id : undefined, limit: PAGE_SIZE },
    { getNextPageParam: (last) => last.nextCursor ?? undefined, enabled: !q },
  );
  const search = trpc.deskTickets.search.useQuery(
    { orgId: org.id, q, limit: 50 },
    { enabled: Boolean(q), placeholderData: (prev) => prev },
  );

  const clearFilters = () =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const k of ["status", "priority", "mine"]) next.delete(k);
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
  } else if (list.isPending) {
    body = <TableSkeleton columns={6} rows={6} />;
  } else if (list.isError) {
    body = <ErrorState error={list.error} onRetry={() => list.refetch()} retrying={list.isFetching} />;
  } else {
    const items = list.data.pages.flatMap((p) => p.items);
    body =
      items.length === 0 ? (
        filtered ? (
          <EmptyState
            icon={SearchX}
            title={t("desk.list.noMatchTitle")}
            description={t("desk.list.noMatchBody")}
            action={
              <Button variant="outline" onClick={clearFilters}>
                {t("desk.list.clearFilters")}
              </Button>
            }
          />
        ) : (
          <EmptyState
            icon={Inbox}
            title={t("desk.list.emptyTitle")}
            description={t("desk.list.emptyBody")}
            action={newButton}
          />
        )
      ) : (
        <div className="grid gap-3">
          <TicketsTable items={items} />
          <div className="flex items-center justify-center gap-3 text-sm text-muted-foreground">
            {list.hasNextPage ? (
              <Button
                variant="outline"
                loading={list.isFetchingNextPage}
                onClick={() => list.fetchNextPage()}
              >
                {t("desk.list.loadMore")}
              </Button>
            ) : (
              <span>{t("desk.list.end")}</span>
            )}
          </div>
        </div>
      );
  }

  return (
    <Page>
      <PageHeader title={t("desk.title")} description={t("desk.description")} actions={newButton} />
      <DeskNav />

      <div className="mb-4 flex flex-wrap items-center gap-2">
        <div className="relative w-full sm:w-72">
          <Search
            className="pointer-events-none absolute start-2.5 top-1/2 size-4 -translate-y-1/2 text-muted-foreground"
            aria-hidden
          />
          <Input
            type="search"
            className="ps-8 pe-8"
            placeholder={t("desk.list.search")}
            aria-label={t("desk.list.search")}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Escape" && query) {
                e.preventDefault();
                setQuery("");
              }
            }}
            {...{ [SEARCH_ATTRIBUTE]: "" }}
          />
          {query ? null : (
            <Kbd className="pointer-events-none absolute end-2 top-1/2 hidden -translate-y-1/2 sm:inline-flex">
              /
            </Kbd>
          )}
        </div>
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
          <Button
            variant={mine ? "secondary" : "outline"}
            aria-pressed={mine}
            disabled={Boolean(q)}
            onClick={() => setParam("mine", mine ? null : "1")}
            className={cn(mine && "border-primary/40 bg-primary-soft text-primary-soft-foreground")}
          >
            <UserRound aria-hidden />
            {t("desk.list.assignedToMe")}
          </Button>
          {filtered && !q ? (
            <Button variant="ghost" onClick={clearFilters}>
              <X aria-hidden />
              {t("desk.list.clearFilters")}
            </Button>
          ) : null}
        </div>
      </div>

      <div ref={listRef}>{body}</div>

      {canWork ? (
        <NewTicketDialog open={newOpen} onOpenChange={(o) => setParam("new", o ? "1" : null)} />
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

function TicketsTable({ items }: { items: TicketRow[] }) {
  const { t } = useTranslation();
  const org = useWorkspace();
  return (
    <Table wrapperClassName="max-h-[70vh]">
      <TableHeader>
        <TableRow>
          <TableHead className="hidden w-20 sm:table-cell">{t("desk.columns.number")}</TableHead>
          <TableHead>{t("desk.columns.subject")}</TableHead>
          <TableHead className="hidden lg:table-cell">{t("desk.columns.requester")}</TableHead>
          <TableHead>{t("desk.columns.status")}</TableHead>
          <TableHead className="hidden md:table-cell">{t("desk.columns.priority")}</TableHead>
          <TableHead className="hidden md:table-cell">{t("desk.columns.assignee")}</TableHead>
          <TableHead className="hidden sm:table-cell">{t("desk.columns.updated")}</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {items.map((ticket) => {
          const requester = ticket.contact?.name ?? ticket.contact?.email ?? "—";
          return (
            <TableRow key={ticket.id} className={rowClasses}>
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
                </div>
              </TableCell>
              <TableCell className="hidden max-w-56 truncate align-top lg:table-cell">{requester}</TableCell>
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
              <TableCell className="hidden whitespace-nowrap align-top text-muted-foreground sm:table-cell">
                <RelativeTime date={ticket.updatedAt} style="short" />
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
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
