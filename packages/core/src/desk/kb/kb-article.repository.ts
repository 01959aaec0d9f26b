import type { DbOrTx } from "@quartet/db/client";
import type { ArticleStatus } from "@quartet/db/enums";
import { Prisma } from "@quartet/db/types";

// The only code that reads or writes knowledge-base articles for the agent workspace (the public
// help center has its own, published-only repository). Every query is scoped by organizationId.

const personBrief = { select: { id: true, name: true, email: true } } as const;

export const articleListSelect = {
  id: true,
  title: true,
  slug: true,
  status: true,
  excerpt: true,
  views: true,
  helpfulCount: true,
  notHelpfulCount: true,
  publishedAt: true,
  createdAt: true,
  updatedAt: true,
  category: { select: { id: true, name: true } },
  author: personBrief,
} as const;

export const articleDetailSelect = { ...articleListSelect, content: true, contentHtml: true } as const;

export function findArticleRow(db: DbOrTx, orgId: string, articleId: string) {
  return db.kBArticle.findFirst({
    where: { id: articleId, organizationId: orgId },
    select: articleDetailSelect,
  });
}

/** Locks the article row until the transaction ends (status changes and edits don't interleave). */
export async function lockArticle(db: DbOrTx, orgId: string, articleId: string) {
  const rows = await db.$queryRaw<
    { id: string; status: ArticleStatus; content: string; excerpt: string | null }[]
  >`
    SELECT id, status::text AS status, content, excerpt FROM kb_articles
    WHERE id = ${articleId}::uuid AND organization_id = ${orgId}::uuid
    FOR UPDATE`;
  return rows[0] ?? null;
}

export interface ArticleListFilters {
  status?: ArticleStatus;
  categoryId?: string;
  /** Matched against the stored tsvector (title A, excerpt B, content C) or the title (ILIKE). */
  q?: string;
}

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Ids of one page of articles by (updated_at desc, id desc), strictly after `after` — keyset
 * pagination, no OFFSET. Raw SQL because the search vector is a generated column Prisma can't query.
 */
export async function listArticleIds(
  db: DbOrTx,
  orgId: string,
  filters: ArticleListFilters,
  after: { at: Date; id: string } | null,
  take: number,
): Promise<string[]> {
  const status = filters.status ? Prisma.sql`AND a.status = ${filters.status}::article_status` : Prisma.empty;
  const category = filters.categoryId
    ? Prisma.sql`AND a.category_id = ${filters.categoryId}::uuid`
    : Prisma.empty;
  const search = filters.q
    ? Prisma.sql`AND (a.search_vector @@ websearch_to_tsquery('simple', ${filters.q})
                      OR a.title ILIKE ${likePattern(filters.q)})`
    : Prisma.empty;
  const keyset = after
    ? Prisma.sql`AND (a.updated_at, a.id) < (${after.at}::timestamptz, ${after.id}::uuid)`
    : Prisma.empty;
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT a.id FROM kb_articles a
    WHERE a.organization_id = ${orgId}::uuid ${status} ${category} ${search} ${keyset}
    ORDER BY a.updated_at DESC, a.id DESC
    LIMIT ${take}`;
  return rows.map((r) => r.id);
}

export async function findArticleRowsByIds(db: DbOrTx, orgId: string, ids: string[]) {
  const rows = await db.kBArticle.findMany({
    where: { organizationId: orgId, id: { in: ids } },
    select: articleListSelect,
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Slugs of the workspace's articles that start with `base` (candidates for a clash). */
export async function articleSlugsLike(db: DbOrTx, orgId: string, base: string): Promise<string[]> {
  const rows = await db.kBArticle.findMany({
    where: { organizationId: orgId, slug: { startsWith: base } },
    select: { slug: true },
  });
  return rows.map((r) => r.slug);
}

export function findArticleBySlug(db: DbOrTx, orgId: string, slug: string) {
  return db.kBArticle.findUnique({
    where: { organizationId_slug: { organizationId: orgId, slug } },
    select: { id: true },
  });
}

export function insertArticle(
  db: DbOrTx,
  data: {
    orgId: string;
    title: string;
    slug: string;
    content: string;
    contentHtml: string;
    excerpt: string | null;
    categoryId: string;
    authorId: string;
    now: Date;
  },
) {
  const { orgId, now, ...rest } = data;
  return db.kBArticle.create({
    data: { ...rest, organizationId: orgId, status: "DRAFT", createdAt: now, updatedAt: now },
    select: { id: true },
  });
}

export async function updateArticleRow(
  db: DbOrTx,
  orgId: string,
  articleId: string,
  data: {
    title?: string;
    slug?: string;
    content?: string;
    contentHtml?: string;
    excerpt?: string | null;
    categoryId?: string;
    now: Date;
  },
): Promise<boolean> {
  const { now, ...rest } = data;
  const { count } = await db.kBArticle.updateMany({
    where: { id: articleId, organizationId: orgId },
    data: { ...rest, updatedAt: now },
  });
  return count === 1;
}

/** Compare-and-set status change: false when the article isn't in `from` any more. */
export async function setArticleStatusRow(
  db: DbOrTx,
  orgId: string,
  articleId: string,
  from: ArticleStatus,
  to: ArticleStatus,
  now: Date,
): Promise<boolean> {
  const { count } = await db.kBArticle.updateMany({
    where: { id: articleId, organizationId: orgId, status: from },
    data: { status: to, updatedAt: now, ...(to === "PUBLISHED" ? { publishedAt: now } : {}) },
  });
  return count === 1;
}

/**
 * Deletes an article for good; its votes and view rows go with it (ON DELETE CASCADE). Returns
 * false when there was no such article in the workspace.
 */
export async function deleteArticleRow(db: DbOrTx, orgId: string, articleId: string): Promise<boolean> {
  const { count } = await db.kBArticle.deleteMany({ where: { id: articleId, organizationId: orgId } });
  return count === 1;
}

export function findCategoryInOrg(db: DbOrTx, orgId: string, categoryId: string) {
  return db.kBCategory.findFirst({ where: { id: categoryId, organizationId: orgId }, select: { id: true } });
}

export function findFirstCategory(db: DbOrTx, orgId: string) {
  return db.kBCategory.findFirst({
    where: { organizationId: orgId },
    orderBy: [
      { parentId: { sort: "asc", nulls: "first" } },
      { order: "asc" },
      { name: "asc" },
      { id: "asc" },
    ],
    select: { id: true },
  });
}

/** The default category of a workspace that has none yet (ON CONFLICT: a concurrent twin wins). */
export async function ensureGeneralCategory(db: DbOrTx, orgId: string, name: string, now: Date) {
  await db.kBCategory.createMany({
    data: [{ organizationId: orgId, name, slug: "general", createdAt: now, updatedAt: now }],
    skipDuplicates: true,
  });
  return db.kBCategory.findUniqueOrThrow({
    where: { organizationId_slug: { organizationId: orgId, slug: "general" } },
    select: { id: true },
  });
}

/** A ticket of the workspace with what an article can be built from: never internal notes. */
export function findTicketForArticle(db: DbOrTx, orgId: string, ticketId: string) {
  return db.ticket.findFirst({
    where: { id: ticketId, organizationId: orgId, deletedAt: null },
    select: {
      subject: true,
      description: true,
      messages: {
        // Public replies written by agents only: internal notes and the customer's messages stay out.
        where: { isInternal: false, authorUserId: { not: null } },
        orderBy: { seq: "asc" },
        select: { message: true },
      },
    },
  });
}
