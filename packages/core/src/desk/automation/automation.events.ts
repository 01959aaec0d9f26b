import type { Tx } from "@quartet/db/client";
import { deskAutomationJob } from "@quartet/jobs/definitions";
import { enqueue } from "@quartet/jobs/queue";
import type { TicketEvent, TicketEventDeps } from "../tickets/ticket-events.ts";
import { type AutomationTrigger, MAX_AUTOMATION_DEPTH } from "./automation.catalog.ts";
import { hasEnabledRule } from "./automation.repository.ts";

/** Rule triggers a ticket event fires, or none (merges start no rules). */
export function triggersOf(event: TicketEvent): AutomationTrigger[] {
  switch (event.type) {
    case "ticket.created":
      return ["ticket.created"];
    case "ticket.updated":
      return ["ticket.updated", "ticket.field_changed"];
    case "ticket.message_added":
      return event.author === "customer" && !event.isInternal ? ["ticket.customer_replied"] : [];
    case "ticket.sla_warning":
      return ["ticket.sla_warning"];
    case "ticket.sla_breached":
      return ["ticket.sla_breached"];
    default:
      return [];
  }
}

/**
 * Ticket-event subscriber: queues a `desk.automation` job in the caller's transaction, so rules
 * run only for changes that commit. Nothing is queued when the workspace has no enabled rule for
 * the event's triggers (an indexed lookup), or when the event already comes MAX_AUTOMATION_DEPTH
 * hops deep: rules changing tickets fire events that start rules, and this bounds such loops.
 */
export async function automationOnTicketEvent(
  tx: Tx,
  deps: TicketEventDeps,
  event: TicketEvent,
): Promise<void> {
  if (event.depth >= MAX_AUTOMATION_DEPTH) return;
  const triggers = triggersOf(event);
  if (triggers.length === 0) return;
  if (!(await hasEnabledRule(tx, event.orgId, triggers))) return;
  await enqueue(deps.boss, tx, deskAutomationJob, {
    orgId: event.orgId,
    ticketId: event.ticketId,
    triggers,
    changedFields: event.type === "ticket.updated" ? event.changes.map((c) => c.field) : [],
    depth: event.depth,
    eventType: event.type,
    at: event.at.toISOString(),
  });
}
