import type { DbOrTx } from "@quartet/db/client";
import { publishRealtime } from "../realtime/publish-realtime.ts";

// Tells open calendars that a post changed, inside the writer's transaction (the event exists only
// if the change commits). Ids and a kind only: the browser refetches through the post procedures.

export type PublishPostKind =
  | "created"
  | "updated"
  | "scheduled"
  | "deleted"
  | "publishing"
  | "published"
  | "retrying"
  | "failed";

export async function publishPostEvent(
  tx: DbOrTx,
  event: { organizationId: string; postId: string; group: string; kind: PublishPostKind },
): Promise<void> {
  await publishRealtime(tx, {
    organizationId: event.organizationId,
    topic: "publish.post",
    payload: { postId: event.postId, group: event.group, kind: event.kind },
  });
}
