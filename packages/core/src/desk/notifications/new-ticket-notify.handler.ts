import type { Tx } from "@quartet/db/client";
import { deskNewTicketNotifyJob } from "@quartet/jobs/definitions";
import type { JobPayload } from "@quartet/jobs/job-definition";
import { enqueue } from "@quartet/jobs/queue";
import type { Deps } from "../../deps.ts";
import type { NewTicketScope } from "../../notifications/notification-preference.schema.ts";
import type { TicketEvent, TicketEventDeps } from "../tickets/ticket-events.ts";
import { notifyAgent } from "./desk-notify.service.ts";
import * as repo from "./new-ticket-notify.repository.ts";

// New-ticket notices: each agent chooses which new tickets they hear about (their desk.new_ticket
// preference: off, all, unassigned, my teams). Creating a ticket only queues a job (one indexed
// check, one insert); the job finds the agents and notifies them.

const ACTIVE_SCOPES: NewTicketScope[] = ["all", "unassigned", "my_teams"];

/**
 * Ticket-event subscriber: on `ticket.created` queues `desk.new-ticket-notify` in the creating
 * transaction, unless no agent of the workspace wants new-ticket notices.
 */
export async function newTicketOnTicketEvent(
  tx: Tx,
  deps: TicketEventDeps,
  event: TicketEvent,
): Promise<void> {
  if (event.type !== "ticket.created") return;
  if (!(await repo.hasNewTicketSubscriber(tx, event.orgId, ACTIVE_SCOPES))) return;
  await enqueue(deps.boss, tx, deskNewTicketNotifyJob, { orgId: event.orgId, ticketId: event.ticketId });
}

/** Whether a subscriber with `scope` (and these teams) wants to hear about this ticket. */
export function wantsNewTicket(
  scope: string | null,
  teamIds: readonly string[],
  ticket: { assigneeId: string | null; teamId: string | null },
): boolean {
  switch (scope) {
    case "all":
      return true;
    case "unassigned":
      return ticket.assigneeId === null;
    case "my_teams":
      return ticket.teamId !== null && teamIds.includes(ticket.teamId);
    default:
      return false;
  }
}

const excerpt = (text: string) => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 280 ? `${flat.slice(0, 279)}…` : flat;
};

/**
 * `desk.new-ticket-notify`: in one transaction, tells every agent whose preference matches the
 * ticket (in the app and/or by mail, per their channels). Nobody hears about a ticket they created
 * themselves, and the assignee already got "assigned to you". Agents who already have the notice
 * (a retry after a commit) are skipped.
 */
export async function handleNewTicketNotify(
  deps: Pick<Deps, "db" | "boss" | "config">,
  payload: JobPayload<typeof deskNewTicketNotifyJob>,
): Promise<{ notified: number }> {
  return deps.db.$transaction(async (tx) => {
    const ticket = await repo.findNewTicket(tx, payload.orgId, payload.ticketId);
    if (!ticket) return { notified: 0 };
    const subscribers = await repo.findNewTicketSubscribers(tx, payload.orgId, ACTIVE_SCOPES);
    const link = `/w/${ticket.organization.slug}/desk/${ticket.id}`;
    const candidates = subscribers
      .filter((s) => s.userId !== ticket.createdById && s.userId !== ticket.assigneeId)
      .filter((s) => wantsNewTicket(s.scope, s.teamIds, ticket))
      .map((s) => s.userId);
    const already = await repo.findUsersNotifiedOf(tx, candidates, link);
    const requester = ticket.contact.name ?? ticket.contact.email ?? "a customer";
    let notified = 0;
    for (const userId of candidates) {
      if (already.has(userId)) continue;
      await notifyAgent(tx, deps, {
        orgId: payload.orgId,
        userId,
        type: "desk.new_ticket",
        title: `New ticket #${ticket.number}: ${ticket.subject}`.slice(0, 200),
        message: `${requester} opened #${ticket.number} “${ticket.subject}”: ${excerpt(ticket.description)}`,
        link,
      });
      notified++;
    }
    return { notified };
  });
}
