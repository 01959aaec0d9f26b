import { z } from "zod";
import { channelError } from "./errors.ts";
import { PLATFORM_LIMITS } from "./limits.ts";
import { downloadMedia, type MediaDownloadOptions } from "./media.ts";
import type { MetaGraph } from "./meta-graph.ts";
import { exchangeForLongLived } from "./meta-oauth.ts";
import { parseMessagingWebhook } from "./meta-webhook.ts";
import { metaHandshake, verifyMetaSignature } from "./signature.ts";
import type { ChannelCredentials, ChannelProvider, MediaContentType, OutboundMessage } from "./types.ts";

// Messenger (FACEBOOK) and Instagram messaging through a Facebook Page: both send with the Page
// token to POST /{page-id}/messages; Instagram's recipient is the IG-scoped id and its account id
// is the Page's linked Instagram professional account.
// https://developers.facebook.com/docs/messenger-platform/reference/send-api
// https://developers.facebook.com/docs/messenger-platform/instagram/features/send-message
// https://developers.facebook.com/docs/messenger-platform/send-messages/sender-actions
// Attachments carry no caption on these platforms: a caption is not sent (send it as text).

const ATTACHMENT_TYPE: Partial<Record<MediaContentType, "image" | "video" | "audio" | "file">> = {
  IMAGE: "image",
  VIDEO: "video",
  AUDIO: "audio",
  FILE: "file",
};

const sendAnswer = z.object({ message_id: z.string().min(1) });
const fbProfile = z.object({
  id: z.string().optional(),
  name: z.string().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  profile_pic: z.string().optional(),
});
const igProfile = z.object({
  name: z.string().optional(),
  username: z.string().optional(),
  profile_pic: z.string().optional(),
});

function str(value: unknown): string | null {
  return typeof value === "string" && value ? value : null;
}

