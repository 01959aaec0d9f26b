import { z } from "zod";

// Ticket notes: short notes agents pin on a ticket's side panel ("VIP, call before closing").
// Agents only: never part of the conversation, the customer portal, mail or the tickets API.

/** The longest note: a few lines, not a message (those go in the thread as internal notes). */
export const TICKET_NOTE_MAX = 1000;

const noteText = z
  .string()
  .trim()
  .min(1, "Write the note first.")
  .max(TICKET_NOTE_MAX, `Keep notes under ${TICKET_NOTE_MAX.toLocaleString("en")} characters.`);

export const listTicketNotesInput = z.object({ orgId: z.uuid(), ticketId: z.uuid() });
export type ListTicketNotesInput = z.infer<typeof listTicketNotesInput>;

export const addTicketNoteInput = z.object({ orgId: z.uuid(), ticketId: z.uuid(), message: noteText });
export type AddTicketNoteInput = z.input<typeof addTicketNoteInput>;

export const editTicketNoteInput = z.object({ orgId: z.uuid(), noteId: z.uuid(), message: noteText });
export type EditTicketNoteInput = z.input<typeof editTicketNoteInput>;

export const ticketNoteIdInput = z.object({ orgId: z.uuid(), noteId: z.uuid() });
export type TicketNoteIdInput = z.infer<typeof ticketNoteIdInput>;

export interface TicketNoteItem {
  id: string;
  ticketId: string;
  message: string;
  createdAt: Date;
  /** Null until its author changes the text. */
  editedAt: Date | null;
  /** Null when the author's account is gone. */
  agent: { id: string; name: string | null; email: string; avatarUrl: string | null } | null;
  /** What the caller may do with it: its author edits and deletes; admins and owners delete any. */
  canEdit: boolean;
  canDelete: boolean;
}
