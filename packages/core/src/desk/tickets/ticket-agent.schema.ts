import { z } from "zod";

// Inputs of the agent conveniences around tickets: the workspace's tags (tag inputs and the list's
// tag filter) and opening a ticket by its number (`/desk/1042`, `#1042` in the search).

export const listTicketTagsInput = z.object({
  orgId: z.uuid(),
  /** Only tags starting with this text (tags are lower-case). */
  q: z.string().trim().toLowerCase().max(50).optional(),
  limit: z.number().int().min(1).max(200).default(100),
});
export type ListTicketTagsInput = z.input<typeof listTicketTagsInput>;

export const ticketByNumberInput = z.object({
  orgId: z.uuid(),
  number: z.number().int().positive().max(2_147_483_647),
});
export type TicketByNumberInput = z.input<typeof ticketByNumberInput>;

/** `#1042` or `1042` typed in the ticket search: the number it names, else null. */
export function ticketNumberFromQuery(q: string): number | null {
  const match = /^#?\s*(\d{1,9})$/.exec(q.trim());
  if (!match?.[1]) return null;
  const n = Number(match[1]);
  return n > 0 ? n : null;
}
