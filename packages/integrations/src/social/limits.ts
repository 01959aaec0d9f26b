import type { MessageContentType, SocialPlatform } from "./types.ts";

// Platform rules the services enforce before a send (the platform refuses anyway, later and with a
// less helpful error). Windows count from the contact's LAST inbound message.

const HOUR = 60 * 60 * 1000;

/**
 * WhatsApp customer service window: free-form messages only within 24 h of the customer's last
 * message; after that only approved template messages.
 * https://developers.facebook.com/docs/whatsapp/cloud-api/guides/send-messages#customer-service-windows
 */
export const WHATSAPP_SERVICE_WINDOW_MS = 24 * HOUR;
/** WhatsApp text body limit (characters). */
export const WHATSAPP_MAX_TEXT = 4096;

/**
 * Messenger standard messaging: 24 h after the person's last message; after it only tagged
 * messages, of which HUMAN_AGENT lets a person reply up to 7 days after.
 * https://developers.facebook.com/docs/messenger-platform/policy/policy-overview#24hours_window
 * https://developers.facebook.com/docs/messenger-platform/send-messages/message-tags#human_agent
 */
export const MESSENGER_STANDARD_WINDOW_MS = 24 * HOUR;
export const META_HUMAN_AGENT_WINDOW_MS = 7 * 24 * HOUR;
/** Messenger text limit (UTF-8 characters). */
export const MESSENGER_MAX_TEXT = 2000;

/**
 * Instagram messaging: the same 24 h window and 7-day HUMAN_AGENT tag as Messenger; text up to 1000
 * bytes (UTF-8).
 * https://developers.facebook.com/docs/messenger-platform/instagram/features/send-message
 */
export const INSTAGRAM_STANDARD_WINDOW_MS = 24 * HOUR;
export const INSTAGRAM_MAX_TEXT_BYTES = 1000;

/**
 * TikTok Business Messaging: conversations are started by the user only; the business may reply
 * within 48 h of the user's last message and send at most 10 messages in that window (the count
 * resets when the user writes again); text up to 6000 characters; images JPG/PNG up to 3 MB.
 * https://business-api.tiktok.com/portal/docs?id=1832184403754242 (Business Messaging API, send message)
 */
export const TIKTOK_REPLY_WINDOW_MS = 48 * HOUR;
export const TIKTOK_MAX_MESSAGES_PER_WINDOW = 10;
export const TIKTOK_MAX_TEXT = 6000;
export const TIKTOK_MAX_IMAGE_BYTES = 3 * 1024 * 1024;

export interface PlatformLimits {
  /** Free-form replies are allowed this long after the contact's last message (null: always). */
  replyWindowMs: number | null;
  /** What may still be sent once the window closed. */
  afterWindow: "TEMPLATES" | "HUMAN_AGENT_TAG" | "NOTHING" | null;
  /** With the HUMAN_AGENT tag (Messenger, Instagram). */
  humanAgentWindowMs: number | null;
  /** Business messages per window (null: no cap). */
  maxMessagesPerWindow: number | null;
  /** Characters of text per message. */
  maxTextLength: number;
  /** UTF-8 bytes of text per message, where the platform counts bytes. */
  maxTextBytes: number | null;
  /** The business can't write first. */
  userInitiatedOnly: boolean;
  sendable: MessageContentType[];
}

const META_MEDIA: MessageContentType[] = ["TEXT", "IMAGE", "VIDEO", "AUDIO", "FILE"];

