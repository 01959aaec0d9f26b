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

/**
 * Prisma `where` for the rows after `c` in a (field desc, id desc) order. Written as
 * `field <= at AND (field < at OR id < cursorId)` rather than the textbook
 * `field < at OR (field = at AND id < cursorId)`: PostgreSQL turns `field <= at` into an index range
 * start, where the OR form makes it walk the index from the top (seconds deep into a big list).
 */
export function rowsAfterDesc<F extends string>(field: F, c: KeysetCursor) {
  return {
    [field]: { lte: c.at },
    OR: [{ [field]: { lt: c.at } }, { id: { lt: c.id } }],
  } as { [K in F]: { lte: Date } } & { OR: object[] };
}
