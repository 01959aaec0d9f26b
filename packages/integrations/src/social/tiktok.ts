import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { ChannelError, type ChannelErrorCode, channelError, WebhookPayloadError } from "./errors.ts";
import { callApi, trimBase } from "./http.ts";
import { TIKTOK_MAX_IMAGE_BYTES } from "./limits.ts";
import { downloadMedia, type MediaDownloadOptions } from "./media.ts";
import { TIKTOK_SIGNATURE_TOLERANCE_SECONDS, verifyTikTokSignature } from "./signature.ts";
import type {
  ChannelCredentials,
  ChannelProvider,
  MessageContentType,
  MessageEvent,
  OutboundMedia,
  SocialEvent,
  StatusEvent,
  TokenSet,
} from "./types.ts";

// TikTok Business Messaging API (API for Business, v1.3). Answers are `{ code, message,
// request_id, data }` with code 0 on success (usually HTTP 200 either way). A business replies to a
// conversation (recipient_type CONVERSATION, the conversation_id from the webhook).
//   send:      POST /open_api/v1.3/business/message/send/
//   upload:    POST /open_api/v1.3/business/message/media/upload/ (multipart)
//   download:  POST /open_api/v1.3/business/message/media/download/ → data.download_url
//   account:   GET  /open_api/v1.3/business/get/
//   tokens:    POST /open_api/v1.3/tt_user/oauth2/token/ and /tt_user/oauth2/refresh_token/
// Webhooks: `{ client_key, event, create_time, user_openid (the business), content (a JSON string) }`
// with events im_receive_msg (a user wrote), im_send_msg (the business sent, from anywhere) and
// im_mark_read_msg (a user read the conversation up to last_read_timestamp).
// https://business-api.tiktok.com/portal/docs?id=1832184403754242 (send message)
// https://business-api.tiktok.com/portal/docs?id=1832190670631937 (webhook events)

export const TIKTOK_API_BASE_URL = "https://business-api.tiktok.com";
export const TIKTOK_AUTHORIZE_URL = "https://www.tiktok.com/v2/auth/authorize/";
export const TIKTOK_SCOPES = [
  "user.info.basic",
  "user.info.username",
  "user.info.profile",
  "user.account.type",
  "message.list.read",
  "message.list.send",
  "message.list.manage",
];

export interface TikTokConfig {
  clientKey: string;
  clientSecret: string;
  /** Default https://business-api.tiktok.com (tests: the fake server). */
  apiBaseUrl?: string;
  /** Default https://www.tiktok.com/v2/auth/authorize/. */
  authorizeUrl?: string;
  /**
   * PKCE on the authorization request. TikTok documents PKCE for its desktop Login Kit (challenge =
   * hex SHA-256 of the verifier) and not for web apps, which use state alone: off by default.
   */
  pkce?: boolean;
  scopes?: string[];
  signatureToleranceSeconds?: number;
}

// ── Errors ─────────────────────────────────────────────────────────────────────────────────────

// https://business-api.tiktok.com/portal/docs?id=1737172488964097 (return codes)
const TOKEN_CODES = new Set([40102, 40104, 40105]);
const RATE_CODES = new Set([40100, 40133, 50002]);

export function tiktokErrorCode(code: number | undefined, status: number): ChannelErrorCode {
  if (code !== undefined && code !== 0) {
    if (TOKEN_CODES.has(code)) return "TOKEN_EXPIRED";
    if (RATE_CODES.has(code)) return "RATE_LIMITED";
    // "You are sending messages too fast / the conversation's message cap is reached."
    if (code === 40064) return "MESSAGE_LIMIT";
    if (code === 40001) return "PERMISSION";
    if (code === 40908 || code === 40911) return "MEDIA";
    if (code >= 50000 && code < 60000) return "UNAVAILABLE";
    if (code >= 40000 && code < 50000) return "INVALID_REQUEST";
  }
  if (status === 429) return "RATE_LIMITED";
  if (status >= 500) return "UNAVAILABLE";
  if (status === 401) return "TOKEN_EXPIRED";
  return "UNKNOWN";
}

