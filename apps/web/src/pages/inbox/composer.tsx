import { Button } from "@quartet/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@quartet/ui/dialog";
import { FormError } from "@quartet/ui/form-field";
import {
  BookOpen,
  FileStack,
  Lock,
  MessageSquare,
  Paperclip,
  Reply,
  Send,
  StickyNote,
  X,
  Zap,
} from "@quartet/ui/icons";
import { Input, Textarea } from "@quartet/ui/input";
import { Kbd } from "@quartet/ui/kbd";
import { Label } from "@quartet/ui/label";
import { cn } from "@quartet/ui/lib/cn";
import { errorMessage } from "@quartet/ui/lib/errors";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useDebounced } from "@quartet/ui/lib/use-debounced";
import { NativeSelect } from "@quartet/ui/select";
import { toast } from "@quartet/ui/toaster";
import { type KeyboardEvent, type ReactNode, useId, useMemo, useRef, useState } from "react";
import { trpc } from "../../lib/trpc.ts";
import { useInsertAtCaret } from "../../lib/use-insert-at-caret.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { DropZone, PendingAttachments, useAttachmentUploads } from "../desk/attachments.tsx";
import { EmojiMenu } from "./emoji-menu.tsx";
import type { CannedReply, ConversationDetail, Message } from "./inbox-types.ts";

/** Where an agent uploads media to send in a conversation (served back to members only). */
const inboxUploadUrl = (orgId: string) => `/files/inbox/uploads?orgId=${encodeURIComponent(orgId)}`;

/** The `/word` being typed at the caret, if any (a canned reply's shortcut). */
export function slashTokenAt(text: string, caret: number): { start: number; query: string } | null {
  const m = /(^|\s)\/([\p{L}\p{N}_-]{0,50})$/u.exec(text.slice(0, caret));
  if (!m) return null;
  return { start: caret - m[2]!.length - 1, query: m[2]!.toLowerCase() };
}

