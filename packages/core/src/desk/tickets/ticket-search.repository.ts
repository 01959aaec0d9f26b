import type { DbOrTx } from "@quartet/db/client";
import type { TicketPriority, TicketStatus } from "@quartet/db/enums";
import { Prisma } from "@quartet/db/types";
import type { DeskLanguage } from "../settings/desk-settings.schema.ts";
import { HL_START, HL_STOP, type TicketListFilters } from "./ticket.repository.ts";
import type { TicketListSort } from "./ticket.schema.ts";
import type { TicketCursor } from "./ticket-cursor.ts";

// The agents' ticket search. tickets.search_vector is kept by triggers (migration
// desk_ticket_search_language): number and subject (A), requester name and address and tags (B),
// description (C), side-panel notes and internal messages (D), each word both stemmed by the
// workspace's language and as written ('simple'). A query matches either form, so "refunds" finds
// "refund" and an order code still matches exactly. Only workspace members reach this code;
// customer-facing paths (help center, ticket links, the tickets API) never search tickets.

/** Postgres text-search configuration of each Desk content language. */
export const SEARCH_CONFIG: Record<DeskLanguage, string> = { en: "english", fr: "french", ar: "arabic" };

/** How many of the most recently active matches a best-match search ranks. */
export const SEARCH_RANK_WINDOW = 1000;

/** The rank that puts the ticket named by `#1042` (or `1042`) before every text match. */
const EXACT_NUMBER_RANK = 1e9;

/** The workspace's Desk content language: saved setting, else its owner's locale, else en. */
export async function findWorkspaceLanguage(db: DbOrTx, orgId: string): Promise<DeskLanguage> {
  const rows = await db.$queryRaw<{ language: DeskLanguage }[]>`
    SELECT desk_workspace_language(${orgId}::uuid) AS language`;
  return rows[0]?.language ?? "en";
}

export interface TicketSearchRow {
  id: string;
  number: number;
  status: TicketStatus;
  priority: TicketPriority;
  updatedAt: Date;
  createdAt: Date;
  slaDueAt: Date | null;
  rank: number;
  subjectHighlight: string;
  /** The description around the matches. */
  snippet: string;
  /** Notes and internal messages around the matches, when the description has none. */
  internalSnippet: string | null;
}

export interface TicketSearchArgs {
  orgId: string;
  language: DeskLanguage;
  q: string;
  /** The ticket named by the query (`#1042`, `1042`), which comes first. */
  number: number | null;
  filters: TicketListFilters;
  sort: TicketListSort;
  after: TicketCursor | null;
  take: number;
}

function filterSql(f: TicketListFilters): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (f.status) parts.push(Prisma.sql`AND t.status = ${f.status}::ticket_status`);
  if (f.priority) parts.push(Prisma.sql`AND t.priority = ${f.priority}::ticket_priority`);
  if (f.assigneeId === null) parts.push(Prisma.sql`AND t.assignee_id IS NULL`);
  else if (f.assigneeId) parts.push(Prisma.sql`AND t.assignee_id = ${f.assigneeId}::uuid`);
  if (f.teamId === null) parts.push(Prisma.sql`AND t.team_id IS NULL`);
  else if (f.teamId) parts.push(Prisma.sql`AND t.team_id = ${f.teamId}::uuid`);
  if (f.tag) parts.push(Prisma.sql`AND t.tags @> ARRAY[${f.tag}::text]`);
  if (f.contactId) parts.push(Prisma.sql`AND t.contact_id = ${f.contactId}::uuid`);
  if (f.number) parts.push(Prisma.sql`AND t.number = ${f.number}::int`);
  return parts.length ? Prisma.join(parts, " ") : Prisma.empty;
}

