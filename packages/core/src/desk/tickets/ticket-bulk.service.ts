import type { Deps, UserActor } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import { requireMembership } from "../../orgs/org-access.service.ts";
import { notifyBulkAssignment } from "../notifications/desk-notify.service.ts";
import * as repo from "./ticket.repository.ts";
import { formatTicketNumber } from "./ticket.schema.ts";
import { applyTicketUpdate, type TicketPatch } from "./ticket.service.ts";
import { type BulkUpdateTicketsInput, bulkUpdateTicketsInput } from "./ticket-bulk.schema.ts";

/**
 * Applies one change to up to 100 tickets through applyTicketUpdate (activities, SLA, events per
 * ticket) in a single transaction: all tickets change or none does. The first ticket that refuses
 * the change (e.g. a closed ticket asked to become pending) aborts the whole batch with an error
 * naming its number. Tickets are locked in id order so two overlapping batches can't deadlock.
 * A new assignee hears about the batch once (one in-app notification, at most one mail).
 */
export async function bulkUpdateTickets(
  deps: Deps,
  actor: UserActor,
  rawInput: BulkUpdateTicketsInput,
): Promise<{ updated: number }> {
  const { orgId, ticketIds, patch } = bulkUpdateTicketsInput.parse(rawInput);
  return deps.db.$transaction(
    async (tx) => {
      await requireMembership(tx, orgId, actor.userId, "AGENT");
      const tickets = await repo.findTicketsForBulk(tx, orgId, ticketIds);
      if (tickets.length !== ticketIds.length)
        throw new AppError("NOT_FOUND", "Some selected tickets no longer exist. Reload the list.", {
          ticketIds: "Some selected tickets no longer exist.",
        });
      let updated = 0;
      const assignedNow: string[] = [];
      for (const ticket of [...tickets].sort((a, b) => (a.id < b.id ? -1 : 1))) {
        const { addTags, ...fields } = patch;
        const ticketPatch: TicketPatch = { ...fields };
        if (addTags?.length) {
          // Tags read under the row lock: a concurrent edit can't be overwritten.
          const current = await repo.lockTicket(tx, orgId, ticket.id);
          const tags = [...new Set([...(current?.tags ?? ticket.tags), ...addTags])];
          if (tags.length > 20)
            throw new AppError(
              "BAD_REQUEST",
              `${formatTicketNumber(ticket.number)} would have more than 20 tags.`,
              {
                addTags: `${formatTicketNumber(ticket.number)} would have more than 20 tags.`,
              },
            );
          ticketPatch.tags = tags;
        }
        try {
          const changes = await applyTicketUpdate(
            tx,
            deps,
            { orgId, actorUserId: actor.userId, source: "agent", depth: 0, bulk: true },
            ticket.id,
            ticketPatch,
          );
          if (changes.length > 0) updated += 1;
          if (changes.some((c) => c.field === "assigneeId" && c.to)) assignedNow.push(ticket.id);
        } catch (error) {
          if (error instanceof AppError)
            throw new AppError(
              error.code,
              `${formatTicketNumber(ticket.number)}: ${error.message} No ticket was changed.`,
              error.fieldErrors,
              error.reason,
            );
          throw error;
        }
      }
      // One digest for the batch (the per-ticket events are marked bulk: no notice each).
      if (patch.assigneeId && assignedNow.length > 0)
        await notifyBulkAssignment(tx, deps, {
          orgId,
          actorUserId: actor.userId,
          assigneeId: patch.assigneeId,
          ticketIds: assignedNow,
        });
      return { updated };
    },
    { maxWait: 15_000, timeout: 60_000 },
  );
}
