import type { TicketPriority, TicketStatus } from "@quartet/db/enums";
import type { RouterInputs } from "../../lib/trpc.ts";

// The ticket list's state lives in its URL (shareable, back button). Parsed here, in a module
// of its own, so that the route loader can start the list's request before the page's code is in.

export type ViewFilters = NonNullable<RouterInputs["deskViews"]["create"]["filters"]>;
export type ViewSort = NonNullable<RouterInputs["deskViews"]["create"]["sort"]>;

/** The list's current state, as a view stores it. */
export interface ListState {
  filters: ViewFilters;
  sort: ViewSort;
}

export const TICKET_PAGE_SIZE = 25;
export const SORTS: readonly ViewSort[] = ["updatedAt", "createdAt", "priority", "slaDueAt"];
export const FILTER_PARAMS = ["status", "priority", "assignee", "team", "tag", "contact", "sort"] as const;

/** assignee/team take an id or "none" (unassigned). */
export function listStateFromParams(params: URLSearchParams): ListState {
  const assignee = params.get("assignee");
  const team = params.get("team");
  const sort = params.get("sort") as ViewSort | null;
  return {
    filters: {
      status: (params.get("status") as TicketStatus | null) ?? undefined,
      priority: (params.get("priority") as TicketPriority | null) ?? undefined,
      assigneeId: assignee === "none" ? null : (assignee ?? undefined),
      teamId: team === "none" ? null : (team ?? undefined),
      tag: params.get("tag") ?? undefined,
      contactId: params.get("contact") ?? undefined,
    },
    sort: sort && SORTS.includes(sort) ? sort : "updatedAt",
  };
}

/** Writes a list state into `params` (other keys, like the search text, are kept). */
export function writeListState(params: URLSearchParams, state: ListState): URLSearchParams {
  const p = new URLSearchParams(params);
  for (const k of FILTER_PARAMS) p.delete(k);
  const f = state.filters;
  if (f.status) p.set("status", f.status);
  if (f.priority) p.set("priority", f.priority);
  if (f.assigneeId !== undefined) p.set("assignee", f.assigneeId ?? "none");
  if (f.teamId !== undefined) p.set("team", f.teamId ?? "none");
  if (f.tag) p.set("tag", f.tag);
  if (f.contactId) p.set("contact", f.contactId);
  if (state.sort !== "updatedAt") p.set("sort", state.sort);
  return p;
}

/** The list's order while searching: best match unless the URL names one of the list's orders. */
export type SearchSort = ViewSort | "relevance";
export function searchSortFromParams(params: URLSearchParams): SearchSort {
  const sort = params.get("sort") as ViewSort | null;
  return sort && SORTS.includes(sort) ? sort : "relevance";
}

/**
 * The `deskTickets.list` input of a list state, searching for `q` when given (page and prefetch
 * must agree to share the cache). The search keeps the filters.
 */
export function ticketListInput(orgId: string, state: ListState, search?: { q: string; sort: SearchSort }) {
  if (search?.q) return { orgId, ...state.filters, q: search.q, sort: search.sort, limit: TICKET_PAGE_SIZE };
  return { orgId, ...state.filters, sort: state.sort, limit: TICKET_PAGE_SIZE };
}
