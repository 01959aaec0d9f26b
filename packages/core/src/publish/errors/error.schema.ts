import { z } from "zod";

// Inputs and DTOs of Publish → Errors: failed publications with the provider's reason, and retry.

export const listErrorsInput = z.object({
  orgId: z.uuid(),
  /** false (default): the open ones; true: those resolved by a retry. */
  resolved: z.boolean().default(false),
  limit: z.number().int().min(1).max(100).default(50),
});
export type ListErrorsInput = z.input<typeof listErrorsInput>;

export const retryInput = z.object({ orgId: z.uuid(), postId: z.uuid() });
export type RetryInput = z.infer<typeof retryInput>;

export interface ErrorItem {
  id: string;
  error: string;
  code: string | null;
  resolved: boolean;
  createdAt: Date;
  post: { id: string; group: string; preview: string; publishDate: Date; state: string } | null;
  channel: { id: string; name: string } | null;
}
