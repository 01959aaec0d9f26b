import { TicketPriority } from "@quartet/db/enums";
import { AppError } from "../../errors.ts";
import type { TicketListSort, TicketSort } from "./ticket.schema.ts";

/**
 * Where the next page of the ticket list starts, for each order. Every order ends with the id, so
 * the position is unique and a page never repeats or skips a ticket even when values tie:
 * - updatedAt / createdAt: (at desc, id desc)
 * - priority: (priority desc = urgent first, updatedAt desc, id desc)
 * - slaDueAt: (slaDueAt asc nulls last, id asc)
 * - relevance (searching): (rank desc, updatedAt desc, id desc)
 */
export type TicketCursor =
  | { sort: "updatedAt" | "createdAt"; at: Date; id: string }
  | { sort: "priority"; priority: TicketPriority; at: Date; id: string }
  | { sort: "slaDueAt"; at: Date | null; id: string }
  | { sort: "relevance"; rank: number; at: Date; id: string };

interface CursorSource {
  id: string;
  priority: TicketPriority;
  updatedAt: Date;
  createdAt: Date;
  slaDueAt: Date | null;
}

export function cursorAfter(sort: TicketSort, row: CursorSource): TicketCursor {
  switch (sort) {
    case "updatedAt":
    case "createdAt":
      return { sort, at: row[sort], id: row.id };
    case "priority":
      return { sort, priority: row.priority, at: row.updatedAt, id: row.id };
    case "slaDueAt":
      return { sort, at: row.slaDueAt, id: row.id };
  }
}

export function encodeTicketCursor(c: TicketCursor): string {
  const parts =
    c.sort === "priority"
      ? [c.sort, c.priority, c.at.toISOString(), c.id]
      : c.sort === "relevance"
        ? [c.sort, c.rank, c.at.toISOString(), c.id]
        : [c.sort, c.at ? c.at.toISOString() : null, c.id];
  return Buffer.from(JSON.stringify(parts)).toString("base64url");
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const badCursor = () =>
  new AppError("BAD_REQUEST", "This list link has expired. Reload the list.", { cursor: "Invalid cursor." });

const parseDate = (v: unknown) => {
  if (typeof v !== "string") throw badCursor();
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw badCursor();
  return d;
};

/** Reads a cursor back; one that is tampered with or made for another order is a BAD_REQUEST. */
export function decodeTicketCursor(raw: string, sort: TicketListSort): TicketCursor {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    throw badCursor();
  }
  if (!Array.isArray(parts) || parts[0] !== sort) throw badCursor();
  const id = parts.at(-1);
  if (typeof id !== "string" || !UUID.test(id)) throw badCursor();
  switch (sort) {
    case "updatedAt":
    case "createdAt":
      if (parts.length !== 3) throw badCursor();
      return { sort, at: parseDate(parts[1]), id };
    case "priority": {
      const priority = parts[1];
      if (parts.length !== 4 || typeof priority !== "string" || !(priority in TicketPriority))
        throw badCursor();
      return { sort, priority: priority as TicketPriority, at: parseDate(parts[2]), id };
    }
    case "slaDueAt":
      if (parts.length !== 3) throw badCursor();
      return { sort, at: parts[1] === null ? null : parseDate(parts[1]), id };
    case "relevance": {
      const rank = parts[1];
      if (parts.length !== 4 || typeof rank !== "number" || !Number.isFinite(rank)) throw badCursor();
      return { sort, rank, at: parseDate(parts[2]), id };
    }
  }
}

/** Priorities from most to least urgent (the enum's declaration order, reversed). */
export const PRIORITY_DESC: readonly TicketPriority[] = ["URGENT", "HIGH", "MEDIUM", "LOW"];

/** Priorities strictly less urgent than `p` (what comes after it in the priority order). */
export const lessUrgentThan = (p: TicketPriority) => PRIORITY_DESC.slice(PRIORITY_DESC.indexOf(p) + 1);
