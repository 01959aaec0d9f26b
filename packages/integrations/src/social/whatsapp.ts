import { z } from "zod";
import { channelError } from "./errors.ts";
import { downloadMedia, type MediaDownloadOptions } from "./media.ts";
import { type MetaGraph, requireString } from "./meta-graph.ts";
import { exchangeForLongLived } from "./meta-oauth.ts";
import { parseWhatsAppWebhook } from "./meta-webhook.ts";
import { metaHandshake, verifyMetaSignature } from "./signature.ts";
import type {
  ChannelCredentials,
  ChannelProvider,
  MediaContentType,
  MessageTemplate,
  OutboundMedia,
  OutboundMessage,
} from "./types.ts";

// WhatsApp Business Cloud API. A connection is a phone number (phone_number_id) of a WhatsApp
// Business Account (WABA), with a system-user or user token; no OAuth dialog.
// https://developers.facebook.com/docs/whatsapp/cloud-api/reference/messages
// https://developers.facebook.com/docs/whatsapp/cloud-api/reference/media
// https://developers.facebook.com/docs/whatsapp/business-management-api/message-templates

const MEDIA_TYPE: Record<MediaContentType, "image" | "video" | "audio" | "document" | "sticker"> = {
  IMAGE: "image",
  VIDEO: "video",
  AUDIO: "audio",
  FILE: "document",
  STICKER: "sticker",
};

const sendAnswer = z.object({ messages: z.array(z.object({ id: z.string().min(1) })).min(1) });
const mediaAnswer = z.object({
  url: z.string().min(1),
  mime_type: z.string().optional(),
  sha256: z.string().optional(),
  file_size: z.union([z.number(), z.string()]).optional(),
});
const templatesAnswer = z.object({
  data: z.array(z.unknown()),
  paging: z
    .object({ cursors: z.object({ after: z.string().optional() }).optional(), next: z.string().optional() })
    .optional(),
});
const templateItem = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  language: z.string().min(1),
  status: z.string(),
  category: z.string().optional(),
  components: z.array(z.unknown()).default([]),
});
const bodyComponent = z.object({ type: z.literal("BODY"), text: z.string() });

