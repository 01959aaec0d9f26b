import type { ArticleStatus, MemberRole } from "@quartet/db/enums";
import type { Deps, UserActor } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import { isUniqueViolation } from "../../identity/identity.shared.ts";
import { decodeCursor, encodeCursor } from "../../keyset-cursor.ts";
import { atLeast, requireMembership } from "../../orgs/org-access.service.ts";
import { queueArticleIndexNow } from "../../platform/seo/article-indexnow.ts";
import * as repo from "./kb-article.repository.ts";
import {
  type ArticleFromTicketInput,
  type ArticleIdInput,
  articleFromTicketInput,
  articleIdInput,
  type CreateArticleInput,
  createArticleInput,
  type KbArticleDetail,
  type KbArticleListItem,
  type ListArticlesInput,
  listArticlesInput,
  type PreviewMarkdownInput,
  previewMarkdownInput,
  type SetArticleStatusInput,
  setArticleStatusInput,
  type UpdateArticleInput,
  updateArticleInput,
} from "./kb-article.schema.ts";
import { firstFreeSlug, slugify } from "./kb-slug.ts";
import { markdownExcerpt, renderMarkdown } from "./markdown.ts";

const TX_OPTIONS = { maxWait: 15_000, timeout: 15_000 } as const;

const articleNotFound = () => new AppError("NOT_FOUND", "Article not found.");
const slugTaken = () =>
  new AppError("CONFLICT", "Another article of this workspace already uses this slug.", {
    slug: "This slug is already used by another article.",
  });
const categoryMissing = () =>
  new AppError("NOT_FOUND", "That category doesn't exist.", {
    categoryId: "Choose a category of this workspace.",
  });

/**
 * The workflow: from → to → the minimum role for that move (see kb-article.schema.ts).
 * A move that isn't listed isn't part of the workflow.
 */
const TRANSITIONS: Record<ArticleStatus, Partial<Record<ArticleStatus, MemberRole>>> = {
  // Admins and owners publish a draft directly; agents go through review.
  DRAFT: { REVIEW: "AGENT", PUBLISHED: "ADMIN" },
  REVIEW: { PUBLISHED: "ADMIN", DRAFT: "AGENT" },
  PUBLISHED: { ARCHIVED: "ADMIN", DRAFT: "ADMIN" },
  ARCHIVED: { DRAFT: "ADMIN" },
};

/** Minimum role to edit an article's text, title, slug or category in each status. */
const EDIT_ROLE: Record<ArticleStatus, MemberRole> = {
  DRAFT: "AGENT",
  REVIEW: "ADMIN",
  PUBLISHED: "ADMIN",
  ARCHIVED: "ADMIN",
};

type ListRow = Awaited<ReturnType<typeof repo.findArticleRowsByIds>>[number];
type DetailRow = NonNullable<Awaited<ReturnType<typeof repo.findArticleRow>>>;

function toListItem(row: ListRow): KbArticleListItem {
  const votes = row.helpfulCount + row.notHelpfulCount;
  return {
    ...row,
    helpfulPercent: votes === 0 ? null : Math.round((row.helpfulCount / votes) * 100),
  };
}

function toDetail(row: DetailRow): KbArticleDetail {
  return {
    ...toListItem(row),
    content: row.content,
    contentHtml: row.contentHtml ?? renderMarkdown(row.content),
  };
}

/** The exact HTML an article with this markdown gets (stored on save, shown by the help center). */
export async function previewMarkdown(
  deps: Deps,
  actor: UserActor,
  rawInput: PreviewMarkdownInput,
): Promise<{ html: string }> {
  const input = previewMarkdownInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor.userId, "AGENT");
  return { html: renderMarkdown(input.content) };
}

/** A page of the workspace's articles, most recently changed first, with a keyset cursor. */
export async function listArticles(
  deps: Deps,
  actor: UserActor,
  rawInput: ListArticlesInput,
): Promise<{ items: KbArticleListItem[]; nextCursor: string | null }> {
  const input = listArticlesInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor.userId, "AGENT");
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const ids = await repo.listArticleIds(
    deps.db,
    input.orgId,
    { status: input.status, categoryId: input.categoryId, q: input.q || undefined },
    after,
    input.limit + 1,
  );
  const rows = await repo.findArticleRowsByIds(deps.db, input.orgId, ids.slice(0, input.limit));
  const last = rows.at(-1);
  const nextCursor =
    ids.length > input.limit && last ? encodeCursor({ at: last.updatedAt, id: last.id }) : null;
  return { items: rows.map(toListItem), nextCursor };
}

/** One article with its markdown and rendered HTML. */
export async function getArticle(
  deps: Deps,
  actor: UserActor,
  input: ArticleIdInput,
): Promise<KbArticleDetail> {
  await requireMembership(deps.db, input.orgId, actor.userId, "AGENT");
  const row = await repo.findArticleRow(deps.db, input.orgId, input.articleId);
  if (!row) throw articleNotFound();
  return toDetail(row);
}

