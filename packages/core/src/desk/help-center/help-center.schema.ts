import type { TicketStatus } from "@quartet/db/enums";
import { z } from "zod";
import { text } from "../../text-input.ts";
import { attachmentIdsSchema } from "../attachments/attachment.schema.ts";
import type { HighlightSegment } from "../tickets/ticket.schema.ts";

// Inputs and DTOs of the public help center (no account): everything is addressed by the
// workspace slug, never an orgId, and the ticket pages by a ticket id plus its access token.

const workspaceSlug = text()
  .trim()
  .toLowerCase()
  .min(1, "Missing workspace.")
  .max(60)
  .regex(/^[a-z0-9-]+$/, "That isn't a workspace address.");

const contentSlug = text()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9-]+$/, "That isn't a valid address.");

/** Anonymous visitor id the SPA keeps in localStorage (`quartet.visitor`). */
export const visitorIdSchema = text()
  .min(16, "Invalid visitor id.")
  .max(64, "Invalid visitor id.")
  .regex(/^[A-Za-z0-9_-]+$/, "Invalid visitor id.");

export const centerInput = z.object({ slug: workspaceSlug });
export type CenterInput = z.input<typeof centerInput>;

export const categoryInput = z.object({ slug: workspaceSlug, categorySlug: contentSlug });
export type CategoryInput = z.input<typeof categoryInput>;

export const articleInput = z.object({
  slug: workspaceSlug,
  articleSlug: contentSlug,
  visitorId: visitorIdSchema,
});
export type ArticleInput = z.input<typeof articleInput>;

export const searchInput = z.object({
  slug: workspaceSlug,
  /** Web-search syntax: words, "quoted phrases", -excluded, or. */
  q: text().trim().min(1, "Type something to search for.").max(200, "Keep your search shorter."),
  limit: z.number().int().min(1).max(50).default(20),
});
export type SearchInput = z.input<typeof searchInput>;

export const suggestInput = z.object({
  slug: workspaceSlug,
  /** What the customer has typed so far in the contact form (subject + message). */
  text: text().max(5000),
});
export type SuggestInput = z.input<typeof suggestInput>;

export const voteInput = z.object({
  slug: workspaceSlug,
  articleSlug: contentSlug,
  visitorId: visitorIdSchema,
  helpful: z.boolean(),
});
export type VoteInput = z.input<typeof voteInput>;

export const contactInput = z.object({
  slug: workspaceSlug,
  name: text().trim().min(1, "Tell us your name.").max(200, "This name is too long."),
  email: text()
    .trim()
    .toLowerCase()
    .min(1, "Enter your email address.")
    .max(255, "This address is too long.")
    .pipe(z.email("Enter a valid email address, like name@example.com.")),
  subject: text()
    .trim()
    .min(3, "Write a short subject (at least 3 characters).")
    .max(200, "Keep the subject under 200 characters."),
  message: text()
    .trim()
    .min(10, "Tell us a little more (at least 10 characters).")
    .max(20_000, "This message is too long."),
  /** Honeypot: hidden from people, filled in by bots. Must stay empty. */
  website: text().max(500).default(""),
  /** Files uploaded beforehand through the help center (POST /files/help/<slug>/attachments). */
  attachmentIds: attachmentIdsSchema.default([]),
});
export type ContactInput = z.input<typeof contactInput>;

const ticketRef = {
  slug: workspaceSlug,
  ticketId: z.uuid("This link is not valid."),
  token: text().min(1, "This link is not valid.").max(200, "This link is not valid."),
};

export const portalTicketInput = z.object(ticketRef);
export type PortalTicketInput = z.input<typeof portalTicketInput>;

export const portalReplyInput = z.object({
  ...ticketRef,
  message: text().trim().min(1, "Write a message.").max(20_000, "This message is too long."),
  /** Files uploaded beforehand with the ticket link (POST /files/help/<slug>/tickets/<id>/attachments). */
  attachmentIds: attachmentIdsSchema.default([]),
});
export type PortalReplyInput = z.input<typeof portalReplyInput>;

/**
 * Where a customer uploads a file: the contact form of a help center (`slug` only), or a ticket
 * page (`slug`, `ticketId` and the link's `token`).
 */
