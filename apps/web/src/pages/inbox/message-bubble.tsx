import { Button } from "@quartet/ui/button";
import { Download, FileText, Lock, MapPin, Pencil, Reply, RotateCcw, Trash2 } from "@quartet/ui/icons";
import { Textarea } from "@quartet/ui/input";
import { cn } from "@quartet/ui/lib/cn";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useViewer } from "@quartet/ui/relative-time";
import { useState } from "react";
import { DeliveryTicks, formatBytes, useTimeOfDay } from "./inbox-shared.tsx";
import type { ConversationNote, Message } from "./inbox-types.ts";

const str = (v: unknown) => (typeof v === "string" && v.trim() ? v : null);
const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);
/** A link the platform gave, only if it is a web address (never `javascript:` and the like). */
const webUrl = (v: unknown) => {
  const s = str(v);
  return s && /^https?:\/\//i.test(s) ? s : null;
};
const record = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
/** Reactions as stored: `[{ emoji, from, at }]`; anything else is ignored. */
const reactionsOf = (v: unknown): { emoji: string }[] =>
  Array.isArray(v) ? v.filter((r): r is { emoji: string } => typeof record(r).emoji === "string") : [];

/** Image, video, audio, file, sticker or location, each the way a chat app shows it. */
function MessageMedia({ message }: { message: Message }) {
  const { t } = useTranslation();
  const viewer = useViewer();
  const media = message.media?.url ? { ...message.media, url: message.media.url } : null;
  if (message.contentType !== "TEXT" && message.contentType !== "LOCATION" && !media) {
    // Not fetched from the platform yet (or no longer kept): say what it is.
    return (
      <span className="inline-flex items-center gap-1.5 rounded-md bg-background/60 px-2 py-1 text-xs text-muted-foreground">
        <FileText className="size-3.5" aria-hidden />
        {t(`inbox.media.${message.contentType.toLowerCase()}`)} · {t("inbox.media.pending")}
      </span>
    );
  }
  switch (message.contentType) {
    case "IMAGE":
      return media ? (
        <a href={media.url} target="_blank" rel="noreferrer" className="block overflow-hidden rounded-lg">
          <img
            src={media.thumbnailUrl ?? media.url}
            alt={media.fileName ?? t("inbox.media.image")}
            loading="lazy"
            className="max-h-72 min-h-24 w-full min-w-32 max-w-72 bg-muted object-cover"
          />
        </a>
      ) : null;
    case "STICKER":
      return media ? (
        <img
          src={media.url}
          alt={t("inbox.media.sticker")}
          loading="lazy"
          className="size-32 object-contain"
        />
      ) : null;
    case "VIDEO":
      return media ? (
        // biome-ignore lint/a11y/useMediaCaption: customers' videos come without captions
        <video
          controls
          preload="metadata"
          poster={media.thumbnailUrl ?? undefined}
          src={media.url}
          className="max-h-72 w-full max-w-80 rounded-lg bg-black"
          aria-label={media.fileName ?? t("inbox.media.video")}
        />
      ) : null;
    case "AUDIO":
      return media ? (
        // biome-ignore lint/a11y/useMediaCaption: voice notes come without captions
        <audio
          controls
          preload="metadata"
          src={media.url}
          className="h-10 w-64 max-w-full"
          aria-label={t("inbox.media.audio")}
        />
      ) : null;
    case "FILE":
      return media ? (
        <a
          href={media.url}
          target="_blank"
          rel="noreferrer"
          download={media.fileName ?? undefined}
          className="flex max-w-72 items-center gap-3 rounded-lg border bg-background/70 p-2.5 hover:bg-background"
        >
          <FileText className="size-8 shrink-0 text-muted-foreground" aria-hidden />
          <span className="grid min-w-0 flex-1 text-sm">
            <span className="truncate font-medium" dir="auto">
              {media.fileName ?? t("inbox.media.file")}
            </span>
            {media.size ? (
              <span className="text-xs text-muted-foreground">{formatBytes(media.size, viewer.locale)}</span>
            ) : null}
          </span>
          <Download className="size-4 shrink-0 text-muted-foreground" aria-hidden />
          <span className="sr-only">{t("inbox.media.download")}</span>
        </a>
      ) : null;
    case "LOCATION": {
      // Stored as attributes.location = { latitude, longitude, name?, address?, url? }.
      const attributes = record(message.attributes);
      const a = attributes.location ? record(attributes.location) : attributes;
      const lat = num(a.latitude);
      const lng = num(a.longitude);
      const name = str(a.name);
      const address = str(a.address);
      const coords =
        lat !== null && lng !== null
          ? `${lat.toLocaleString(viewer.locale, { maximumFractionDigits: 5 })}, ${lng.toLocaleString(viewer.locale, { maximumFractionDigits: 5 })}`
          : null;
      return (
        <a
          href={
            webUrl(a.url) ??
            (lat !== null && lng !== null
              ? `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lng}#map=16/${lat}/${lng}`
              : undefined)
          }
          target="_blank"
          rel="noreferrer"
          className="flex max-w-72 items-start gap-2.5 rounded-lg border bg-background/70 p-2.5 hover:bg-background"
        >
          <MapPin className="mt-0.5 size-5 shrink-0 text-destructive" aria-hidden />
          <span className="grid min-w-0 text-sm">
            <span className="font-medium" dir="auto">
              {name ?? t("inbox.media.location")}
            </span>
            {address ? (
              <span className="text-muted-foreground" dir="auto">
                {address}
              </span>
            ) : null}
            {coords ? (
              <span className="text-xs text-muted-foreground" dir="ltr">
                {coords}
              </span>
            ) : null}
          </span>
        </a>
      );
    }
    default:
      return null;
  }
}