export function Composer({
  conversation: c,
  replyTo,
  onClearReply,
  onSent,
}: {
  conversation: ConversationDetail;
  replyTo: Message | null;
  onClearReply: () => void;
  onSent: () => void;
}) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const utils = trpc.useUtils();
  const send = trpc.inboxMessages.send.useMutation();
  const addNote = trpc.inboxNotes.add.useMutation();
  const [mode, setMode] = useState<"reply" | "note">("reply");
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const uploads = useAttachmentUploads({ url: inboxUploadUrl(org.id) });
  const area = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const id = useId();
  const [slash, setSlash] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  const [kbOpen, setKbOpen] = useState(false);
  const canned = trpc.inboxCanned.list.useQuery({ orgId: org.id }, { staleTime: 60_000 });
  const note = mode === "note";
  const windowClosed = !note && c.window.kind !== null && !c.window.open;
  const busy = send.isPending || addNote.isPending;

  const suggestions = useMemo(() => {
    if (!slash) return [];
    const q = slash.query;
    return (canned.data ?? [])
      .filter((r) => r.shortcut.toLowerCase().startsWith(q) || r.title.toLowerCase().includes(q))
      .slice(0, 8);
  }, [slash, canned.data]);

  // The draft as last rendered, for an insert that waited for the server.
  const textNow = useRef(text);
  textNow.current = text;
  const insertAtCaret = useInsertAtCaret(area, () => textNow.current, setText);
  /** Puts `insert` at the caret (or over `range`), keeping the rest of the draft. */
  const insertText = (insert: string, range?: { start: number; end: number }) => {
    insertAtCaret(insert, range);
    setError(null);
  };

  const pickCanned = async (reply: CannedReply) => {
    const range = slash
      ? { start: slash.start, end: area.current?.selectionStart ?? text.length }
      : undefined;
    setSlash(null);
    try {
      // The server fills the variables ({{contact.name}}, {{agent.name}}…) for this conversation.
      const rendered = await utils.inboxCanned.render.fetch({
        orgId: org.id,
        id: reply.id,
        conversationId: c.id,
      });
      insertText(rendered.text, range);
    } catch (e) {
      toast.error(errorMessage(e, t("errors.generic")));
    }
  };

  const submit = async () => {
    if (busy) return;
    const body = text.trim();
    if (uploads.uploading) return setError(t("desk.attachments.wait"));
    if (!body && (note || uploads.ids.length === 0)) return setError(t("inbox.composer.empty"));
    setError(null);
    try {
      if (note) {
        await addNote.mutateAsync({ orgId: org.id, conversationId: c.id, content: body });
        await utils.inboxConversations.get.invalidate({ orgId: org.id, conversationId: c.id });
      } else {
        await send.mutateAsync({
          orgId: org.id,
          conversationId: c.id,
          ...(body ? { text: body } : {}),
          ...(uploads.ids.length ? { attachmentIds: uploads.ids } : {}),
          ...(replyTo ? { replyToId: replyTo.id } : {}),
        });
        await Promise.all([
          utils.inboxMessages.list.invalidate({ orgId: org.id, conversationId: c.id }),
          utils.inboxConversations.invalidate(),
        ]);
      }
      setText("");
      uploads.reset();
      onClearReply();
      onSent();
    } catch (e) {
      // The draft stays: nothing typed is lost on an error.
      setError(errorMessage(e, t("errors.generic")));
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.nativeEvent.isComposing) return;
    if (suggestions.length) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        setActive((i) => (i + (e.key === "ArrowDown" ? 1 : -1) + suggestions.length) % suggestions.length);
        return;
      }
      if (e.key === "Enter" || e.key === "Tab") {
        e.preventDefault();
        const pick = suggestions[active];
        if (pick) void pickCanned(pick);
        return;
      }
      if (e.key === "Escape") {
        e.preventDefault();
        e.stopPropagation();
        setSlash(null);
        return;
      }
    }
    if (e.key === "Enter" && !e.shiftKey && !e.altKey) {
      e.preventDefault();
      void submit();
    }
  };

  const updateSlash = (value: string, caret: number) => {
    const token = note ? null : slashTokenAt(value, caret);
    setSlash(token);
    setActive(0);
  };

  const listboxId = `${id}-canned`;
  return (
    <DropZone
      uploads={uploads}
      enabled={!busy && !note && !windowClosed}
      className={cn("grid gap-2 border-t p-2 sm:p-3", note && "bg-warning-soft")}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="flex items-center gap-1">
        <fieldset className="flex items-center gap-1">
          <legend className="sr-only">{t("inbox.composer.mode")}</legend>
          <ModeButton active={!note} onClick={() => setMode("reply")}>
            <MessageSquare aria-hidden />
            {t("inbox.composer.reply")}
          </ModeButton>
          <ModeButton active={note} onClick={() => setMode("note")}>
            <StickyNote aria-hidden />
            {t("inbox.composer.note")}
          </ModeButton>
        </fieldset>
        <span className="ms-auto hidden text-xs text-muted-foreground 2xl:inline">
          <Kbd>Enter</Kbd> {t("inbox.composer.toSend")} · <Kbd>Shift</Kbd>+<Kbd>Enter</Kbd>{" "}
          {t("inbox.composer.newLine")} · <Kbd>/</Kbd> {t("inbox.composer.cannedHint")}
        </span>
      </div>

      {windowClosed ? (
        <TemplatePicker conversationId={c.id} onSent={onSent} />
      ) : (
        <>
          {replyTo && !note ? (
            <div className="flex items-start gap-2 rounded-md border-s-2 border-primary bg-muted/60 px-2 py-1.5 text-xs">
              <Reply
                className="mt-0.5 size-3.5 shrink-0 text-muted-foreground rtl:-scale-x-100"
                aria-hidden
              />
              <span className="grid min-w-0 flex-1">
                <span className="font-medium">{t("inbox.composer.replyingTo")}</span>
                <span dir="auto" className="truncate text-muted-foreground">
                  {replyTo.content || t(`inbox.media.${replyTo.contentType.toLowerCase()}`)}
                </span>
              </span>
              <Button
                type="button"
                variant="ghost"
                size="icon-sm"
                className="size-6"
                aria-label={t("inbox.composer.cancelReply")}
                onClick={onClearReply}
              >
                <X aria-hidden />
              </Button>
            </div>
          ) : null}
          <div className="relative">
            {suggestions.length ? (
              <div
                id={listboxId}
                role="listbox"
                aria-label={t("inbox.canned.suggestions")}
                className="absolute inset-x-0 bottom-full z-20 mb-1 max-h-64 overflow-y-auto rounded-lg border bg-popover p-1 text-popover-foreground shadow-lg"
              >
                {suggestions.map((r, i) => (
                  <div
                    key={r.id}
                    id={`${listboxId}-${i}`}
                    role="option"
                    aria-selected={i === active}
                    tabIndex={-1}
                    onMouseDown={(e) => e.preventDefault()}
                    onClick={() => void pickCanned(r)}
                    onKeyDown={() => {}}
                    className={cn(
                      "grid cursor-pointer gap-0.5 rounded-md px-2 py-1.5 text-sm",
                      i === active ? "bg-muted" : "hover:bg-muted/60",
                    )}
                  >
                    <span className="flex items-center gap-2">
                      <span className="font-mono text-xs text-primary">/{r.shortcut}</span>
                      <span className="truncate font-medium">{r.title}</span>
                    </span>
                    <span className="truncate text-xs text-muted-foreground">{r.body}</span>
                  </div>
                ))}
              </div>
            ) : null}
            <Label htmlFor={id} className="sr-only">
              {note ? t("inbox.composer.noteLabel") : t("inbox.composer.replyLabel")}
            </Label>
            <Textarea
              id={id}
              ref={area}
              rows={2}
              value={text}
              dir="auto"
              role={suggestions.length ? "combobox" : undefined}
              aria-expanded={suggestions.length ? true : undefined}
              aria-controls={suggestions.length ? listboxId : undefined}
              aria-activedescendant={suggestions.length ? `${listboxId}-${active}` : undefined}
              aria-invalid={error ? true : undefined}
              placeholder={note ? t("inbox.composer.notePlaceholder") : t("inbox.composer.replyPlaceholder")}
              onChange={(e) => {
                setText(e.target.value);
                updateSlash(e.target.value, e.target.selectionStart);
                if (error) setError(null);
              }}
              onKeyDown={onKeyDown}
              onBlur={() => setSlash(null)}
              className={cn(
                "max-h-48 min-h-16 resize-none bg-background field-sizing-content",
                note && "border-warning/60",
              )}
            />
          </div>
          {note ? null : <PendingAttachments uploads={uploads} />}
          <FormError>{error}</FormError>
          <div className="flex items-center gap-0.5">
            {note ? null : (
              <>
                <input
                  ref={fileInput}
                  type="file"
                  multiple
                  className="sr-only"
                  tabIndex={-1}
                  aria-label={t("inbox.composer.attach")}
                  data-testid="composer-file-input"
                  onChange={(e) => {
                    if (e.target.files?.length) uploads.add(e.target.files);
                    e.target.value = "";
                  }}
                />
                <ToolButton
                  label={t("inbox.composer.attach")}
                  onClick={() => fileInput.current?.click()}
                  disabled={busy}
                >
                  <Paperclip aria-hidden />
                </ToolButton>
              </>
            )}
            <EmojiMenu onPick={(emoji) => insertText(emoji)} disabled={busy} />
            {note ? null : (
              <>
                <ToolButton
                  label={t("inbox.composer.canned")}
                  onClick={() => {
                    const el = area.current;
                    const caret = el?.selectionStart ?? text.length;
                    const needsSpace = caret > 0 && !/\s/.test(text[caret - 1] ?? "");
                    insertText(needsSpace ? " /" : "/");
                    setSlash({ start: caret + (needsSpace ? 1 : 0), query: "" });
                  }}
                  disabled={busy || !canned.data?.length}
                >
                  <Zap aria-hidden />
                </ToolButton>
                <ToolButton label={t("inbox.composer.kb")} onClick={() => setKbOpen(true)} disabled={busy}>
                  <BookOpen aria-hidden />
                </ToolButton>
              </>
            )}
            <Button type="submit" size="sm" className="ms-auto" loading={busy} disabled={uploads.uploading}>
              {note ? <Lock aria-hidden /> : <Send aria-hidden className="rtl:-scale-x-100" />}
              {note ? t("inbox.composer.addNote") : t("inbox.composer.send")}
            </Button>
          </div>
        </>
      )}
      <KbDialog open={kbOpen} onOpenChange={setKbOpen} onPick={(snippet) => insertText(snippet)} />
    </DropZone>
  );
}

