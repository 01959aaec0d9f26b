import { z } from "zod";
import { text } from "../../text-input.ts";

// Inputs and DTOs of team comments on a post.

export const listCommentsInput = z.object({ orgId: z.uuid(), postId: z.uuid() });
export type ListCommentsInput = z.infer<typeof listCommentsInput>;
export const addCommentInput = z.object({
  orgId: z.uuid(),
  postId: z.uuid(),
  content: text().trim().min(1, "Write a comment.").max(5000, "At most 5000 characters."),
});
export type AddCommentInput = z.infer<typeof addCommentInput>;
export const commentIdInput = z.object({ orgId: z.uuid(), commentId: z.uuid() });
export type CommentIdInput = z.infer<typeof commentIdInput>;

export interface CommentItem {
  id: string;
  content: string;
  createdAt: Date;
  author: { id: string; name: string | null } | null;
}