/** Reactions under a message: each emoji once, with how many. */
function Reactions({ value }: { value: unknown }) {
  const { t } = useTranslation();
  const reactions = reactionsOf(value);
  if (!reactions.length) return null;
  const counts = new Map<string, number>();
  for (const r of reactions) counts.set(r.emoji, (counts.get(r.emoji) ?? 0) + 1);
  return (
    <ul aria-label={t("inbox.message.reactions")} className="-mt-1.5 flex flex-wrap gap-1 px-2">
      {[...counts].map(([emoji, count]) => (
        <li
          key={emoji}
          className="inline-flex h-6 items-center gap-1 rounded-full border bg-background px-1.5 text-xs shadow-xs"
        >
          <span>{emoji}</span>
          {count > 1 ? <span className="tabular-nums text-muted-foreground">{count}</span> : null}
        </li>
      ))}
    </ul>
  );
}

export function MessageBubble({
  message,
  highlighted,
  onReply,
  onRetry,
  retrying,
  onJumpTo,
}: {
  message: Message;
  highlighted: boolean;
  onReply?: () => void;
  onRetry?: () => void;
  retrying?: boolean;
  onJumpTo: (messageId: string) => void;
}) {
  const { t } = useTranslation();
  const time = useTimeOfDay();
  const outbound = message.direction === "OUTBOUND";
  const sticker = message.contentType === "STICKER";
  const attributes = record(message.attributes);
  const template = str(attributes.templateName) ?? str(record(attributes.template).name);
  const failed = message.status === "FAILED";
  const at = message.platformTimestamp ?? message.createdAt;
  return (
    <article
      id={`message-${message.id}`}
      data-message-id={message.id}
      data-direction={message.direction}
      aria-label={outbound ? t("inbox.message.outbound") : t("inbox.message.inbound")}
      className={cn(
        "group flex max-w-[min(36rem,85%)] flex-col gap-1 scroll-mt-16",
        outbound ? "items-end self-end" : "items-start self-start",
      )}
    >
      <div className={cn("flex items-center gap-1", outbound ? "flex-row-reverse" : "flex-row")}>
        <div
          className={cn(
            "relative grid min-w-0 gap-1.5 break-words",
            !sticker && "rounded-2xl px-3 py-2 shadow-xs",
            !sticker &&
              (outbound ? "rounded-ee-md bg-primary-soft text-foreground" : "rounded-es-md border bg-card"),
            failed && "ring-1 ring-destructive/60",
            highlighted && "ring-2 ring-warning",
          )}
        >
          {message.replyTo ? (
            <button
              type="button"
              onClick={() => message.replyTo && onJumpTo(message.replyTo.id)}
              className="rounded-md border-s-2 border-primary bg-background/60 px-2 py-1 text-start text-xs text-muted-foreground hover:bg-background"
            >
              <span className="sr-only">{t("inbox.message.inReplyTo")} </span>
              <span dir="auto" className="line-clamp-2">
                {message.replyTo.preview ?? t("inbox.message.unavailable")}
              </span>
            </button>
          ) : null}
          {template ? (
            <span className="text-[0.6875rem] font-medium tracking-wide text-muted-foreground uppercase">
              {t("inbox.message.template", { name: template })}
            </span>
          ) : null}
          <MessageMedia message={message} />
          {message.content && !(message.contentType === "LOCATION" && !str(message.content)) ? (
            <p dir="auto" className="text-sm whitespace-pre-wrap [unicode-bidi:plaintext]">
              {message.content}
            </p>
          ) : null}
          <span
            className={cn(
              "flex items-center gap-1 text-[0.6875rem] text-muted-foreground",
              outbound ? "justify-end" : "justify-start",
            )}
          >
            {outbound && message.sentBy ? <span className="truncate">{message.sentBy.name} ·</span> : null}
            <time dateTime={new Date(at).toISOString()}>{time(at)}</time>
            {outbound ? <DeliveryTicks status={message.status} /> : null}
          </span>
        </div>
        {onReply ? (
          <Button
            variant="ghost"
            size="icon-sm"
            className="opacity-0 group-hover:opacity-100 focus-visible:opacity-100 [@media(hover:none)]:opacity-100"
            aria-label={t("inbox.message.reply")}
            title={t("inbox.message.reply")}
            onClick={onReply}
          >
            <Reply className="rtl:-scale-x-100" aria-hidden />
          </Button>
        ) : null}
      </div>
      <Reactions value={message.reactions} />
      {failed ? (
        <div
          role="alert"
          className="flex max-w-full flex-wrap items-center justify-end gap-2 text-xs text-destructive"
        >
          <span dir="auto">
            {t("inbox.message.failed")}
            {message.errorMessage ? `: ${message.errorMessage}` : ""}
          </span>
          {onRetry ? (
            <Button variant="outline" size="sm" className="h-7" onClick={onRetry} loading={retrying}>
              <RotateCcw aria-hidden />
              {t("inbox.message.retry")}
            </Button>
          ) : null}
        </div>
      ) : null}
    </article>
  );
}

