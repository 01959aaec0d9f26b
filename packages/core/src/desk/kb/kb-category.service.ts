import type { ArticleStatus } from "@quartet/db/enums";
import type { Deps, UserActor } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import { isUniqueViolation } from "../../identity/identity.shared.ts";
import { requireMembership } from "../../orgs/org-access.service.ts";
import * as repo from "./kb-category.repository.ts";
import {
  type ArticleCounts,
  type CategoryIdInput,
  type CreateCategoryInput,
  createCategoryInput,
  type KbCategoryNode,
  type UpdateCategoryInput,
  updateCategoryInput,
} from "./kb-category.schema.ts";
import { firstFreeSlug, slugify } from "./kb-slug.ts";

const TX_OPTIONS = { maxWait: 15_000, timeout: 15_000 } as const;

export const categoryNotFound = () => new AppError("NOT_FOUND", "Category not found.");
const slugTaken = () =>
  new AppError("CONFLICT", "Another category of this workspace already uses this slug.", {
    slug: "This slug is already used by another category.",
  });

const emptyCounts = (): ArticleCounts => ({ DRAFT: 0, REVIEW: 0, PUBLISHED: 0, ARCHIVED: 0, total: 0 });

/** The workspace's categories as a tree (siblings by order, then name), with article counts. */
export async function listCategoryTree(
  deps: Deps,
  actor: UserActor,
  input: { orgId: string },
): Promise<KbCategoryNode[]> {
  await requireMembership(deps.db, input.orgId, actor.userId, "AGENT");
  const [rows, counts] = await Promise.all([
    repo.listCategoryRows(deps.db, input.orgId),
    repo.countArticlesByCategoryAndStatus(deps.db, input.orgId),
  ]);
  const nodes = new Map<string, KbCategoryNode>(
    rows.map((r) => [r.id, { ...r, counts: emptyCounts(), children: [] }]),
  );
  for (const c of counts) {
    const node = nodes.get(c.categoryId);
    if (!node) continue;
    node.counts[c.status as ArticleStatus] += c.count;
    node.counts.total += c.count;
  }
  const roots: KbCategoryNode[] = [];
  // rows are already sorted, so pushing in order keeps every sibling list sorted.
  for (const row of rows) {
    const node = nodes.get(row.id) as KbCategoryNode;
    const parent = row.parentId ? nodes.get(row.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

async function requireParent(deps: Deps, orgId: string, parentId: string) {
  const parent = await repo.findCategoryRow(deps.db, orgId, parentId);
  if (!parent) {
    throw new AppError("NOT_FOUND", "The parent category doesn't exist.", {
      parentId: "Choose a category of this workspace.",
    });
  }
  return parent;
}

/** ADMIN+ adds a category; the slug comes from the name (with -2, -3… on a clash) unless given. */
export async function createCategory(
  deps: Deps,
  actor: UserActor,
  rawInput: CreateCategoryInput,
): Promise<KbCategoryNode> {
  const input = createCategoryInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor.userId, "ADMIN");
  if (input.parentId) await requireParent(deps, input.orgId, input.parentId);
  const explicitSlug = input.slug || null;
  if (explicitSlug && (await repo.findCategoryBySlug(deps.db, input.orgId, explicitSlug))) throw slugTaken();
  const base = explicitSlug ?? (slugify(input.name) || "category");

  // Two admins may pick the same free suffix at once: the unique index refuses one, who retries.
  for (let attempt = 0; ; attempt++) {
    const slug =
      explicitSlug ?? firstFreeSlug(base, await repo.categorySlugsLike(deps.db, input.orgId, base));
    try {
      const { id } = await repo.insertCategory(deps.db, {
        orgId: input.orgId,
        name: input.name,
        slug,
        description: input.description || null,
        icon: input.icon || null,
        parentId: input.parentId ?? null,
        order: input.order,
        now: deps.clock.now(),
      });
      return loadNode(deps, actor, input.orgId, id);
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      if (explicitSlug || attempt >= 4) throw slugTaken();
    }
  }
}

async function loadNode(deps: Deps, actor: UserActor, orgId: string, categoryId: string) {
  const find = (nodes: KbCategoryNode[]): KbCategoryNode | undefined => {
    for (const n of nodes) {
      if (n.id === categoryId) return n;
      const hit = find(n.children);
      if (hit) return hit;
    }
    return undefined;
  };
  const node = find(await listCategoryTree(deps, actor, { orgId }));
  if (!node) throw categoryNotFound();
  return node;
}

/**
 * ADMIN+ renames, re-describes, re-orders or moves a category. Moving under itself or under one
 * of its descendants is refused (the tree would become a loop).
 */
export async function updateCategory(
  deps: Deps,
  actor: UserActor,
  rawInput: UpdateCategoryInput,
): Promise<KbCategoryNode> {
  const input = updateCategoryInput.parse(rawInput);
  await deps.db
    .$transaction(async (tx) => {
      await requireMembership(tx, input.orgId, actor.userId, "ADMIN");
      if (input.parentId !== undefined) await repo.lockCategoryTree(tx, input.orgId);
      const current = await repo.findCategoryRow(tx, input.orgId, input.categoryId);
      if (!current) throw categoryNotFound();

      if (input.parentId) {
        const rows = await repo.listCategoryRows(tx, input.orgId);
        const parentOf = new Map(rows.map((r) => [r.id, r.parentId]));
        if (!parentOf.has(input.parentId)) {
          throw new AppError("NOT_FOUND", "The parent category doesn't exist.", {
            parentId: "Choose a category of this workspace.",
          });
        }
        // Walk up from the new parent: meeting the category itself means it would contain itself.
        for (let at: string | null | undefined = input.parentId; at; at = parentOf.get(at)) {
          if (at === input.categoryId) {
            const message =
              at === input.parentId
                ? "A category can't be its own parent."
                : "A category can't move inside one of its own subcategories.";
            throw new AppError("BAD_REQUEST", message, { parentId: message }, "CATEGORY_CYCLE");
          }
        }
      }
      if (input.slug && input.slug !== current.slug) {
        const same = await repo.findCategoryBySlug(tx, input.orgId, input.slug);
        if (same) throw slugTaken();
      }
      await repo.updateCategoryRow(tx, input.orgId, input.categoryId, {
        name: input.name,
        slug: input.slug,
        description: input.description === undefined ? undefined : input.description || null,
        icon: input.icon === undefined ? undefined : input.icon || null,
        parentId: input.parentId,
        order: input.order,
        now: deps.clock.now(),
      });
    }, TX_OPTIONS)
    .catch((err: unknown) => {
      throw isUniqueViolation(err) ? slugTaken() : err;
    });
  return loadNode(deps, actor, input.orgId, input.categoryId);
}

/** ADMIN+ deletes an empty category; one with articles or subcategories is refused with the why. */
export async function deleteCategory(
  deps: Deps,
  actor: UserActor,
  input: CategoryIdInput,
): Promise<{ categoryId: string }> {
  await deps.db.$transaction(async (tx) => {
    await requireMembership(tx, input.orgId, actor.userId, "ADMIN");
    await repo.lockCategoryTree(tx, input.orgId);
    if (!(await repo.findCategoryRow(tx, input.orgId, input.categoryId))) throw categoryNotFound();
    const { articles, children } = await repo.countCategoryContents(tx, input.orgId, input.categoryId);
    if (articles > 0 || children > 0) {
      const parts = [
        articles > 0 ? `${articles} article${articles === 1 ? "" : "s"}` : null,
        children > 0 ? `${children} subcategor${children === 1 ? "y" : "ies"}` : null,
      ].filter(Boolean);
      throw new AppError(
        "PRECONDITION_FAILED",
        `This category still has ${parts.join(" and ")}. Move or delete them first.`,
        undefined,
        "CATEGORY_NOT_EMPTY",
      );
    }
    await repo.deleteCategoryRow(tx, input.orgId, input.categoryId);
  }, TX_OPTIONS);
  return { categoryId: input.categoryId };
}
