import { ArticleStatus } from "@quartet/db/enums";
import { z } from "zod";

// Knowledge-base articles. Workflow and who may do what:
//
//   DRAFT ──submit (AGENT+)──▶ REVIEW ──publish (ADMIN+)──▶ PUBLISHED ──archive (ADMIN+)──▶ ARCHIVED
//     │ ▲                        │                          ▲ │                                │
//     │ └── back to draft ───────┴──── unpublish (ADMIN+) ──┼─┴──── restore (ADMIN+) ──────────┘
//     │     (AGENT+ from REVIEW)                            │
//     └──────────── publish directly (ADMIN+) ──────────────┘
//
// - AGENT+ (agents, admins, owners) read every article, create drafts, edit DRAFT articles,
//   submit them for review and take an article in review back to draft.
// - ADMIN+ also edit articles in REVIEW, PUBLISHED or ARCHIVED, publish (a draft directly, or
//   one in review), archive, unpublish, restore and delete. Publishing sets publishedAt.
// - Deleting removes the article with its votes and views (see deleteArticle).
// - Every save renders `content` (markdown) to sanitized HTML (`contentHtml`), which the public
//   help center shows as is. A blank excerpt is filled with the first paragraph's plain text.

export const articleStatusSchema = z.enum(ArticleStatus);

export const ARTICLE_CONTENT_MAX = 200_000;

const titleSchema = z
  .string()
  .trim()
  .min(1, "Give the article a title.")
  .max(200, "Use at most 200 characters.");
const slugSchema = z
  .string()
  .trim()
  .max(120, "Use at most 120 characters.")
  .regex(/^[\p{Ll}\p{Lo}\p{N}]+(?:-[\p{Ll}\p{Lo}\p{N}]+)*$/u, "Use lower-case letters, digits and dashes.");
const contentSchema = z
  .string()
  .max(
    ARTICLE_CONTENT_MAX,
    `Articles are limited to ${ARTICLE_CONTENT_MAX.toLocaleString("en")} characters.`,
  );
const excerptSchema = z.string().trim().max(500, "Use at most 500 characters.");

export const createArticleInput = z.object({
  orgId: z.uuid(),
  title: titleSchema,
  /** Optional; derived from the title (with -2, -3… on a clash) when missing or blank. */
  slug: slugSchema.or(z.literal("")).nullish(),
  content: contentSchema.default(""),
  /** Blank → the first paragraph's plain text. */
  excerpt: excerptSchema.nullish(),
  /** Optional: the workspace's first category (a "General" one is created when there is none). */
  categoryId: z.uuid().nullish(),
});
export type CreateArticleInput = z.input<typeof createArticleInput>;

export const updateArticleInput = z.object({
  orgId: z.uuid(),
  articleId: z.uuid(),
  title: titleSchema.optional(),
  slug: slugSchema.optional(),
  content: contentSchema.optional(),
  /** Blank → regenerated from the content; omitted → kept (or kept in sync if it was generated). */
  excerpt: excerptSchema.nullish(),
  categoryId: z.uuid().optional(),
});
export type UpdateArticleInput = z.input<typeof updateArticleInput>;

export const listArticlesInput = z.object({
  orgId: z.uuid(),
  status: articleStatusSchema.optional(),
  categoryId: z.uuid().optional(),
  /** Words of the title or content (full-text), or part of the title. */
  q: z.string().trim().max(200, "Use at most 200 characters.").optional(),
  /** Opaque keyset cursor from the previous page's `nextCursor`. */
  cursor: z.string().max(200).nullish(),
  limit: z.number().int().min(1).max(100).default(25),
});
export type ListArticlesInput = z.input<typeof listArticlesInput>;

export const articleIdInput = z.object({ orgId: z.uuid(), articleId: z.uuid() });
export type ArticleIdInput = z.infer<typeof articleIdInput>;

export const setArticleStatusInput = z.object({
  orgId: z.uuid(),
  articleId: z.uuid(),
  status: articleStatusSchema,
});
export type SetArticleStatusInput = z.infer<typeof setArticleStatusInput>;

export const previewMarkdownInput = z.object({ orgId: z.uuid(), content: contentSchema });
export type PreviewMarkdownInput = z.infer<typeof previewMarkdownInput>;

export const articleFromTicketInput = z.object({ orgId: z.uuid(), ticketId: z.uuid() });
export type ArticleFromTicketInput = z.infer<typeof articleFromTicketInput>;

export interface KbPersonBrief {
  id: string;
  name: string | null;
  email: string;
}

export interface KbArticleListItem {
  id: string;
  title: string;
  slug: string;
  status: ArticleStatus;
  excerpt: string | null;
  category: { id: string; name: string };
  author: KbPersonBrief | null;
  views: number;
  helpfulCount: number;
  notHelpfulCount: number;
  /** Share of "helpful" votes, 0–100; null before the first vote. */
  helpfulPercent: number | null;
  publishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface KbArticleDetail extends KbArticleListItem {
  content: string;
  contentHtml: string;
}
