import { randomBytes } from "node:crypto";
import { signMetaPayload, signTikTokPayload } from "../social/signature.ts";

// Webhook payloads shaped as Meta and TikTok document them, for tests and the fake server. Each
// builder returns a plain object; `signedMeta` / `signedTikTok` turn one into the exact bytes and
// headers the platform would POST (sign the bytes you send: never re-serialise after signing).
//
//   const body = whatsappDelivery({ phoneNumberId: "1001", contacts: [{ waId: "33611", name: "Ana" }],
//     messages: [wa.text("33611", "Bonjour 👋")] });
//   const { raw, headers } = signedMeta(body, APP_SECRET);
//   await fetch(`${app}/hooks/inbox/whatsapp`, { method: "POST", headers, body: raw });
//
// Meta: https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/components
//       https://developers.facebook.com/docs/messenger-platform/webhooks
// TikTok: https://business-api.tiktok.com/portal/docs?id=1832190670631937

const seconds = (at: Date = new Date()) => String(Math.floor(at.getTime() / 1000));
const rand = () => randomBytes(12).toString("base64url");

export function newWamid(): string {
  return `wamid.${randomBytes(24).toString("base64url")}`;
}

export function newMid(): string {
  return `m_${rand()}`;
}

// ── WhatsApp ───────────────────────────────────────────────────────────────────────────────────

export interface WhatsAppDeliveryInput {
  phoneNumberId: string;
  wabaId?: string;
  displayPhoneNumber?: string;
  contacts?: { waId: string; name?: string }[];
  messages?: Record<string, unknown>[];
  statuses?: Record<string, unknown>[];
  /** Coexistence echoes (field smb_message_echoes): sent from the WhatsApp Business app. */
  echoes?: Record<string, unknown>[];
}

export function whatsappDelivery(input: WhatsAppDeliveryInput): Record<string, unknown> {
  const metadata = {
    display_phone_number: input.displayPhoneNumber ?? "15550001111",
    phone_number_id: input.phoneNumberId,
  };
  const changes: Record<string, unknown>[] = [];
  if (input.messages || input.statuses || input.contacts)
    changes.push({
      field: "messages",
      value: {
        messaging_product: "whatsapp",
        metadata,
        ...(input.contacts
          ? { contacts: input.contacts.map((c) => ({ profile: { name: c.name ?? "" }, wa_id: c.waId })) }
          : {}),
        ...(input.messages ? { messages: input.messages } : {}),
        ...(input.statuses ? { statuses: input.statuses } : {}),
      },
    });
  if (input.echoes)
    changes.push({
      field: "smb_message_echoes",
      value: { messaging_product: "whatsapp", metadata, message_echoes: input.echoes },
    });
  return { object: "whatsapp_business_account", entry: [{ id: input.wabaId ?? "waba-1", changes }] };
}

interface WaOptions {
  id?: string;
  at?: Date;
  /** The wamid this message replies to (context). */
  replyTo?: string;
}

function waBase(from: string, type: string, o: WaOptions = {}) {
  return {
    from,
    id: o.id ?? newWamid(),
    timestamp: seconds(o.at),
    type,
    ...(o.replyTo ? { context: { from: "15550001111", id: o.replyTo } } : {}),
  };
}

