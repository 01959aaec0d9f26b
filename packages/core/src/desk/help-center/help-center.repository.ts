import type { DbOrTx } from "@quartet/db/client";
import { HL_START, HL_STOP } from "../tickets/ticket.repository.ts";

// The only code that reads the knowledge base, votes, views and survey rows for the public help
// center. Every query is scoped by organizationId and, for articles, by status PUBLISHED: drafts,
// articles in review and archived ones never leave the database through here.

const articleSummarySelect = { title: true, slug: true, excerpt: true, updatedAt: true } as const;

/** The workspace behind a help-center slug, with its desk settings (null when there is no row yet). */
export function findWorkspaceBySlug(db: DbOrTx, slug: string) {
  return db.organization.findFirst({
    where: { slug, deletedAt: null },
    select: {
      id: true,
      name: true,
      slug: true,
      deskSettings: { select: { helpCenterEnabled: true, helpCenterTitle: true } },
    },
  });
}

export function listCategories(db: DbOrTx, orgId: string) {
  return db.kBCategory.findMany({
    where: { organizationId: orgId },
    orderBy: [{ order: "asc" }, { name: "asc" }],
    select: { id: true, name: true, slug: true, description: true, icon: true, parentId: true },
  });
}

/** Published-article count per category of the workspace. */
export async function countPublishedByCategory(db: DbOrTx, orgId: string): Promise<Map<string, number>> {
  const rows = await db.kBArticle.groupBy({
    by: ["categoryId"],
    where: { organizationId: orgId, status: "PUBLISHED" },
    _count: { _all: true },
  });
  return new Map(rows.map((r) => [r.categoryId, r._count._all]));
}

export function listPopularArticles(db: DbOrTx, orgId: string, take: number) {
  return db.kBArticle.findMany({
    where: { organizationId: orgId, status: "PUBLISHED" },
    orderBy: [{ views: "desc" }, { publishedAt: "desc" }, { id: "asc" }],
    take,
    select: articleSummarySelect,
  });
}

export function findCategoryBySlug(db: DbOrTx, orgId: string, categorySlug: string) {
  return db.kBCategory.findUnique({
    where: { organizationId_slug: { organizationId: orgId, slug: categorySlug } },
    select: { id: true, name: true, slug: true, description: true, parentId: true },
  });
}

export function listPublishedInCategory(db: DbOrTx, orgId: string, categoryId: string, take = 200) {
  return db.kBArticle.findMany({
    where: { organizationId: orgId, categoryId, status: "PUBLISHED" },
    orderBy: [{ title: "asc" }, { id: "asc" }],
    take,
    select: articleSummarySelect,
  });
}

export function findPublishedArticle(db: DbOrTx, orgId: string, articleSlug: string) {
  return db.kBArticle.findFirst({
    where: { organizationId: orgId, slug: articleSlug, status: "PUBLISHED" },
    select: {
      id: true,
      title: true,
      slug: true,
      excerpt: true,
      content: true,
      contentHtml: true,
      publishedAt: true,
      updatedAt: true,
      categoryId: true,
    },
  });
}

export function listRelatedArticles(
  db: DbOrTx,
  orgId: string,
  categoryId: string,
  exceptId: string,
  take: number,
) {
  return db.kBArticle.findMany({
    where: { organizationId: orgId, categoryId, status: "PUBLISHED", id: { not: exceptId } },
    orderBy: [{ views: "desc" }, { id: "asc" }],
    take,
    select: articleSummarySelect,
  });
}

/**
 * Counts a view once per visitor per hour: the view row's primary key (article, visitor, hour)
 * de-duplicates, and the counter only moves when the row was actually inserted — one statement,
 * so two concurrent requests of the same visitor can't both count.
 */
