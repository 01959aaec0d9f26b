import { z } from "zod";
import { ticketListFiltersSchema, ticketSortSchema } from "../tickets/ticket.schema.ts";

const nameSchema = z.string().trim().min(1, "Give the view a name.").max(100, "Use at most 100 characters.");

export const listSavedViewsInput = z.object({ orgId: z.uuid() });

export const createSavedViewInput = z.object({
  orgId: z.uuid(),
  name: nameSchema,
  filters: ticketListFiltersSchema.default({}),
  sort: ticketSortSchema.default("updatedAt"),
  /** Shared views are visible to every member; only admins create, change or delete them. */
  isShared: z.boolean().default(false),
  position: z.number().int().min(0).max(10_000).optional(),
});
export type CreateSavedViewInput = z.input<typeof createSavedViewInput>;

export const updateSavedViewInput = z.object({
  orgId: z.uuid(),
  viewId: z.uuid(),
  name: nameSchema.optional(),
  filters: ticketListFiltersSchema.optional(),
  sort: ticketSortSchema.optional(),
  isShared: z.boolean().optional(),
  position: z.number().int().min(0).max(10_000).optional(),
});
export type UpdateSavedViewInput = z.input<typeof updateSavedViewInput>;

export const savedViewIdInput = z.object({ orgId: z.uuid(), viewId: z.uuid() });
export type SavedViewIdInput = z.input<typeof savedViewIdInput>;
