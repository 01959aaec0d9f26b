import { z } from "zod";
import { text } from "../text-input.ts";

// Privacy requests about one contact (GDPR): export everything the workspace holds about them,
// or erase it, across Desk and Inbox; and the contact panel's overview of the same person.

export const contactOverviewInput = z.object({ orgId: z.uuid(), contactId: z.uuid() });
export type ContactOverviewInput = z.infer<typeof contactOverviewInput>;

export const exportContactInput = z.object({ orgId: z.uuid(), contactId: z.uuid() });
export type ExportContactInput = z.infer<typeof exportContactInput>;

export const eraseContactInput = z.object({
  orgId: z.uuid(),
  contactId: z.uuid(),
  /** The contact's email (else name, else ERASE) typed back: see `erasureConfirmation`. */
  confirmation: text()
    .trim()
    .min(1, "Type the confirmation to erase this contact.")
    .max(300, "Use at most 300 characters."),
});
export type EraseContactInput = z.input<typeof eraseContactInput>;

/** What a person types back to erase a contact: its email, else its name, else the word ERASE. */
export function erasureConfirmation(contact: { email: string | null; name: string | null }): string {
  return contact.email ?? contact.name?.trim() ?? "ERASE";
}

/** Whether the typed confirmation matches (case and surrounding spaces don't matter). */
export function confirmsErasure(contact: { email: string | null; name: string | null }, typed: string) {
  return typed.trim().toLocaleLowerCase() === erasureConfirmation(contact).toLocaleLowerCase();
}

/** The Inbox contact panel and the Desk contact page: one person across both modules. */
export interface ContactOverview {
  contact: {
    id: string;
    name: string | null;
    email: string | null;
    phone: string | null;
    company: string | null;
    avatarUrl: string | null;
  };
  /** Every address: channel handles (WhatsApp number, page-scoped id…) and other emails/phones. */
  identities: { channel: string; value: string }[];
  /** Most recently updated first, at most OVERVIEW_LIMIT. */
  tickets: { id: string; number: number; subject: string; status: string; updatedAt: Date }[];
  ticketCount: number;
  /** Most recent activity first, at most OVERVIEW_LIMIT. */
  conversations: {
    id: string;
    platform: string;
    connectionName: string | null;
    status: string;
    lastMessagePreview: string | null;
    lastMessageAt: Date | null;
    unreadCount: number;
  }[];
  conversationCount: number;
  /** What to type back to erase this contact. */
  erasureConfirmation: string;
}

export const OVERVIEW_LIMIT = 20;

/** A file as the export lists it: where a member of the workspace downloads it. */
export interface ExportedFile {
  fileName: string | null;
  mimeType: string | null;
  sizeBytes: number | null;
  downloadPath: string | null;
}

/** The JSON document of a GDPR export: everything the workspace holds about one person. */
export interface ContactExport {
  format: "quartet.contact-export";
  version: 1;
  exportedAt: Date;
  workspace: { id: string; name: string };
  contact: {
    id: string;
    name: string | null;
    email: string | null;
    phone: string | null;
    company: string | null;
    notes: string | null;
    avatarUrl: string | null;
    metadata: unknown;
    createdAt: Date;
    updatedAt: Date;
  };
  identities: { channel: string; value: string; createdAt: Date }[];
  desk: {
    tickets: {
      number: number;
      subject: string;
      description: string;
      status: string;
      priority: string;
      channel: string;
      tags: string[];
      customFields: unknown;
      createdAt: Date;
      updatedAt: Date;
      resolvedAt: Date | null;
      closedAt: Date | null;
      deletedAt: Date | null;
      mergedIntoNumber: number | null;
      attachments: ExportedFile[];
      messages: ExportedTicketMessage[];
      notes: { author: string | null; message: string; createdAt: Date; editedAt: Date | null }[];
      satisfaction: ExportedSurvey | null;
      copied: { email: string; name: string | null }[];
    }[];
    messagesOnOtherTickets: (ExportedTicketMessage & { ticketNumber: number; ticketSubject: string })[];
    surveysOnOtherTickets: (ExportedSurvey & { ticketNumber: number })[];
  };
  inbox: {
    conversations: {
      platform: string;
      channel: string | null;
      externalId: string;
      profile: { name: string | null; username: string | null; avatarUrl: string | null };
      status: string;
      labels: string[];
      ticketNumber: number | null;
      createdAt: Date;
      lastMessageAt: Date | null;
      messages: {
        direction: string;
        from: string;
        content: string | null;
        contentType: string;
        media: (ExportedFile & { thumbnailPath: string | null }) | null;
        attributes: unknown;
        reactions: unknown;
        status: string;
        platformTimestamp: Date | null;
        createdAt: Date;
      }[];
      notes: { author: string | null; content: string; createdAt: Date; updatedAt: Date }[];
    }[];
  };
}

export interface ExportedTicketMessage {
  /** `contact` (this person), `agent`, or `other contact`. */
  from: string;
  authorName: string | null;
  message: string;
  /** An internal note of the conversation, never shown to the customer. */
  internal: boolean;
  createdAt: Date;
  attachments: ExportedFile[];
}

export interface ExportedSurvey {
  rating: number | null;
  comment: string | null;
  sentAt: Date;
  respondedAt: Date | null;
}

/** What an erasure removed, per kind (also the audit record's summary). */
export type ErasureSummary = Record<string, number>;