const envelope = z.object({
  code: z.number(),
  message: z.string().optional(),
  request_id: z.string().optional(),
  data: z.unknown().optional(),
});

// ── Webhooks ───────────────────────────────────────────────────────────────────────────────────

const idish = z.union([z.string().min(1), z.number()]).transform(String);

const webhookEnvelope = z.object({
  client_key: z.string().optional(),
  event: z.string(),
  create_time: z.union([z.number(), z.string()]).optional(),
  user_openid: idish,
  content: z.union([z.string(), z.record(z.string(), z.unknown())]),
});

const webhookContent = z.object({
  conversation_id: idish,
  message_id: idish.optional(),
  timestamp: z.union([z.number(), z.string()]).transform(Number).optional(),
  type: z.string().optional(),
  text: z.object({ body: z.string() }).optional(),
  image: z.object({ media_id: idish }).optional(),
  video: z.object({ media_id: idish }).optional(),
  share_post: z.object({ embed_url: z.string().optional() }).optional(),
  from: z.string().optional(),
  from_user: z.object({ id: idish }).optional(),
  to: z.string().optional(),
  to_user: z.object({ id: idish }).optional(),
  referenced_message_info: z.object({ referenced_message_id: idish.optional() }).optional(),
  read: z.object({ last_read_timestamp: z.union([z.number(), z.string()]).transform(Number) }).optional(),
});

export function parseTikTokWebhook(rawBody: Buffer): SocialEvent[] {
  let json: unknown;
  try {
    json = JSON.parse(rawBody.toString("utf8"));
  } catch {
    throw new WebhookPayloadError("The body is not JSON.");
  }
  const outer = webhookEnvelope.safeParse(json);
  if (!outer.success) throw new WebhookPayloadError("Not a TikTok webhook event.");
  let rawContent: unknown = outer.data.content;
  if (typeof rawContent === "string") {
    try {
      rawContent = JSON.parse(rawContent);
    } catch {
      throw new WebhookPayloadError("The event's content is not JSON.");
    }
  }
  const content = webhookContent.safeParse(rawContent);
  if (!content.success) return [];
  const c = content.data;
  const businessId = outer.data.user_openid;
  const createTime = Number(outer.data.create_time);
  const timestamp = new Date(
    c.timestamp && Number.isFinite(c.timestamp)
      ? c.timestamp
      : Number.isFinite(createTime)
        ? createTime * 1000
        : Date.now(),
  );
  const event = outer.data.event;

  if (event === "im_mark_read_msg") {
    // The business reading its own inbox is not a receipt.
    if (!c.read || !c.from_user || c.from_user.id === businessId) return [];
    return [
      {
        kind: "status",
        platform: "TIKTOK",
        accountId: businessId,
        timestamp,
        contactExternalId: c.from_user.id,
        conversationExternalId: c.conversation_id,
        externalMessageId: null,
        upTo: new Date(c.read.last_read_timestamp),
        status: "READ",
        error: null,
      } satisfies StatusEvent,
    ];
  }
  if (event !== "im_receive_msg" && event !== "im_send_msg") return [];
  if (!c.message_id) return [];
  const inbound = event === "im_receive_msg";
  const person = inbound ? c.from_user : c.to_user;
  const personName = (inbound ? c.from : c.to) ?? null;
  if (!person) return [];

  let contentType: MessageContentType = "TEXT";
  let text: string | null = null;
  let media: MessageEvent["media"] = null;
  let unsupportedType: string | null = null;
  const mediaRef = (mediaId: string) => ({
    mediaId,
    url: null,
    mimeType: null,
    filename: null,
    caption: null,
    sha256: null,
    conversationId: c.conversation_id,
    messageId: c.message_id ?? null,
  });
  switch (c.type) {
    case "text":
      text = c.text?.body ?? null;
      break;
    case "image":
      contentType = "IMAGE";
      media = c.image ? mediaRef(c.image.media_id) : null;
      break;
    case "video":
      contentType = "VIDEO";
      media = c.video ? mediaRef(c.video.media_id) : null;
      break;
    case "sticker":
      contentType = "STICKER";
      break;
    case "share_post":
      text = c.share_post?.embed_url ?? null;
      unsupportedType = "share_post";
      break;
    default:
      unsupportedType = c.type ?? "unknown";
  }
  return [
    {
      kind: "message",
      platform: "TIKTOK",
      accountId: businessId,
      timestamp,
      conversationExternalId: c.conversation_id,
      externalMessageId: c.message_id,
      direction: inbound ? "INBOUND" : "OUTBOUND",
      // im_send_msg reports API sends and app sends alike, with nothing to tell them apart.
      sentByThisApp: inbound ? false : null,
      contact: { externalId: person.id, name: personName, username: personName, phone: null, email: null },
      contentType,
      text,
      media,
      location: null,
      replyToExternalId: c.referenced_message_info?.referenced_message_id ?? null,
      unsupportedType,
    } satisfies MessageEvent,
  ];
}