export const helpUploadInput = z
  .object({
    slug: workspaceSlug,
    ticketId: z.uuid("This link is not valid.").optional(),
    token: text().min(1).max(200).optional(),
  })
  .refine((v) => (v.ticketId === undefined) === (v.token === undefined), {
    message: "This link is not valid.",
    path: ["token"],
  });
export type HelpUploadInput = z.input<typeof helpUploadInput>;

export const surveyInput = z.object(ticketRef);
export type SurveyInput = z.input<typeof surveyInput>;

export const submitSurveyInput = z.object({
  ...ticketRef,
  rating: z
    .number({ error: "Choose a rating from 1 to 5." })
    .int("Choose a rating from 1 to 5.")
    .min(1, "Choose a rating from 1 to 5.")
    .max(5, "Choose a rating from 1 to 5."),
  comment: text().trim().max(2000, "Keep your comment under 2,000 characters.").default(""),
});
export type SubmitSurveyInput = z.input<typeof submitSurveyInput>;

// ── DTOs ─────────────────────────────────────────────────────────────────────────────────────

export interface HelpCenterInfo {
  workspaceName: string;
  slug: string;
  /** The workspace's help-center title, or null to show the default "Help center". */
  title: string | null;
}

export interface HelpCategoryNode {
  id: string;
  name: string;
  slug: string;
  description: string | null;
  icon: string | null;
  /** Published articles directly in this category. */
  articleCount: number;
  children: HelpCategoryNode[];
}

export interface HelpArticleSummary {
  title: string;
  slug: string;
  excerpt: string | null;
  updatedAt: Date;
}

export interface HelpCenterHome {
  center: HelpCenterInfo;
  categories: HelpCategoryNode[];
  popular: HelpArticleSummary[];
}

export interface HelpCrumb {
  name: string;
  slug: string;
}

export interface HelpCategoryPage {
  center: HelpCenterInfo;
  category: { name: string; slug: string; description: string | null };
  /** Ancestors, root first (for breadcrumbs). */
  path: HelpCrumb[];
  children: { name: string; slug: string; description: string | null; articleCount: number }[];
  articles: HelpArticleSummary[];
}

export interface HelpArticlePage {
  center: HelpCenterInfo;
  article: {
    title: string;
    slug: string;
    excerpt: string | null;
    /** Sanitized at save by the KB editor; null for articles saved without it (render `content` as text). */
    contentHtml: string | null;
    content: string;
    publishedAt: Date | null;
    updatedAt: Date;
  };
  /** The article's category and its ancestors, root first. */
  path: HelpCrumb[];
  related: HelpArticleSummary[];
  /** This visitor's vote: true (helpful), false, or null (not voted). */
  myVote: boolean | null;
}

export interface HelpSearchHit {
  slug: string;
  title: HighlightSegment[];
  snippet: HighlightSegment[];
  category: HelpCrumb;
  rank: number;
}

export interface HelpSuggestion {
  title: string;
  slug: string;
  excerpt: string | null;
}

/** Who wrote a message, as the customer sees it. */
export type PortalAuthor = "you" | "agent" | "other";

/** A file the customer can download with their link (`/files/desk/attachments/<id>?token=`). */
export interface PortalAttachment {
  id: string;
  fileName: string;
  mimeType: string;
  sizeBytes: number;
}

export interface PortalMessage {
  id: string;
  author: PortalAuthor;
  /** Agent's display name or another contact's name; null for "you". */
  authorName: string | null;
  body: string;
  createdAt: Date;
  attachments: PortalAttachment[];
}

export interface PortalTicket {
  center: HelpCenterInfo;
  number: number;
  subject: string;
  status: TicketStatus;
  createdAt: Date;
  /** The customer's first message (the ticket description). */
  description: string;
  /** Files of the first message. */
  attachments: PortalAttachment[];
  messages: PortalMessage[];
  /** Set when agents merged this request into another one. */
  mergedIntoNumber: number | null;
  /**
   * The customer's link to the request it was merged into — only when that request is theirs
   * too (same requester): another customer's conversation is never opened by this link.
   */
  mergedIntoLink: { ticketId: string; token: string } | null;
}

export interface SurveyState {
  center: HelpCenterInfo;
  number: number;
  subject: string;
  answered: boolean;
  rating: number | null;
}
