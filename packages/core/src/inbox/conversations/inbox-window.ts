import type { Platform } from "@quartet/db/enums";
import { PLATFORM_LIMITS, replyWindow, textFits } from "@quartet/integrations/social/limits";
import { AppError } from "../../errors.ts";
import type { ReplyWindow } from "./conversation.schema.ts";

// The platforms' reply rules (helper B's constants in integrations/social/limits.ts), enforced on the
// server before a message is queued: the composer only mirrors them.
// - WhatsApp: free text within 24 hours of the customer's last message; after it only an approved
//   template.
// - TikTok: replies within 48 hours of the user's last message, at most 10 of them, text and images.
// - Messenger / Instagram: 24 hours, then a person may still answer for 7 days (HUMAN_AGENT tag).

const HOUR = 3_600_000;

/** The conversation's window as the thread header shows it. */
export function conversationWindow(
  platform: Platform,
  lastInboundAt: Date | null,
  now: Date,
  outboundSinceInbound = 0,
): ReplyWindow {
  const state = replyWindow(platform, { lastInboundAt, outboundSinceInbound, now });
  const kind = platform === "WHATSAPP" ? "WHATSAPP_24H" : platform === "TIKTOK" ? "TIKTOK" : null;
  return {
    kind,
    closesAt: state.closesAt,
    // Messenger and Instagram stay answerable by a person while the HUMAN_AGENT tag allows it.
    open: state.open || state.humanAgentUntil !== null,
    remaining: state.remainingMessages,
    humanAgentUntil: state.humanAgentUntil,
  };
}

const refuse = (message: string, field: string, reason: string) =>
  new AppError("PRECONDITION_FAILED", message, { [field]: message }, reason);

/** What one send asks of the platform. */
export interface SendShape {
  template: boolean;
  /** Messages the send will create. */
  count: number;
  text: string | null;
  /** Content types of the attachments. */
  media: { contentType: string; mimeType: string; size: number; fileName: string }[];
}

/** Refuses what the platform would refuse, naming the rule; returns whether to tag HUMAN_AGENT. */
export function assertCanSend(
  platform: Platform,
  lastInboundAt: Date | null,
  now: Date,
  outboundSinceInbound: number,
  send: SendShape,
): { humanAgent: boolean } {
  const limits = PLATFORM_LIMITS[platform];
  const state = replyWindow(platform, { lastInboundAt, outboundSinceInbound, now });
  if (send.template) {
    if (platform !== "WHATSAPP")
      throw new AppError("BAD_REQUEST", "Templates are only for WhatsApp conversations.", {
        template: "Templates are only for WhatsApp conversations.",
      });
    return { humanAgent: false };
  }
  if (send.text !== null && !textFits(platform, send.text)) {
    const max = limits.maxTextBytes ?? limits.maxTextLength;
    throw new AppError(
      "BAD_REQUEST",
      `This message is too long for ${platformName[platform]} (at most ${max.toLocaleString("en")} ${limits.maxTextBytes ? "bytes" : "characters"}).`,
      { text: `At most ${max.toLocaleString("en")} ${limits.maxTextBytes ? "bytes" : "characters"}.` },
    );
  }
  for (const file of send.media) {
    const refused = mediaRefusal(platform, file);
    if (refused) throw new AppError("BAD_REQUEST", refused.message, { attachmentIds: refused.field });
  }
  if (platform === "WHATSAPP" && !state.open) {
    throw refuse(
      "WhatsApp's 24-hour window is closed: free messages can only be sent within 24 hours of the customer's last message. Send an approved template instead.",
      "text",
      "WHATSAPP_WINDOW_CLOSED",
    );
  }
  if (platform === "TIKTOK") {
    if (state.closedBecause === "NO_INBOUND" || state.closedBecause === "WINDOW_EXPIRED") {
      throw refuse(
        `TikTok only accepts replies within ${(limits.replyWindowMs ?? 0) / HOUR} hours of the user's last message. Wait for the user to write again.`,
        "text",
        "TIKTOK_WINDOW_CLOSED",
      );
    }
    if ((state.remainingMessages ?? Number.POSITIVE_INFINITY) < send.count) {
      throw refuse(
        `TikTok allows ${limits.maxMessagesPerWindow} messages after each message of the user${
          state.remainingMessages ? ` (${state.remainingMessages} left)` : ""
        }: wait for the user to reply.`,
        "text",
        "TIKTOK_LIMIT_REACHED",
      );
    }
  }
  if ((platform === "FACEBOOK" || platform === "INSTAGRAM") && !state.open) {
    if (state.humanAgentUntil) return { humanAgent: true };
    throw refuse(
      `${platformName[platform]} only accepts replies within 7 days of the person's last message. Wait for them to write again.`,
      "text",
      "META_WINDOW_CLOSED",
    );
  }
  return { humanAgent: false };
}

/** Why `platform` won't take this file as media (its kind or size), or null. */
export function mediaRefusal(
  platform: Platform,
  file: SendShape["media"][number],
): { message: string; field: string } | null {
  if (!PLATFORM_LIMITS[platform].sendable.includes(file.contentType as never)) {
    return {
      message: `${platformName[platform]} doesn't accept this kind of file: ${file.fileName}.`,
      field: `${platformName[platform]} doesn't accept ${file.fileName}.`,
    };
  }
  if (
    platform === "TIKTOK" &&
    file.contentType === "IMAGE" &&
    (!["image/jpeg", "image/png"].includes(file.mimeType) || file.size > 3 * 1024 * 1024)
  ) {
    const message = "TikTok accepts JPG or PNG images up to 3 MB.";
    return { message, field: message };
  }
  return null;
}

export const platformName: Record<Platform, string> = {
  WHATSAPP: "WhatsApp",
  FACEBOOK: "Messenger",
  INSTAGRAM: "Instagram",
  TIKTOK: "TikTok",
  WEBCHAT: "the chat widget",
  SANDBOX: "the sandbox",
};

/**
 * The same rules for a text that can't be refused to a person (an agent's reply on the linked
 * ticket): the refusal to store on the message, `{ humanAgent: true }` to tag it, or null.
 */
export function replyRefusal(
  platform: Platform,
  lastInboundAt: Date | null,
  now: Date,
  outboundSinceInbound: number,
  text: string,
  count = 1,
): { code: string; message: string } | { humanAgent: true } | null {
  try {
    const { humanAgent } = assertCanSend(platform, lastInboundAt, now, outboundSinceInbound, {
      template: false,
      count,
      text,
      media: [],
    });
    return humanAgent ? { humanAgent: true } : null;
  } catch (error) {
    if (error instanceof AppError) return { code: error.reason ?? error.code, message: error.message };
    throw error;
  }
}