// ── OAuth ──────────────────────────────────────────────────────────────────────────────────────

export interface TikTokOAuthClient {
  readonly pkce: boolean;
  /** A verifier to keep with the state in the session (null when PKCE is off). */
  createCodeVerifier(): string | null;
  /** The authorization URL. `state` must be random and bound to the person's session. */
  authorizationUrl(input: { redirectUri: string; state: string; codeVerifier?: string | null }): URL;
  exchangeCode(input: { code: string; redirectUri: string; codeVerifier?: string | null }): Promise<TokenSet>;
}

/** TikTok's code_challenge: the hex SHA-256 of the verifier (its desktop Login Kit's S256). */
export function tiktokCodeChallenge(verifier: string): string {
  return createHash("sha256").update(verifier).digest("hex");
}

const tokenData = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().optional(),
  expires_in: z.number().optional(),
  refresh_token_expires_in: z.number().optional(),
  open_id: idish.optional(),
  scope: z.string().optional(),
});

// ── Provider ───────────────────────────────────────────────────────────────────────────────────

export class TikTokApi {
  readonly baseUrl: string;

  constructor(
    readonly config: TikTokConfig,
    readonly timeoutMs: number,
  ) {
    this.baseUrl = trimBase(config.apiBaseUrl ?? TIKTOK_API_BASE_URL);
  }

  /** `data` of a code-0 answer; a ChannelError otherwise. */
  async call(
    path: string,
    options: { token?: string; method?: "GET" | "POST"; query?: Record<string, string>; body?: unknown } = {},
  ): Promise<unknown> {
    const url = new URL(`${this.baseUrl}/open_api/v1.3/${path}`);
    for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, v);
    const response = await callApi(url, {
      method: options.method,
      headers: options.token ? { "Access-Token": options.token } : {},
      body: options.body,
      timeoutMs: this.timeoutMs,
    });
    const parsed = envelope.safeParse(response.json);
    if (response.status === 200 && parsed.success && parsed.data.code === 0) return parsed.data.data ?? {};
    const code = parsed.success ? parsed.data.code : undefined;
    throw channelError(tiktokErrorCode(code, response.status), {
      providerCode: code === undefined ? null : String(code),
      detail: parsed.success ? (parsed.data.message ?? null) : null,
      httpStatus: response.status,
    });
  }

  tokenSet(data: unknown, now: Date): TokenSet {
    const t = tokenData.safeParse(data);
    if (!t.success) throw channelError("UNKNOWN", { detail: "no access_token in TikTok's answer" });
    return {
      accessToken: t.data.access_token,
      refreshToken: t.data.refresh_token ?? null,
      expiresAt: t.data.expires_in ? new Date(now.getTime() + t.data.expires_in * 1000) : null,
      refreshTokenExpiresAt: t.data.refresh_token_expires_in
        ? new Date(now.getTime() + t.data.refresh_token_expires_in * 1000)
        : null,
      scopes: t.data.scope ? t.data.scope.split(/[,\s]+/).filter(Boolean) : [],
      accountId: t.data.open_id ?? null,
    };
  }
}

