import type { DbOrTx } from "@quartet/db/client";

// Internal notes on conversations: read and written only here, never part of a message or a send.

export const noteSelect = {
  id: true,
  content: true,
  createdAt: true,
  updatedAt: true,
  conversationId: true,
  authorId: true,
  author: { select: { id: true, name: true, email: true } },
} as const;

export function insertNote(
  db: DbOrTx,
  data: { orgId: string; conversationId: string; authorId: string; content: string; now: Date },
) {
  return db.conversationNote.create({
    data: {
      organizationId: data.orgId,
      conversationId: data.conversationId,
      authorId: data.authorId,
      content: data.content,
      createdAt: data.now,
      updatedAt: data.now,
    },
    select: noteSelect,
  });
}

export function findNote(db: DbOrTx, orgId: string, noteId: string) {
  return db.conversationNote.findFirst({ where: { id: noteId, organizationId: orgId }, select: noteSelect });
}

export function updateNoteRow(db: DbOrTx, noteId: string, content: string, now: Date) {
  return db.conversationNote.update({
    where: { id: noteId },
    data: { content, updatedAt: now },
    select: noteSelect,
  });
}

export async function deleteNoteRow(db: DbOrTx, noteId: string) {
  await db.conversationNote.delete({ where: { id: noteId } });
}
