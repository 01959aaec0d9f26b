import { z } from "zod";
import { emailSchema } from "../../identity/identity.schema.ts";

// The public Tickets REST API (POST/GET /api/v1/desk/tickets): what integrators may send.

export const apiCreateTicketInput = z.object({
  subject: z.string().trim().min(1, "Give the ticket a subject.").max(200, "Use at most 200 characters."),
  description: z.string().trim().min(1, "Describe the request.").max(50_000, "This is too long."),
  requester: z.object(
    {
      email: emailSchema,
      name: z
        .string()
        .trim()
        .min(1, "Leave the name out or give one.")
        .max(200, "Use at most 200 characters.")
        .optional(),
    },
    { error: "Give the requester as { email, name? }." },
  ),
});
export type ApiCreateTicketInput = z.infer<typeof apiCreateTicketInput>;

/** Ticket numbers in the URL: positive integers only ("12", not "12abc" or "-1"). */
export const apiTicketNumberInput = z
  .string()
  .regex(/^[1-9][0-9]{0,9}$/, "Use the ticket number, e.g. 42.")
  .transform(Number)
  .pipe(z.number().int().max(2_147_483_647, "Use the ticket number, e.g. 42."));

export interface ApiTicket {
  id: string;
  number: number;
  subject: string;
  status: string;
  priority: string;
  createdAt: string;
  updatedAt: string;
}