/** The category an article goes to: the given one (must be this workspace's) or the default. */
async function resolveCategory(deps: Deps, orgId: string, categoryId: string | null | undefined) {
  if (categoryId) {
    if (!(await repo.findCategoryInOrg(deps.db, orgId, categoryId))) throw categoryMissing();
    return categoryId;
  }
  const first = await repo.findFirstCategory(deps.db, orgId);
  if (first) return first.id;
  // A new workspace has no categories yet: agents can still write, into "General".
  return (await repo.ensureGeneralCategory(deps.db, orgId, "General", deps.clock.now())).id;
}

/** Inserts a DRAFT with a unique slug (auto-suffixed unless the slug was chosen by hand). */
async function insertDraft(
  deps: Deps,
  actor: UserActor,
  data: {
    orgId: string;
    title: string;
    slug: string | null;
    content: string;
    excerpt: string | null;
    categoryId: string;
  },
): Promise<string> {
  if (data.slug && (await repo.findArticleBySlug(deps.db, data.orgId, data.slug))) throw slugTaken();
  const base = data.slug ?? (slugify(data.title) || "article");
  const contentHtml = renderMarkdown(data.content);
  const excerpt = data.excerpt || markdownExcerpt(data.content);
  // Two authors may pick the same free suffix at once: the unique index refuses one, who retries.
  for (let attempt = 0; ; attempt++) {
    const slug = data.slug ?? firstFreeSlug(base, await repo.articleSlugsLike(deps.db, data.orgId, base));
    try {
      const { id } = await repo.insertArticle(deps.db, {
        orgId: data.orgId,
        title: data.title,
        slug,
        content: data.content,
        contentHtml,
        excerpt,
        categoryId: data.categoryId,
        authorId: actor.userId,
        now: deps.clock.now(),
      });
      return id;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      if (data.slug || attempt >= 4) throw slugTaken();
    }
  }
}

/** AGENT+ writes a new article; it starts as a DRAFT authored by the caller. */
export async function createArticle(
  deps: Deps,
  actor: UserActor,
  rawInput: CreateArticleInput,
): Promise<KbArticleDetail> {
  const input = createArticleInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor.userId, "AGENT");
  const categoryId = await resolveCategory(deps, input.orgId, input.categoryId);
  const id = await insertDraft(deps, actor, {
    orgId: input.orgId,
    title: input.title,
    slug: input.slug || null,
    content: input.content,
    excerpt: input.excerpt || null,
    categoryId,
  });
  return getArticle(deps, actor, { orgId: input.orgId, articleId: id });
}

function requireRole(role: MemberRole, min: MemberRole, message: string) {
  if (!atLeast(role, min)) throw new AppError("FORBIDDEN", message, undefined, "KB_ROLE");
}

/**
 * Edits an article: AGENT+ while it is a DRAFT, ADMIN+ in any other status. The HTML is rendered
 * again on every save; an excerpt that was generated follows the content.
 */
export async function updateArticle(
  deps: Deps,
  actor: UserActor,
  rawInput: UpdateArticleInput,
): Promise<KbArticleDetail> {
  const input = updateArticleInput.parse(rawInput);
  await deps.db
    .$transaction(async (tx) => {
      const membership = await requireMembership(tx, input.orgId, actor.userId, "AGENT");
      const current = await repo.lockArticle(tx, input.orgId, input.articleId);
      if (!current) throw articleNotFound();
      requireRole(
        membership.role,
        EDIT_ROLE[current.status],
        current.status === "REVIEW"
          ? "Only admins can edit an article in review. Take it back to draft to change it."
          : `Only admins can edit ${current.status === "PUBLISHED" ? "a published" : "an archived"} article.`,
      );
      if (input.categoryId && !(await repo.findCategoryInOrg(tx, input.orgId, input.categoryId))) {
        throw categoryMissing();
      }
      if (input.slug) {
        const same = await repo.findArticleBySlug(tx, input.orgId, input.slug);
        if (same && same.id !== input.articleId) throw slugTaken();
      }
      let excerpt: string | null | undefined;
      if (input.excerpt !== undefined) {
        excerpt = input.excerpt || markdownExcerpt(input.content ?? current.content);
      } else if (input.content !== undefined && current.excerpt === markdownExcerpt(current.content)) {
        excerpt = markdownExcerpt(input.content); // it was generated: keep it in step
      }
      await repo.updateArticleRow(tx, input.orgId, input.articleId, {
        title: input.title,
        slug: input.slug,
        content: input.content,
        contentHtml: input.content === undefined ? undefined : renderMarkdown(input.content),
        excerpt,
        categoryId: input.categoryId,
        now: deps.clock.now(),
      });
      if (current.status === "PUBLISHED")
        await queueArticleIndexNow(tx, deps, {
          orgId: input.orgId,
          articleId: input.articleId,
          reason: "article.updated",
        });
    }, TX_OPTIONS)
    .catch((err: unknown) => {
      throw isUniqueViolation(err) ? slugTaken() : err;
    });
  return getArticle(deps, actor, input);
}