export const PLATFORM_LIMITS: Record<SocialPlatform, PlatformLimits> = {
  WHATSAPP: {
    replyWindowMs: WHATSAPP_SERVICE_WINDOW_MS,
    afterWindow: "TEMPLATES",
    humanAgentWindowMs: null,
    maxMessagesPerWindow: null,
    maxTextLength: WHATSAPP_MAX_TEXT,
    maxTextBytes: null,
    // Templates can open a conversation.
    userInitiatedOnly: false,
    sendable: [...META_MEDIA, "STICKER"],
  },
  FACEBOOK: {
    replyWindowMs: MESSENGER_STANDARD_WINDOW_MS,
    afterWindow: "HUMAN_AGENT_TAG",
    humanAgentWindowMs: META_HUMAN_AGENT_WINDOW_MS,
    maxMessagesPerWindow: null,
    maxTextLength: MESSENGER_MAX_TEXT,
    maxTextBytes: null,
    userInitiatedOnly: true,
    sendable: META_MEDIA,
  },
  INSTAGRAM: {
    replyWindowMs: INSTAGRAM_STANDARD_WINDOW_MS,
    afterWindow: "HUMAN_AGENT_TAG",
    humanAgentWindowMs: META_HUMAN_AGENT_WINDOW_MS,
    maxMessagesPerWindow: null,
    maxTextLength: INSTAGRAM_MAX_TEXT_BYTES,
    maxTextBytes: INSTAGRAM_MAX_TEXT_BYTES,
    userInitiatedOnly: true,
    sendable: ["TEXT", "IMAGE", "VIDEO", "AUDIO"],
  },
  TIKTOK: {
    replyWindowMs: TIKTOK_REPLY_WINDOW_MS,
    afterWindow: "NOTHING",
    humanAgentWindowMs: null,
    maxMessagesPerWindow: TIKTOK_MAX_MESSAGES_PER_WINDOW,
    maxTextLength: TIKTOK_MAX_TEXT,
    maxTextBytes: null,
    userInitiatedOnly: true,
    sendable: ["TEXT", "IMAGE"],
  },
  WEBCHAT: {
    replyWindowMs: null,
    afterWindow: null,
    humanAgentWindowMs: null,
    maxMessagesPerWindow: null,
    maxTextLength: 10_000,
    maxTextBytes: null,
    userInitiatedOnly: true,
    sendable: ["TEXT", "IMAGE", "VIDEO", "AUDIO", "FILE"],
  },
  SANDBOX: {
    replyWindowMs: null,
    afterWindow: null,
    humanAgentWindowMs: null,
    maxMessagesPerWindow: null,
    maxTextLength: 10_000,
    maxTextBytes: null,
    userInitiatedOnly: false,
    sendable: ["TEXT", "IMAGE", "VIDEO", "AUDIO", "FILE", "STICKER", "LOCATION"],
  },
};

export interface ReplyWindowState {
  /** Free-form text and media may be sent now. */
  open: boolean;
  /** When the free-form window closes (null: no window, or no inbound message yet). */
  closesAt: Date | null;
  /** Closed, but an approved template may be sent (WhatsApp). */
  templatesAllowed: boolean;
  /** Closed, but a HUMAN_AGENT-tagged reply is allowed until then (Messenger, Instagram). */
  humanAgentUntil: Date | null;
  /** Messages left in this window (TikTok), null when uncapped. */
  remainingMessages: number | null;
  /** Why it's closed. */
  closedBecause: "NO_INBOUND" | "WINDOW_EXPIRED" | "MESSAGE_LIMIT" | null;
}

/**
 * Where a thread stands against its platform's reply rules. `outboundSinceInbound` counts the
 * business messages sent after the contact's last message (TikTok's cap).
 */
export function replyWindow(
  platform: SocialPlatform,
  input: { lastInboundAt: Date | null; outboundSinceInbound?: number; now: Date },
): ReplyWindowState {
  const limits = PLATFORM_LIMITS[platform];
  const templatesAllowed = limits.afterWindow === "TEMPLATES";
  if (limits.replyWindowMs === null)
    return {
      open: true,
      closesAt: null,
      templatesAllowed,
      humanAgentUntil: null,
      remainingMessages: null,
      closedBecause: null,
    };
  if (!input.lastInboundAt)
    return {
      open: false,
      closesAt: null,
      templatesAllowed,
      humanAgentUntil: null,
      remainingMessages: limits.maxMessagesPerWindow,
      closedBecause: "NO_INBOUND",
    };
  const last = input.lastInboundAt.getTime();
  const closesAt = new Date(last + limits.replyWindowMs);
  const remaining =
    limits.maxMessagesPerWindow === null
      ? null
      : Math.max(0, limits.maxMessagesPerWindow - (input.outboundSinceInbound ?? 0));
  const expired = input.now.getTime() >= closesAt.getTime();
  const humanAgentUntil =
    limits.humanAgentWindowMs !== null && expired && input.now.getTime() < last + limits.humanAgentWindowMs
      ? new Date(last + limits.humanAgentWindowMs)
      : null;
  const closedBecause = expired ? "WINDOW_EXPIRED" : remaining === 0 ? "MESSAGE_LIMIT" : null;
  return {
    open: closedBecause === null,
    closesAt,
    templatesAllowed,
    humanAgentUntil,
    remainingMessages: remaining,
    closedBecause,
  };
}

/** The text fits the platform's length rule. */
export function textFits(platform: SocialPlatform, text: string): boolean {
  const limits = PLATFORM_LIMITS[platform];
  if ([...text].length > limits.maxTextLength) return false;
  return limits.maxTextBytes === null || Buffer.byteLength(text, "utf8") <= limits.maxTextBytes;
}
