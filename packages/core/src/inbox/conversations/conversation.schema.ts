import { type ConnectionStatus, ConversationStatus, Platform } from "@quartet/db/enums";
import { z } from "zod";
import { text } from "../../text-input.ts";

export const platformSchema = z.enum(Platform);
export const conversationStatusSchema = z.enum(ConversationStatus);

/**
 * The inbox's views. `open`, `mine` and `unassigned` hide snoozed conversations until their time
 * comes (an expired snooze counts as open, no job needed); `snoozed` shows only those still asleep.
 */
export const INBOX_VIEWS = ["open", "mine", "unassigned", "snoozed", "closed", "archived"] as const;
export const inboxViewSchema = z.enum(INBOX_VIEWS);
export type InboxView = z.infer<typeof inboxViewSchema>;

/** A search box: trimmed, blank means no search. */
const searchText = text()
  .trim()
  .max(200, "Use at most 200 characters.")
  .optional()
  .transform((v) => v || undefined);

export const listConversationsInput = z.object({
  orgId: z.uuid(),
  view: inboxViewSchema.default("open"),
  platform: platformSchema.optional(),
  labelId: z.uuid().optional(),
  /** A member's conversations, or null for nobody's (the `mine` / `unassigned` views set it too). */
  assigneeId: z.uuid().nullable().optional(),
  /** Words of any message (full-text) or part of the contact's name. */
  q: searchText,
  /** Opaque keyset cursor from the previous page's `nextCursor`. */
  cursor: z.string().max(200).nullish(),
  limit: z.number().int().min(1).max(100).default(25),
});
export type ListConversationsInput = z.input<typeof listConversationsInput>;

export const countsInput = z.object({ orgId: z.uuid() });
export type CountsInput = z.infer<typeof countsInput>;

export const conversationIdInput = z.object({ orgId: z.uuid(), conversationId: z.uuid() });
export type ConversationIdInput = z.infer<typeof conversationIdInput>;

export const setStatusInput = conversationIdInput.extend({ status: conversationStatusSchema });
export type SetStatusInput = z.infer<typeof setStatusInput>;

export const snoozeInput = conversationIdInput.extend({
  /** When the conversation comes back to the open list (a new message wakes it earlier). */
  until: z.coerce.date({ message: "Choose when the conversation comes back." }),
});
export type SnoozeInput = z.input<typeof snoozeInput>;

export const assignInput = conversationIdInput.extend({
  /** A member of the workspace, or null to unassign. */
  userId: z.uuid().nullable(),
});
export type AssignInput = z.infer<typeof assignInput>;

export const setLabelsInput = conversationIdInput.extend({
  labelIds: z
    .array(z.uuid())
    .max(20, "Use at most 20 labels.")
    .transform((ids) => [...new Set(ids)]),
});
export type SetLabelsInput = z.input<typeof setLabelsInput>;

/** The reply window a platform puts on free text (null: no window). */
export type ReplyWindowKind = "WHATSAPP_24H" | "TIKTOK";

export interface ReplyWindow {
  kind: ReplyWindowKind | null;
  /** When free text stops being accepted; null without a window or before the contact wrote. */
  closesAt: Date | null;
  /** Free text can be sent now. */
  open: boolean;
  /** TikTok: messages the business may still send in this window (null: no such limit). */
  remaining: number | null;
  /** Messenger / Instagram after their 24 hours: a person may still answer until then. */
  humanAgentUntil: Date | null;
}

export interface ConversationListItem {
  id: string;
  platform: Platform;
  connection: { id: string; name: string };
  contactId: string | null;
  contactName: string | null;
  contactAvatarUrl: string | null;
  lastMessagePreview: string | null;
  lastMessageAt: Date | null;
  unreadCount: number;
  status: ConversationStatus;
  snoozedUntil: Date | null;
  assignedTo: { id: string; name: string } | null;
  labels: { id: string; name: string; color: string }[];
  ticket: { id: string; number: number } | null;
}

export interface ConversationNoteDto {
  id: string;
  content: string;
  author: { id: string; name: string } | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ConversationDetail extends Omit<ConversationListItem, "connection"> {
  connection: { id: string; name: string; platform: Platform; status: ConnectionStatus };
  window: ReplyWindow;
  notes: ConversationNoteDto[];
  contact: {
    id: string;
    name: string | null;
    email: string | null;
    phone: string | null;
    avatarUrl: string | null;
    company: string | null;
  } | null;
  /** The contact's handle on the platform and its display name there. */
  contactExternalId: string;
  contactUsername: string | null;
  lastInboundAt: Date | null;
  createdAt: Date;
}

export interface InboxCounts {
  open: number;
  mine: number;
  unassigned: number;
  snoozed: number;
  /** Unread messages across open (awake) conversations. */
  unreadTotal: number;
  /** Open (awake) conversations with at least one unread message. */
  unreadConversations: number;
}
