import type { Tx } from "@quartet/db/client";
import type { ContactEvent, ContactEventDeps } from "../contacts/contact-events.ts";
import { publishInboxEvent } from "./inbox-realtime.ts";

/**
 * Inbox's reaction to a contact merge: each conversation of the duplicate is about to show the
 * contact that stays (name, other channels), so open inbox screens are told to refetch it.
 * Subscribed in app-events.ts; runs in the merge's transaction, before the rows move.
 */
export async function inboxOnContactEvent(
  tx: Tx,
  _deps: ContactEventDeps,
  event: ContactEvent,
): Promise<void> {
  if (event.type !== "contact.merged") return;
  const conversations = await tx.conversation.findMany({
    where: { organizationId: event.orgId, contactId: event.source.id },
    select: { id: true },
  });
  for (const c of conversations) {
    await publishInboxEvent(tx, {
      topic: "inbox.conversation",
      organizationId: event.orgId,
      conversationId: c.id,
      kind: "updated",
    });
  }
}