/** An internal note in the thread: never sent, styled apart, editable by its author. */
export function NoteBubble({
  note,
  canEdit,
  onSave,
  onDelete,
}: {
  note: ConversationNote;
  canEdit: boolean;
  onSave: (content: string) => Promise<boolean>;
  onDelete: () => void;
}) {
  const { t } = useTranslation();
  const time = useTimeOfDay();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(note.content);
  const [saving, setSaving] = useState(false);
  return (
    <article
      data-note-id={note.id}
      aria-label={t("inbox.note.label")}
      className="mx-auto grid w-full max-w-xl gap-1.5 rounded-lg border border-dashed border-warning/60 bg-warning-soft px-3 py-2 text-warning-soft-foreground"
    >
      <header className="flex items-center gap-1.5 text-xs">
        <Lock className="size-3.5" aria-hidden />
        <span className="font-semibold">{t("inbox.note.title")}</span>
        <span>· {note.author?.name ?? t("inbox.note.someone")} ·</span>
        <time dateTime={new Date(note.createdAt).toISOString()}>{time(note.createdAt)}</time>
        {canEdit && !editing ? (
          <span className="ms-auto flex">
            <Button
              variant="ghost"
              size="icon-sm"
              className="size-6"
              aria-label={t("inbox.note.edit")}
              onClick={() => {
                setDraft(note.content);
                setEditing(true);
              }}
            >
              <Pencil aria-hidden />
            </Button>
            <Button
              variant="ghost"
              size="icon-sm"
              className="size-6"
              aria-label={t("inbox.note.delete")}
              onClick={onDelete}
            >
              <Trash2 aria-hidden />
            </Button>
          </span>
        ) : null}
      </header>
      {editing ? (
        <form
          className="grid gap-2"
          onSubmit={async (e) => {
            e.preventDefault();
            if (!draft.trim()) return;
            setSaving(true);
            const ok = await onSave(draft.trim());
            setSaving(false);
            if (ok) setEditing(false);
          }}
        >
          <Textarea
            aria-label={t("inbox.note.edit")}
            value={draft}
            rows={3}
            autoFocus
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Escape") {
                e.preventDefault();
                e.stopPropagation();
                setEditing(false);
              }
            }}
            className="bg-background text-foreground"
          />
          <div className="flex justify-end gap-2">
            <Button
              type="button"
              variant="ghost"
              size="sm"
              onClick={() => setEditing(false)}
              disabled={saving}
            >
              {t("common.cancel")}
            </Button>
            <Button type="submit" size="sm" loading={saving}>
              {t("inbox.note.save")}
            </Button>
          </div>
        </form>
      ) : (
        <p dir="auto" className="text-sm whitespace-pre-wrap [unicode-bidi:plaintext]">
          {note.content}
        </p>
      )}
    </article>
  );
}
