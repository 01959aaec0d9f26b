// The one interface every messaging channel speaks (Inbox now, Publish later). Real platforms
// (WhatsApp Cloud API, Messenger, Instagram, TikTok Business Messaging) are HTTP clients with a
// configurable base URL; WEBCHAT and SANDBOX are local (Quartet feeds them itself). Everything a
// webhook says is normalized into SocialEvent so the services never read a platform's payload.

/** Same values as the Prisma enum `Platform`. */
export type SocialPlatform = "WHATSAPP" | "FACEBOOK" | "INSTAGRAM" | "TIKTOK" | "WEBCHAT" | "SANDBOX";
export const SOCIAL_PLATFORMS = [
  "WHATSAPP",
  "FACEBOOK",
  "INSTAGRAM",
  "TIKTOK",
  "WEBCHAT",
  "SANDBOX",
] as const satisfies readonly SocialPlatform[];
export type MetaPlatform = "WHATSAPP" | "FACEBOOK" | "INSTAGRAM";
export type LocalPlatform = "WEBCHAT" | "SANDBOX";

/** Same values as the Prisma enums `ContentType`, `MessageDirection`, `MessageStatus`. */
export type MessageContentType = "TEXT" | "IMAGE" | "VIDEO" | "AUDIO" | "FILE" | "STICKER" | "LOCATION";
export type MediaContentType = Exclude<MessageContentType, "TEXT" | "LOCATION">;
export type MessageDirection = "INBOUND" | "OUTBOUND";
export type DeliveryStatus = "SENT" | "DELIVERED" | "READ" | "FAILED";

// ── Credentials ────────────────────────────────────────────────────────────────────────────────

/** What a connection stores (tokens decrypted by the caller). */
export interface ChannelCredentials {
  accessToken: string;
  /**
   * The business side's id on the platform, as webhooks name it: WhatsApp phone_number_id, Page id,
   * Instagram account id, TikTok business id (open_id); any stable id for local channels.
   */
  accountId: string;
  /** Instagram: the Facebook Page the account is linked to (messages are sent through it). */
  pageId?: string | null;
  /** WhatsApp: the WhatsApp Business Account id (templates, webhook subscription). */
  wabaId?: string | null;
  refreshToken?: string | null;
}

export interface TokenSet {
  accessToken: string;
  refreshToken: string | null;
  /** null: the token does not expire (Meta page tokens from a long-lived user token). */
  expiresAt: Date | null;
  refreshTokenExpiresAt: Date | null;
  scopes: string[];
  /** TikTok: the business account (open_id) the token belongs to. */
  accountId: string | null;
}

// ── Normalized webhook events ──────────────────────────────────────────────────────────────────

/** Where an attachment can be fetched from (JSON-safe: it travels in job payloads). */
export interface MediaRef {
  /** The platform's media id (WhatsApp, TikTok), to pass to fetchMedia. */
  mediaId: string | null;
  /** A direct URL (Messenger and Instagram CDN links; they expire after a while). */
  url: string | null;
  mimeType: string | null;
  filename: string | null;
  caption: string | null;
  /** WhatsApp: sha256 of the file, as sent. */
  sha256: string | null;
  /** TikTok: its media download needs the conversation and message ids too. */
  conversationId?: string | null;
  messageId?: string | null;
}

export interface LocationValue {
  latitude: number;
  longitude: number;
  name: string | null;
  address: string | null;
  url: string | null;
}

export interface ContactInfo {
  /** The person's id on the platform: wa_id, PSID, IG-scoped id, TikTok user id, visitor id. */
  externalId: string;
  name: string | null;
  username: string | null;
  /** E.164 with "+" (WhatsApp). */
  phone: string | null;
  email: string | null;
}

interface EventBase {
  platform: SocialPlatform;
  /** The business account the event belongs to (routes it to a connection): see ChannelCredentials.accountId. */
  accountId: string;
  timestamp: Date;
}

export interface MessageEvent extends EventBase {
  kind: "message";
  /**
   * The thread id, and what sendMessage's `to` takes to answer it: the contact's wa_id / PSID /
   * IG-scoped id; TikTok's conversation_id; the visitor's id for local channels.
   */
  conversationExternalId: string;
  /**
   * The platform's message id: the idempotency key. Messenger messages with several attachments
   * become one event per attachment, the 2nd onwards with id `<mid>#<n>`.
   */
  externalMessageId: string;
  /** OUTBOUND for echoes: messages the business sent from the platform's own app (or this API). */
  direction: MessageDirection;
  /**
   * Echoes: true when this app sent it through the API (so it is already stored under that id),
   * false when sent elsewhere (the platform's own app) or inbound, null when the platform doesn't say.
   */
  sentByThisApp: boolean | null;
  contact: ContactInfo;
  contentType: MessageContentType;
  text: string | null;
  media: MediaRef | null;
  location: LocationValue | null;
  replyToExternalId: string | null;
  /** A platform type shown as text or a link (WhatsApp "contacts", IG "share", TikTok "share_post"). */
  unsupportedType: string | null;
}

export interface StatusEvent extends EventBase {
  kind: "status";
  /** The contact whose thread it is (null when the platform doesn't say). */
  contactExternalId: string | null;
  conversationExternalId: string | null;
  /** One message's status… */
  externalMessageId: string | null;
  /**
   * …or a watermark: every outbound message of the thread sent at or before this time has reached
   * `status` (Messenger delivery/read, TikTok read).
   */
  upTo: Date | null;
  status: DeliveryStatus;
  /** FAILED: the provider's reason. */
  error: { code: string; reason: string } | null;
}