export async function recordArticleView(
  db: DbOrTx,
  articleId: string,
  visitorId: string,
  hour: Date,
): Promise<boolean> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    WITH inserted AS (
      INSERT INTO kb_article_views (article_id, visitor_id, hour)
      VALUES (${articleId}::uuid, ${visitorId}, ${hour}::timestamptz)
      ON CONFLICT DO NOTHING
      RETURNING article_id
    )
    UPDATE kb_articles SET views = views + 1
    WHERE id IN (SELECT article_id FROM inserted)
    RETURNING id`;
  return rows.length === 1;
}

export async function findVote(db: DbOrTx, articleId: string, visitorId: string): Promise<boolean | null> {
  const vote = await db.kBArticleVote.findUnique({
    where: { articleId_visitorId: { articleId, visitorId } },
    select: { helpful: true },
  });
  return vote?.helpful ?? null;
}

/** Locks a published article's row for the rest of the transaction (serializes its votes). */
/** A published article's id, for rate-limit keys (no lock: the vote transaction locks it). */
export async function findPublishedArticleId(db: DbOrTx, orgId: string, articleSlug: string) {
  return db.kBArticle.findFirst({
    where: { organizationId: orgId, slug: articleSlug, status: "PUBLISHED" },
    select: { id: true },
  });
}

export async function lockPublishedArticle(db: DbOrTx, orgId: string, articleSlug: string) {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT id FROM kb_articles
    WHERE organization_id = ${orgId}::uuid AND slug = ${articleSlug} AND status = 'PUBLISHED'
    FOR UPDATE`;
  return rows[0] ?? null;
}

export function upsertVote(db: DbOrTx, articleId: string, visitorId: string, helpful: boolean, now: Date) {
  return db.kBArticleVote.upsert({
    where: { articleId_visitorId: { articleId, visitorId } },
    create: { articleId, visitorId, helpful, createdAt: now, updatedAt: now },
    update: { helpful, updatedAt: now },
    select: { helpful: true },
  });
}

/** Moves the article's counters by these deltas (one vote added, or one moved between yes and no). */
export function bumpVoteCounts(db: DbOrTx, articleId: string, helpfulDelta: number, notHelpfulDelta: number) {
  return db.kBArticle.update({
    where: { id: articleId },
    data: {
      helpfulCount: { increment: helpfulDelta },
      notHelpfulCount: { increment: notHelpfulDelta },
    },
    select: { helpfulCount: true, notHelpfulCount: true },
  });
}

export interface ArticleSearchRow {
  slug: string;
  categoryName: string;
  categorySlug: string;
  rank: number;
  titleHighlight: string;
  /** The article's markdown: the service makes plain text of it for the snippet. */
  content: string;
}

/**
 * Published articles matching a web-search query over the stored weighted vector (title A,
 * excerpt B, content C), best first by ts_rank, with the highlighted title.
 */
export function searchArticleRows(db: DbOrTx, orgId: string, q: string, limit: number) {
  const titleOptions = `StartSel=${HL_START}, StopSel=${HL_STOP}, HighlightAll=true`;
  // 'simple' like the stored column (see the desk migration): an 'english' query would stem
  // words the column keeps whole, and "passwords" would stop matching "passwords".
  return db.$queryRaw<ArticleSearchRow[]>`
    WITH query AS (SELECT websearch_to_tsquery('simple', ${q}) AS tsq),
    hits AS (
      SELECT a.id, a.slug, a.title, a.content, a.category_id, a.updated_at,
             ts_rank(a.search_vector, query.tsq) AS rank
      FROM kb_articles a, query
      WHERE a.organization_id = ${orgId}::uuid
        AND a.status = 'PUBLISHED'
        AND a.search_vector @@ query.tsq
      ORDER BY rank DESC, a.updated_at DESC, a.id DESC
      LIMIT ${limit}
    )
    SELECT hits.slug, c.name AS "categoryName", c.slug AS "categorySlug", hits.rank::float8 AS rank,
           ts_headline('simple', hits.title, query.tsq, ${titleOptions}) AS "titleHighlight",
           hits.content
    FROM hits
    JOIN kb_categories c ON c.id = hits.category_id
    CROSS JOIN query
    ORDER BY hits.rank DESC, hits.updated_at DESC, hits.id DESC`;
}