export function messagingProvider(
  platform: "FACEBOOK" | "INSTAGRAM",
  graph: MetaGraph,
  media: MediaDownloadOptions,
): ChannelProvider {
  const instagram = platform === "INSTAGRAM";
  /** The Page the messages go through. */
  const pageOf = (credentials: ChannelCredentials): string => {
    const pageId = instagram ? credentials.pageId : (credentials.pageId ?? credentials.accountId);
    if (!pageId)
      throw channelError("INVALID_REQUEST", {
        detail: "the Facebook Page linked to this account is missing",
      });
    return pageId;
  };

  return {
    platform,
    external: true,
    capabilities: {
      templates: false,
      markRead: true,
      tokenRefresh: true,
      profiles: true,
      sendable: PLATFORM_LIMITS[platform].sendable,
      connect: "META_OAUTH",
    },

    verifySignature: (rawBody, headers) => verifyMetaSignature(rawBody, headers, graph.config.appSecret),
    verifyHandshake: (query) => metaHandshake(query, graph.config.verifyToken),
    parseWebhook: (rawBody) => parseMessagingWebhook(rawBody, platform, { appId: graph.config.appId }),

    async sendMessage(credentials, message: OutboundMessage) {
      if (message.template) throw channelError("UNSUPPORTED", { detail: "templates are a WhatsApp feature" });
      const envelope: Record<string, unknown> = {
        recipient: { id: message.to },
        messaging_type: message.humanAgent ? "MESSAGE_TAG" : "RESPONSE",
        ...(message.humanAgent ? { tag: "HUMAN_AGENT" } : {}),
        // reply_to is documented for Messenger; on Instagram the reply goes as a plain message.
        ...(message.replyToExternalId && !instagram ? { reply_to: { mid: message.replyToExternalId } } : {}),
      };
      let body: Record<string, unknown> | FormData;
      if (message.media) {
        const type = ATTACHMENT_TYPE[message.media.kind];
        if (!type || !PLATFORM_LIMITS[platform].sendable.includes(message.media.kind))
          throw channelError("MEDIA", {
            detail: `${message.media.kind.toLowerCase()} can't be sent on this channel`,
          });
        if (message.media.bytes) {
          // Upload in the same call (multipart, the file as `filedata`).
          const form = new FormData();
          for (const [key, value] of Object.entries(envelope))
            form.set(key, typeof value === "string" ? value : JSON.stringify(value));
          form.set("message", JSON.stringify({ attachment: { type, payload: { is_reusable: false } } }));
          form.set(
            "filedata",
            new Blob([message.media.bytes as Uint8Array<ArrayBuffer>], {
              type: message.media.mimeType ?? "application/octet-stream",
            }),
            message.media.filename ?? "file",
          );
          body = form;
        } else {
          const payload = message.media.mediaId
            ? { attachment_id: message.media.mediaId }
            : message.media.url
              ? { url: message.media.url, is_reusable: false }
              : null;
          if (!payload) throw channelError("MEDIA", { detail: "no url, media id or bytes to send" });
          body = { ...envelope, message: { attachment: { type, payload } } };
        }
      } else if (message.text) body = { ...envelope, message: { text: message.text } };
      else throw channelError("INVALID_REQUEST", { detail: "nothing to send" });
      const answer = sendAnswer.safeParse(
        await graph.call(`${pageOf(credentials)}/messages`, {
          method: "POST",
          token: credentials.accessToken,
          body,
        }),
      );
      if (!answer.success)
        throw channelError("UNKNOWN", { detail: "no message_id in the Send API's answer" });
      return { externalMessageId: answer.data.message_id };
    },

    async markRead(credentials, target) {
      await graph.call(`${pageOf(credentials)}/messages`, {
        method: "POST",
        token: credentials.accessToken,
        body: { recipient: { id: target.conversationExternalId }, sender_action: "mark_seen" },
      });
    },

    async fetchProfile(credentials, contact) {
      const answer = await graph.call(contact.externalId, {
        token: credentials.accessToken,
        query: { fields: instagram ? "name,username,profile_pic" : "first_name,last_name,name,profile_pic" },
      });
      if (instagram) {
        const p = igProfile.safeParse(answer);
        if (!p.success) return null;
        return {
          externalId: contact.externalId,
          name: p.data.name ?? null,
          username: p.data.username ?? null,
          avatarUrl: p.data.profile_pic ?? null,
        };
      }
      const p = fbProfile.safeParse(answer);
      if (!p.success) return null;
      const name = p.data.name ?? ([p.data.first_name, p.data.last_name].filter(Boolean).join(" ") || null);
      return { externalId: contact.externalId, name, username: null, avatarUrl: p.data.profile_pic ?? null };
    },

    async fetchMedia(_credentials, ref) {
      // Attachment URLs are signed CDN links: no token needed (and none is sent to a CDN).
      if (!ref.url) throw channelError("MEDIA", { detail: "no url for this attachment" });
      return downloadMedia(ref.url, media, { mimeType: ref.mimeType, filename: ref.filename });
    },

    refreshToken: (credentials) => exchangeForLongLived(graph, credentials.accessToken),

    listTemplates: async () => [],

    async fetchAccount(credentials) {
      if (instagram) {
        const answer = await graph.call(credentials.accountId, {
          token: credentials.accessToken,
          query: { fields: "id,username,name,profile_picture_url" },
        });
        return {
          accountId: credentials.accountId,
          displayName: str(answer.name) ?? str(answer.username),
          username: str(answer.username),
          phone: null,
          avatarUrl: str(answer.profile_picture_url),
        };
      }
      const answer = await graph.call(credentials.accountId, {
        token: credentials.accessToken,
        query: { fields: "id,name,username,picture{url}" },
      });
      const picture = (answer.picture as { data?: { url?: unknown } } | undefined)?.data?.url;
      return {
        accountId: credentials.accountId,
        displayName: str(answer.name),
        username: str(answer.username),
        phone: null,
        avatarUrl: str(picture),
      };
    },

    async subscribeWebhooks(credentials) {
      await graph.call(`${pageOf(credentials)}/subscribed_apps`, {
        method: "POST",
        token: credentials.accessToken,
        query: {
          subscribed_fields:
            "messages,message_echoes,message_deliveries,message_reads,message_reactions,messaging_postbacks",
        },
      });
    },
  };
}
