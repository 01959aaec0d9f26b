import { z } from "zod";

// Knowledge-base categories: a tree per workspace. Who may do what:
// - AGENT+ (agents, admins, owners) read the tree with article counts;
// - ADMIN+ create, rename, move (re-parent, re-order) and delete categories.
// A category's slug is derived from its name when not given and made unique in the workspace with
// -2, -3… suffixes; renaming keeps the slug (public links stay valid) unless a new slug is given.
// A category can't become its own ancestor, and only an empty one (no articles, no children) can
// be deleted.

const nameSchema = z
  .string()
  .trim()
  .min(1, "Give the category a name.")
  .max(100, "Use at most 100 characters.");
const slugSchema = z
  .string()
  .trim()
  .max(80, "Use at most 80 characters.")
  .regex(/^[\p{Ll}\p{Lo}\p{N}]+(?:-[\p{Ll}\p{Lo}\p{N}]+)*$/u, "Use lower-case letters, digits and dashes.");
const descriptionSchema = z.string().trim().max(1000, "Use at most 1000 characters.");
const iconSchema = z.string().trim().max(50, "Use at most 50 characters.");
const orderSchema = z.number().int().min(0).max(100_000);

export const createCategoryInput = z.object({
  orgId: z.uuid(),
  name: nameSchema,
  /** Optional; derived from the name when missing or blank. */
  slug: slugSchema.or(z.literal("")).nullish(),
  description: descriptionSchema.nullish(),
  icon: iconSchema.nullish(),
  parentId: z.uuid().nullish(),
  order: orderSchema.default(0),
});
export type CreateCategoryInput = z.input<typeof createCategoryInput>;

export const updateCategoryInput = z.object({
  orgId: z.uuid(),
  categoryId: z.uuid(),
  name: nameSchema.optional(),
  slug: slugSchema.optional(),
  description: descriptionSchema.nullish(),
  icon: iconSchema.nullish(),
  /** null moves the category to the top level. */
  parentId: z.uuid().nullable().optional(),
  order: orderSchema.optional(),
});
export type UpdateCategoryInput = z.input<typeof updateCategoryInput>;

export const categoryIdInput = z.object({ orgId: z.uuid(), categoryId: z.uuid() });
export type CategoryIdInput = z.infer<typeof categoryIdInput>;

export interface ArticleCounts {
  DRAFT: number;
  REVIEW: number;
  PUBLISHED: number;
  ARCHIVED: number;
  total: number;
}

export interface KbCategoryNode {
  id: string;
  name: string;
  slug: string;
  description: string | null;
  icon: string | null;
  parentId: string | null;
  order: number;
  /** Articles directly in this category, per status. */
  counts: ArticleCounts;
  children: KbCategoryNode[];
}
