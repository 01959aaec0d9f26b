import {
  listStateFromParams,
  searchSortFromParams,
  ticketListInput,
} from "../pages/desk/ticket-list-state.ts";
import { workspaceIds } from "./storage.ts";
import { queryUtils } from "./trpc.ts";

// Route loaders start a screen's first requests while its code downloads, all in the same tick,
// so the batch link sends them as one request: no session → workspaces → data waterfall. The
// screens then read the same cache. Errors are left to the screens' own queries.

/** Everything behind sign-in needs the session, the workspaces and the unread count. */
export function prefetchSignedIn(): null {
  void queryUtils.auth.session.prefetch();
  void queryUtils.orgs.list.prefetch();
  void queryUtils.notifications.unreadCount.prefetch();
  return null;
}

/** The ticket list's first page, when this device has seen the workspace before. */
export function prefetchTicketList({
  params,
  request,
}: {
  params: { slug?: string };
  request: Request;
}): null {
  const search = new URL(request.url).searchParams;
  const orgId = params.slug ? workspaceIds.get(params.slug) : null;
  if (orgId) {
    const q = search.get("q")?.trim() ?? "";
    void queryUtils.deskTickets.list.prefetchInfinite(
      ticketListInput(orgId, listStateFromParams(search), { q, sort: searchSortFromParams(search) }),
    );
  }
  return null;
}