/** Rows after the cursor in a list order (the same orders as listTicketRows, in SQL). */
function afterSql(c: TicketCursor | null): Prisma.Sql {
  if (!c) return Prisma.empty;
  switch (c.sort) {
    case "updatedAt":
      return Prisma.sql`AND (t.updated_at, t.id) < (${c.at}::timestamptz, ${c.id}::uuid)`;
    case "createdAt":
      return Prisma.sql`AND (t.created_at, t.id) < (${c.at}::timestamptz, ${c.id}::uuid)`;
    case "priority":
      return Prisma.sql`AND (t.priority, t.updated_at, t.id) < (${c.priority}::ticket_priority, ${c.at}::timestamptz, ${c.id}::uuid)`;
    case "slaDueAt":
      return c.at === null
        ? Prisma.sql`AND t.sla_due_at IS NULL AND t.id > ${c.id}::uuid`
        : Prisma.sql`AND (t.sla_due_at > ${c.at}::timestamptz OR (t.sla_due_at = ${c.at}::timestamptz AND t.id > ${c.id}::uuid) OR t.sla_due_at IS NULL)`;
    case "relevance":
      return Prisma.sql`AND (r.rank, r.updated_at, r.id) < (${c.rank}::float8, ${c.at}::timestamptz, ${c.id}::uuid)`;
  }
}

/** A list order over the tickets columns of `alias` (t in the scan, s on the page). */
function orderSql(sort: Exclude<TicketListSort, "relevance">, alias: "t" | "s"): Prisma.Sql {
  const x = Prisma.raw(alias);
  switch (sort) {
    case "updatedAt":
      return Prisma.sql`${x}.updated_at DESC, ${x}.id DESC`;
    case "createdAt":
      return Prisma.sql`${x}.created_at DESC, ${x}.id DESC`;
    case "priority":
      return Prisma.sql`${x}.priority DESC, ${x}.updated_at DESC, ${x}.id DESC`;
    case "slaDueAt":
      return Prisma.sql`${x}.sla_due_at ASC NULLS LAST, ${x}.id ASC`;
  }
}

/**
 * One page of matching tickets within the filters, with highlights.
 * - relevance: ranking every match of a common word (a third of a million tickets) costs seconds,
 *   so it ranks the SEARCH_RANK_WINDOW most recently active matches with ts_rank (a help desk cares
 *   most about live tickets; a rare word is ranked over all its matches) and pages through them by
 *   (rank, updatedAt, id). The ticket named by a number query is added and ranked first.
 * - the list orders: the search is one more filter, paged by the same keys as the list.
 * The tsquery is written inline so the planner sees the words (the recency index for common words,
 * the GIN index for rare ones). Only the page's rows get ts_headline (the costly part).
 */
