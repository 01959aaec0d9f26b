import type { Tx } from "@quartet/db/client";

/**
 * A typed in-process event bus whose subscribers run inside the publisher's transaction: what they
 * queue (mail, jobs, notifications) commits or rolls back with the change that caused it.
 * Events know nothing of their listeners; the app subscribes them where it is composed
 * (`app-events.ts`).
 */
export interface EventBus<Event, D> {
  subscribe(subscriber: EventSubscriber<Event, D>): void;
  publish(tx: Tx, deps: D, event: Event): Promise<void>;
}

export type EventSubscriber<Event, D> = (tx: Tx, deps: D, event: Event) => Promise<void>;

export function createEventBus<Event, D>(): EventBus<Event, D> {
  const subscribers: EventSubscriber<Event, D>[] = [];
  return {
    subscribe: (subscriber) => {
      subscribers.push(subscriber);
    },
    publish: async (tx, deps, event) => {
      // In order, one after the other: they share the transaction's single connection.
      for (const subscriber of subscribers) await subscriber(tx, deps, event);
    },
  };
}
