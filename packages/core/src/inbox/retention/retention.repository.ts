import type { DbOrTx } from "@quartet/db/client";

// What the retention job deletes: a workspace's messages older than its plan's history, oldest
// first, a batch per statement (messages (organization_id, created_at) serves it).

/** Deletes up to `take` messages created before `before`; returns what the caller must clean up. */
export function deleteOldMessages(db: DbOrTx, orgId: string, before: Date, take: number) {
  return db.$queryRaw<
    { conversation_id: string; media_url: string | null; media_thumbnail: string | null }[]
  >`
    WITH doomed AS (
      SELECT id FROM messages
      WHERE organization_id = ${orgId}::uuid AND created_at < ${before}::timestamptz
      ORDER BY created_at
      LIMIT ${take}
      FOR UPDATE SKIP LOCKED
    )
    DELETE FROM messages m USING doomed WHERE m.id = doomed.id
    RETURNING m.conversation_id, m.media_url, m.media_thumbnail`;
}

/**
 * Keeps the touched conversations' list rows true: a conversation left without messages shows no
 * preview, and unread counts never exceed the contact's unread messages still there.
 */
export async function settleConversations(db: DbOrTx, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.$executeRaw`
    UPDATE conversations c SET
      last_message_preview = CASE WHEN EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id)
                                  THEN c.last_message_preview ELSE NULL END,
      unread_count = LEAST(c.unread_count, (
        SELECT count(*) FROM messages m
        WHERE m.conversation_id = c.id AND m.direction = 'INBOUND' AND m.status = 'DELIVERED'))::int
    WHERE c.id = ANY(${ids}::uuid[])`;
}

/** Workspaces with messages, a page at a time. */
export async function workspacesWithMessages(db: DbOrTx, after: string | null, take: number) {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT o.id FROM organizations o
    WHERE (${after}::uuid IS NULL OR o.id > ${after}::uuid)
      AND EXISTS (SELECT 1 FROM conversations c WHERE c.organization_id = o.id)
    ORDER BY o.id
    LIMIT ${take}`;
  return rows.map((r) => r.id);
}
