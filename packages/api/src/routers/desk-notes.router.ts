import {
  addTicketNoteInput,
  editTicketNoteInput,
  listTicketNotesInput,
  ticketNoteIdInput,
} from "@quartet/core/desk/tickets/ticket-note.schema";
import {
  addTicketNote,
  deleteTicketNote,
  editTicketNote,
  listTicketNotes,
} from "@quartet/core/desk/tickets/ticket-note.service";
import { orgProcedure, router } from "../trpc.ts";

/**
 * Notes pinned on a ticket's side panel: the workspace's people read them, agents write them and
 * edit or delete their own, admins delete any. No customer-facing router exposes them.
 */
export const deskNotesRouter = router({
  list: orgProcedure("MEMBER")
    .input(listTicketNotesInput)
    .query(({ ctx, input }) => listTicketNotes(ctx.deps, ctx.actor, input)),
  add: orgProcedure("AGENT")
    .input(addTicketNoteInput)
    .mutation(({ ctx, input }) => addTicketNote(ctx.deps, ctx.actor, input)),
  edit: orgProcedure("AGENT")
    .input(editTicketNoteInput)
    .mutation(({ ctx, input }) => editTicketNote(ctx.deps, ctx.actor, input)),
  delete: orgProcedure("AGENT")
    .input(ticketNoteIdInput)
    .mutation(({ ctx, input }) => deleteTicketNote(ctx.deps, ctx.actor, input)),
});
