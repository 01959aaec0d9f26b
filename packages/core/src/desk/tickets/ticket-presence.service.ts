import type { Deps, UserActor } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import { atLeast, requireMembership } from "../../orgs/org-access.service.ts";
import * as presence from "../../presence/presence.service.ts";
import * as repo from "./ticket-presence.repository.ts";
import {
  type TicketPresence,
  type TicketPresenceBeatInput,
  type TicketPresenceInput,
  ticketPresenceBeatInput,
  ticketPresenceInput,
} from "./ticket-presence.schema.ts";

// Collision detection on tickets: each open ticket page beats every few seconds ("viewing", or
// "typing" while the agent writes a reply) and shows the others. Anyone who may read the ticket
// (MEMBER+) is seen viewing; typing is for those who may reply (AGENT+). A heartbeat costs one
// statement (ticket check + upsert + newest message) and one select (the others).

const ticketNotFound = () => new AppError("NOT_FOUND", "Ticket not found.");

const keyOf = (input: TicketPresenceInput, userId: string) => ({
  orgId: input.orgId,
  kind: "DESK_TICKET" as const,
  resourceId: input.ticketId,
  userId,
});

/** The caller is on the ticket (viewing or typing): records it, returns the others and the newest message. */
export async function beatTicketPresence(
  deps: Deps,
  actor: UserActor,
  rawInput: TicketPresenceBeatInput,
): Promise<TicketPresence> {
  const input = ticketPresenceBeatInput.parse(rawInput);
  const { role } = await requireMembership(deps.db, input.orgId, actor, "MEMBER");
  if (input.state === "TYPING" && !atLeast(role, "AGENT")) {
    throw new AppError("FORBIDDEN", "Your role in this workspace doesn't allow replying to tickets.");
  }
  const head = await repo.touchTicketPresence(deps.db, {
    orgId: input.orgId,
    ticketId: input.ticketId,
    userId: actor.userId,
    state: input.state,
    now: deps.clock.now(),
  });
  if (!head) throw ticketNotFound();
  const others = await presence.listOthers(deps, keyOf(input, actor.userId));
  return { others, latestMessage: head.latestMessage };
}

/** Who else is on the ticket, without announcing the caller. */
export async function listTicketPresence(
  deps: Deps,
  actor: UserActor,
  rawInput: TicketPresenceInput,
): Promise<TicketPresence> {
  const input = ticketPresenceInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "MEMBER");
  const head = await repo.touchTicketPresence(deps.db, {
    orgId: input.orgId,
    ticketId: input.ticketId,
    userId: actor.userId,
    state: null,
    now: deps.clock.now(),
  });
  if (!head) throw ticketNotFound();
  const others = await presence.listOthers(deps, keyOf(input, actor.userId));
  return { others, latestMessage: head.latestMessage };
}

/** The caller closed the ticket. Idempotent; a ticket gone since is no error (nothing to say). */
export async function leaveTicketPresence(
  deps: Deps,
  actor: UserActor,
  rawInput: TicketPresenceInput,
): Promise<{ ok: true }> {
  const input = ticketPresenceInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "MEMBER");
  await presence.leave(deps, keyOf(input, actor.userId));
  return { ok: true };
}
