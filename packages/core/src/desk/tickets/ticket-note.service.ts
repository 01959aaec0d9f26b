import type { MemberRole } from "@quartet/db/enums";
import type { Deps, UserActor } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import { atLeast, requireMembership } from "../../orgs/org-access.service.ts";
import * as repo from "./ticket-note.repository.ts";
import {
  type AddTicketNoteInput,
  addTicketNoteInput,
  type EditTicketNoteInput,
  editTicketNoteInput,
  type ListTicketNotesInput,
  listTicketNotesInput,
  type TicketNoteIdInput,
  type TicketNoteItem,
  ticketNoteIdInput,
} from "./ticket-note.schema.ts";

// Notes pinned on a ticket's side panel, for the workspace's people only. Members read them (they
// read the whole ticket, internal messages included); agents add notes and edit or delete their
// own; admins and owners may also delete anyone's (clean-up after someone leaves, a note that
// should not be there), but never rewrite another person's words. Nothing here publishes a ticket
// event: a note sends no mail, runs no automation and never reaches a customer-facing path.

const ticketNotFound = () => new AppError("NOT_FOUND", "Ticket not found.");
const noteNotFound = () => new AppError("NOT_FOUND", "This note no longer exists.");

type NoteRow = NonNullable<Awaited<ReturnType<typeof repo.findNote>>>;

const canDeleteNote = (note: NoteRow, userId: string, role: MemberRole) =>
  note.agentId === userId ? atLeast(role, "AGENT") : atLeast(role, "ADMIN");

function toItem(note: NoteRow, userId: string, role: MemberRole): TicketNoteItem {
  const { agentId, ...rest } = note;
  return {
    ...rest,
    canEdit: agentId === userId && atLeast(role, "AGENT"),
    canDelete: canDeleteNote(note, userId, role),
  };
}

/** The ticket's notes, newest first, each with what the caller may do with it. */
export async function listTicketNotes(
  deps: Deps,
  actor: UserActor,
  rawInput: ListTicketNotesInput,
): Promise<TicketNoteItem[]> {
  const input = listTicketNotesInput.parse(rawInput);
  const { role } = await requireMembership(deps.db, input.orgId, actor.userId, "MEMBER");
  if (!(await repo.ticketExists(deps.db, input.orgId, input.ticketId))) throw ticketNotFound();
  const notes = await repo.listNotes(deps.db, input.orgId, input.ticketId);
  return notes.map((n) => toItem(n, actor.userId, role));
}

/** AGENT+ pins a note on a ticket of the workspace. */
export async function addTicketNote(
  deps: Deps,
  actor: UserActor,
  rawInput: AddTicketNoteInput,
): Promise<TicketNoteItem> {
  const input = addTicketNoteInput.parse(rawInput);
  const { role } = await requireMembership(deps.db, input.orgId, actor.userId, "AGENT");
  if (!(await repo.ticketExists(deps.db, input.orgId, input.ticketId))) throw ticketNotFound();
  const note = await repo.insertNote(deps.db, {
    orgId: input.orgId,
    ticketId: input.ticketId,
    agentId: actor.userId,
    message: input.message,
    now: deps.clock.now(),
  });
  return toItem(note, actor.userId, role);
}

/** Its author (still an agent) rewrites a note; anyone else is FORBIDDEN, admins included. */
export async function editTicketNote(
  deps: Deps,
  actor: UserActor,
  rawInput: EditTicketNoteInput,
): Promise<TicketNoteItem> {
  const input = editTicketNoteInput.parse(rawInput);
  const { role } = await requireMembership(deps.db, input.orgId, actor.userId, "AGENT");
  const note = await repo.findNote(deps.db, input.orgId, input.noteId);
  if (!note) throw noteNotFound();
  if (note.agentId !== actor.userId)
    throw new AppError(
      "FORBIDDEN",
      "Only the agent who wrote a note can edit it.",
      undefined,
      "NOTE_NOT_YOURS",
    );
  const updated = await repo.updateOwnNote(deps.db, {
    orgId: input.orgId,
    noteId: note.id,
    agentId: actor.userId,
    message: input.message,
    now: deps.clock.now(),
  });
  if (!updated) throw noteNotFound();
  return toItem(updated, actor.userId, role);
}

/** Its author deletes a note; an admin or owner may delete anyone's. */
export async function deleteTicketNote(
  deps: Deps,
  actor: UserActor,
  rawInput: TicketNoteIdInput,
): Promise<{ ok: true }> {
  const input = ticketNoteIdInput.parse(rawInput);
  const { role } = await requireMembership(deps.db, input.orgId, actor.userId, "AGENT");
  const note = await repo.findNote(deps.db, input.orgId, input.noteId);
  if (!note) throw noteNotFound();
  if (!canDeleteNote(note, actor.userId, role))
    throw new AppError(
      "FORBIDDEN",
      "Only the agent who wrote a note, or an admin, can delete it.",
      undefined,
      "NOTE_NOT_YOURS",
    );
  if (!(await repo.deleteNote(deps.db, input.orgId, note.id))) throw noteNotFound();
  return { ok: true };
}
