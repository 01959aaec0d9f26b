import type { Tx } from "@quartet/db/client";
import { publishRealtime } from "../realtime/publish-realtime.ts";

// The one call every inbox service makes to tell open browsers about a change: it writes the event
// in the writer's transaction (helper C's publishRealtime), so the event exists only if the change
// commits and reaches the listeners in commit order. Payloads carry ids and kinds, never message
// bodies: a browser refetches what it is allowed to see.

/** What happened to a conversation (the list row and the header of the thread). */
export type InboxConversationKind =
  | "created"
  | "updated"
  | "read"
  | "status"
  | "snoozed"
  | "assigned"
  | "labels"
  | "notes"
  | "ticket"
  | "deleted";

export type InboxRealtimeEvent =
  | {
      topic: "inbox.conversation";
      organizationId: string;
      conversationId: string;
      kind: InboxConversationKind;
    }
  | {
      topic: "inbox.message";
      organizationId: string;
      conversationId: string;
      messageId: string;
      kind: "created" | "status" | "reaction" | "deleted";
    };

/** Publishes one inbox event inside `tx` (after the writes it describes). */
export async function publishInboxEvent(tx: Tx, event: InboxRealtimeEvent): Promise<void> {
  if (event.topic === "inbox.conversation") {
    await publishRealtime(tx, {
      organizationId: event.organizationId,
      topic: "inbox.conversation",
      payload: { conversationId: event.conversationId, kind: event.kind },
    });
    return;
  }
  await publishRealtime(tx, {
    organizationId: event.organizationId,
    topic: "inbox.message",
    payload: { conversationId: event.conversationId, messageId: event.messageId, kind: event.kind },
  });
}

/** Several events of one transaction, in order. */
export async function publishInboxEvents(tx: Tx, events: readonly InboxRealtimeEvent[]): Promise<void> {
  for (const event of events) await publishInboxEvent(tx, event);
}