function ToolButton({
  label,
  onClick,
  disabled,
  children,
}: {
  label: string;
  onClick: () => void;
  disabled?: boolean;
  children: ReactNode;
}) {
  return (
    <Button
      type="button"
      variant="ghost"
      size="icon-sm"
      aria-label={label}
      title={label}
      onClick={onClick}
      disabled={disabled}
    >
      {children}
    </Button>
  );
}

function ModeButton({
  active,
  onClick,
  children,
}: {
  active: boolean;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <Button
      type="button"
      size="sm"
      variant={active ? "secondary" : "ghost"}
      aria-pressed={active}
      onClick={onClick}
      className={cn("h-7", active && "bg-background shadow-xs")}
    >
      {children}
    </Button>
  );
}

/** Desk knowledge-base articles as quick replies: search, pick, the title and link go in the draft. */
function KbDialog({
  open,
  onOpenChange,
  onPick,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onPick: (text: string) => void;
}) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const [query, setQuery] = useState("");
  const q = useDebounced(query.trim(), 200);
  const articles = trpc.inboxCanned.kbArticles.useQuery(
    { orgId: org.id, q: q || undefined },
    { enabled: open, placeholderData: (prev) => prev },
  );
  const searchId = useId();
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{t("inbox.kb.title")}</DialogTitle>
          <DialogDescription>{t("inbox.kb.body")}</DialogDescription>
        </DialogHeader>
        <div className="grid gap-1.5">
          <Label htmlFor={searchId}>{t("inbox.kb.search")}</Label>
          <Input
            id={searchId}
            type="search"
            value={query}
            autoFocus
            onChange={(e) => setQuery(e.target.value)}
          />
        </div>
        <ul className="grid max-h-80 gap-1 overflow-y-auto" aria-label={t("inbox.kb.results")}>
          {articles.isPending ? (
            <li className="p-2 text-sm text-muted-foreground">{t("common.loading")}</li>
          ) : articles.isError ? (
            <li className="p-2 text-sm text-destructive">
              {errorMessage(articles.error, t("errors.generic"))}
            </li>
          ) : articles.data.items.length === 0 ? (
            <li className="p-2 text-sm text-muted-foreground">{t("inbox.kb.none")}</li>
          ) : (
            articles.data.items.map((a) => (
              <li key={a.articleId}>
                <button
                  type="button"
                  className="grid w-full gap-0.5 rounded-md px-2 py-2 text-start hover:bg-muted focus-visible:bg-muted focus-visible:outline-2 focus-visible:outline-ring"
                  onClick={() => {
                    onPick(a.text);
                    onOpenChange(false);
                  }}
                >
                  <span className="flex items-center gap-2 text-sm font-medium">
                    <FileStack className="size-4 shrink-0 text-muted-foreground" aria-hidden />
                    <span dir="auto">{a.title}</span>
                  </span>
                  {a.snippet ? (
                    <span dir="auto" className="line-clamp-2 text-xs text-muted-foreground">
                      {a.snippet}
                    </span>
                  ) : null}
                </button>
              </li>
            ))
          )}
        </ul>
      </DialogContent>
    </Dialog>
  );
}

