import type { DbOrTx } from "@quartet/db/client";
import type { TicketPriority, TicketStatus } from "@quartet/db/enums";
import { HL_START, HL_STOP, listTicketRowsByIds, type TicketListFilters } from "./ticket.repository.ts";
import type { HighlightSegment, TicketListSort } from "./ticket.schema.ts";
import { ticketNumberFromQuery } from "./ticket-agent.schema.ts";
import type { TicketCursor } from "./ticket-cursor.ts";
import { findWorkspaceLanguage, searchTicketPage, type TicketSearchRow } from "./ticket-search.repository.ts";

// The agents' ticket search (see ticket-search.repository.ts): the list's rows with a highlighted
// subject and a snippet, and the short hit list of pickers. Callers check membership first.

/**
 * Splits ts_headline output (matches wrapped in control-character delimiters) into plain-text
 * segments, so clients render highlights without ever interpreting ticket text as HTML.
 */
export function toSegments(headline: string): HighlightSegment[] {
  const segments: HighlightSegment[] = [];
  let rest = headline;
  while (rest.length > 0) {
    const start = rest.indexOf(HL_START);
    const stop = start === -1 ? -1 : rest.indexOf(HL_STOP, start + 1);
    if (start === -1 || stop === -1) {
      segments.push({ text: rest, match: false });
      break;
    }
    if (start > 0) segments.push({ text: rest.slice(0, start), match: false });
    segments.push({ text: rest.slice(start + 1, stop), match: true });
    rest = rest.slice(stop + 1);
  }
  return segments;
}

/** Why a ticket matched, for the row under its subject. */
export interface TicketSearchMatch {
  subject: HighlightSegment[];
  snippet: HighlightSegment[];
  /** The snippet comes from an internal note or message (agents only), not the description. */
  snippetSource: "description" | "internal";
}

function matchOf(row: TicketSearchRow): TicketSearchMatch {
  const internal = row.internalSnippet?.includes(HL_START) ? row.internalSnippet : null;
  return {
    subject: toSegments(row.subjectHighlight),
    snippet: toSegments(internal ?? row.snippet),
    snippetSource: internal ? "internal" : "description",
  };
}

export interface SearchPageArgs {
  orgId: string;
  q: string;
  filters: TicketListFilters;
  sort: TicketListSort;
  after: TicketCursor | null;
  take: number;
}

/** One page of search rows in the workspace's language (`take` rows, the caller asks one extra). */
export async function searchRows(db: DbOrTx, args: SearchPageArgs): Promise<TicketSearchRow[]> {
  const language = await findWorkspaceLanguage(db, args.orgId);
  return searchTicketPage(db, { ...args, language, number: ticketNumberFromQuery(args.q) });
}

/** The list rows (same shape as the unsearched list) of a search page, in its order, with matches. */
export async function listRowsOfSearch(db: DbOrTx, orgId: string, rows: TicketSearchRow[]) {
  const full = await listTicketRowsByIds(
    db,
    orgId,
    rows.map((r) => r.id),
  );
  const byId = new Map(full.map((t) => [t.id, t]));
  return rows.flatMap((r) => {
    const ticket = byId.get(r.id);
    return ticket ? [{ ...ticket, match: matchOf(r) }] : [];
  });
}

export interface TicketSearchHit {
  id: string;
  number: number;
  status: TicketStatus;
  priority: TicketPriority;
  updatedAt: Date;
  rank: number;
  subject: HighlightSegment[];
  snippet: HighlightSegment[];
}

/** Best matches first, as a picker shows them (the merge dialog). */
export function toHits(rows: TicketSearchRow[]): TicketSearchHit[] {
  return rows.map((row) => {
    const match = matchOf(row);
    return {
      id: row.id,
      number: row.number,
      status: row.status,
      priority: row.priority,
      updatedAt: row.updatedAt,
      rank: Number(row.rank),
      subject: match.subject,
      snippet: match.snippet,
    };
  });
}
