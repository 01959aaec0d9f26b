import { z } from "zod";
import { text } from "../../text-input.ts";

// Inputs and DTOs of post tags (name + colour).

const name = text().trim().min(1, "Give the tag a name.").max(100, "At most 100 characters.");
const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, "A colour is #RRGGBB.");

export const createTagInput = z.object({ orgId: z.uuid(), name, color });
export type CreateTagInput = z.infer<typeof createTagInput>;
export const updateTagInput = z.object({
  orgId: z.uuid(),
  tagId: z.uuid(),
  name: name.optional(),
  color: color.optional(),
});
export type UpdateTagInput = z.infer<typeof updateTagInput>;
export const tagIdInput = z.object({ orgId: z.uuid(), tagId: z.uuid() });
export type TagIdInput = z.infer<typeof tagIdInput>;

export interface TagItem {
  id: string;
  name: string;
  color: string;
}
