import type { TicketStatus } from "@quartet/db/enums";
import { z } from "zod";
import { emailSchema } from "../../identity/identity.schema.ts";

const nameSchema = z.string().trim().min(1, "Enter a name.").max(200, "Use at most 200 characters.");
const phoneSchema = z
  .string()
  .trim()
  .min(1, "Enter a phone number.")
  .max(50, "Use at most 50 characters.")
  .regex(/^[0-9+()\-.\s]+$/, "Use digits, spaces and + ( ) - . only.");

export const listContactsInput = z.object({
  orgId: z.uuid(),
  /** Matches name or email, case-insensitively. */
  q: z.string().trim().max(200).optional(),
  /** Opaque keyset cursor from the previous page's `nextCursor`. */
  cursor: z.string().max(200).nullish(),
  limit: z.number().int().min(1).max(100).default(25),
});
export type ListContactsInput = z.input<typeof listContactsInput>;

export const contactIdInput = z.object({ orgId: z.uuid(), contactId: z.uuid() });
export type ContactIdInput = z.infer<typeof contactIdInput>;

export const createContactInput = z.object({
  orgId: z.uuid(),
  /** Stored lower-cased; unique per workspace. */
  email: emailSchema,
  name: nameSchema.nullish(),
  phone: phoneSchema.nullish(),
});
export type CreateContactInput = z.input<typeof createContactInput>;

export const updateContactInput = z.object({
  orgId: z.uuid(),
  contactId: z.uuid(),
  name: nameSchema.nullable().optional(),
  phone: phoneSchema.nullable().optional(),
});
export type UpdateContactInput = z.input<typeof updateContactInput>;

export interface ContactItem {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  avatarUrl: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A ticket in the customer panel ("their other tickets"). */
export interface ContactTicketItem {
  id: string;
  number: number;
  subject: string;
  status: TicketStatus;
  updatedAt: Date;
}

export interface ContactDetail extends ContactItem {
  tickets: ContactTicketItem[];
}