export const wa = {
  text: (from: string, body: string, o?: WaOptions) => ({ ...waBase(from, "text", o), text: { body } }),
  media: (
    from: string,
    type: "image" | "video" | "audio" | "document" | "sticker",
    mediaId: string,
    o: WaOptions & {
      mimeType?: string;
      caption?: string;
      filename?: string;
      voice?: boolean;
      animated?: boolean;
    } = {},
  ) => ({
    ...waBase(from, type, o),
    [type]: {
      id: mediaId,
      mime_type:
        o.mimeType ??
        {
          image: "image/jpeg",
          video: "video/mp4",
          audio: "audio/ogg; codecs=opus",
          document: "application/pdf",
          sticker: "image/webp",
        }[type],
      sha256: randomBytes(32).toString("base64"),
      ...(o.caption ? { caption: o.caption } : {}),
      ...(o.filename ? { filename: o.filename } : {}),
      ...(o.voice !== undefined ? { voice: o.voice } : {}),
      ...(o.animated !== undefined ? { animated: o.animated } : {}),
    },
  }),
  location: (
    from: string,
    latitude: number,
    longitude: number,
    o: WaOptions & { name?: string; address?: string } = {},
  ) => ({
    ...waBase(from, "location", o),
    location: {
      latitude,
      longitude,
      ...(o.name ? { name: o.name } : {}),
      ...(o.address ? { address: o.address } : {}),
    },
  }),
  /** emoji null: the reaction was removed (WhatsApp sends an empty emoji). */
  reaction: (from: string, targetId: string, emoji: string | null, o?: WaOptions) => ({
    ...waBase(from, "reaction", o),
    reaction: { message_id: targetId, ...(emoji ? { emoji } : { emoji: "" }) },
  }),
  unsupported: (from: string, o?: WaOptions) => ({
    ...waBase(from, "unsupported", o),
    errors: [
      {
        code: 131051,
        title: "Message type unknown",
        message: "Message type unknown",
        error_data: { details: "Message type is currently not supported." },
      },
    ],
  }),
  /** An echo (smb_message_echoes) of a text the business typed in the WhatsApp Business app. */
  echoText: (businessPhone: string, to: string, body: string, o?: WaOptions) => ({
    ...waBase(businessPhone, "text", o),
    to,
    text: { body },
  }),
  status: (
    id: string,
    status: "sent" | "delivered" | "read" | "failed",
    recipientId: string,
    o: { at?: Date; error?: { code: number; title: string; message?: string; details?: string } } = {},
  ) => ({
    id,
    status,
    timestamp: seconds(o.at),
    recipient_id: recipientId,
    ...(status !== "failed"
      ? {
          conversation: { id: rand(), origin: { type: "service" } },
          pricing: { billable: true, pricing_model: "PMP", category: "service" },
        }
      : {}),
    ...(o.error
      ? {
          errors: [
            {
              code: o.error.code,
              title: o.error.title,
              message: o.error.message ?? o.error.title,
              error_data: { details: o.error.details ?? o.error.title },
            },
          ],
        }
      : {}),
  }),
};

// ── Messenger and Instagram ────────────────────────────────────────────────────────────────────

export function messagingDelivery(
  object: "page" | "instagram",
  accountId: string,
  messaging: Record<string, unknown>[],
  at: Date = new Date(),
): Record<string, unknown> {
  return { object, entry: [{ id: accountId, time: at.getTime(), messaging }] };
}

interface MOptions {
  mid?: string;
  at?: Date;
  replyTo?: string;
  /** An echo: the business sent it (sender = the page / IG account). */
  echo?: boolean;
  appId?: string | number;
}

function mBase(sender: string, recipient: string, o: MOptions = {}) {
  return { sender: { id: sender }, recipient: { id: recipient }, timestamp: (o.at ?? new Date()).getTime() };
}

function mMessage(o: MOptions, fields: Record<string, unknown>) {
  return {
    mid: o.mid ?? newMid(),
    ...(o.echo ? { is_echo: true, ...(o.appId !== undefined ? { app_id: o.appId } : {}) } : {}),
    ...(o.replyTo ? { reply_to: { mid: o.replyTo } } : {}),
    ...fields,
  };
}

export interface MAttachment {
  type: string;
  url?: string;
  stickerId?: number;
  coordinates?: { lat: number; long: number };
  title?: string;
}

export const messenger = {
  text: (sender: string, recipient: string, text: string, o: MOptions = {}) => ({
    ...mBase(sender, recipient, o),
    message: mMessage(o, { text }),
  }),
  attachments: (
    sender: string,
    recipient: string,
    attachments: MAttachment[],
    o: MOptions & { text?: string } = {},
  ) => ({
    ...mBase(sender, recipient, o),
    message: mMessage(o, {
      ...(o.text ? { text: o.text } : {}),
      ...(attachments.some((a) => a.stickerId !== undefined)
        ? { sticker_id: attachments.find((a) => a.stickerId !== undefined)?.stickerId }
        : {}),
      attachments: attachments.map((a) => ({
        type: a.type,
        ...(a.title ? { title: a.title } : {}),
        payload: {
          ...(a.url ? { url: a.url } : {}),
          ...(a.stickerId !== undefined ? { sticker_id: a.stickerId } : {}),
          ...(a.coordinates ? { coordinates: a.coordinates } : {}),
        },
      })),
    }),
  }),
  /** Messenger: everything sent before `watermark` (ms) was delivered; `mids` may name some. */
  delivery: (sender: string, recipient: string, watermark: number, mids?: string[]) => ({
    ...mBase(sender, recipient),
    delivery: { ...(mids ? { mids } : {}), watermark },
  }),
  /** Messenger: everything sent before `watermark` (ms) was read. */
  read: (sender: string, recipient: string, watermark: number) => ({
    ...mBase(sender, recipient),
    read: { watermark },
  }),
  /** Instagram: read up to this message. */
  readMid: (sender: string, recipient: string, mid: string) => ({
    ...mBase(sender, recipient),
    read: { mid },
  }),
  /** emoji null: the reaction was removed (action "unreact"). */
  reaction: (sender: string, recipient: string, mid: string, emoji: string | null) => ({
    ...mBase(sender, recipient),
    reaction: emoji ? { mid, action: "react", reaction: "love", emoji } : { mid, action: "unreact" },
  }),
};