export function searchTicketPage(db: DbOrTx, a: TicketSearchArgs) {
  const cfg = SEARCH_CONFIG[a.language];
  const tsq = Prisma.sql`(websearch_to_tsquery(${cfg}::regconfig, ${a.q}) || websearch_to_tsquery('simple'::regconfig, ${a.q}))`;
  const scope = Prisma.sql`t.organization_id = ${a.orgId}::uuid AND t.deleted_at IS NULL ${filterSql(a.filters)}`;
  const subjectOptions = `StartSel=${HL_START}, StopSel=${HL_STOP}, HighlightAll=true`;
  const snippetOptions = `StartSel=${HL_START}, StopSel=${HL_STOP}, MaxFragments=2, MaxWords=25, MinWords=8, FragmentDelimiter=" … "`;

  let page: Prisma.Sql;
  if (a.sort === "relevance") {
    const exact =
      a.number === null
        ? Prisma.empty
        : Prisma.sql`UNION ALL SELECT t.id, t.updated_at, ${EXACT_NUMBER_RANK}::float8 AS rank
            FROM tickets t WHERE ${scope} AND t.number = ${a.number}::int`;
    page = Prisma.sql`
      SELECT r.id, r.rank, row_number() OVER (ORDER BY r.rank DESC, r.updated_at DESC, r.id DESC) AS pos
      FROM (
        SELECT DISTINCT ON (u.id) u.id, u.updated_at, u.rank
        FROM (
          SELECT m.id, m.updated_at, ts_rank(m.search_vector, ${tsq})::float8 AS rank
          FROM (
            SELECT t.id, t.updated_at, t.search_vector
            FROM tickets t
            WHERE ${scope} AND t.search_vector @@ ${tsq}
            ORDER BY t.updated_at DESC, t.id DESC
            LIMIT ${SEARCH_RANK_WINDOW}
          ) m
          ${exact}
        ) u
        ORDER BY u.id, u.rank DESC
      ) r
      WHERE true ${afterSql(a.after)}
      ORDER BY r.rank DESC, r.updated_at DESC, r.id DESC
      LIMIT ${a.take}`;
  } else {
    const numberMatch = a.number === null ? Prisma.empty : Prisma.sql`OR t.number = ${a.number}::int`;
    // Numbered after the LIMIT: a window over every match would defeat the index walk.
    page = Prisma.sql`
      SELECT s.id, 0::float8 AS rank, row_number() OVER (ORDER BY ${orderSql(a.sort, "s")}) AS pos
      FROM (
        SELECT t.id, t.updated_at, t.created_at, t.priority, t.sla_due_at
        FROM tickets t
        WHERE ${scope} AND (t.search_vector @@ ${tsq} ${numberMatch}) ${afterSql(a.after)}
        ORDER BY ${orderSql(a.sort, "t")}
        LIMIT ${a.take}
      ) s`;
  }

  return db.$queryRaw<TicketSearchRow[]>`
    WITH page AS (${page}),
    hits AS (
      SELECT t.id, t.number, t.status::text AS status, t.priority::text AS priority,
             t.updated_at AS "updatedAt", t.created_at AS "createdAt", t.sla_due_at AS "slaDueAt",
             p.rank, p.pos,
             ts_headline(${cfg}::regconfig, t.subject, ${tsq}, ${subjectOptions}) AS "subjectHighlight",
             ts_headline(${cfg}::regconfig, t.description, ${tsq}, ${snippetOptions}) AS snippet
      FROM page p JOIN tickets t ON t.id = p.id
    )
    SELECT h.id, h.number, h.status, h.priority, h."updatedAt", h."createdAt", h."slaDueAt", h.rank,
           h."subjectHighlight", h.snippet,
           CASE WHEN strpos(h.snippet, ${HL_START}) = 0
             THEN ts_headline(${cfg}::regconfig, desk_ticket_internal_text(h.id), ${tsq}, ${snippetOptions})
           END AS "internalSnippet"
    FROM hits h
    ORDER BY h.pos`;
}

/**
 * Rebuilds the search documents of up to `batchSize` of the workspace's tickets, newest first,
 * strictly after `after` (keyset on the (organization_id, created_at desc, id desc) index; the
 * position is kept as text so microseconds survive). Returns where the batch ended, or null when
 * no ticket was left.
 */
export async function rebuildSearchBatch(
  db: DbOrTx,
  orgId: string,
  after: { createdAt: string; id: string } | null,
  batchSize: number,
): Promise<{ createdAt: string; id: string; count: number } | null> {
  const afterCond = after
    ? Prisma.sql`AND (b.created_at, b.id) < (${after.createdAt}::timestamptz, ${after.id}::uuid)`
    : Prisma.empty;
  const rows = await db.$queryRaw<{ id: string; createdAt: string; count: number }[]>`
    WITH upd AS (
      UPDATE tickets t SET search_vector = desk_ticket_document(t, true)
      FROM (
        SELECT b.id FROM tickets b
        WHERE b.organization_id = ${orgId}::uuid ${afterCond}
        ORDER BY b.created_at DESC, b.id DESC
        LIMIT ${batchSize}
      ) batch
      WHERE t.id = batch.id
      RETURNING t.id, t.created_at
    )
    SELECT u.id, u.created_at::text AS "createdAt", (SELECT count(*)::int FROM upd) AS count
    FROM upd u
    ORDER BY u.created_at ASC, u.id ASC
    LIMIT 1`;
  return rows[0] ?? null;
}
