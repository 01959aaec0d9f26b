import { TicketChannel, TicketPriority, TicketStatus } from "@quartet/db/enums";
import { z } from "zod";
import { emailSchema } from "../../identity/identity.schema.ts";
import { attachmentIdsSchema } from "../attachments/attachment.schema.ts";

export const ticketStatusSchema = z.enum(TicketStatus);
export const ticketPrioritySchema = z.enum(TicketPriority);
export const ticketChannelSchema = z.enum(TicketChannel);

/** Tags are case-insensitive labels: trimmed, lower-cased, de-duplicated, order kept. */
export const ticketTagsSchema = z
  .array(z.string().trim().toLowerCase().min(1, "Tags can't be empty.").max(50, "Use at most 50 characters."))
  .max(20, "Use at most 20 tags.")
  .transform((tags) => [...new Set(tags)]);

const customFieldsSchema = z.record(
  z.string().max(100),
  z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]),
);

const subjectSchema = z
  .string()
  .trim()
  .min(1, "Give the ticket a subject.")
  .max(200, "Use at most 200 characters.");

export const createTicketInput = z.object({
  orgId: z.uuid(),
  subject: subjectSchema,
  description: z.string().trim().min(1, "Describe the request.").max(50_000, "This is too long."),
  /** The requester: found (by email, case-insensitively) or created as a Contact of the workspace. */
  requester: z.object({
    email: emailSchema,
    name: z.string().trim().min(1).max(200).optional(),
  }),
  priority: ticketPrioritySchema.default("MEDIUM"),
  channel: ticketChannelSchema.default("WEB"),
  assigneeId: z.uuid().nullish(),
  teamId: z.uuid().nullish(),
  tags: ticketTagsSchema.default([]),
  customFields: customFieldsSchema.default({}),
  /** Files uploaded beforehand (POST /files/desk/attachments), attached to the description. */
  attachmentIds: attachmentIdsSchema.default([]),
});
export type CreateTicketInput = z.input<typeof createTicketInput>;

/**
 * List orders: recent activity, newest, priority (urgent first) and SLA deadline (soonest first,
 * tickets without a deadline last). Each has its own keyset cursor (see ticket.repository.ts).
 */
export const ticketSortSchema = z.enum(["updatedAt", "createdAt", "priority", "slaDueAt"]);
export type TicketSort = z.infer<typeof ticketSortSchema>;

/** The filters of the ticket list; saved views store exactly this. */
export const ticketListFiltersSchema = z.object({
  status: ticketStatusSchema.optional(),
  priority: ticketPrioritySchema.optional(),
  /** A user id, or null for unassigned tickets. */
  assigneeId: z.uuid().nullable().optional(),
  teamId: z.uuid().nullable().optional(),
  tag: z.string().trim().toLowerCase().min(1).max(50).optional(),
  /** The requester. */
  contactId: z.uuid().optional(),
});
export type TicketListFiltersInput = z.infer<typeof ticketListFiltersSchema>;

/** The list's orders, plus best match first while searching (not stored in views). */
export const ticketListSortSchema = z.enum([...ticketSortSchema.options, "relevance"]);
export type TicketListSort = z.infer<typeof ticketListSortSchema>;

export const listTicketsInput = ticketListFiltersSchema.extend({
  orgId: z.uuid(),
  /** One ticket by its number (e.g. the merge dialog looking up "#42"). */
  number: z.number().int().positive().optional(),
  /**
   * Full-text search (web-search syntax) within the filters: word forms in the workspace's language,
   * requester name and address, `#1042`, internal notes. Blank means no search.
   */
  q: z
    .string()
    .trim()
    .max(200, "Use at most 200 characters.")
    .optional()
    .transform((v) => v || undefined),
  /** Defaults to best match first while searching, recent activity otherwise. */
  sort: ticketListSortSchema.optional(),
  /** Opaque keyset cursor from the previous page's `nextCursor`. */
  cursor: z.string().max(200).nullish(),
  limit: z.number().int().min(1).max(100).default(25),
});
export type ListTicketsInput = z.input<typeof listTicketsInput>;

export const ticketIdInput = z.object({ orgId: z.uuid(), ticketId: z.uuid() });
export type TicketIdInput = z.infer<typeof ticketIdInput>;

export const updateTicketInput = z.object({
  orgId: z.uuid(),
  ticketId: z.uuid(),
  status: ticketStatusSchema.optional(),
  priority: ticketPrioritySchema.optional(),
  assigneeId: z.uuid().nullable().optional(),
  teamId: z.uuid().nullable().optional(),
  tags: ticketTagsSchema.optional(),
  customFields: customFieldsSchema.optional(),
});
export type UpdateTicketInput = z.input<typeof updateTicketInput>;

export const addMessageInput = z.object({
  orgId: z.uuid(),
  ticketId: z.uuid(),
  message: z.string().trim().min(1, "Write a message.").max(50_000, "This is too long."),
  /** An internal note: visible to agents only, never shown or mailed to the customer. */
  isInternal: z.boolean().default(false),
  /** Files uploaded beforehand (POST /files/desk/attachments), linked to this message. */
  attachmentIds: attachmentIdsSchema.default([]),
  /** "Send and set status": a public reply that also moves the ticket, in one transaction. */
  status: z.enum(["PENDING", "RESOLVED"]).optional(),
});
export type AddMessageInput = z.input<typeof addMessageInput>;

export const searchTicketsInput = z.object({
  orgId: z.uuid(),
  /** Web-search syntax: words, "quoted phrases", -excluded, or. */
  q: z.string().trim().min(1, "Type something to search for.").max(200),
  limit: z.number().int().min(1).max(50).default(20),
});
export type SearchTicketsInput = z.input<typeof searchTicketsInput>;

/** A piece of highlighted text: render `match` segments emphasized (text is never HTML). */
export interface HighlightSegment {
  text: string;
  match: boolean;
}

/** How people see a ticket number: `#1042`. */
export const formatTicketNumber = (n: number) => `#${n}`;

/** Allowed status moves: open → pending → resolved → closed; a closed ticket can only be reopened. */
export const STATUS_TRANSITIONS: Record<TicketStatus, readonly TicketStatus[]> = {
  OPEN: ["PENDING", "RESOLVED"],
  PENDING: ["OPEN", "RESOLVED"],
  RESOLVED: ["OPEN", "CLOSED"],
  CLOSED: ["OPEN"],
};
