import { z } from "zod";
import { WebhookPayloadError } from "./errors.ts";
import { metaError } from "./meta-graph.ts";
import type {
  ContactInfo,
  DeliveryStatus,
  MediaRef,
  MessageContentType,
  MessageEvent,
  ReactionEvent,
  SocialEvent,
  StatusEvent,
} from "./types.ts";

// Meta webhook payloads → SocialEvent. Each item is validated on its own: one odd item (a type this
// code doesn't know, a field Meta added) is skipped, never the whole delivery.
//
// WhatsApp Cloud API: { object: "whatsapp_business_account", entry: [{ id: WABA_ID, changes: [{ field:
//   "messages", value: { metadata: { phone_number_id }, contacts, messages, statuses } }] }] }, plus
//   field "smb_message_echoes" (value.message_echoes) for messages sent from the WhatsApp Business
//   app on a number shared with the API (coexistence).
//   https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/components
// Messenger: { object: "page", entry: [{ id: PAGE_ID, time, messaging: [{ sender, recipient, timestamp,
//   message | delivery | read | reaction | postback }] }] }
//   https://developers.facebook.com/docs/messenger-platform/webhooks
// Instagram: { object: "instagram", entry: [{ id: IG_ID, time, messaging: [...] }] } (read events carry
//   a mid instead of a watermark).
//   https://developers.facebook.com/docs/messenger-platform/instagram/features/webhook

const id = z.union([z.string().min(1), z.number()]).transform(String);
const stamp = z.union([z.string(), z.number()]).transform(Number);

function parseJson(rawBody: Buffer): unknown {
  try {
    return JSON.parse(rawBody.toString("utf8"));
  } catch {
    throw new WebhookPayloadError("The body is not JSON.");
  }
}

function fromSeconds(seconds: number): Date {
  return new Date(Number.isFinite(seconds) ? seconds * 1000 : Date.now());
}

function fromMillis(ms: number): Date {
  return new Date(Number.isFinite(ms) ? ms : Date.now());
}

// ── WhatsApp ───────────────────────────────────────────────────────────────────────────────────

const waError = z.object({
  code: z.number().optional(),
  title: z.string().optional(),
  message: z.string().optional(),
  error_data: z.object({ details: z.string().optional() }).optional(),
});

const waMedia = z.object({
  id: id,
  mime_type: z.string().optional(),
  sha256: z.string().optional(),
  caption: z.string().optional(),
  filename: z.string().optional(),
  voice: z.boolean().optional(),
  animated: z.boolean().optional(),
});

const waMessage = z.object({
  from: id,
  /** Echoes only: the customer. */
  to: id.optional(),
  id: z.string().min(1),
  timestamp: stamp,
  type: z.string(),
  text: z.object({ body: z.string() }).optional(),
  image: waMedia.optional(),
  video: waMedia.optional(),
  audio: waMedia.optional(),
  document: waMedia.optional(),
  sticker: waMedia.optional(),
  location: z
    .object({
      latitude: z.number(),
      longitude: z.number(),
      name: z.string().optional(),
      address: z.string().optional(),
      url: z.string().optional(),
    })
    .optional(),
  reaction: z.object({ message_id: z.string().min(1), emoji: z.string().optional() }).optional(),
  context: z.object({ from: z.string().optional(), id: z.string().optional() }).optional(),
  button: z.object({ text: z.string().optional(), payload: z.string().optional() }).optional(),
  interactive: z
    .object({
      type: z.string().optional(),
      button_reply: z.object({ id: z.string().optional(), title: z.string().optional() }).optional(),
      list_reply: z
        .object({
          id: z.string().optional(),
          title: z.string().optional(),
          description: z.string().optional(),
        })
        .optional(),
    })
    .optional(),
  contacts: z
    .array(
      z.object({
        name: z.object({ formatted_name: z.string().optional() }).optional(),
        phones: z.array(z.object({ phone: z.string().optional() })).optional(),
      }),
    )
    .optional(),
  errors: z.array(waError).optional(),
});

