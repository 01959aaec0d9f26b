import type { Deps, UserActor } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import { requireMembership } from "../../orgs/org-access.service.ts";
import * as repo from "./ticket.repository.ts";
import { formatTicketNumber } from "./ticket.schema.ts";
import { getTicket, type TicketDetail } from "./ticket.service.ts";
import { publishTicketEvent } from "./ticket-events.ts";
import * as mergeRepo from "./ticket-merge.repository.ts";
import { type MergeTicketsInput, mergeTicketsInput } from "./ticket-merge.schema.ts";

/**
 * Merges a duplicate (source) into the survivor (target): messages, notes, activities,
 * attachments and mail thread references move to the survivor, which also gets the union of the
 * tags. The source is closed and points to the survivor (`mergedIntoId`); each side gets an
 * activity (`merged_into` / `merged_from`) and `ticket.merged` is published. Returns the survivor.
 */
export async function mergeTickets(
  deps: Deps,
  actor: UserActor,
  rawInput: MergeTicketsInput,
): Promise<TicketDetail> {
  const input = mergeTicketsInput.parse(rawInput);
  await deps.db.$transaction(
    async (tx) => {
      await requireMembership(tx, input.orgId, actor.userId, "AGENT");
      const locked = await mergeRepo.lockTicketsForMerge(tx, input.orgId, [input.sourceId, input.targetId]);
      const source = locked.get(input.sourceId);
      const target = locked.get(input.targetId);
      if (!source) throw new AppError("NOT_FOUND", "Ticket not found.");
      if (!target)
        throw new AppError("NOT_FOUND", "The ticket to merge into was not found.", {
          targetId: "Choose a ticket of this workspace.",
        });
      if (source.mergedIntoId)
        throw new AppError(
          "PRECONDITION_FAILED",
          `${formatTicketNumber(source.number)} was already merged into another ticket.`,
          undefined,
          "ALREADY_MERGED",
        );
      if (target.mergedIntoId)
        throw new AppError(
          "PRECONDITION_FAILED",
          `${formatTicketNumber(target.number)} was merged into another ticket: merge into that one instead.`,
          { targetId: `${formatTicketNumber(target.number)} was itself merged into another ticket.` },
          "TARGET_MERGED",
        );

      const now = deps.clock.now();
      // Moved before the merge activities are written, so those stay on their own ticket.
      await mergeRepo.moveTicketChildren(tx, input.orgId, source.id, target.id);
      const tags = [...new Set([...target.tags, ...source.tags])].slice(0, 20);
      await repo.updateTicketRow(tx, source.id, {
        mergedIntoId: target.id,
        status: "CLOSED",
        closedAt: now,
        statusChangedAt: now,
        updatedAt: now,
      });
      await repo.updateTicketRow(tx, target.id, { tags, updatedAt: now });
      await repo.insertActivities(tx, [
        {
          orgId: input.orgId,
          ticketId: source.id,
          actorId: actor.userId,
          actionType: "merged_into",
          oldValue: { status: source.status },
          newValue: { ticketId: target.id, number: target.number },
          now,
        },
        {
          orgId: input.orgId,
          ticketId: target.id,
          actorId: actor.userId,
          actionType: "merged_from",
          oldValue: { tags: target.tags },
          newValue: { ticketId: source.id, number: source.number, tags },
          now,
        },
      ]);
      await publishTicketEvent(tx, deps, {
        type: "ticket.merged",
        orgId: input.orgId,
        ticketId: source.id,
        survivorId: target.id,
        actorUserId: actor.userId,
        source: "agent",
        depth: 0,
        at: now,
      });
    },
    { maxWait: 15_000, timeout: 15_000 },
  );
  return getTicket(deps, actor, { orgId: input.orgId, ticketId: input.targetId });
}
