import type { Platform } from "@quartet/db/enums";

// The platforms that post to `/hooks/inbox/:platform` and what the path names them.

export const WEBHOOK_PLATFORMS = {
  whatsapp: "WHATSAPP",
  facebook: "FACEBOOK",
  instagram: "INSTAGRAM",
  tiktok: "TIKTOK",
} as const satisfies Record<string, Platform>;

export type WebhookPlatform = (typeof WEBHOOK_PLATFORMS)[keyof typeof WEBHOOK_PLATFORMS];

/** The platform a path segment names (lower-case), or null for anything else. */
export function webhookPlatformOf(segment: string): WebhookPlatform | null {
  return Object.hasOwn(WEBHOOK_PLATFORMS, segment)
    ? WEBHOOK_PLATFORMS[segment as keyof typeof WEBHOOK_PLATFORMS]
    : null;
}

/**
 * The largest delivery accepted. Meta batches up to 1,000 changes per POST but each is small;
 * a body past this is no platform's and is refused before it is read in full.
 */
export const INBOX_WEBHOOK_MAX_BYTES = 1024 * 1024;
