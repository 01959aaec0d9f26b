import { addNoteInput, editNoteInput, noteIdInput } from "@quartet/core/inbox/notes/note.schema";
import { addNote, deleteNote, editNote } from "@quartet/core/inbox/notes/note.service";
import { orgProcedure, router } from "../trpc.ts";

/**
 * Internal notes on a conversation (read with inboxConversations.get): never sent to the contact.
 * Agents write them, the author edits theirs, admins delete any.
 */
export const inboxNotesRouter = router({
  add: orgProcedure("AGENT")
    .input(addNoteInput)
    .mutation(({ ctx, input }) => addNote(ctx.deps, ctx.actor, input)),
  edit: orgProcedure("AGENT")
    .input(editNoteInput)
    .mutation(({ ctx, input }) => editNote(ctx.deps, ctx.actor, input)),
  delete: orgProcedure("AGENT")
    .input(noteIdInput)
    .mutation(({ ctx, input }) => deleteNote(ctx.deps, ctx.actor, input)),
});
