import type { Deps, UserActor } from "../../deps.ts";
import { headlineTexts, searchArticleRows } from "../../desk/help-center/help-center.repository.ts";
import { markdownToText } from "../../desk/kb/markdown.ts";
import { HL_START, HL_STOP } from "../../desk/tickets/ticket.repository.ts";
import { AppError } from "../../errors.ts";
import { isUniqueViolation } from "../../identity/identity.shared.ts";
import { requireMembership } from "../../orgs/org-access.service.ts";
import { helpArticleUrl } from "../../platform/seo/sitemap.service.ts";
import * as repo from "./canned.repository.ts";
import {
  type CannedIdInput,
  type CannedReplyDto,
  type CreateCannedInput,
  cannedIdInput,
  createCannedInput,
  type KbArticlesInput,
  type KbQuickReply,
  kbArticlesInput,
  type ListCannedInput,
  listCannedInput,
  type RenderCannedInput,
  renderCannedInput,
  type UpdateCannedInput,
  updateCannedInput,
} from "./canned.schema.ts";

const cannedNotFound = () => new AppError("NOT_FOUND", "Canned reply not found.");
const shortcutTaken = () =>
  new AppError("CONFLICT", "Another canned reply already uses this shortcut.", {
    shortcut: "This shortcut is already used.",
  });

const toDto = (r: NonNullable<Awaited<ReturnType<typeof repo.findCanned>>>): CannedReplyDto => ({
  id: r.id,
  shortcut: r.shortcut,
  title: r.title,
  body: r.body,
  createdBy: r.createdBy ? { id: r.createdBy.id, name: r.createdBy.name ?? r.createdBy.email } : null,
  updatedAt: r.updatedAt,
});

export async function listCanned(
  deps: Deps,
  actor: UserActor,
  rawInput: ListCannedInput,
): Promise<CannedReplyDto[]> {
  const input = listCannedInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "MEMBER");
  return (await repo.listCannedRows(deps.db, input.orgId, input.q)).map(toDto);
}

export async function createCanned(
  deps: Deps,
  actor: UserActor,
  rawInput: CreateCannedInput,
): Promise<CannedReplyDto> {
  const input = createCannedInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "AGENT");
  try {
    return toDto(await repo.insertCanned(deps.db, { ...input, userId: actor.userId, now: deps.clock.now() }));
  } catch (error) {
    if (isUniqueViolation(error)) throw shortcutTaken();
    throw error;
  }
}

export async function updateCanned(
  deps: Deps,
  actor: UserActor,
  rawInput: UpdateCannedInput,
): Promise<CannedReplyDto> {
  const input = updateCannedInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "AGENT");
  try {
    const updated = await repo.updateCannedRow(deps.db, input.orgId, input.id, {
      shortcut: input.shortcut,
      title: input.title,
      body: input.body,
      updatedAt: deps.clock.now(),
    });
    if (!updated) throw cannedNotFound();
  } catch (error) {
    if (isUniqueViolation(error)) throw shortcutTaken();
    throw error;
  }
  const row = await repo.findCanned(deps.db, input.orgId, input.id);
  if (!row) throw cannedNotFound();
  return toDto(row);
}

export async function deleteCanned(
  deps: Deps,
  actor: UserActor,
  rawInput: CannedIdInput,
): Promise<{ ok: true }> {
  const input = cannedIdInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "AGENT");
  if (!(await repo.deleteCannedRow(deps.db, input.orgId, input.id))) throw cannedNotFound();
  return { ok: true };
}

/**
 * Fills `{{contact.name}}`, `{{contact.first_name}}`, `{{agent.name}}` and `{{workspace.name}}`
 * (spaces inside the braces allowed); an unknown variable stays as written, a known one without a
 * value becomes empty and the spaces around it are tidied.
 */
export function fillVariables(body: string, values: Record<string, string | null>): string {
  const filled = body.replace(/\{\{\s*([a-z_]+\.[a-z_]+)\s*\}\}/gi, (whole, name: string) => {
    const key = name.toLowerCase();
    return key in values ? (values[key] ?? "") : whole;
  });
  return filled
    .replace(/[ \t]+([,.!?;:])/g, "$1")
    .replace(/[ \t]{2,}/g, " ")
    .trim();
}

/** A canned reply with its variables filled for this conversation and agent (the composer inserts it). */
export async function renderCanned(
  deps: Deps,
  actor: UserActor,
  rawInput: RenderCannedInput,
): Promise<{ text: string }> {
  const input = renderCannedInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "AGENT");
  const canned = await repo.findCanned(deps.db, input.orgId, input.id);
  if (!canned) throw cannedNotFound();
  const { conversation, agent, org } = await repo.findRenderContext(
    deps.db,
    input.orgId,
    input.conversationId,
    actor.userId,
  );
  if (!conversation) throw new AppError("NOT_FOUND", "Conversation not found.");
  const contactName =
    conversation.contact?.name ?? conversation.contactName ?? conversation.contactUsername ?? null;
  return {
    text: fillVariables(canned.body, {
      "contact.name": contactName,
      "contact.first_name": contactName?.trim().split(/\s+/)[0] ?? null,
      "agent.name": agent?.name ?? agent?.email ?? null,
      "workspace.name": org?.name ?? null,
    }),
  };
}

/**
 * Desk knowledge-base articles as quick replies: the published articles matching `q` (the help
 * center's own full-text search) or the newest ones, each with the text to insert — its title and
 * the link to its help-center page.
 */
export async function kbQuickReplies(
  deps: Deps,
  actor: UserActor,
  rawInput: KbArticlesInput,
): Promise<{ items: KbQuickReply[]; helpCenterEnabled: boolean }> {
  const input = kbArticlesInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "AGENT");
  const center = await repo.findHelpCenter(deps.db, input.orgId);
  if (!center) throw new AppError("NOT_FOUND", "Workspace not found.");
  const enabled = center.deskSettings?.helpCenterEnabled ?? true;
  let articles: { id: string; slug: string; title: string; snippet: string }[];
  if (input.q) {
    const hits = await searchArticleRows(deps.db, input.orgId, input.q, 10);
    const snippets = await headlineTexts(
      deps.db,
      input.q,
      hits.map((h) => markdownToText(h.content)),
    );
    const rows = new Map(
      (
        await repo.findPublishedBySlugs(
          deps.db,
          input.orgId,
          hits.map((h) => h.slug),
        )
      ).map((r) => [r.slug, r]),
    );
    articles = hits.flatMap((h, i) => {
      const row = rows.get(h.slug);
      return row
        ? [
            {
              id: row.id,
              slug: row.slug,
              title: row.title,
              snippet: (snippets[i] ?? "").replaceAll(HL_START, "").replaceAll(HL_STOP, ""),
            },
          ]
        : [];
    });
  } else {
    articles = (await repo.findNewestPublished(deps.db, input.orgId, 10)).map((r) => ({
      id: r.id,
      slug: r.slug,
      title: r.title,
      snippet: r.excerpt ?? "",
    }));
  }
  return {
    helpCenterEnabled: enabled,
    items: articles.map((a) => {
      const url = enabled ? helpArticleUrl(deps.config.webUrl, center.slug, a.slug) : null;
      return {
        articleId: a.id,
        title: a.title,
        url,
        snippet: a.snippet,
        text: url ? `${a.title}\n${url}` : a.title,
      };
    }),
  };
}