export function tiktokOAuthClient(api: TikTokApi): TikTokOAuthClient {
  const pkce = api.config.pkce === true;
  return {
    pkce,
    createCodeVerifier: () => (pkce ? randomBytes(48).toString("base64url") : null),
    authorizationUrl({ redirectUri, state, codeVerifier }) {
      if (!state || state.length < 16)
        throw new Error("The OAuth state must be a random value of 16+ characters");
      const url = new URL(api.config.authorizeUrl ?? TIKTOK_AUTHORIZE_URL);
      url.searchParams.set("client_key", api.config.clientKey);
      url.searchParams.set("scope", (api.config.scopes ?? TIKTOK_SCOPES).join(","));
      url.searchParams.set("response_type", "code");
      url.searchParams.set("redirect_uri", redirectUri);
      url.searchParams.set("state", state);
      if (pkce) {
        if (!codeVerifier) throw new Error("PKCE is on: pass the code verifier kept in the session");
        url.searchParams.set("code_challenge", tiktokCodeChallenge(codeVerifier));
        url.searchParams.set("code_challenge_method", "S256");
      }
      return url;
    },
    async exchangeCode({ code, redirectUri, codeVerifier }) {
      const now = new Date();
      try {
        const data = await api.call("tt_user/oauth2/token/", {
          body: {
            client_id: api.config.clientKey,
            client_secret: api.config.clientSecret,
            grant_type: "authorization_code",
            auth_code: code,
            redirect_uri: redirectUri,
            ...(pkce && codeVerifier ? { code_verifier: codeVerifier } : {}),
          },
        });
        return api.tokenSet(data, now);
      } catch (error) {
        if (error instanceof ChannelError && !error.retryable)
          throw new ChannelError({
            code: "INVALID_REQUEST",
            message:
              "TikTok refused the sign-in (the code is invalid or was already used). Try connecting again.",
            providerCode: error.providerCode,
            detail: error.detail,
            httpStatus: error.httpStatus,
          });
        throw error;
      }
    },
  };
}

const sendData = z.object({ message: z.object({ message_id: idish }) });
const uploadData = z.object({ media_id: idish });
const downloadData = z.object({ download_url: z.string().min(1) });
const businessData = z.object({
  username: z.string().optional(),
  display_name: z.string().optional(),
  profile_image: z.string().optional(),
});

