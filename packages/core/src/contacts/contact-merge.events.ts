import type { Tx } from "@quartet/db/client";
import { insertActivities } from "../desk/tickets/ticket.repository.ts";
import type { ContactEvent, ContactEventDeps } from "./contact-events.ts";
import { findTicketIdsOfContact } from "./contact-tickets.repository.ts";

/**
 * Desk's reaction to a contact merge: each ticket the duplicate requested gets a
 * `requester_merged` activity (from whom to whom, by which agent) before it moves to the survivor.
 * Subscribed in app-events.ts; stays an `async function` declaration.
 */
export async function deskOnContactEvent(
  tx: Tx,
  _deps: ContactEventDeps,
  event: ContactEvent,
): Promise<void> {
  if (event.type !== "contact.merged") return;
  const ticketIds = await findTicketIdsOfContact(tx, event.orgId, event.source.id);
  await insertActivities(
    tx,
    ticketIds.map((ticketId) => ({
      orgId: event.orgId,
      ticketId,
      actorId: event.actorUserId,
      actionType: "requester_merged",
      oldValue: { ...event.source },
      newValue: { ...event.target },
      now: event.at,
    })),
  );
}
