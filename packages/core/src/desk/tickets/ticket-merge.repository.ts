import type { DbOrTx } from "@quartet/db/client";

// Queries of the merge: locking both tickets and moving a ticket's rows to another one.

export interface MergeLockedTicket {
  id: string;
  number: number;
  status: string;
  tags: string[];
  mergedIntoId: string | null;
}

/** Locks the tickets in id order (two merges of the same pair in opposite directions can't deadlock). */
export async function lockTicketsForMerge(
  db: DbOrTx,
  orgId: string,
  ids: string[],
): Promise<Map<string, MergeLockedTicket>> {
  const locked = new Map<string, MergeLockedTicket>();
  for (const id of [...ids].sort()) {
    const rows = await db.$queryRaw<
      { id: string; number: number; status: string; tags: string[]; merged_into_id: string | null }[]
    >`
      SELECT id, number, status::text AS status, tags, merged_into_id FROM tickets
      WHERE id = ${id}::uuid AND organization_id = ${orgId}::uuid AND deleted_at IS NULL
      FOR UPDATE`;
    const row = rows[0];
    if (row)
      locked.set(id, {
        id: row.id,
        number: row.number,
        status: row.status,
        tags: row.tags,
        mergedIntoId: row.merged_into_id,
      });
  }
  return locked;
}

/** Moves the conversation and its history from one ticket to another (same workspace). */
export async function moveTicketChildren(db: DbOrTx, orgId: string, fromId: string, toId: string) {
  const where = { organizationId: orgId, ticketId: fromId };
  const data = { ticketId: toId };
  // One after the other: statements of one transaction share its connection.
  const messages = await db.ticketMessage.updateMany({ where, data });
  const notes = await db.ticketNote.updateMany({ where, data });
  const activities = await db.ticketActivity.updateMany({ where, data });
  // Files of messages follow their messages; those of the source's opening message (no message
  // row) stay with the description they belong to, on the source.
  const attachments = await db.deskAttachment.updateMany({
    where: { ...where, messageId: { not: null } },
    data,
  });
  const emailReferences = await db.ticketEmailReference.updateMany({ where, data });
  return {
    messages: messages.count,
    notes: notes.count,
    activities: activities.count,
    attachments: attachments.count,
    emailReferences: emailReferences.count,
  };
}
