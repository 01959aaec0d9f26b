import type { DbOrTx } from "@quartet/db/client";
import { insertRealtimeEvent } from "./realtime.repository.ts";
import { type RealtimePayload, type RealtimeTopic, realtimeTopics } from "./realtime-topics.ts";

/**
 * Tells every open browser of the workspace that something changed, as part of the caller's write:
 * call it with the transaction client. The event exists (and listeners hear of it) only if that
 * transaction commits; its position in the workspace's stream is its commit order. The payload is
 * checked against the topic's strict schema (ids and kinds only).
 *
 *   await publishRealtime(tx, { organizationId, topic: "inbox.message", payload: { conversationId, messageId, kind: "received" } });
 */
export async function publishRealtime<T extends RealtimeTopic>(
  tx: DbOrTx,
  event: { organizationId: string; topic: T; payload: RealtimePayload<T> },
): Promise<void> {
  const payload = realtimeTopics[event.topic].payload.parse(event.payload);
  await insertRealtimeEvent(tx, { orgId: event.organizationId, topic: event.topic, payload });
}
