// Social channels (Inbox now, Publish later): one ChannelProvider per platform, built by
// socialProviders(config). Import from "@quartet/integrations/social/index".

export * from "./errors.ts";
export * from "./limits.ts";
export { encodeLocalEvent, type LocalEvent, localEventSchema, parseLocalEvent } from "./local.ts";
export { DEFAULT_MEDIA_MAX_BYTES } from "./media.ts";
export {
  META_DIALOG_BASE_URL,
  META_GRAPH_BASE_URL,
  type MetaConfig,
  metaError,
  metaErrorCode,
} from "./meta-graph.ts";
export {
  createOAuthState,
  INSTAGRAM_SCOPES,
  MESSENGER_SCOPES,
  type MetaOAuthClient,
  type MetaPage,
  sameState,
} from "./meta-oauth.ts";
export { parseMessagingWebhook, parseWhatsAppWebhook } from "./meta-webhook.ts";
export * from "./registry.ts";
export * from "./signature.ts";
export {
  parseTikTokWebhook,
  TIKTOK_API_BASE_URL,
  TIKTOK_AUTHORIZE_URL,
  TIKTOK_SCOPES,
  type TikTokConfig,
  type TikTokOAuthClient,
  tiktokCodeChallenge,
  tiktokErrorCode,
} from "./tiktok.ts";
export * from "./types.ts";
