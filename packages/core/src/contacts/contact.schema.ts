import { z } from "zod";
import { emailSchema } from "../identity/identity.schema.ts";
import { strippedText } from "../text-input.ts";

// A Contact is one customer of the workspace: the requester of Desk tickets and, with the Inbox,
// the person behind conversations. Nothing here is specific to tickets.

const nameSchema = z.string().trim().min(1, "Enter a name.").max(200, "Use at most 200 characters.");
const phoneSchema = z
  .string()
  .trim()
  .min(1, "Enter a phone number.")
  .max(50, "Use at most 50 characters.")
  .regex(/^[0-9+()\-.\s]+$/, "Use digits, spaces and + ( ) - . only.");
const companySchema = z.string().trim().min(1, "Enter a company.").max(200, "Use at most 200 characters.");
const notesSchema = z.string().trim().min(1, "Write a note.").max(5000, "Use at most 5,000 characters.");

export const listContactsInput = z.object({
  orgId: z.uuid(),
  /**
   * Matches name, email (primary or another address), phone (also by its digits alone: "0612"
   * finds "06 12 34 56 78") or company, case-insensitively.
   */
  q: z.string().trim().max(200).optional(),
  /** Opaque keyset cursor from the previous page's `nextCursor`. */
  cursor: z.string().max(200).nullish(),
  limit: z.number().int().min(1).max(100).default(25),
  /** Leave this contact out (the merge picker lists the *other* contacts). */
  excludeId: z.uuid().optional(),
});
export type ListContactsInput = z.input<typeof listContactsInput>;

export const contactIdInput = z.object({ orgId: z.uuid(), contactId: z.uuid() });
export type ContactIdInput = z.infer<typeof contactIdInput>;

export const createContactInput = z.object({
  orgId: z.uuid(),
  /** Stored lower-cased; unique per workspace (primary or other address of a contact). */
  email: emailSchema,
  name: nameSchema.nullish(),
  phone: phoneSchema.nullish(),
  company: companySchema.nullish(),
  notes: notesSchema.nullish(),
});
export type CreateContactInput = z.input<typeof createContactInput>;

/** Omitted fields stay; null clears one (the email can be changed, not removed). */
export const updateContactInput = z.object({
  orgId: z.uuid(),
  contactId: z.uuid(),
  email: emailSchema.optional(),
  name: nameSchema.nullable().optional(),
  phone: phoneSchema.nullable().optional(),
  company: companySchema.nullable().optional(),
  notes: notesSchema.nullable().optional(),
});
export type UpdateContactInput = z.input<typeof updateContactInput>;

/** Merge the duplicate (source) into the contact that stays (target); the source is deleted. */
export const mergeContactsInput = z
  .object({
    orgId: z.uuid(),
    sourceId: z.uuid(),
    targetId: z.uuid(),
  })
  .refine((v) => v.sourceId !== v.targetId, {
    path: ["targetId"],
    message: "Choose another contact: a contact can't be merged into itself.",
  });
export type MergeContactsInput = z.input<typeof mergeContactsInput>;

/**
 * Channels of a contact's addresses: a second email or phone, or an Inbox platform handle
 * (WhatsApp number as digits, `<pageId>:<psid>` on Facebook and Instagram, TikTok id, widget
 * visitor id, sandbox customer id).
 */
export const contactIdentityChannels = [
  "EMAIL",
  "PHONE",
  "WHATSAPP",
  "FACEBOOK",
  "INSTAGRAM",
  "TIKTOK",
  "WEBCHAT",
  "SANDBOX",
] as const;
export type ContactIdentityChannel = (typeof contactIdentityChannels)[number];

/** Keeps a value that parses, drops one that doesn't: a platform profile can't be told "fix it". */
const lenient = <T extends z.ZodType>(schema: T) =>
  z
    .unknown()
    .optional()
    .transform((v) => {
      if (v === null || v === undefined) return null;
      const parsed = schema.safeParse(v);
      return parsed.success ? (parsed.data as z.output<T>) : null;
    });

/**
 * Who wrote, as a channel tells it: the address on that channel plus whatever profile it gives.
 * The address is required; the profile fields are best effort (a bad email or an over-long name is
 * dropped or cut, never an error, since the customer's message must still land).
 */
export const resolveContactInput = z
  .object({
    channel: z.enum(contactIdentityChannels),
    value: strippedText().trim().min(1, "An address is required.").max(255),
    name: lenient(
      strippedText()
        .trim()
        .transform((v) => v.slice(0, 200))
        .pipe(z.string().min(1)),
    ),
    email: lenient(emailSchema),
    phone: lenient(phoneSchema),
    avatarUrl: lenient(z.url({ protocol: /^https?$/ }).max(500)),
  })
  .transform((v, ctx) => {
    // A phone number is its digits ("+33 6 12…" and "0033612…" differ; spaces and dashes don't).
    if (v.channel === "WHATSAPP") {
      const digits = v.value.replace(/\D/g, "");
      if (!digits) {
        ctx.addIssue({ code: "custom", path: ["value"], message: "A WhatsApp number has digits." });
        return z.NEVER;
      }
      return { ...v, value: digits };
    }
    if (v.channel === "EMAIL") {
      const email = emailSchema.safeParse(v.value);
      if (!email.success) {
        ctx.addIssue({ code: "custom", path: ["value"], message: "Enter a valid email address." });
        return z.NEVER;
      }
      return { ...v, value: email.data, email: email.data };
    }
    if (v.channel === "PHONE") {
      const phone = phoneSchema.safeParse(v.value);
      if (!phone.success || !/\d/.test(phone.data)) {
        ctx.addIssue({ code: "custom", path: ["value"], message: "Enter a phone number." });
        return z.NEVER;
      }
      return { ...v, value: phone.data, phone: v.phone ?? phone.data };
    }
    return v;
  });
export type ResolveContactInput = z.input<typeof resolveContactInput>;

export interface ContactItem {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  company: string | null;
  avatarUrl: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** Desk tickets this person requested. */
  ticketCount: number;
}

export interface ContactIdentityItem {
  id: string;
  channel: string;
  value: string;
  createdAt: Date;
}

export interface ContactDetail extends ContactItem {
  notes: string | null;
  /** Other addresses (e.g. those of contacts merged into this one), oldest first. */
  identities: ContactIdentityItem[];
}
