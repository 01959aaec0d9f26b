import { z } from "zod";
import { text } from "../../text-input.ts";

const shortcutSchema = z
  .string()
  .trim()
  .toLowerCase()
  .transform((s) => s.replace(/^\//, ""))
  .pipe(
    z
      .string()
      .min(1, "Give it a shortcut.")
      .max(50, "Use at most 50 characters.")
      .regex(/^[a-z0-9][a-z0-9_-]*$/, "Use letters, digits, - and _ only."),
  );
const titleSchema = text().trim().min(1, "Give it a title.").max(200, "Use at most 200 characters.");
const bodySchema = text().trim().min(1, "Write the reply.").max(4096, "Use at most 4,096 characters.");

export const listCannedInput = z.object({
  orgId: z.uuid(),
  /** Part of the shortcut, title or text (the composer's `/` picker). */
  q: text()
    .trim()
    .max(100)
    .optional()
    .transform((v) => v || undefined),
});
export type ListCannedInput = z.input<typeof listCannedInput>;

export const createCannedInput = z.object({
  orgId: z.uuid(),
  shortcut: shortcutSchema,
  title: titleSchema,
  body: bodySchema,
});
export type CreateCannedInput = z.input<typeof createCannedInput>;

export const updateCannedInput = z.object({
  orgId: z.uuid(),
  id: z.uuid(),
  shortcut: shortcutSchema.optional(),
  title: titleSchema.optional(),
  body: bodySchema.optional(),
});
export type UpdateCannedInput = z.input<typeof updateCannedInput>;

export const cannedIdInput = z.object({ orgId: z.uuid(), id: z.uuid() });
export type CannedIdInput = z.infer<typeof cannedIdInput>;

export const renderCannedInput = z.object({ orgId: z.uuid(), id: z.uuid(), conversationId: z.uuid() });
export type RenderCannedInput = z.infer<typeof renderCannedInput>;

export const kbArticlesInput = z.object({
  orgId: z.uuid(),
  /** Words of the article (the help center's full-text search); blank: the newest articles. */
  q: text()
    .trim()
    .max(200, "Use at most 200 characters.")
    .optional()
    .transform((v) => v || undefined),
});
export type KbArticlesInput = z.input<typeof kbArticlesInput>;

/** The variables a canned reply may use, as the editor lists them. */
export const CANNED_VARIABLES = [
  "contact.name",
  "contact.first_name",
  "agent.name",
  "workspace.name",
] as const;

export interface CannedReplyDto {
  id: string;
  shortcut: string;
  title: string;
  body: string;
  createdBy: { id: string; name: string } | null;
  updatedAt: Date;
}

export interface KbQuickReply {
  articleId: string;
  title: string;
  /** The public help-center page (null when the workspace's help center is off). */
  url: string | null;
  snippet: string;
  /** What the composer inserts: the title and the link. */
  text: string;
}
