import { Avatar } from "@quartet/ui/avatar";
import { Checkbox } from "@quartet/ui/checkbox";
import { cn } from "@quartet/ui/lib/cn";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { RelativeTime } from "@quartet/ui/relative-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@quartet/ui/table";
import { type ReactNode, useEffect, useRef } from "react";
import { Link } from "react-router";
import type { RouterOutputs } from "../../lib/trpc.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { Highlighted, PriorityLabel, StatusBadge } from "./desk-shared.tsx";
import { SlaBadge } from "./sla-badge.tsx";

// The ticket table of the Desk: the ticket list (searching or not) and a contact's tickets show the
// same columns from the same rows. While searching, a row carries `match`: the subject with the
// matched words highlighted and a snippet line of why it matched (an internal note says so).

export type TicketRow = RouterOutputs["deskTickets"]["list"]["items"][number];

const noSelection = new Set<string>();
const ignore = () => {};

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

export function TicketsTable({
  items,
  selectable = false,
  selected = noSelection,
  onSelectedChange = ignore,
  showRequester = true,
}: {
  items: TicketRow[];
  /** Checkboxes for bulk actions (agents). */
  selectable?: boolean;
  selected?: Set<string>;
  onSelectedChange?: (next: Set<string>) => void;
  /** Off where every row has the same requester (a contact's page). */
  showRequester?: boolean;
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
            {showRequester ? (
              <TableHead className="hidden lg:table-cell">{t("desk.columns.requester")}</TableHead>
            ) : null}
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
                    <span className="truncate" dir="auto" data-testid="ticket-row-subject">
                      <RowLink to={`/w/${org.slug}/desk/${ticket.id}`}>
                        {ticket.match ? <Highlighted segments={ticket.match.subject} /> : ticket.subject}
                      </RowLink>
                    </span>
                    {ticket.match?.snippet.some((s) => s.text.trim()) ? (
                      <span
                        className="line-clamp-2 text-xs text-muted-foreground"
                        dir="auto"
                        data-testid="ticket-match-snippet"
                      >
                        {ticket.match.snippetSource === "internal" ? (
                          <span className="me-1.5 rounded-sm bg-muted px-1 font-medium text-foreground">
                            {t("deskSearch.internalMatch")}
                          </span>
                        ) : null}
                        <Highlighted segments={ticket.match.snippet} />
                      </span>
                    ) : null}
                    <span
                      className={cn(
                        "truncate text-xs text-muted-foreground lg:hidden",
                        !showRequester && "sm:hidden",
                      )}
                    >
                      <span className="tabular-nums sm:hidden">
                        #{ticket.number}
                        {showRequester ? " · " : ""}
                      </span>
                      {showRequester ? <bdi>{requester}</bdi> : null}
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
                {showRequester ? (
                  <TableCell dir="auto" className="hidden max-w-56 truncate align-top lg:table-cell">
                    {requester}
                  </TableCell>
                ) : null}
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
                      <span dir="auto" className="truncate">
                        {ticket.assignee.name ?? ticket.assignee.email}
                      </span>
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
