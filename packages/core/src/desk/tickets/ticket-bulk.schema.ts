import { z } from "zod";
import { ticketPrioritySchema, ticketStatusSchema, ticketTagsSchema } from "./ticket.schema.ts";

export const BULK_MAX_TICKETS = 100;

export const bulkUpdateTicketsInput = z.object({
  orgId: z.uuid(),
  ticketIds: z
    .array(z.uuid())
    .min(1, "Select at least one ticket.")
    .max(BULK_MAX_TICKETS, `Select at most ${BULK_MAX_TICKETS} tickets.`)
    .transform((ids) => [...new Set(ids)]),
  patch: z
    .object({
      status: ticketStatusSchema.optional(),
      priority: ticketPrioritySchema.optional(),
      assigneeId: z.uuid().nullable().optional(),
      teamId: z.uuid().nullable().optional(),
      /** Added to each ticket's tags (existing tags stay). */
      addTags: ticketTagsSchema.optional(),
    })
    .refine((p) => Object.values(p).some((v) => v !== undefined), "Choose a change to apply."),
});
export type BulkUpdateTicketsInput = z.input<typeof bulkUpdateTicketsInput>;
