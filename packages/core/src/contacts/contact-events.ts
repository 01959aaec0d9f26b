import type { Tx } from "@quartet/db/client";
import type { Deps } from "../deps.ts";
import { createEventBus, type EventBus } from "../events/event-bus.ts";

// Events of the shared Contact. Modules that keep their own rows about a contact (Desk tickets
// today, Inbox conversations next) react to them; contacts know nothing of their listeners
// (subscribed in app-events.ts).

/** What a subscriber may want to say about each side of a merge (activity, audit). */
export interface MergedContactSnapshot {
  id: string;
  name: string | null;
  email: string | null;
}

export type ContactEvent = {
  type: "contact.merged";
  orgId: string;
  /** The duplicate, deleted by the merge. */
  source: MergedContactSnapshot;
  /** The contact that stays and receives everything. */
  target: MergedContactSnapshot;
  actorUserId: string;
  at: Date;
};

export type ContactEventDeps = Pick<Deps, "boss" | "clock" | "config" | "log">;

export type ContactEventSubscriber = (tx: Tx, deps: ContactEventDeps, event: ContactEvent) => Promise<void>;

export function createContactEventBus(): EventBus<ContactEvent, ContactEventDeps> {
  return createEventBus<ContactEvent, ContactEventDeps>();
}

/**
 * Runs every subscriber inside the merge's transaction, BEFORE the source's rows move to the target:
 * a module still finds its rows under `source.id` (to log what moves); the move itself is generic.
 */
export function publishContactEvent(
  tx: Tx,
  deps: ContactEventDeps & Pick<Deps, "events">,
  event: ContactEvent,
): Promise<void> {
  return deps.events.contact.publish(tx, deps, event);
}
