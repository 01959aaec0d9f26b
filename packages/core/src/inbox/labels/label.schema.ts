import { z } from "zod";
import { text } from "../../text-input.ts";

const nameSchema = text().trim().min(1, "Give the label a name.").max(50, "Use at most 50 characters.");
const colorSchema = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, "Use a colour like #6366f1.")
  .transform((c) => c.toLowerCase());

export const listLabelsInput = z.object({ orgId: z.uuid() });
export type ListLabelsInput = z.infer<typeof listLabelsInput>;

export const createLabelInput = z.object({
  orgId: z.uuid(),
  name: nameSchema,
  color: colorSchema.optional(),
});
export type CreateLabelInput = z.input<typeof createLabelInput>;

export const updateLabelInput = z.object({
  orgId: z.uuid(),
  labelId: z.uuid(),
  name: nameSchema.optional(),
  color: colorSchema.optional(),
});
export type UpdateLabelInput = z.input<typeof updateLabelInput>;

export const labelIdInput = z.object({ orgId: z.uuid(), labelId: z.uuid() });
export type LabelIdInput = z.infer<typeof labelIdInput>;

export interface LabelDto {
  id: string;
  name: string;
  color: string;
  /** Conversations carrying it. */
  conversationCount: number;
}
