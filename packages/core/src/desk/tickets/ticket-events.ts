import type { Tx } from "@quartet/db/client";
import type { Deps } from "../../deps.ts";
import { createEventBus, type EventBus } from "../../events/event-bus.ts";

/** Who caused an event: an agent in the app, the customer (portal or mail), an automation rule, or the system (jobs). */
export type TicketEventSource = "agent" | "customer" | "email" | "automation" | "system";

export type TicketField = "status" | "priority" | "assigneeId" | "teamId" | "tags" | "customFields";

export interface TicketFieldChange {
  field: TicketField;
  from: unknown;
  to: unknown;
}

interface TicketEventBase {
  orgId: string;
  ticketId: string;
  /** The agent who acted, when one did. */
  actorUserId: string | null;
  source: TicketEventSource;
  /** Automation hops that led here (0 for a person's action); automation stops past a limit. */
  depth: number;
  at: Date;
  /** Part of a bulk action: agents get one digest for the batch instead of a notice per ticket. */
  bulk?: boolean;
}

export type TicketEvent =
  | (TicketEventBase & { type: "ticket.created" })
  | (TicketEventBase & { type: "ticket.updated"; changes: TicketFieldChange[] })
  | (TicketEventBase & {
      type: "ticket.message_added";
      messageId: string;
      isInternal: boolean;
      author: "agent" | "customer";
    })
  | (TicketEventBase & { type: "ticket.sla_warning" | "ticket.sla_breached" })
  | (TicketEventBase & { type: "ticket.merged"; survivorId: string });

export type TicketEventDeps = Pick<Deps, "boss" | "clock" | "config" | "log" | "events">;

/** A reaction to ticket events, run inside the transaction of the change that caused them. */
export type TicketEventSubscriber = (tx: Tx, deps: TicketEventDeps, event: TicketEvent) => Promise<void>;

export function createTicketEventBus(): EventBus<TicketEvent, TicketEventDeps> {
  return createEventBus<TicketEvent, TicketEventDeps>();
}

/**
 * Runs every subscriber in the caller's transaction: mail, notifications and automation jobs are
 * queued with the change, or not at all when it rolls back.
 */
export function publishTicketEvent(tx: Tx, deps: TicketEventDeps, event: TicketEvent): Promise<void> {
  return deps.events.ticket.publish(tx, deps, event);
}
