import type { Deps, UserActor } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import { requireMembership } from "../../orgs/org-access.service.ts";
import {
  type AddCommentInput,
  addCommentInput,
  type CommentIdInput,
  type CommentItem,
  commentIdInput,
  type ListCommentsInput,
  listCommentsInput,
} from "./comment.schema.ts";

// Team comments on a post (Postiz Comments): members read and write them; an author deletes their
// own, an ADMIN any.

const select = {
  id: true,
  content: true,
  createdAt: true,
  user: { select: { id: true, name: true } },
} as const;

const toItem = (row: {
  id: string;
  content: string;
  createdAt: Date;
  user: { id: string; name: string | null } | null;
}): CommentItem => ({
  id: row.id,
  content: row.content,
  createdAt: row.createdAt,
  author: row.user,
});

async function assertPost(deps: Deps, orgId: string, postId: string) {
  const post = await deps.db.post.findFirst({
    where: { id: postId, organizationId: orgId, deletedAt: null },
    select: { id: true },
  });
  if (!post) throw new AppError("NOT_FOUND", "Post not found.");
}

export async function listComments(
  deps: Deps,
  actor: UserActor,
  rawInput: ListCommentsInput,
): Promise<CommentItem[]> {
  const input = listCommentsInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "MEMBER");
  await assertPost(deps, input.orgId, input.postId);
  const rows = await deps.db.comments.findMany({
    where: { postId: input.postId, organizationId: input.orgId, deletedAt: null },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: 500,
    select,
  });
  return rows.map(toItem);
}

export async function addComment(
  deps: Deps,
  actor: UserActor,
  rawInput: AddCommentInput,
): Promise<CommentItem> {
  const input = addCommentInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "MEMBER");
  await assertPost(deps, input.orgId, input.postId);
  return toItem(
    await deps.db.comments.create({
      data: {
        organizationId: input.orgId,
        postId: input.postId,
        userId: actor.userId,
        content: input.content,
      },
      select,
    }),
  );
}

export async function deleteComment(deps: Deps, actor: UserActor, rawInput: CommentIdInput) {
  const input = commentIdInput.parse(rawInput);
  const membership = await requireMembership(deps.db, input.orgId, actor, "MEMBER");
  const row = await deps.db.comments.findFirst({
    where: { id: input.commentId, organizationId: input.orgId, deletedAt: null },
    select: { id: true, userId: true },
  });
  if (!row) throw new AppError("NOT_FOUND", "Comment not found.");
  if (row.userId !== actor.userId && membership.role !== "OWNER" && membership.role !== "ADMIN")
    throw new AppError("FORBIDDEN", "Only its author or an admin can delete this comment.");
  await deps.db.comments.update({ where: { id: row.id }, data: { deletedAt: deps.clock.now() } });
  return { ok: true as const };
}