const statusWord: Record<ArticleStatus, string> = {
  DRAFT: "a draft",
  REVIEW: "in review",
  PUBLISHED: "published",
  ARCHIVED: "archived",
};

/** Moves an article along the workflow, checking the move and the caller's role for it. */
export async function setArticleStatus(
  deps: Deps,
  actor: UserActor,
  rawInput: SetArticleStatusInput,
): Promise<KbArticleDetail> {
  const input = setArticleStatusInput.parse(rawInput);
  await deps.db.$transaction(async (tx) => {
    const membership = await requireMembership(tx, input.orgId, actor.userId, "AGENT");
    const current = await repo.lockArticle(tx, input.orgId, input.articleId);
    if (!current) throw articleNotFound();
    if (current.status === input.status) return; // already there: a double click is not an error
    const minRole = TRANSITIONS[current.status][input.status];
    if (!minRole) {
      const message = `An article that is ${statusWord[current.status]} can't become ${statusWord[input.status]}.`;
      throw new AppError("PRECONDITION_FAILED", message, { status: message }, "INVALID_ARTICLE_TRANSITION");
    }
    requireRole(
      membership.role,
      minRole,
      input.status === "PUBLISHED"
        ? "Only admins can publish articles."
        : "Only admins can archive, unpublish or restore articles.",
    );
    await repo.setArticleStatusRow(
      tx,
      input.orgId,
      input.articleId,
      current.status,
      input.status,
      deps.clock.now(),
    );
    if (input.status === "PUBLISHED" || current.status === "PUBLISHED")
      await queueArticleIndexNow(tx, deps, {
        orgId: input.orgId,
        articleId: input.articleId,
        reason: input.status === "PUBLISHED" ? "article.published" : "article.unpublished",
      });
  }, TX_OPTIONS);
  return getArticle(deps, actor, input);
}

/**
 * ADMIN+ deletes an article, whatever its status. Deletion is for good: the seed (InsightDesk)
 * gives kb_articles no deleted_at — its soft deletes are for users and tickets — and keeps
 * ARCHIVED as the way to retire an article while keeping it. Votes and view counts go with the
 * article; its slug is free again. Another workspace's or an unknown article → NOT_FOUND.
 */
export async function deleteArticle(
  deps: Deps,
  actor: UserActor,
  rawInput: ArticleIdInput,
): Promise<{ deleted: true; title: string }> {
  const input = articleIdInput.parse(rawInput);
  return deps.db.$transaction(async (tx) => {
    const membership = await requireMembership(tx, input.orgId, actor.userId, "AGENT");
    const current = await repo.lockArticle(tx, input.orgId, input.articleId);
    if (!current) throw articleNotFound();
    requireRole(membership.role, "ADMIN", "Only admins can delete articles.");
    const row = await repo.findArticleRow(tx, input.orgId, input.articleId);
    await repo.deleteArticleRow(tx, input.orgId, input.articleId);
    deps.log.info(
      { orgId: input.orgId, articleId: input.articleId, userId: actor.userId },
      "kb article deleted",
    );
    return { deleted: true as const, title: row?.title ?? "" };
  }, TX_OPTIONS);
}

/** Markdown for an article drafted from a ticket: the question, then the agents' public replies. */
export function articleMarkdownFromTicket(ticket: { description: string; replies: string[] }): string {
  const parts = ["## Question", "", ticket.description.trim(), ""];
  if (ticket.replies.length > 0) {
    parts.push("## Answer", "");
    for (const reply of ticket.replies) parts.push(reply.trim(), "");
  }
  return `${parts.join("\n").trimEnd()}\n`;
}

/**
 * AGENT+ turns a solved ticket into a DRAFT article: title = subject, content = the description
 * and the public agent replies. Internal notes never make it into the article.
 */
export async function createArticleFromTicket(
  deps: Deps,
  actor: UserActor,
  rawInput: ArticleFromTicketInput,
): Promise<{ articleId: string }> {
  const input = articleFromTicketInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor.userId, "AGENT");
  const ticket = await repo.findTicketForArticle(deps.db, input.orgId, input.ticketId);
  if (!ticket) throw new AppError("NOT_FOUND", "Ticket not found.");
  const content = articleMarkdownFromTicket({
    description: ticket.description,
    replies: ticket.messages.map((m) => m.message),
  });
  const categoryId = await resolveCategory(deps, input.orgId, null);
  const articleId = await insertDraft(deps, actor, {
    orgId: input.orgId,
    title: ticket.subject.slice(0, 200),
    slug: null,
    content: content.slice(0, 200_000),
    excerpt: null,
    categoryId,
  });
  return { articleId };
}
