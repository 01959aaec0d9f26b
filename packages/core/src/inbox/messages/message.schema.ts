import type { ContentType, MessageDirection, MessageStatus, Platform } from "@quartet/db/enums";
import { z } from "zod";
import { text } from "../../text-input.ts";

export const INBOX_UPLOAD_MAX_FILES = 5;

export const listMessagesInput = z.object({
  orgId: z.uuid(),
  conversationId: z.uuid(),
  /** The previous page's `nextBefore`: older messages. */
  before: z.string().max(200).nullish(),
  limit: z.number().int().min(1).max(100).default(50),
});
export type ListMessagesInput = z.input<typeof listMessagesInput>;

/** A WhatsApp message template, approved by Meta, with its parameters in order. */
export const templateSchema = z.object({
  name: text().trim().min(1, "Choose a template.").max(512),
  language: text().trim().min(2).max(15),
  params: z.array(text().max(1024, "Use at most 1,024 characters.")).max(20).default([]),
});
export type TemplateInput = z.infer<typeof templateSchema>;

export const sendMessageInput = z
  .object({
    orgId: z.uuid(),
    conversationId: z.uuid(),
    text: text()
      .trim()
      .max(4096, "Use at most 4,096 characters.")
      .optional()
      .transform((v) => v || undefined),
    /** Files uploaded beforehand (POST /files/inbox/uploads), each sent as its own message. */
    attachmentIds: z
      .array(z.uuid())
      .max(INBOX_UPLOAD_MAX_FILES, `Attach at most ${INBOX_UPLOAD_MAX_FILES} files.`)
      .transform((ids) => [...new Set(ids)])
      .default([]),
    /** WhatsApp: an approved template (the only thing allowed once the 24-hour window closed). */
    template: templateSchema.optional(),
    /** The message this one answers (shown quoted). */
    replyToId: z.uuid().optional(),
  })
  .refine((v) => v.text !== undefined || v.attachmentIds.length > 0 || v.template !== undefined, {
    message: "Write a message.",
    path: ["text"],
  })
  .refine((v) => v.template === undefined || (v.text === undefined && v.attachmentIds.length === 0), {
    message: "A template is sent on its own.",
    path: ["template"],
  });
export type SendMessageInput = z.input<typeof sendMessageInput>;

export const messageIdInput = z.object({ orgId: z.uuid(), messageId: z.uuid() });
export type MessageIdInput = z.infer<typeof messageIdInput>;

export const searchMessagesInput = z.object({
  orgId: z.uuid(),
  /** Web-search syntax: words, "quoted phrases", -excluded, or. */
  q: text().trim().min(1, "Type something to search for.").max(200, "Use at most 200 characters."),
  cursor: z.string().max(200).nullish(),
  limit: z.number().int().min(1).max(50).default(20),
});
export type SearchMessagesInput = z.input<typeof searchMessagesInput>;

export const templatesInput = z.object({ orgId: z.uuid(), conversationId: z.uuid() });
export type TemplatesInput = z.infer<typeof templatesInput>;

export interface MessageMedia {
  /** Served by Quartet to members (null while the file is still being fetched from the platform). */
  url: string | null;
  type: string | null;
  fileName: string | null;
  size: number | null;
  thumbnailUrl: string | null;
}

export interface MessageDto {
  id: string;
  conversationId: string;
  direction: MessageDirection;
  content: string | null;
  contentType: ContentType;
  media: MessageMedia | null;
  attributes: unknown;
  reactions: unknown;
  replyTo: { id: string; preview: string } | null;
  status: MessageStatus;
  errorCode: string | null;
  errorMessage: string | null;
  sentBy: { id: string; name: string } | null;
  /** The Desk ticket message it mirrors (a conversation made into a ticket). */
  ticketMessageId: string | null;
  createdAt: Date;
  platformTimestamp: Date | null;
}

/** A piece of highlighted text: render `match` segments emphasized (text is never HTML). */
export interface HighlightSegment {
  text: string;
  match: boolean;
}

export interface MessageSearchHit {
  conversationId: string;
  messageId: string;
  /** Plain text around the match. */
  snippet: string;
  /** The same snippet with the matched words marked. */
  highlights: HighlightSegment[];
  contactName: string | null;
  platform: Platform;
  direction: MessageDirection;
  createdAt: Date;
}

export interface MessageTemplate {
  name: string;
  language: string;
  category: string | null;
  /** The body with {{1}}…{{n}} placeholders, to preview and count the parameters. */
  body: string;
  paramCount: number;
}