/**
 * Snippets of plain texts (in order) around the query's matches, matches wrapped in HL_START /
 * HL_STOP: ts_headline over the text a reader sees, never over markdown.
 */
export async function headlineTexts(db: DbOrTx, q: string, texts: string[]): Promise<string[]> {
  if (texts.length === 0) return [];
  // The highlight delimiters are control characters: any in the text itself can't fake a match.
  const bodies = texts.map((t) => t.replaceAll(HL_START, "").replaceAll(HL_STOP, ""));
  const options = `StartSel=${HL_START}, StopSel=${HL_STOP}, MaxFragments=2, MaxWords=25, MinWords=8, FragmentDelimiter=" … "`;
  const rows = await db.$queryRaw<{ ord: bigint; snippet: string }[]>`
    SELECT t.ord, ts_headline('simple', t.body, websearch_to_tsquery('simple', ${q}), ${options}) AS snippet
    FROM unnest(${bodies}::text[]) WITH ORDINALITY AS t(body, ord)
    ORDER BY t.ord`;
  return rows.map((r) => r.snippet);
}

/** Suggestions for the contact form: `tsquery` is built by the service from plain words only. */
export function suggestArticleRows(db: DbOrTx, orgId: string, tsquery: string, limit: number) {
  return db.$queryRaw<{ title: string; slug: string; excerpt: string | null }[]>`
    SELECT a.title, a.slug, a.excerpt
    FROM kb_articles a, to_tsquery('simple', ${tsquery}) AS q
    WHERE a.organization_id = ${orgId}::uuid
      AND a.status = 'PUBLISHED'
      AND a.search_vector @@ q
    ORDER BY ts_rank(a.search_vector, q) DESC, a.views DESC, a.id
    LIMIT ${limit}`;
}

// ── Customer ticket portal and CSAT ──────────────────────────────────────────────────────────

const portalFileSelect = { id: true, fileName: true, mimeType: true, sizeBytes: true } as const;

export function findPortalTicket(db: DbOrTx, orgId: string, ticketId: string) {
  return db.ticket.findFirst({
    where: { id: ticketId, organizationId: orgId, deletedAt: null },
    select: {
      id: true,
      number: true,
      subject: true,
      description: true,
      status: true,
      createdAt: true,
      contactId: true,
      mergedInto: { select: { id: true, number: true, contactId: true } },
      attachments: { where: { messageId: null }, orderBy: { createdAt: "asc" }, select: portalFileSelect },
    },
  });
}

/**
 * The customer-visible conversation: `is_internal = false` is part of the query itself, so an
 * internal note can't reach a customer even if a later mapping forgets to drop it. Only what the
 * customer page shows is selected (agents' names, never their addresses).
 */
export function findPortalMessages(db: DbOrTx, orgId: string, ticketId: string) {
  return db.ticketMessage.findMany({
    where: { organizationId: orgId, ticketId, isInternal: false },
    orderBy: [{ seq: "asc" }],
    select: {
      id: true,
      message: true,
      createdAt: true,
      authorUserId: true,
      authorContactId: true,
      authorUser: { select: { name: true } },
      authorContact: { select: { name: true } },
      attachments: { orderBy: { createdAt: "asc" }, select: portalFileSelect },
    },
  });
}

export function findSurvey(db: DbOrTx, orgId: string, ticketId: string) {
  return db.csatResponse.findFirst({
    where: { organizationId: orgId, ticketId },
    select: {
      rating: true,
      respondedAt: true,
      ticket: { select: { number: true, subject: true } },
    },
  });
}

/** Records the answer unless one is already recorded (compare-and-set on responded_at). */
export async function answerSurvey(
  db: DbOrTx,
  orgId: string,
  ticketId: string,
  data: { rating: number; comment: string | null; now: Date },
): Promise<boolean> {
  const { count } = await db.csatResponse.updateMany({
    where: { organizationId: orgId, ticketId, respondedAt: null },
    data: { rating: data.rating, comment: data.comment, respondedAt: data.now },
  });
  return count === 1;
}
