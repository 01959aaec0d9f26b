import { z } from "zod";
import { presenceStateSchema, presentPersonSchema } from "../../presence/presence.schema.ts";

// Collision detection on a ticket: who else has it open, who is typing, and the newest message so
// an agent learns of a reply that arrived after they opened the ticket.

const ticketRef = { orgId: z.uuid(), ticketId: z.uuid() };

export const ticketPresenceInput = z.object(ticketRef);
export type TicketPresenceInput = z.infer<typeof ticketPresenceInput>;

export const ticketPresenceBeatInput = z.object({ ...ticketRef, state: presenceStateSchema });
export type TicketPresenceBeatInput = z.infer<typeof ticketPresenceBeatInput>;

export const latestTicketMessageSchema = z.object({
  id: z.uuid(),
  /** Written by the caller (their own reply never counts as a collision). */
  byMe: z.boolean(),
  /** The agent's or the customer's name (or address); null when the author is gone. */
  authorName: z.string().nullable(),
  createdAt: z.date(),
});
export type LatestTicketMessage = z.infer<typeof latestTicketMessageSchema>;

export const ticketPresenceSchema = z.object({
  others: z.array(presentPersonSchema),
  latestMessage: latestTicketMessageSchema.nullable(),
});
export type TicketPresence = z.infer<typeof ticketPresenceSchema>;