// ── TikTok ─────────────────────────────────────────────────────────────────────────────────────

export interface TikTokEventInput {
  clientKey: string;
  businessId: string;
  event: "im_receive_msg" | "im_send_msg" | "im_mark_read_msg";
  content: Record<string, unknown>;
  at?: Date;
}

/** The webhook body: `content` travels as a JSON string, as TikTok sends it. */
export function tiktokDelivery(input: TikTokEventInput): Record<string, unknown> {
  return {
    client_key: input.clientKey,
    event: input.event,
    create_time: Math.floor((input.at ?? new Date()).getTime() / 1000),
    user_openid: input.businessId,
    content: JSON.stringify(input.content),
  };
}

interface TtOptions {
  messageId?: string;
  at?: Date;
  replyTo?: string;
}

function ttMessage(
  conversationId: string,
  from: { id: string; name: string },
  to: { id: string; name: string },
  type: string,
  fields: Record<string, unknown>,
  o: TtOptions = {},
) {
  return {
    conversation_id: conversationId,
    message_id: o.messageId ?? `tt-msg-${rand()}`,
    timestamp: (o.at ?? new Date()).getTime(),
    type,
    ...fields,
    from: from.name,
    from_user: { id: from.id },
    to: to.name,
    to_user: { id: to.id },
    ...(o.replyTo ? { referenced_message_info: { referenced_message_id: o.replyTo } } : {}),
  };
}

export const tiktok = {
  text: (
    conversationId: string,
    from: { id: string; name: string },
    to: { id: string; name: string },
    body: string,
    o?: TtOptions,
  ) => ttMessage(conversationId, from, to, "text", { text: { body } }, o),
  image: (
    conversationId: string,
    from: { id: string; name: string },
    to: { id: string; name: string },
    mediaId: string,
    o?: TtOptions,
  ) => ttMessage(conversationId, from, to, "image", { image: { media_id: mediaId } }, o),
  sticker: (
    conversationId: string,
    from: { id: string; name: string },
    to: { id: string; name: string },
    o?: TtOptions,
  ) => ttMessage(conversationId, from, to, "sticker", {}, o),
  sharePost: (
    conversationId: string,
    from: { id: string; name: string },
    to: { id: string; name: string },
    embedUrl: string,
    o?: TtOptions,
  ) => ttMessage(conversationId, from, to, "share_post", { share_post: { embed_url: embedUrl } }, o),
  /** The user read the conversation up to `lastRead`. */
  read: (conversationId: string, reader: { id: string }, lastRead: Date) => ({
    conversation_id: conversationId,
    from_user: { id: reader.id },
    read: { last_read_timestamp: lastRead.getTime() },
  }),
};

// ── Signing ────────────────────────────────────────────────────────────────────────────────────

export interface SignedDelivery {
  /** The exact bytes to POST. */
  raw: Buffer;
  headers: Record<string, string>;
}

export function signedMeta(body: unknown, appSecret: string): SignedDelivery {
  const raw = Buffer.isBuffer(body)
    ? body
    : Buffer.from(typeof body === "string" ? body : JSON.stringify(body), "utf8");
  return {
    raw,
    headers: { "content-type": "application/json", "x-hub-signature-256": signMetaPayload(raw, appSecret) },
  };
}

export function signedTikTok(body: unknown, clientSecret: string, at: Date = new Date()): SignedDelivery {
  const raw = Buffer.isBuffer(body)
    ? body
    : Buffer.from(typeof body === "string" ? body : JSON.stringify(body), "utf8");
  return {
    raw,
    headers: {
      "content-type": "application/json",
      "tiktok-signature": signTikTokPayload(raw, clientSecret, at),
    },
  };
}
