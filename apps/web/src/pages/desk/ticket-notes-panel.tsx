import { Avatar } from "@quartet/ui/avatar";
import { Button } from "@quartet/ui/button";
import { ConfirmDialog } from "@quartet/ui/confirm-dialog";
import { DropdownMenuItem } from "@quartet/ui/dropdown-menu";
import { Lock, Pencil, Trash2 } from "@quartet/ui/icons";
import { Textarea } from "@quartet/ui/input";
import { cn } from "@quartet/ui/lib/cn";
import { errorMessage } from "@quartet/ui/lib/errors";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { RelativeTime } from "@quartet/ui/relative-time";
import { SkeletonLines } from "@quartet/ui/skeleton";
import { toast } from "@quartet/ui/toaster";
import { type KeyboardEvent, useId, useState } from "react";
import { RowActionsMenu } from "../../components/row-actions-menu.tsx";
import { type RouterOutputs, trpc } from "../../lib/trpc.ts";
import { useWorkspace } from "../../lib/workspace.ts";

type Note = RouterOutputs["deskNotes"]["list"][number];

/** The server's limit (ticket-note.schema.ts): a note is a few lines, not a message. */
const NOTE_MAX = 1000;

/** Enter saves, Shift+Enter starts a new line (notes are short); Escape cancels when given. */
function noteKeys(save: () => void, cancel?: () => void) {
  return (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      save();
    } else if (e.key === "Escape" && cancel) {
      e.preventDefault();
      cancel();
    }
  };
}

/**
 * Notes pinned on a ticket's side panel, for the team only (never the customer): newest first;
 * agents add them, their authors edit or delete them, admins may delete any.
 */
export function TicketNotesPanel({ ticketId, canWrite }: { ticketId: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const notes = trpc.deskNotes.list.useQuery({ orgId: org.id, ticketId });

  return (
    <div className="grid gap-3">
      <p className="flex items-center gap-1.5 text-xs text-muted-foreground">
        <Lock className="size-3.5 shrink-0" aria-hidden />
        {t("ticketNotes.hint")}
      </p>
      {canWrite ? <AddNote ticketId={ticketId} /> : null}
      {notes.isPending ? (
        <SkeletonLines lines={3} />
      ) : notes.isError ? (
        <div role="alert" className="grid justify-items-start gap-2 text-sm">
          <p className="text-destructive-soft-foreground">{t("ticketNotes.loadError")}</p>
          <Button variant="outline" size="sm" loading={notes.isFetching} onClick={() => notes.refetch()}>
            {t("ticketNotes.retry")}
          </Button>
        </div>
      ) : notes.data.length === 0 ? (
        <p className="text-sm text-muted-foreground">{t("ticketNotes.empty")}</p>
      ) : (
        <ul className="grid gap-2" aria-label={t("ticketNotes.title")}>
          {notes.data.map((note) => (
            <NoteItem key={note.id} note={note} />
          ))}
        </ul>
      )}
    </div>
  );
}

function useNoteText(initial: string) {
  const { t } = useTranslation();
  const [text, setText] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const check = () => {
    const trimmed = text.trim();
    const problem = !trimmed
      ? t("ticketNotes.errors.empty")
      : trimmed.length > NOTE_MAX
        ? t("ticketNotes.errors.tooLong", { max: NOTE_MAX.toLocaleString() })
        : null;
    setError(problem);
    return problem ? null : trimmed;
  };
  return {
    text,
    error,
    setError,
    check,
    onChange: (value: string) => {
      setText(value);
      if (error) setError(null);
    },
    reset: () => setText(""),
  };
}

function AddNote({ ticketId }: { ticketId: string }) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const utils = trpc.useUtils();
  const add = trpc.deskNotes.add.useMutation();
  const note = useNoteText("");
  const id = useId();

  const save = async () => {
    if (add.isPending) return;
    const message = note.check();
    if (!message) return;
    try {
      const created = await add.mutateAsync({ orgId: org.id, ticketId, message });
      utils.deskNotes.list.setData({ orgId: org.id, ticketId }, (prev) => [created, ...(prev ?? [])]);
      note.reset();
      toast.success(t("ticketNotes.added"));
    } catch (e) {
      note.setError(errorMessage(e, t("errors.generic")));
    }
  };

  return (
    <form
      className="grid gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label htmlFor={id} className="sr-only">
        {t("ticketNotes.label")}
      </label>
      <Textarea
        id={id}
        rows={2}
        className="min-h-14 resize-y"
        placeholder={t("ticketNotes.placeholder")}
        value={note.text}
        aria-invalid={note.error ? true : undefined}
        aria-describedby={note.error ? `${id}-error` : undefined}
        onChange={(e) => note.onChange(e.target.value)}
        onKeyDown={noteKeys(() => void save())}
      />
      {note.error ? (
        <p id={`${id}-error`} className="text-sm font-medium text-destructive-soft-foreground">
          {note.error}
        </p>
      ) : null}
      <Button
        type="submit"
        size="sm"
        variant="secondary"
        loading={add.isPending}
        className="justify-self-end"
      >
        {t("ticketNotes.add")}
      </Button>
    </form>
  );
}

