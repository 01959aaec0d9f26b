import { z } from "zod";
import { emailSchema } from "../../identity/identity.schema.ts";

/** How many customer addresses one ticket copies at most (inbound mail beyond it is not kept). */
export const TICKET_CC_MAX = 20;

const nameSchema = z
  .string()
  .trim()
  .max(200, "Use at most 200 characters.")
  .transform((n) => n.replace(/[\r\n]+/g, " ") || null);

export const ticketCcSchema = z.object({ email: emailSchema, name: nameSchema.nullish() });
export type TicketCcInput = z.input<typeof ticketCcSchema>;

export const listTicketCcsInput = z.object({ orgId: z.uuid(), ticketId: z.uuid() });
export type ListTicketCcsInput = z.input<typeof listTicketCcsInput>;

/** Replaces the ticket's copied addresses (the side panel's editor sends the whole list). */
export const setTicketCcsInput = z.object({
  orgId: z.uuid(),
  ticketId: z.uuid(),
  ccs: z
    .array(ticketCcSchema)
    .max(TICKET_CC_MAX, `Copy at most ${TICKET_CC_MAX} addresses.`)
    // One entry per address, the first one's name kept.
    .transform((list) => list.filter((c, i) => list.findIndex((o) => o.email === c.email) === i)),
});
export type SetTicketCcsInput = z.input<typeof setTicketCcsInput>;

export interface TicketCcDto {
  email: string;
  name: string | null;
}
