import type { Deps, UserActor } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import { atLeast, requireMembership } from "../../orgs/org-access.service.ts";
import * as conversations from "../conversations/conversation.repository.ts";
import type { ConversationNoteDto } from "../conversations/conversation.schema.ts";
import { publishInboxEvent } from "../inbox-realtime.ts";
import * as repo from "./note.repository.ts";
import {
  type AddNoteInput,
  addNoteInput,
  type EditNoteInput,
  editNoteInput,
  type NoteIdInput,
  noteIdInput,
} from "./note.schema.ts";

// Internal notes on a conversation: the team's, never sent to the contact (no job, no provider
// call, no ticket mirror). Agents write them; the author edits theirs, admins delete any.

const noteNotFound = () => new AppError("NOT_FOUND", "Note not found.");

const toDto = (n: Awaited<ReturnType<typeof repo.insertNote>>): ConversationNoteDto => ({
  id: n.id,
  content: n.content,
  author: n.author ? { id: n.author.id, name: n.author.name ?? n.author.email } : null,
  createdAt: n.createdAt,
  updatedAt: n.updatedAt,
});

export async function addNote(
  deps: Deps,
  actor: UserActor,
  rawInput: AddNoteInput,
): Promise<ConversationNoteDto> {
  const input = addNoteInput.parse(rawInput);
  return deps.db.$transaction(async (tx) => {
    await requireMembership(tx, input.orgId, actor, "AGENT");
    const conversation = await conversations.findConversationState(tx, input.orgId, input.conversationId);
    if (!conversation) throw new AppError("NOT_FOUND", "Conversation not found.");
    const note = await repo.insertNote(tx, {
      orgId: input.orgId,
      conversationId: conversation.id,
      authorId: actor.userId,
      content: input.content,
      now: deps.clock.now(),
    });
    await publishInboxEvent(tx, {
      topic: "inbox.conversation",
      organizationId: input.orgId,
      conversationId: conversation.id,
      kind: "notes",
    });
    return toDto(note);
  });
}

/** The author edits their own note. */
export async function editNote(
  deps: Deps,
  actor: UserActor,
  rawInput: EditNoteInput,
): Promise<ConversationNoteDto> {
  const input = editNoteInput.parse(rawInput);
  return deps.db.$transaction(async (tx) => {
    await requireMembership(tx, input.orgId, actor, "AGENT");
    const note = await repo.findNote(tx, input.orgId, input.noteId);
    if (!note) throw noteNotFound();
    if (note.authorId !== actor.userId) throw new AppError("FORBIDDEN", "Only the author can edit a note.");
    const updated = await repo.updateNoteRow(tx, note.id, input.content, deps.clock.now());
    await publishInboxEvent(tx, {
      topic: "inbox.conversation",
      organizationId: input.orgId,
      conversationId: note.conversationId,
      kind: "notes",
    });
    return toDto(updated);
  });
}

/** The author deletes their note; admins and owners delete any. */
export async function deleteNote(deps: Deps, actor: UserActor, rawInput: NoteIdInput): Promise<{ ok: true }> {
  const input = noteIdInput.parse(rawInput);
  return deps.db.$transaction(async (tx) => {
    const membership = await requireMembership(tx, input.orgId, actor, "AGENT");
    const note = await repo.findNote(tx, input.orgId, input.noteId);
    if (!note) throw noteNotFound();
    if (note.authorId !== actor.userId && !atLeast(membership.role, "ADMIN")) {
      throw new AppError("FORBIDDEN", "Only the author or an admin can delete a note.");
    }
    await repo.deleteNoteRow(tx, note.id);
    await publishInboxEvent(tx, {
      topic: "inbox.conversation",
      organizationId: input.orgId,
      conversationId: note.conversationId,
      kind: "notes",
    });
    return { ok: true as const };
  });
}
