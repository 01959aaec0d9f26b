import { z } from "zod";
import { text } from "../../text-input.ts";

const contentSchema = text().trim().min(1, "Write a note.").max(10_000, "Use at most 10,000 characters.");

export const addNoteInput = z.object({ orgId: z.uuid(), conversationId: z.uuid(), content: contentSchema });
export type AddNoteInput = z.input<typeof addNoteInput>;

export const editNoteInput = z.object({ orgId: z.uuid(), noteId: z.uuid(), content: contentSchema });
export type EditNoteInput = z.input<typeof editNoteInput>;

export const noteIdInput = z.object({ orgId: z.uuid(), noteId: z.uuid() });
export type NoteIdInput = z.infer<typeof noteIdInput>;
