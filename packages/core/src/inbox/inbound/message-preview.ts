import type { ContentType } from "@quartet/db/enums";

// The conversation list's one-line preview of a message. Media get an emoji rather than a word, so
// the stored preview reads the same in every language of the UI.

export const PREVIEW_MAX_CHARS = 200;

const MEDIA_MARK: Record<Exclude<ContentType, "TEXT">, string> = {
  IMAGE: "📷",
  VIDEO: "🎥",
  AUDIO: "🎤",
  FILE: "📎",
  STICKER: "💟",
  LOCATION: "📍",
};

/** Whitespace folded, cut at 200 characters (code points: Postgres' varchar counts those). */
export function clip(text: string, max = PREVIEW_MAX_CHARS): string {
  const folded = text.replace(/\s+/g, " ").trim();
  const chars = Array.from(folded);
  return chars.length <= max ? folded : `${chars.slice(0, max - 1).join("")}…`;
}

export function messagePreview(m: {
  contentType: ContentType;
  text: string | null;
  fileName?: string | null;
  locationName?: string | null;
}): string {
  const text = m.text?.trim() || null;
  if (m.contentType === "TEXT") return clip(text ?? "");
  const detail = text ?? (m.contentType === "LOCATION" ? m.locationName : m.fileName) ?? null;
  return clip(detail ? `${MEDIA_MARK[m.contentType]} ${detail}` : MEDIA_MARK[m.contentType]);
}
