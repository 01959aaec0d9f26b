import { publishRealtime } from "../../realtime/publish-realtime.ts";
import type { TicketEvent, TicketEventSubscriber } from "./ticket-events.ts";

/** The `kind` of a `desk.ticket` live event: what the open ticket lists and views refetch for. */
export function liveKindOf(event: TicketEvent): string {
  switch (event.type) {
    case "ticket.created":
      return "created";
    case "ticket.updated":
      return event.changes.some((c) => c.field === "assigneeId") ? "assigned" : "updated";
    case "ticket.message_added":
      return event.isInternal ? "note_added" : "message_added";
    case "ticket.sla_warning":
      return "sla_warning";
    case "ticket.sla_breached":
      return "sla_breached";
    case "ticket.merged":
      return "merged";
  }
}

/**
 * Every ticket change becomes a `desk.ticket` event on the live channel, in the change's
 * transaction: open ticket lists and views of the workspace refetch within a second, on every web
 * process, and never for a change that rolled back.
 */
export const liveOnTicketEvent: TicketEventSubscriber = async (tx, _deps, event) => {
  const ticket = await tx.ticket.findUnique({ where: { id: event.ticketId }, select: { number: true } });
  if (!ticket) return;
  await publishRealtime(tx, {
    organizationId: event.orgId,
    topic: "desk.ticket",
    payload: { ticketId: event.ticketId, number: ticket.number, kind: liveKindOf(event) },
  });
};
