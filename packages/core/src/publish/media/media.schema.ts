import { z } from "zod";
import { text } from "../../text-input.ts";

// Inputs and DTOs of the media library (listing, alt text, deleting; uploads come with the files area).

export const listMediaInput = z.object({
  orgId: z.uuid(),
  type: z.enum(["image", "video", "pdf"]).optional(),
  limit: z.number().int().min(1).max(200).default(60),
});
export type ListMediaInput = z.input<typeof listMediaInput>;

export const updateMediaInput = z.object({
  orgId: z.uuid(),
  mediaId: z.uuid(),
  alt: text().trim().max(1000, "At most 1000 characters.").nullable(),
});
export type UpdateMediaInput = z.infer<typeof updateMediaInput>;

export const mediaIdInput = z.object({ orgId: z.uuid(), mediaId: z.uuid() });
export type MediaIdInput = z.infer<typeof mediaIdInput>;

export interface MediaItem {
  id: string;
  name: string;
  type: string;
  mimeType: string | null;
  fileSize: number;
  width: number | null;
  height: number | null;
  durationMs: number | null;
  alt: string | null;
  thumbnail: string | null;
  createdAt: Date;
}