/** The 24-hour window is closed: only an approved template can reopen the conversation. */
function TemplatePicker({ conversationId, onSent }: { conversationId: string; onSent: () => void }) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const utils = trpc.useUtils();
  const templates = trpc.inboxMessages.templates.useQuery({ orgId: org.id, conversationId });
  const send = trpc.inboxMessages.send.useMutation();
  const [picked, setPicked] = useState("");
  const [params, setParams] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const selectId = useId();
  const template = templates.data?.items.find((tpl) => `${tpl.name}|${tpl.language}` === picked);
  const preview = template
    ? template.body.replace(/\{\{(\d+)\}\}/g, (_, n: string) => params[Number(n) - 1] || `{{${n}}}`)
    : "";

  const submit = async () => {
    if (!template) return setError(t("inbox.templates.pick"));
    if (params.slice(0, template.paramCount).some((p) => !p?.trim()) || params.length < template.paramCount)
      return setError(t("inbox.templates.fill"));
    setError(null);
    try {
      await send.mutateAsync({
        orgId: org.id,
        conversationId,
        template: {
          name: template.name,
          language: template.language,
          params: params.slice(0, template.paramCount),
        },
      });
      await Promise.all([
        utils.inboxMessages.list.invalidate({ orgId: org.id, conversationId }),
        utils.inboxConversations.invalidate(),
      ]);
      setPicked("");
      setParams([]);
      onSent();
      toast.success(t("inbox.templates.sent"));
    } catch (e) {
      setError(errorMessage(e, t("errors.generic")));
    }
  };

  return (
    <div className="grid gap-2" data-testid="template-picker">
      <Label htmlFor={selectId}>{t("inbox.templates.label")}</Label>
      {templates.isError ? (
        <FormError>{errorMessage(templates.error, t("errors.generic"))}</FormError>
      ) : templates.data && templates.data.items.length === 0 ? (
        <p className="text-sm text-muted-foreground">{t("inbox.templates.none")}</p>
      ) : (
        <NativeSelect
          id={selectId}
          value={picked}
          disabled={templates.isPending}
          onChange={(e) => {
            setPicked(e.target.value);
            setParams([]);
            setError(null);
          }}
        >
          <option value="">{templates.isPending ? t("common.loading") : t("inbox.templates.choose")}</option>
          {(templates.data?.items ?? []).map((tpl) => (
            <option key={`${tpl.name}|${tpl.language}`} value={`${tpl.name}|${tpl.language}`}>
              {tpl.name} ({tpl.language})
            </option>
          ))}
        </NativeSelect>
      )}
      {template ? (
        <>
          {Array.from({ length: template.paramCount }, (_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: parameters are positional
            <div key={i} className="grid gap-1">
              <Label htmlFor={`${selectId}-p${i}`} className="text-xs">
                {t("inbox.templates.param", { n: i + 1 })}
              </Label>
              <Input
                id={`${selectId}-p${i}`}
                value={params[i] ?? ""}
                onChange={(e) =>
                  setParams((prev) => {
                    const next = [...prev];
                    next[i] = e.target.value;
                    return next;
                  })
                }
              />
            </div>
          ))}
          <p dir="auto" className="rounded-md border bg-background p-2 text-sm whitespace-pre-wrap">
            {preview}
          </p>
        </>
      ) : null}
      <FormError>{error}</FormError>
      <div className="flex justify-end">
        <Button
          type="button"
          size="sm"
          loading={send.isPending}
          onClick={() => void submit()}
          disabled={!template}
        >
          <Send aria-hidden className="rtl:-scale-x-100" />
          {t("inbox.templates.send")}
        </Button>
      </div>
    </div>
  );
}