export function tiktokProvider(api: TikTokApi, media: MediaDownloadOptions): ChannelProvider {
  async function upload(credentials: ChannelCredentials, item: OutboundMedia): Promise<string> {
    let bytes = item.bytes;
    let mimeType = item.mimeType ?? null;
    if (!bytes && item.url) {
      const fetched = await downloadMedia(item.url, { ...media, maxBytes: TIKTOK_MAX_IMAGE_BYTES });
      bytes = fetched.bytes;
      mimeType = mimeType ?? fetched.mimeType;
    }
    if (!bytes) throw channelError("MEDIA", { detail: "no url, media id or bytes to send" });
    if (bytes.byteLength > TIKTOK_MAX_IMAGE_BYTES)
      throw channelError("MEDIA", { detail: "TikTok accepts images up to 3 MB" });
    if (mimeType && mimeType !== "image/jpeg" && mimeType !== "image/png")
      throw channelError("MEDIA", { detail: "TikTok accepts JPG and PNG images" });
    const form = new FormData();
    form.set("business_id", credentials.accountId);
    form.set("media_type", "IMAGE");
    form.set(
      "file",
      new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mimeType ?? "image/jpeg" }),
      item.filename ?? "image.jpg",
    );
    const data = uploadData.safeParse(
      await api.call("business/message/media/upload/", { token: credentials.accessToken, body: form }),
    );
    if (!data.success) throw channelError("UNKNOWN", { detail: "no media_id in TikTok's upload answer" });
    return data.data.media_id;
  }

  return {
    platform: "TIKTOK",
    external: true,
    capabilities: {
      templates: false,
      // No read-receipt call for businesses in the Business Messaging API.
      markRead: false,
      tokenRefresh: true,
      profiles: false,
      sendable: ["TEXT", "IMAGE"],
      connect: "TIKTOK_OAUTH",
    },

    verifySignature: (rawBody, headers, now) =>
      verifyTikTokSignature(rawBody, headers, api.config.clientSecret, {
        now,
        toleranceSeconds: api.config.signatureToleranceSeconds ?? TIKTOK_SIGNATURE_TOLERANCE_SECONDS,
      }),
    // TikTok has no GET handshake.
    verifyHandshake: () => null,
    parseWebhook: (rawBody) => parseTikTokWebhook(rawBody),

    async sendMessage(credentials, message) {
      if (message.template) throw channelError("UNSUPPORTED", { detail: "templates are a WhatsApp feature" });
      const body: Record<string, unknown> = {
        business_id: credentials.accountId,
        recipient_type: "CONVERSATION",
        recipient: message.to,
      };
      if (message.replyToExternalId)
        body.referenced_message_info = { referenced_message_id: message.replyToExternalId };
      if (message.media) {
        if (message.media.kind !== "IMAGE")
          throw channelError("MEDIA", { detail: "TikTok conversations accept text and images only" });
        body.message_type = "IMAGE";
        body.image = { media_id: message.media.mediaId ?? (await upload(credentials, message.media)) };
      } else if (message.text) {
        body.message_type = "TEXT";
        body.text = { body: message.text };
      } else throw channelError("INVALID_REQUEST", { detail: "nothing to send" });
      const data = sendData.safeParse(
        await api.call("business/message/send/", { token: credentials.accessToken, body }),
      );
      if (!data.success) throw channelError("UNKNOWN", { detail: "no message_id in TikTok's answer" });
      return { externalMessageId: data.data.message.message_id };
    },

    markRead: async () => {},

    fetchProfile: async () => null,

    async fetchMedia(credentials, ref) {
      if (!ref.mediaId || !ref.conversationId || !ref.messageId)
        throw channelError("MEDIA", { detail: "TikTok media needs its media, conversation and message ids" });
      const data = downloadData.safeParse(
        await api.call("business/message/media/download/", {
          token: credentials.accessToken,
          body: {
            business_id: credentials.accountId,
            conversation_id: ref.conversationId,
            message_id: ref.messageId,
            media_id: ref.mediaId,
            media_type: ref.mimeType?.startsWith("video/") ? "VIDEO" : "IMAGE",
          },
        }),
      );
      if (!data.success) throw channelError("MEDIA", { detail: "no download_url in TikTok's answer" });
      return downloadMedia(data.data.download_url, media, { mimeType: ref.mimeType, filename: ref.filename });
    },

    async refreshToken(credentials) {
      if (!credentials.refreshToken) return null;
      const now = new Date();
      const data = await api.call("tt_user/oauth2/refresh_token/", {
        body: {
          client_id: api.config.clientKey,
          client_secret: api.config.clientSecret,
          grant_type: "refresh_token",
          refresh_token: credentials.refreshToken,
        },
      });
      return api.tokenSet(data, now);
    },

    listTemplates: async () => [],

    async fetchAccount(credentials) {
      const data = businessData.safeParse(
        await api.call("business/get/", {
          method: "GET",
          token: credentials.accessToken,
          query: {
            business_id: credentials.accountId,
            fields: JSON.stringify(["username", "display_name", "profile_image"]),
          },
        }),
      );
      if (!data.success) throw channelError("UNKNOWN", { detail: "unexpected answer to business/get" });
      return {
        accountId: credentials.accountId,
        displayName: data.data.display_name ?? data.data.username ?? null,
        username: data.data.username ?? null,
        phone: null,
        avatarUrl: data.data.profile_image ?? null,
      };
    },

    // The webhook URL is set once per app in TikTok's developer portal (or business/webhook/update/).
    subscribeWebhooks: async () => {},
  };
}