const waStatus = z.object({
  id: z.string().min(1),
  status: z.string(),
  timestamp: stamp,
  recipient_id: id.optional(),
  errors: z.array(waError).optional(),
});

const waContact = z.object({
  wa_id: id,
  profile: z.object({ name: z.string().optional() }).optional(),
});

const waValue = z.object({
  metadata: z.object({ phone_number_id: id, display_phone_number: z.string().optional() }),
  contacts: z.array(z.unknown()).optional(),
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
  message_echoes: z.array(z.unknown()).optional(),
});

const waEnvelope = z.object({
  object: z.literal("whatsapp_business_account"),
  entry: z.array(
    z.object({
      id: id.optional(),
      changes: z.array(z.object({ field: z.string(), value: z.unknown() })).default([]),
    }),
  ),
});

const WA_MEDIA_TYPES: Record<string, MessageContentType> = {
  image: "IMAGE",
  video: "VIDEO",
  audio: "AUDIO",
  document: "FILE",
  sticker: "STICKER",
};

const WA_STATUS: Record<string, DeliveryStatus> = {
  sent: "SENT",
  delivered: "DELIVERED",
  read: "READ",
  failed: "FAILED",
};

/** Types that carry nothing a person needs to see (number changes, welcome requests). */
const WA_SILENT_TYPES = new Set(["system", "request_welcome", "ephemeral"]);

function waContent(
  m: z.infer<typeof waMessage>,
): Pick<MessageEvent, "contentType" | "text" | "media" | "location" | "unsupportedType"> | null {
  const none = { text: null, media: null, location: null, unsupportedType: null };
  const mediaType = WA_MEDIA_TYPES[m.type];
  if (mediaType) {
    const media = m[m.type as "image" | "video" | "audio" | "document" | "sticker"];
    if (!media) return null;
    const ref: MediaRef = {
      mediaId: media.id,
      url: null,
      mimeType: media.mime_type ?? null,
      filename: media.filename ?? null,
      caption: media.caption ?? null,
      sha256: media.sha256 ?? null,
    };
    return { ...none, contentType: mediaType, text: media.caption ?? null, media: ref };
  }
  switch (m.type) {
    case "text":
      return m.text ? { ...none, contentType: "TEXT", text: m.text.body } : null;
    case "location":
      if (!m.location) return null;
      return {
        ...none,
        contentType: "LOCATION",
        text: m.location.name ?? m.location.address ?? null,
        location: {
          latitude: m.location.latitude,
          longitude: m.location.longitude,
          name: m.location.name ?? null,
          address: m.location.address ?? null,
          url: m.location.url ?? null,
        },
      };
    case "button":
      return { ...none, contentType: "TEXT", text: m.button?.text ?? m.button?.payload ?? null };
    case "interactive": {
      const reply = m.interactive?.button_reply ?? m.interactive?.list_reply;
      return { ...none, contentType: "TEXT", text: reply?.title ?? null };
    }
    case "contacts": {
      const lines = (m.contacts ?? []).map((c) =>
        [c.name?.formatted_name, ...(c.phones ?? []).map((p) => p.phone)].filter(Boolean).join(" "),
      );
      return { ...none, contentType: "TEXT", text: lines.join("\n") || null, unsupportedType: "contacts" };
    }
    default:
      if (WA_SILENT_TYPES.has(m.type)) return null;
      return {
        ...none,
        contentType: "TEXT",
        unsupportedType: m.type,
        text: m.errors?.[0]?.error_data?.details ?? m.errors?.[0]?.title ?? null,
      };
  }
}

