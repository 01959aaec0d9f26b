import type { DbOrTx } from "@quartet/db/client";

// The only code that reads or writes ticket notes. Every query is scoped by organizationId.

const noteSelect = {
  id: true,
  ticketId: true,
  agentId: true,
  message: true,
  createdAt: true,
  editedAt: true,
  agent: { select: { id: true, name: true, email: true, avatarUrl: true } },
} as const;

/** Whether the (not deleted) ticket is in the workspace. */
export async function ticketExists(db: DbOrTx, orgId: string, ticketId: string): Promise<boolean> {
  const row = await db.ticket.findFirst({
    where: { id: ticketId, organizationId: orgId, deletedAt: null },
    select: { id: true },
  });
  return row !== null;
}

/** The ticket's notes, newest first. */
export function listNotes(db: DbOrTx, orgId: string, ticketId: string) {
  return db.ticketNote.findMany({
    where: { organizationId: orgId, ticketId, ticket: { deletedAt: null } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: noteSelect,
  });
}

/** A note of the workspace whose ticket still exists. */
export function findNote(db: DbOrTx, orgId: string, noteId: string) {
  return db.ticketNote.findFirst({
    where: { id: noteId, organizationId: orgId, ticket: { deletedAt: null } },
    select: noteSelect,
  });
}

export function insertNote(
  db: DbOrTx,
  data: { orgId: string; ticketId: string; agentId: string; message: string; now: Date },
) {
  return db.ticketNote.create({
    data: {
      organizationId: data.orgId,
      ticketId: data.ticketId,
      agentId: data.agentId,
      message: data.message,
      createdAt: data.now,
    },
    select: noteSelect,
  });
}

/** Changes the text when `agentId` still wrote it (compare-and-set); null when not. */
export async function updateOwnNote(
  db: DbOrTx,
  data: { orgId: string; noteId: string; agentId: string; message: string; now: Date },
) {
  const { count } = await db.ticketNote.updateMany({
    where: { id: data.noteId, organizationId: data.orgId, agentId: data.agentId },
    data: { message: data.message, editedAt: data.now },
  });
  return count === 1 ? findNote(db, data.orgId, data.noteId) : null;
}

export async function deleteNote(db: DbOrTx, orgId: string, noteId: string): Promise<boolean> {
  const { count } = await db.ticketNote.deleteMany({ where: { id: noteId, organizationId: orgId } });
  return count === 1;
}
