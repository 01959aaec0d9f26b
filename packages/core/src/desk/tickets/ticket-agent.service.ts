import type { Deps, UserActor } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import { requireMembership } from "../../orgs/org-access.service.ts";
import { type SearchTicketsInput, searchTicketsInput } from "./ticket.schema.ts";
import { getTicket, searchTickets, type TicketDetail } from "./ticket.service.ts";
import * as repo from "./ticket-agent.repository.ts";
import {
  type ListTicketTagsInput,
  listTicketTagsInput,
  type TicketByNumberInput,
  ticketByNumberInput,
} from "./ticket-agent.schema.ts";
import type { TicketSearchHit } from "./ticket-search.service.ts";

/** The workspace's tags with their ticket counts (tag autocomplete, the list's tag filter). */
export async function listTicketTags(
  deps: Deps,
  actor: UserActor,
  rawInput: ListTicketTagsInput,
): Promise<{ items: { tag: string; count: number }[] }> {
  const input = listTicketTagsInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "MEMBER");
  const items = await repo.listWorkspaceTags(deps.db, input.orgId, input.q || null, input.limit);
  return { items };
}

/** A ticket by its number in the workspace (`/w/<slug>/desk/1042`); NOT_FOUND when it has none. */
export async function getTicketByNumber(
  deps: Deps,
  actor: UserActor,
  rawInput: TicketByNumberInput,
): Promise<TicketDetail> {
  const input = ticketByNumberInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "MEMBER");
  const row = await repo.findTicketByNumber(deps.db, input.orgId, input.number);
  if (!row) throw new AppError("NOT_FOUND", "Ticket not found.");
  return getTicket(deps, actor, { orgId: input.orgId, ticketId: row.id });
}

/**
 * The ticket search, where `#1042` (or `1042`) also finds ticket #1042: that ticket comes first,
 * followed by the full-text matches (see ticket-search.repository.ts).
 */
export function searchTicketsOrNumber(
  deps: Deps,
  actor: UserActor,
  rawInput: SearchTicketsInput,
): Promise<{ items: TicketSearchHit[] }> {
  return searchTickets(deps, actor, searchTicketsInput.parse(rawInput));
}
