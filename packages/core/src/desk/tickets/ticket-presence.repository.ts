import type { DbOrTx } from "@quartet/db/client";
import type { PresenceState } from "@quartet/db/enums";
import type { LatestTicketMessage } from "./ticket-presence.schema.ts";

// Ticket side of presence, one statement per heartbeat: the (not deleted) ticket of the workspace,
// the caller's presence upserted only if that ticket exists, and the ticket's newest message.
// No row back means no such ticket here. (A data-modifying CTE always runs, read or not.)

interface HeadRow {
  messageId: string | null;
  authorUserId: string | null;
  authorName: string | null;
  createdAt: Date | null;
}

function toLatest(row: HeadRow, userId: string): LatestTicketMessage | null {
  if (!row.messageId || !row.createdAt) return null;
  return {
    id: row.messageId,
    byMe: row.authorUserId === userId,
    authorName: row.authorName,
    createdAt: row.createdAt,
  };
}

/**
 * Heartbeat of `userId` on the ticket (`state` null: read only, nothing written). Returns null when
 * the ticket isn't a live ticket of the workspace, else its newest message (null if none).
 */
export async function touchTicketPresence(
  db: DbOrTx,
  input: { orgId: string; ticketId: string; userId: string; state: PresenceState | null; now: Date },
): Promise<{ latestMessage: LatestTicketMessage | null } | null> {
  const rows = await db.$queryRaw<HeadRow[]>`
    WITH t AS (
      SELECT id FROM tickets
      WHERE id = ${input.ticketId}::uuid AND organization_id = ${input.orgId}::uuid AND deleted_at IS NULL
    ), up AS (
      INSERT INTO presences (organization_id, resource_kind, resource_id, user_id, state, last_seen_at)
      SELECT ${input.orgId}::uuid, 'DESK_TICKET', t.id, ${input.userId}::uuid,
             ${input.state}::presence_state, ${input.now}
      FROM t WHERE ${input.state}::presence_state IS NOT NULL
      ON CONFLICT (resource_kind, resource_id, user_id)
      DO UPDATE SET state = EXCLUDED.state, last_seen_at = EXCLUDED.last_seen_at
      RETURNING 1
    )
    SELECT m.id AS "messageId", m.author_user_id AS "authorUserId", m.created_at AS "createdAt",
           coalesce(u.name, u.email, c.name, c.email) AS "authorName"
    FROM t
    LEFT JOIN LATERAL (
      SELECT id, author_user_id, author_contact_id, created_at FROM ticket_messages
      WHERE ticket_id = t.id ORDER BY seq DESC LIMIT 1
    ) m ON true
    LEFT JOIN users u ON u.id = m.author_user_id
    LEFT JOIN contacts c ON c.id = m.author_contact_id`;
  const row = rows[0];
  return row ? { latestMessage: toLatest(row, input.userId) } : null;
}
