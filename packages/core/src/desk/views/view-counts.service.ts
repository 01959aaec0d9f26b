import type { Deps, UserActor } from "../../deps.ts";
import { requireMembership } from "../../orgs/org-access.service.ts";
import type { TicketListFiltersInput } from "../tickets/ticket.schema.ts";
import { listSavedViewsInput } from "./saved-view.schema.ts";
import { listSavedViews } from "./saved-view.service.ts";
import { countNotClosedTickets } from "./view-counts.repository.ts";

export interface TicketViewCounts {
  /** Tickets not closed: the workspace's open work. */
  all: number;
  mine: number;
  unassigned: number;
  /** Each saved view the caller sees; null for a view of closed tickets (the archive has no count). */
  views: { id: string; count: number | null }[];
}

/**
 * The counts shown on the views bar: All, Mine, Unassigned and each saved view the caller sees,
 * counting tickets that are not closed, in one query.
 */
export async function countTicketViews(
  deps: Deps,
  actor: UserActor,
  rawInput: { orgId: string },
): Promise<TicketViewCounts> {
  const input = listSavedViewsInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "MEMBER");
  const views = await listSavedViews(deps, actor, input);
  const counted = views.filter((v) => v.filters.status !== "CLOSED");
  const sets: TicketListFiltersInput[] = [
    {},
    { assigneeId: actor.userId },
    { assigneeId: null },
    ...counted.map((v) => v.filters),
  ];
  const [all = 0, mine = 0, unassigned = 0, ...rest] = await countNotClosedTickets(
    deps.db,
    input.orgId,
    sets,
  );
  const byId = new Map(counted.map((v, i) => [v.id, rest[i] ?? 0]));
  return { all, mine, unassigned, views: views.map((v) => ({ id: v.id, count: byId.get(v.id) ?? null })) };
}