export function parseWhatsAppWebhook(rawBody: Buffer): SocialEvent[] {
  const envelope = waEnvelope.safeParse(parseJson(rawBody));
  if (!envelope.success) throw new WebhookPayloadError("Not a WhatsApp Business Account delivery.");
  const events: SocialEvent[] = [];
  for (const entry of envelope.data.entry) {
    for (const change of entry.changes) {
      if (change.field !== "messages" && change.field !== "smb_message_echoes") continue;
      const value = waValue.safeParse(change.value);
      if (!value.success) continue;
      const accountId = value.data.metadata.phone_number_id;
      const names = new Map<string, string | null>();
      for (const raw of value.data.contacts ?? []) {
        const c = waContact.safeParse(raw);
        if (c.success) names.set(c.data.wa_id, c.data.profile?.name ?? null);
      }
      const contactOf = (waId: string): ContactInfo => ({
        externalId: waId,
        name: names.get(waId) ?? null,
        username: null,
        phone: `+${waId.replace(/^\+/, "")}`,
        email: null,
      });

      const messages = [
        ...(value.data.messages ?? []).map((raw) => ({ raw, echo: false })),
        ...(value.data.message_echoes ?? []).map((raw) => ({ raw, echo: true })),
      ];
      for (const { raw, echo } of messages) {
        const parsed = waMessage.safeParse(raw);
        if (!parsed.success) continue;
        const m = parsed.data;
        const contactId = echo ? m.to : m.from;
        if (!contactId) continue;
        const timestamp = fromSeconds(m.timestamp);
        if (m.type === "reaction" && m.reaction) {
          events.push({
            kind: "reaction",
            platform: "WHATSAPP",
            accountId,
            timestamp,
            conversationExternalId: contactId,
            contactExternalId: echo ? accountId : contactId,
            direction: echo ? "OUTBOUND" : "INBOUND",
            targetExternalMessageId: m.reaction.message_id,
            emoji: m.reaction.emoji ? m.reaction.emoji : null,
          } satisfies ReactionEvent);
          continue;
        }
        const content = waContent(m);
        if (!content) continue;
        events.push({
          kind: "message",
          platform: "WHATSAPP",
          accountId,
          timestamp,
          conversationExternalId: contactId,
          externalMessageId: m.id,
          direction: echo ? "OUTBOUND" : "INBOUND",
          // Echoes are messages typed in the WhatsApp Business app, never this API's.
          sentByThisApp: false,
          contact: contactOf(contactId),
          replyToExternalId: m.context?.id ?? null,
          ...content,
        } satisfies MessageEvent);
      }

      for (const raw of value.data.statuses ?? []) {
        const parsed = waStatus.safeParse(raw);
        if (!parsed.success) continue;
        const s = parsed.data;
        const status = WA_STATUS[s.status];
        if (!status) continue;
        const first = s.errors?.[0];
        const error =
          status === "FAILED"
            ? (() => {
                const mapped = metaError(first, 0);
                return {
                  code: first?.code === undefined ? "UNKNOWN" : String(first.code),
                  reason: first?.error_data?.details ?? first?.message ?? first?.title ?? mapped.message,
                };
              })()
            : null;
        events.push({
          kind: "status",
          platform: "WHATSAPP",
          accountId,
          timestamp: fromSeconds(s.timestamp),
          contactExternalId: s.recipient_id ?? null,
          conversationExternalId: s.recipient_id ?? null,
          externalMessageId: s.id,
          upTo: null,
          status,
          error,
        } satisfies StatusEvent);
      }
    }
  }
  return events;
}

// ── Messenger and Instagram ────────────────────────────────────────────────────────────────────

const mAttachment = z.object({
  type: z.string(),
  title: z.string().optional(),
  payload: z
    .object({
      url: z.string().optional(),
      title: z.string().optional(),
      sticker_id: z.union([z.number(), z.string()]).optional(),
      coordinates: z.object({ lat: z.number(), long: z.number() }).optional(),
    })
    .nullish(),
});

