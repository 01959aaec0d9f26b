import { randomUUID } from "node:crypto";
import { z } from "zod";
import { channelError, WebhookPayloadError } from "./errors.ts";
import { PLATFORM_LIMITS } from "./limits.ts";
import type { ChannelProvider, LocalPlatform, SocialEvent } from "./types.ts";

// WEBCHAT (the website widget) and SANDBOX (the offline "customer" page): no outside service.
// Quartet feeds them itself: the widget's and the sandbox page's own routes write a LocalEvent into
// the same raw-event log as platform webhooks (encodeLocalEvent), and the same normalization job
// reads it back with parseWebhook. Nothing outside may post to them as a platform webhook:
// verifySignature is always false. Sending just returns a generated id (the visitor's page reads
// replies from Quartet).

const contentTypes = z.enum(["TEXT", "IMAGE", "VIDEO", "AUDIO", "FILE", "STICKER", "LOCATION"]);
const text = z.string().max(10_000);
const shortId = z.string().min(1).max(200);

export const localEventSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("message"),
    accountId: shortId,
    /** The visitor / sandbox customer: also the thread id. */
    contact: z.object({
      id: shortId,
      name: z.string().max(200).nullish(),
      email: z.string().max(320).nullish(),
      phone: z.string().max(40).nullish(),
    }),
    messageId: shortId,
    direction: z.enum(["INBOUND", "OUTBOUND"]).default("INBOUND"),
    contentType: contentTypes.default("TEXT"),
    text: text.nullish(),
    media: z
      .object({
        url: z.string().max(2000),
        mimeType: z.string().max(200).nullish(),
        filename: z.string().max(300).nullish(),
        caption: text.nullish(),
      })
      .nullish(),
    location: z
      .object({
        latitude: z.number().min(-90).max(90),
        longitude: z.number().min(-180).max(180),
        name: z.string().max(300).nullish(),
        address: z.string().max(500).nullish(),
      })
      .nullish(),
    replyToId: shortId.nullish(),
    timestamp: z.iso.datetime(),
  }),
  z.object({
    type: z.literal("status"),
    accountId: shortId,
    contactId: shortId,
    messageId: shortId.nullish(),
    upTo: z.iso.datetime().nullish(),
    status: z.enum(["SENT", "DELIVERED", "READ", "FAILED"]),
    timestamp: z.iso.datetime(),
  }),
  z.object({
    type: z.literal("reaction"),
    accountId: shortId,
    contactId: shortId,
    targetMessageId: shortId,
    emoji: z.string().max(32).nullable(),
    timestamp: z.iso.datetime(),
  }),
]);

export type LocalEvent = z.input<typeof localEventSchema>;

/** The bytes to store in the raw-event log for a local channel's event (validated). */
export function encodeLocalEvent(event: LocalEvent): Buffer {
  return Buffer.from(JSON.stringify(localEventSchema.parse(event)), "utf8");
}

export function parseLocalEvent(platform: LocalPlatform, rawBody: Buffer): SocialEvent[] {
  let json: unknown;
  try {
    json = JSON.parse(rawBody.toString("utf8"));
  } catch {
    throw new WebhookPayloadError("The body is not JSON.");
  }
  const parsed = localEventSchema.safeParse(json);
  if (!parsed.success) throw new WebhookPayloadError("Not a local channel event.");
  const e = parsed.data;
  const timestamp = new Date(e.timestamp);
  switch (e.type) {
    case "message":
      return [
        {
          kind: "message",
          platform,
          accountId: e.accountId,
          timestamp,
          conversationExternalId: e.contact.id,
          externalMessageId: e.messageId,
          direction: e.direction,
          sentByThisApp: e.direction === "OUTBOUND",
          contact: {
            externalId: e.contact.id,
            name: e.contact.name ?? null,
            username: null,
            phone: e.contact.phone ?? null,
            email: e.contact.email?.toLowerCase() ?? null,
          },
          contentType: e.contentType,
          text: e.text ?? e.media?.caption ?? null,
          media: e.media
            ? {
                mediaId: null,
                url: e.media.url,
                mimeType: e.media.mimeType ?? null,
                filename: e.media.filename ?? null,
                caption: e.media.caption ?? null,
                sha256: null,
              }
            : null,
          location: e.location
            ? {
                latitude: e.location.latitude,
                longitude: e.location.longitude,
                name: e.location.name ?? null,
                address: e.location.address ?? null,
                url: null,
              }
            : null,
          replyToExternalId: e.replyToId ?? null,
          unsupportedType: null,
        },
      ];
    case "status":
      return [
        {
          kind: "status",
          platform,
          accountId: e.accountId,
          timestamp,
          contactExternalId: e.contactId,
          conversationExternalId: e.contactId,
          externalMessageId: e.messageId ?? null,
          upTo: e.upTo ? new Date(e.upTo) : null,
          status: e.status,
          error: null,
        },
      ];
    case "reaction":
      return [
        {
          kind: "reaction",
          platform,
          accountId: e.accountId,
          timestamp,
          conversationExternalId: e.contactId,
          contactExternalId: e.contactId,
          direction: "INBOUND",
          targetExternalMessageId: e.targetMessageId,
          emoji: e.emoji,
        },
      ];
  }
}

export function localProvider(platform: LocalPlatform): ChannelProvider {
  const label = platform === "WEBCHAT" ? "Website chat" : "Sandbox";
  return {
    platform,
    external: false,
    capabilities: {
      templates: false,
      markRead: false,
      tokenRefresh: false,
      profiles: false,
      sendable: PLATFORM_LIMITS[platform].sendable,
      connect: "LOCAL",
    },
    verifySignature: () => false,
    verifyHandshake: () => null,
    parseWebhook: (rawBody) => parseLocalEvent(platform, rawBody),
    sendMessage: async () => ({ externalMessageId: `${platform.toLowerCase()}_${randomUUID()}` }),
    markRead: async () => {},
    fetchProfile: async () => null,
    fetchMedia: async () => {
      throw channelError("UNSUPPORTED", { detail: "local channels keep their files in Quartet's storage" });
    },
    refreshToken: async () => null,
    listTemplates: async () => [],
    fetchAccount: async (credentials) => ({
      accountId: credentials.accountId,
      displayName: label,
      username: null,
      phone: null,
      avatarUrl: null,
    }),
    subscribeWebhooks: async () => {},
  };
}
