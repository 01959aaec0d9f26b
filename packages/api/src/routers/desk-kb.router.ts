import {
  articleFromTicketInput,
  articleIdInput,
  createArticleInput,
  listArticlesInput,
  previewMarkdownInput,
  setArticleStatusInput,
  updateArticleInput,
} from "@quartet/core/desk/kb/kb-article.schema";
import {
  createArticle,
  createArticleFromTicket,
  deleteArticle,
  getArticle,
  listArticles,
  previewMarkdown,
  setArticleStatus,
  updateArticle,
} from "@quartet/core/desk/kb/kb-article.service";
import {
  categoryIdInput,
  createCategoryInput,
  updateCategoryInput,
} from "@quartet/core/desk/kb/kb-category.schema";
import {
  createCategory,
  deleteCategory,
  listCategoryTree,
  updateCategory,
} from "@quartet/core/desk/kb/kb-category.service";
import { orgProcedure, router } from "../trpc.ts";

/**
 * Knowledge base, agent side: agents read, write drafts and submit them for review; admins manage
 * categories and publish / archive / delete (the service checks the per-status rules, see kb-article.schema).
 */
export const deskKbRouter = router({
  categoryTree: orgProcedure("AGENT").query(({ ctx, input }) => listCategoryTree(ctx.deps, ctx.actor, input)),
  createCategory: orgProcedure("ADMIN")
    .input(createCategoryInput)
    .mutation(({ ctx, input }) => createCategory(ctx.deps, ctx.actor, input)),
  updateCategory: orgProcedure("ADMIN")
    .input(updateCategoryInput)
    .mutation(({ ctx, input }) => updateCategory(ctx.deps, ctx.actor, input)),
  deleteCategory: orgProcedure("ADMIN")
    .input(categoryIdInput)
    .mutation(({ ctx, input }) => deleteCategory(ctx.deps, ctx.actor, input)),

  listArticles: orgProcedure("AGENT")
    .input(listArticlesInput)
    .query(({ ctx, input }) => listArticles(ctx.deps, ctx.actor, input)),
  getArticle: orgProcedure("AGENT")
    .input(articleIdInput)
    .query(({ ctx, input }) => getArticle(ctx.deps, ctx.actor, input)),
  createArticle: orgProcedure("AGENT")
    .input(createArticleInput)
    .mutation(({ ctx, input }) => createArticle(ctx.deps, ctx.actor, input)),
  updateArticle: orgProcedure("AGENT")
    .input(updateArticleInput)
    .mutation(({ ctx, input }) => updateArticle(ctx.deps, ctx.actor, input)),
  setArticleStatus: orgProcedure("AGENT")
    .input(setArticleStatusInput)
    .mutation(({ ctx, input }) => setArticleStatus(ctx.deps, ctx.actor, input)),
  deleteArticle: orgProcedure("ADMIN")
    .input(articleIdInput)
    .mutation(({ ctx, input }) => deleteArticle(ctx.deps, ctx.actor, input)),
  // Pure, but a mutation so the markdown (up to 200k characters) travels in a POST body, not a URL.
  previewMarkdown: orgProcedure("AGENT")
    .input(previewMarkdownInput)
    .mutation(({ ctx, input }) => previewMarkdown(ctx.deps, ctx.actor, input)),
  createArticleFromTicket: orgProcedure("AGENT")
    .input(articleFromTicketInput)
    .mutation(({ ctx, input }) => createArticleFromTicket(ctx.deps, ctx.actor, input)),
});