const mMessage = z.object({
  mid: z.string().min(1),
  text: z.string().optional(),
  is_echo: z.boolean().optional(),
  app_id: z.union([z.number(), z.string()]).optional(),
  attachments: z.array(z.unknown()).optional(),
  reply_to: z.object({ mid: z.string().optional() }).optional(),
  sticker_id: z.union([z.number(), z.string()]).optional(),
  is_deleted: z.boolean().optional(),
  is_unsupported: z.boolean().optional(),
});

const mItem = z.object({
  sender: z.object({ id: id }),
  recipient: z.object({ id: id }),
  timestamp: stamp,
  message: z.unknown().optional(),
  delivery: z.object({ mids: z.array(z.string()).optional(), watermark: stamp }).optional(),
  read: z.object({ watermark: stamp.optional(), mid: z.string().optional() }).optional(),
  reaction: z
    .object({
      mid: z.string().min(1),
      action: z.string(),
      emoji: z.string().optional(),
      reaction: z.string().optional(),
    })
    .optional(),
  postback: z.object({ mid: z.string().optional(), title: z.string().optional() }).optional(),
});

const mEnvelope = z.object({
  object: z.enum(["page", "instagram"]),
  entry: z.array(z.object({ id: id, messaging: z.array(z.unknown()).optional() })),
});

const ATTACHMENT_TYPES: Record<string, MessageContentType> = {
  image: "IMAGE",
  video: "VIDEO",
  audio: "AUDIO",
  file: "FILE",
  // Instagram's heart.
  like_heart: "STICKER",
  sticker: "STICKER",
};

/** Instagram/Messenger shares: shown as a link, no file to fetch. */
const LINK_TYPES = new Set(["share", "story_mention", "ig_reel", "reel", "ig_post", "fallback", "template"]);

function attachmentContent(
  raw: unknown,
  stickerId: unknown,
): Pick<MessageEvent, "contentType" | "media" | "location" | "unsupportedType"> & { link: string | null } {
  const parsed = mAttachment.safeParse(raw);
  const empty = { media: null, location: null, link: null };
  if (!parsed.success) return { ...empty, contentType: "TEXT", unsupportedType: "attachment" };
  const a = parsed.data;
  const url = a.payload?.url ?? null;
  if (a.type === "location" && a.payload?.coordinates)
    return {
      ...empty,
      contentType: "LOCATION",
      unsupportedType: null,
      location: {
        latitude: a.payload.coordinates.lat,
        longitude: a.payload.coordinates.long,
        name: a.title ?? a.payload.title ?? null,
        address: null,
        url,
      },
    };
  // A Messenger sticker is an image attachment with a sticker id.
  const contentType =
    a.type === "image" && (a.payload?.sticker_id !== undefined || stickerId !== undefined)
      ? "STICKER"
      : ATTACHMENT_TYPES[a.type];
  if (contentType)
    return {
      ...empty,
      contentType,
      unsupportedType: null,
      media: url ? { mediaId: null, url, mimeType: null, filename: null, caption: null, sha256: null } : null,
    };
  return {
    ...empty,
    contentType: "TEXT",
    unsupportedType: a.type,
    link: LINK_TYPES.has(a.type) ? url : null,
  };
}

