import {
  addCommentInput,
  commentIdInput,
  listCommentsInput,
} from "@quartet/core/publish/comments/comment.schema";
import { addComment, deleteComment, listComments } from "@quartet/core/publish/comments/comment.service";
import { orgProcedure, router } from "../trpc.ts";

/** Publish → team comments on a post. */
export const publishCommentsRouter = router({
  list: orgProcedure("MEMBER")
    .input(listCommentsInput)
    .query(({ ctx, input }) => listComments(ctx.deps, ctx.actor, input)),
  add: orgProcedure("MEMBER")
    .input(addCommentInput)
    .mutation(({ ctx, input }) => addComment(ctx.deps, ctx.actor, input)),
  delete: orgProcedure("MEMBER")
    .input(commentIdInput)
    .mutation(({ ctx, input }) => deleteComment(ctx.deps, ctx.actor, input)),
});