function NoteItem({ note }: { note: Note }) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const utils = trpc.useUtils();
  const edit = trpc.deskNotes.edit.useMutation();
  const remove = trpc.deskNotes.delete.useMutation();
  const [editing, setEditing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const text = useNoteText(note.message);
  const editId = useId();
  const listKey = { orgId: org.id, ticketId: note.ticketId };
  const author = note.agent ? (note.agent.name ?? note.agent.email) : t("ticketNotes.formerMember");

  const save = async () => {
    if (edit.isPending) return;
    const message = text.check();
    if (!message) return;
    try {
      const updated = await edit.mutateAsync({ orgId: org.id, noteId: note.id, message });
      utils.deskNotes.list.setData(listKey, (prev) => prev?.map((n) => (n.id === updated.id ? updated : n)));
      setEditing(false);
      toast.success(t("ticketNotes.saved"));
    } catch (e) {
      text.setError(errorMessage(e, t("errors.generic")));
    }
  };

  const destroy = async () => {
    await remove.mutateAsync({ orgId: org.id, noteId: note.id });
    utils.deskNotes.list.setData(listKey, (prev) => prev?.filter((n) => n.id !== note.id));
    toast.success(t("ticketNotes.deleted"));
  };

  const excerpt = note.message.length > 80 ? `${note.message.slice(0, 80)}…` : note.message;

  return (
    <li
      className={cn(
        "grid gap-2 rounded-md border border-warning/40 bg-warning-soft p-3 text-sm text-warning-soft-foreground",
        editing && "bg-card text-foreground",
      )}
    >
      <div className="flex items-center gap-2">
        <Avatar name={author} src={note.agent?.avatarUrl} size="xs" />
        <span dir="auto" className="min-w-0 truncate font-medium text-foreground">
          {author}
        </span>
        <span className="ms-auto flex shrink-0 items-center gap-1 text-xs text-muted-foreground">
          <RelativeTime date={note.createdAt} style="short" />
          {note.editedAt ? <span>· {t("ticketNotes.edited")}</span> : null}
        </span>
        {(note.canEdit || note.canDelete) && !editing ? (
          <span className="-my-1 -me-1.5">
            <RowActionsMenu label={t("ticketNotes.actions")}>
              {note.canEdit ? (
                <DropdownMenuItem
                  onSelect={() => {
                    text.onChange(note.message);
                    setEditing(true);
                  }}
                >
                  <Pencil aria-hidden />
                  {t("ticketNotes.edit")}
                </DropdownMenuItem>
              ) : null}
              {note.canDelete ? (
                <DropdownMenuItem destructive onSelect={() => setConfirmDelete(true)}>
                  <Trash2 aria-hidden />
                  {t("ticketNotes.delete")}
                </DropdownMenuItem>
              ) : null}
            </RowActionsMenu>
          </span>
        ) : null}
      </div>
      {editing ? (
        <form
          className="grid gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <label htmlFor={editId} className="sr-only">
            {t("ticketNotes.editLabel")}
          </label>
          <Textarea
            id={editId}
            rows={3}
            className="min-h-14 resize-y"
            autoFocus
            value={text.text}
            aria-invalid={text.error ? true : undefined}
            aria-describedby={text.error ? `${editId}-error` : undefined}
            onChange={(e) => text.onChange(e.target.value)}
            onKeyDown={noteKeys(
              () => void save(),
              () => setEditing(false),
            )}
          />
          {text.error ? (
            <p id={`${editId}-error`} className="text-sm font-medium text-destructive-soft-foreground">
              {text.error}
            </p>
          ) : null}
          <div className="flex justify-end gap-2">
            <Button variant="ghost" size="sm" onClick={() => setEditing(false)} disabled={edit.isPending}>
              {t("ticketNotes.cancel")}
            </Button>
            <Button type="submit" size="sm" loading={edit.isPending}>
              {t("ticketNotes.save")}
            </Button>
          </div>
        </form>
      ) : (
        <p dir="auto" className="break-words whitespace-pre-wrap text-foreground [unicode-bidi:plaintext]">
          {note.message}
        </p>
      )}
      <ConfirmDialog
        open={confirmDelete}
        onOpenChange={setConfirmDelete}
        title={t("ticketNotes.deleteTitle")}
        description={t("ticketNotes.deleteBody", { excerpt })}
        confirmLabel={t("ticketNotes.deleteConfirm")}
        destructive
        onConfirm={destroy}
      />
    </li>
  );
}