export function parseMessagingWebhook(
  rawBody: Buffer,
  platform: "FACEBOOK" | "INSTAGRAM",
  options: { appId?: string | null } = {},
): SocialEvent[] {
  const envelope = mEnvelope.safeParse(parseJson(rawBody));
  const expected = platform === "FACEBOOK" ? "page" : "instagram";
  if (!envelope.success || envelope.data.object !== expected)
    throw new WebhookPayloadError(
      platform === "FACEBOOK" ? "Not a Messenger (page) delivery." : "Not an Instagram delivery.",
    );
  const events: SocialEvent[] = [];
  for (const entry of envelope.data.entry) {
    const accountId = entry.id;
    for (const rawItem of entry.messaging ?? []) {
      const parsed = mItem.safeParse(rawItem);
      if (!parsed.success) continue;
      const item = parsed.data;
      const timestamp = fromMillis(item.timestamp);

      if (item.message !== undefined) {
        const message = mMessage.safeParse(item.message);
        if (!message.success || message.data.is_deleted) continue;
        const m = message.data;
        const echo = m.is_echo === true;
        // Echo: the business (page / IG account) is the sender and the person the recipient.
        const contactId = echo ? item.recipient.id : item.sender.id;
        const base = {
          kind: "message" as const,
          platform,
          accountId,
          timestamp,
          conversationExternalId: contactId,
          direction: echo ? ("OUTBOUND" as const) : ("INBOUND" as const),
          sentByThisApp: !echo
            ? false
            : m.app_id !== undefined && options.appId
              ? String(m.app_id) === options.appId
              : null,
          contact: { externalId: contactId, name: null, username: null, phone: null, email: null },
          replyToExternalId: m.reply_to?.mid ?? null,
        };
        const attachments = m.attachments ?? [];
        if (attachments.length === 0) {
          events.push({
            ...base,
            externalMessageId: m.mid,
            contentType: "TEXT",
            text: m.text ?? null,
            media: null,
            location: null,
            unsupportedType: m.is_unsupported ? "unsupported" : m.text === undefined ? "empty" : null,
          } satisfies MessageEvent);
          continue;
        }
        attachments.forEach((raw, index) => {
          const { link, ...content } = attachmentContent(raw, m.sticker_id);
          const caption = index === 0 ? (m.text ?? null) : null;
          events.push({
            ...base,
            externalMessageId: index === 0 ? m.mid : `${m.mid}#${index + 1}`,
            text: [caption, link].filter(Boolean).join("\n") || null,
            ...content,
          } satisfies MessageEvent);
        });
        continue;
      }

      if (item.postback?.mid) {
        // A tapped button: what the person "said" is the button's title.
        events.push({
          kind: "message",
          platform,
          accountId,
          timestamp,
          conversationExternalId: item.sender.id,
          externalMessageId: item.postback.mid,
          direction: "INBOUND",
          sentByThisApp: false,
          contact: { externalId: item.sender.id, name: null, username: null, phone: null, email: null },
          contentType: "TEXT",
          text: item.postback.title ?? null,
          media: null,
          location: null,
          replyToExternalId: null,
          unsupportedType: null,
        } satisfies MessageEvent);
        continue;
      }

      const statusBase = {
        kind: "status" as const,
        platform,
        accountId,
        timestamp,
        contactExternalId: item.sender.id,
        conversationExternalId: item.sender.id,
        error: null,
      };
      if (item.delivery) {
        // "All messages sent before the watermark were delivered"; mids, when given, name some.
        events.push({
          ...statusBase,
          externalMessageId: null,
          upTo: fromMillis(item.delivery.watermark),
          status: "DELIVERED",
        } satisfies StatusEvent);
        for (const mid of item.delivery.mids ?? [])
          events.push({
            ...statusBase,
            externalMessageId: mid,
            upTo: null,
            status: "DELIVERED",
          } satisfies StatusEvent);
        continue;
      }
      if (item.read) {
        if (item.read.watermark !== undefined)
          events.push({
            ...statusBase,
            externalMessageId: null,
            upTo: fromMillis(item.read.watermark),
            status: "READ",
          } satisfies StatusEvent);
        else if (item.read.mid)
          // Instagram: the person read up to this message.
          events.push({
            ...statusBase,
            externalMessageId: item.read.mid,
            upTo: null,
            status: "READ",
          } satisfies StatusEvent);
        continue;
      }
      if (item.reaction) {
        const removed = item.reaction.action === "unreact";
        events.push({
          kind: "reaction",
          platform,
          accountId,
          timestamp,
          conversationExternalId: item.sender.id,
          contactExternalId: item.sender.id,
          direction: "INBOUND",
          targetExternalMessageId: item.reaction.mid,
          emoji: removed ? null : (item.reaction.emoji ?? item.reaction.reaction ?? null),
        } satisfies ReactionEvent);
      }
    }
  }
  return events;
}
