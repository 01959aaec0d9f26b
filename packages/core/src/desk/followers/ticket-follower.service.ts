import type { Deps, UserActor } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import { requireMembership } from "../../orgs/org-access.service.ts";
import { findAssignableMember } from "../tickets/ticket.repository.ts";
import * as repo from "./ticket-follower.repository.ts";
import {
  type FollowTicketInput,
  followTicketInput,
  type TicketFollowersDto,
  type TicketFollowersInput,
  ticketFollowersInput,
} from "./ticket-follower.schema.ts";

// Followers: agents who hear about a ticket they don't own — its customer replies, agent replies,
// internal notes and status changes (desk-notify.service.ts), per their notification preferences.

const ticketNotFound = () => new AppError("NOT_FOUND", "Ticket not found.");

/** Who follows the ticket, oldest first, and whether the caller does. */
export async function listTicketFollowers(
  deps: Deps,
  actor: UserActor,
  rawInput: TicketFollowersInput,
): Promise<TicketFollowersDto> {
  const input = ticketFollowersInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "MEMBER");
  if (!(await repo.findTicket(deps.db, input.orgId, input.ticketId))) throw ticketNotFound();
  const followers = await repo.findFollowers(deps.db, input.orgId, input.ticketId);
  return { followers, following: followers.some((f) => f.userId === actor.userId) };
}

/**
 * The caller follows the ticket, or adds another agent of the workspace (`userId`) as a follower.
 * Following twice is a no-op.
 */
export async function followTicket(
  deps: Deps,
  actor: UserActor,
  rawInput: FollowTicketInput,
): Promise<TicketFollowersDto> {
  const input = followTicketInput.parse(rawInput);
  const userId = input.userId ?? actor.userId;
  await deps.db.$transaction(async (tx) => {
    await requireMembership(tx, input.orgId, actor, "AGENT");
    if (!(await repo.findTicket(tx, input.orgId, input.ticketId))) throw ticketNotFound();
    if (userId !== actor.userId && !(await findAssignableMember(tx, input.orgId, userId))) {
      throw new AppError("BAD_REQUEST", "Only agents of this workspace can follow tickets.", {
        userId: "Choose an agent of this workspace.",
      });
    }
    await repo.insertFollower(tx, {
      orgId: input.orgId,
      ticketId: input.ticketId,
      userId,
      addedById: actor.userId,
      now: deps.clock.now(),
    });
  });
  return listTicketFollowers(deps, actor, input);
}

/** The caller stops following the ticket, or removes another follower (`userId`). */
export async function unfollowTicket(
  deps: Deps,
  actor: UserActor,
  rawInput: FollowTicketInput,
): Promise<TicketFollowersDto> {
  const input = followTicketInput.parse(rawInput);
  await deps.db.$transaction(async (tx) => {
    await requireMembership(tx, input.orgId, actor, "AGENT");
    if (!(await repo.findTicket(tx, input.orgId, input.ticketId))) throw ticketNotFound();
    await repo.deleteFollower(tx, input.orgId, input.ticketId, input.userId ?? actor.userId);
  });
  return listTicketFollowers(deps, actor, input);
}