export interface ReactionEvent extends EventBase {
  kind: "reaction";
  conversationExternalId: string;
  /** Who reacted (the contact for INBOUND, the business for OUTBOUND echoes). */
  contactExternalId: string;
  direction: MessageDirection;
  targetExternalMessageId: string;
  /** null: the reaction was removed. */
  emoji: string | null;
}

export type SocialEvent = MessageEvent | StatusEvent | ReactionEvent;

// ── Outbound ───────────────────────────────────────────────────────────────────────────────────

export interface OutboundMedia {
  kind: MediaContentType;
  /** A public https URL the platform fetches (Meta) or that is downloaded and uploaded (TikTok)… */
  url?: string;
  /** …or a media id already uploaded to the platform… */
  mediaId?: string;
  /** …or the bytes, uploaded first. */
  bytes?: Uint8Array;
  mimeType?: string;
  filename?: string;
  caption?: string;
}

export interface OutboundTemplate {
  name: string;
  /** e.g. "en_US". */
  language: string;
  /** WhatsApp template components (header/body/button parameters), passed through. */
  components?: unknown[];
}

export interface OutboundMessage {
  /** MessageEvent.conversationExternalId of the thread. */
  to: string;
  text?: string;
  media?: OutboundMedia;
  template?: OutboundTemplate;
  replyToExternalId?: string | null;
  /**
   * Messenger / Instagram: send with the HUMAN_AGENT tag (a person answering up to 7 days after the
   * contact's last message; needs Meta's Human Agent permission).
   */
  humanAgent?: boolean;
}

export interface SendResult {
  externalMessageId: string;
}

// ── Account, profiles, templates ───────────────────────────────────────────────────────────────

export interface AccountInfo {
  accountId: string;
  displayName: string | null;
  username: string | null;
  /** WhatsApp: the display phone number. */
  phone: string | null;
  avatarUrl: string | null;
}

export interface ContactProfile {
  externalId: string;
  name: string | null;
  username: string | null;
  avatarUrl: string | null;
}

export interface MessageTemplate {
  id: string;
  name: string;
  language: string;
  category: string | null;
  status: "APPROVED";
  /** As the platform describes them (HEADER / BODY / FOOTER / BUTTONS). */
  components: unknown[];
  /** The BODY component's text with its {{n}} placeholders, for the picker. */
  bodyText: string | null;
  /** How many {{n}} body parameters it takes. */
  parameterCount: number;
}

export interface FetchedMedia {
  bytes: Buffer;
  mimeType: string | null;
  filename: string | null;
}

export interface ChannelCapabilities {
  templates: boolean;
  markRead: boolean;
  tokenRefresh: boolean;
  profiles: boolean;
  /** Content a business may send. */
  sendable: MessageContentType[];
  /** How a connection is made. */
  connect: "META_OAUTH" | "TIKTOK_OAUTH" | "TOKEN" | "LOCAL";
  /**
   * Publish: the platform takes posts through a PublishProvider (see publish.ts). Absent or false
   * for messaging-only channels.
   */
  publish?: boolean;
}

/** Webhook request headers as Node / Fastify give them (any case accepted). */
export type WebhookHeaders = Record<string, string | string[] | undefined>;

export interface ChannelProvider {
  readonly platform: SocialPlatform;
  /** false for WEBCHAT and SANDBOX. */
  readonly external: boolean;
  readonly capabilities: ChannelCapabilities;

  /** The delivery really comes from the platform: signature over the RAW body bytes. */
  verifySignature(rawBody: Buffer, headers: WebhookHeaders, now?: Date): boolean;
  /** Meta's GET subscription handshake: the challenge to echo back, or null to refuse. */
  verifyHandshake(query: URLSearchParams | Record<string, unknown>): string | null;
  /** Normalized events of one delivery. Throws WebhookPayloadError when it is not this platform's JSON. */
  parseWebhook(rawBody: Buffer): SocialEvent[];

  /** Throws ChannelError. */
  sendMessage(credentials: ChannelCredentials, message: OutboundMessage): Promise<SendResult>;
  /** Tells the platform the business read the thread (no-op where unsupported). */
  markRead(
    credentials: ChannelCredentials,
    target: { conversationExternalId: string; externalMessageId: string | null },
  ): Promise<void>;
  /** null when the platform has no profile lookup (WhatsApp: the webhook's name is all there is). */
  fetchProfile(
    credentials: ChannelCredentials,
    contact: { externalId: string },
  ): Promise<ContactProfile | null>;
  fetchMedia(credentials: ChannelCredentials, media: MediaRef): Promise<FetchedMedia>;
  /** New tokens, or null when this connection's token doesn't expire / can't be refreshed. */
  refreshToken(credentials: ChannelCredentials): Promise<TokenSet | null>;
  /** WhatsApp: the WABA's APPROVED templates; [] elsewhere. */
  listTemplates(credentials: ChannelCredentials): Promise<MessageTemplate[]>;
  /** Checks the credentials and names the account (connect and reconnect). */
  fetchAccount(credentials: ChannelCredentials): Promise<AccountInfo>;
  /** Subscribes the account to this app's webhooks (Meta); no-op where the platform has none. */
  subscribeWebhooks(credentials: ChannelCredentials): Promise<void>;
}
