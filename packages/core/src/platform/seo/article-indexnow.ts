import type { DbOrTx } from "@quartet/db/client";
import type { JobSender } from "@quartet/jobs/queue";
import type { AppConfig } from "../../deps.ts";
import { queueIndexNow } from "./indexnow.ts";
import { helpArticleUrl } from "./sitemap.service.ts";

/**
 * Tells search engines (IndexNow) that a help-center article appeared, changed or went away:
 * called in the article's own transaction, so only a committed change is submitted.
 */
export async function queueArticleIndexNow(
  tx: DbOrTx,
  deps: { boss: JobSender; config: Pick<AppConfig, "webUrl"> },
  entry: {
    orgId: string;
    articleId: string;
    reason: "article.published" | "article.updated" | "article.unpublished";
  },
): Promise<void> {
  const article = await tx.kBArticle.findFirst({
    where: { id: entry.articleId, organizationId: entry.orgId },
    select: { slug: true, organization: { select: { slug: true, deletedAt: true } } },
  });
  if (!article || article.organization.deletedAt) return;
  await queueIndexNow(tx, deps.boss, {
    urls: [helpArticleUrl(deps.config.webUrl, article.organization.slug, article.slug)],
    reason: entry.reason,
    organizationId: entry.orgId,
  });
}