export function whatsappProvider(graph: MetaGraph, media: MediaDownloadOptions): ChannelProvider {
  async function uploadMedia(credentials: ChannelCredentials, item: OutboundMedia): Promise<string> {
    const form = new FormData();
    form.set("messaging_product", "whatsapp");
    form.set("type", item.mimeType ?? "application/octet-stream");
    form.set(
      "file",
      new Blob([item.bytes as Uint8Array<ArrayBuffer>], {
        type: item.mimeType ?? "application/octet-stream",
      }),
      item.filename ?? "file",
    );
    const answer = await graph.call(`${credentials.accountId}/media`, {
      method: "POST",
      token: credentials.accessToken,
      body: form,
    });
    return requireString(answer.id, "media id");
  }

  async function mediaObject(credentials: ChannelCredentials, item: OutboundMedia) {
    const type = MEDIA_TYPE[item.kind];
    const object: Record<string, string> = {};
    if (item.mediaId) object.id = item.mediaId;
    else if (item.bytes) object.id = await uploadMedia(credentials, item);
    else if (item.url) object.link = item.url;
    else throw channelError("MEDIA", { detail: "no url, media id or bytes to send" });
    if (item.caption && (type === "image" || type === "video" || type === "document"))
      object.caption = item.caption;
    if (item.filename && type === "document") object.filename = item.filename;
    return { type, object };
  }

  return {
    platform: "WHATSAPP",
    external: true,
    capabilities: {
      templates: true,
      markRead: true,
      tokenRefresh: true,
      profiles: false,
      sendable: ["TEXT", "IMAGE", "VIDEO", "AUDIO", "FILE", "STICKER"],
      connect: "TOKEN",
    },

    verifySignature: (rawBody, headers) => verifyMetaSignature(rawBody, headers, graph.config.appSecret),
    verifyHandshake: (query) => metaHandshake(query, graph.config.verifyToken),
    parseWebhook: (rawBody) => parseWhatsAppWebhook(rawBody),

    async sendMessage(credentials, message: OutboundMessage) {
      const body: Record<string, unknown> = {
        messaging_product: "whatsapp",
        recipient_type: "individual",
        to: message.to,
      };
      if (message.replyToExternalId) body.context = { message_id: message.replyToExternalId };
      if (message.template) {
        body.type = "template";
        body.template = {
          name: message.template.name,
          language: { code: message.template.language },
          ...(message.template.components?.length ? { components: message.template.components } : {}),
        };
      } else if (message.media) {
        const { type, object } = await mediaObject(credentials, message.media);
        body.type = type;
        body[type] = object;
      } else if (message.text) {
        body.type = "text";
        body.text = { body: message.text, preview_url: /https?:\/\//.test(message.text) };
      } else throw channelError("INVALID_REQUEST", { detail: "nothing to send" });
      const answer = sendAnswer.safeParse(
        await graph.call(`${credentials.accountId}/messages`, {
          method: "POST",
          token: credentials.accessToken,
          body,
        }),
      );
      if (!answer.success) throw channelError("UNKNOWN", { detail: "no message id in WhatsApp's answer" });
      return { externalMessageId: answer.data.messages[0]!.id };
    },

    async markRead(credentials, target) {
      if (!target.externalMessageId) return;
      await graph.call(`${credentials.accountId}/messages`, {
        method: "POST",
        token: credentials.accessToken,
        body: { messaging_product: "whatsapp", status: "read", message_id: target.externalMessageId },
      });
    },

    // The Cloud API has no profile lookup: the webhook's contacts[].profile.name is all there is.
    fetchProfile: async () => null,

    async fetchMedia(credentials, ref) {
      let url = ref.url;
      let mimeType = ref.mimeType;
      if (ref.mediaId) {
        // The media id → a short-lived URL (5 minutes) that needs the same token.
        const answer = mediaAnswer.safeParse(
          await graph.call(ref.mediaId, {
            token: credentials.accessToken,
            query: { phone_number_id: credentials.accountId },
          }),
        );
        if (!answer.success) throw channelError("MEDIA", { detail: "no url in WhatsApp's media answer" });
        url = answer.data.url;
        mimeType = mimeType ?? answer.data.mime_type ?? null;
      }
      if (!url) throw channelError("MEDIA", { detail: "no media id or url" });
      return downloadMedia(
        url,
        { ...media, headers: { authorization: `Bearer ${credentials.accessToken}` } },
        { mimeType, filename: ref.filename },
      );
    },

    refreshToken: (credentials) => exchangeForLongLived(graph, credentials.accessToken),

    async listTemplates(credentials) {
      if (!credentials.wabaId)
        throw channelError("INVALID_REQUEST", { detail: "the WhatsApp Business Account id is missing" });
      const templates: MessageTemplate[] = [];
      let after: string | undefined;
      for (let page = 0; page < 20; page++) {
        const answer = templatesAnswer.safeParse(
          await graph.call(`${credentials.wabaId}/message_templates`, {
            token: credentials.accessToken,
            query: {
              fields: "id,name,language,status,category,components",
              status: "APPROVED",
              limit: 100,
              after,
            },
          }),
        );
        if (!answer.success)
          throw channelError("UNKNOWN", { detail: "unexpected answer to message_templates" });
        for (const raw of answer.data.data) {
          const t = templateItem.safeParse(raw);
          // The status filter is a hint to the API; only APPROVED templates can be sent.
          if (!t.success || t.data.status !== "APPROVED") continue;
          const body = t.data.components.map((c) => bodyComponent.safeParse(c)).find((c) => c.success)?.data;
          const placeholders = new Set(
            [...(body?.text.matchAll(/\{\{\s*(\w+)\s*\}\}/g) ?? [])].map((m) => m[1]),
          );
          templates.push({
            id: t.data.id,
            name: t.data.name,
            language: t.data.language,
            category: t.data.category ?? null,
            status: "APPROVED",
            components: t.data.components,
            bodyText: body?.text ?? null,
            parameterCount: placeholders.size,
          });
        }
        after = answer.data.paging?.next ? answer.data.paging.cursors?.after : undefined;
        if (!after) break;
      }
      return templates;
    },

    async fetchAccount(credentials) {
      const answer = await graph.call(credentials.accountId, {
        token: credentials.accessToken,
        query: { fields: "id,display_phone_number,verified_name" },
      });
      return {
        accountId: credentials.accountId,
        displayName: typeof answer.verified_name === "string" ? answer.verified_name : null,
        username: null,
        phone: typeof answer.display_phone_number === "string" ? answer.display_phone_number : null,
        avatarUrl: null,
      };
    },

    async subscribeWebhooks(credentials) {
      if (!credentials.wabaId)
        throw channelError("INVALID_REQUEST", { detail: "the WhatsApp Business Account id is missing" });
      await graph.call(`${credentials.wabaId}/subscribed_apps`, {
        method: "POST",
        token: credentials.accessToken,
      });
    },
  };
}
