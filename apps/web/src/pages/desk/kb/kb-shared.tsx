import type { ArticleStatus, MemberRole } from "@quartet/db/enums";
import { Badge, type BadgeVariant } from "@quartet/ui/badge";
import { useTranslation } from "@quartet/ui/lib/i18n";
import type { RouterOutputs } from "../../../lib/trpc.ts";

export type CategoryNode = RouterOutputs["deskKb"]["categoryTree"][number];

export const ARTICLE_STATUSES: readonly ArticleStatus[] = ["DRAFT", "REVIEW", "PUBLISHED", "ARCHIVED"];

/** The workflow as the server enforces it (kb-article.service): from → to → minimum role. */
export const ARTICLE_TRANSITIONS: Record<ArticleStatus, Partial<Record<ArticleStatus, MemberRole>>> = {
  // Admins and owners publish a draft directly; agents submit it for review.
  DRAFT: { REVIEW: "AGENT", PUBLISHED: "ADMIN" },
  REVIEW: { PUBLISHED: "ADMIN", DRAFT: "AGENT" },
  PUBLISHED: { ARCHIVED: "ADMIN", DRAFT: "ADMIN" },
  ARCHIVED: { DRAFT: "ADMIN" },
};

/** Minimum role to edit an article in each status (mirrors the server). */
export const ARTICLE_EDIT_ROLE: Record<ArticleStatus, MemberRole> = {
  DRAFT: "AGENT",
  REVIEW: "ADMIN",
  PUBLISHED: "ADMIN",
  ARCHIVED: "ADMIN",
};

const statusVariant: Record<ArticleStatus, BadgeVariant> = {
  DRAFT: "neutral",
  REVIEW: "warning",
  PUBLISHED: "success",
  ARCHIVED: "outline",
};

export function ArticleStatusBadge({ status }: { status: ArticleStatus }) {
  const { t } = useTranslation();
  return <Badge variant={statusVariant[status]}>{t(`kb.status.${status}`)}</Badge>;
}

export interface FlatCategory {
  id: string;
  name: string;
  depth: number;
  node: CategoryNode;
}

/** The tree in display order with each category's depth (for indented selects). */
export function flattenCategories(nodes: readonly CategoryNode[], depth = 0): FlatCategory[] {
  return nodes.flatMap((node) => [
    { id: node.id, name: node.name, depth, node },
    ...flattenCategories(node.children, depth + 1),
  ]);
}

/** Ids of a category and everything under it: where it can't be moved to. */
export function subtreeIds(node: CategoryNode): Set<string> {
  const ids = new Set<string>([node.id]);
  for (const child of node.children) for (const id of subtreeIds(child)) ids.add(id);
  return ids;
}

/** Option label with the depth shown as leading dashes (native selects can't indent). */
export const indentedName = (c: FlatCategory) => `${"— ".repeat(c.depth)}${c.name}`;
