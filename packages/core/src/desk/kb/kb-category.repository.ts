import type { DbOrTx } from "@quartet/db/client";
import type { ArticleStatus } from "@quartet/db/enums";

// The only code that reads or writes knowledge-base categories. Every query is scoped by
// organizationId.

export const categorySelect = {
  id: true,
  name: true,
  slug: true,
  description: true,
  icon: true,
  parentId: true,
  order: true,
} as const;

export function listCategoryRows(db: DbOrTx, orgId: string) {
  return db.kBCategory.findMany({
    where: { organizationId: orgId },
    orderBy: [{ order: "asc" }, { name: "asc" }, { id: "asc" }],
    select: categorySelect,
  });
}

export function findCategoryRow(db: DbOrTx, orgId: string, categoryId: string) {
  return db.kBCategory.findFirst({
    where: { id: categoryId, organizationId: orgId },
    select: categorySelect,
  });
}

/** Article count per (category, status) in the workspace. */
export async function countArticlesByCategoryAndStatus(db: DbOrTx, orgId: string) {
  const rows = await db.kBArticle.groupBy({
    by: ["categoryId", "status"],
    where: { organizationId: orgId },
    _count: { _all: true },
  });
  return rows.map((r) => ({
    categoryId: r.categoryId,
    status: r.status as ArticleStatus,
    count: r._count._all,
  }));
}

/** Slugs of the workspace's categories that start with `base` (candidates for a clash). */
export async function categorySlugsLike(db: DbOrTx, orgId: string, base: string): Promise<string[]> {
  const rows = await db.kBCategory.findMany({
    where: { organizationId: orgId, slug: { startsWith: base } },
    select: { slug: true },
  });
  return rows.map((r) => r.slug);
}

export function findCategoryBySlug(db: DbOrTx, orgId: string, slug: string) {
  return db.kBCategory.findUnique({
    where: { organizationId_slug: { organizationId: orgId, slug } },
    select: { id: true },
  });
}

/**
 * Serializes tree changes of one workspace until the transaction ends, so two concurrent moves
 * can't each pass the cycle check and together build a loop.
 */
export async function lockCategoryTree(db: DbOrTx, orgId: string): Promise<void> {
  await db.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`kb-categories:${orgId}`}, 0))`;
}

export function insertCategory(
  db: DbOrTx,
  data: {
    orgId: string;
    name: string;
    slug: string;
    description: string | null;
    icon: string | null;
    parentId: string | null;
    order: number;
    now: Date;
  },
) {
  const { orgId, now, ...rest } = data;
  return db.kBCategory.create({
    data: { ...rest, organizationId: orgId, createdAt: now, updatedAt: now },
    select: { id: true },
  });
}

export async function updateCategoryRow(
  db: DbOrTx,
  orgId: string,
  categoryId: string,
  data: {
    name?: string;
    slug?: string;
    description?: string | null;
    icon?: string | null;
    parentId?: string | null;
    order?: number;
    now: Date;
  },
): Promise<boolean> {
  const { now, ...rest } = data;
  const { count } = await db.kBCategory.updateMany({
    where: { id: categoryId, organizationId: orgId },
    data: { ...rest, updatedAt: now },
  });
  return count === 1;
}

export function countCategoryContents(db: DbOrTx, orgId: string, categoryId: string) {
  return Promise.all([
    db.kBArticle.count({ where: { organizationId: orgId, categoryId } }),
    db.kBCategory.count({ where: { organizationId: orgId, parentId: categoryId } }),
  ]).then(([articles, children]) => ({ articles, children }));
}

export async function deleteCategoryRow(db: DbOrTx, orgId: string, categoryId: string): Promise<boolean> {
  const { count } = await db.kBCategory.deleteMany({ where: { id: categoryId, organizationId: orgId } });
  return count === 1;
}
