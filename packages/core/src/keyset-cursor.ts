import { AppError } from "./errors.ts";

/** Position in a list ordered by (timestamp desc, id desc): the row after which the next page starts. */
export interface KeysetCursor {
  at: Date;
  id: string;
}

/** Opaque, URL-safe form of a keyset position, handed to clients as `nextCursor`. */
export function encodeCursor(c: KeysetCursor): string {
  return Buffer.from(JSON.stringify([c.at.toISOString(), c.id])).toString("base64url");
}

/** Reads a cursor back; a tampered or stale one is a BAD_REQUEST on the `cursor` field, not a 500. */
export function decodeCursor(raw: string): KeysetCursor {
  try {
    const [at, id] = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as [string, string];
    const date = new Date(at);
    if (typeof id !== "string" || !/^[0-9a-f-]{36}$/i.test(id) || Number.isNaN(date.getTime())) {
      throw new Error("bad cursor");
    }
    return { at: date, id };
  } catch {
    throw new AppError("BAD_REQUEST", "This list link has expired. Reload the list.", {
      cursor: "Invalid cursor.",
    });
  }
}
