import { channelError } from "./errors.ts";
import { localProvider } from "./local.ts";
import { DEFAULT_MEDIA_MAX_BYTES, type MediaDownloadOptions } from "./media.ts";
import { messagingProvider } from "./messenger.ts";
import { type MetaConfig, MetaGraph } from "./meta-graph.ts";
import { type MetaOAuthClient, metaOAuthClient } from "./meta-oauth.ts";
import {
  TikTokApi,
  type TikTokConfig,
  type TikTokOAuthClient,
  tiktokOAuthClient,
  tiktokProvider,
} from "./tiktok.ts";
import type { ChannelProvider, SocialPlatform } from "./types.ts";
import { whatsappProvider } from "./whatsapp.ts";

// Built once per process (web app and worker) from the environment. A platform whose app isn't
// configured has no provider: the services show it as unavailable instead of failing at send time.

export interface SocialProvidersConfig {
  /** WhatsApp, Messenger and Instagram (one Meta app). null: those channels are off. */
  meta?: MetaConfig | null;
  tiktok?: TikTokConfig | null;
  /** Per outside API call. Default 15 s. */
  timeoutMs?: number;
  media?: {
    /** Tests and self-hosted fakes only: attachment URLs may reach loopback / private hosts. */
    allowPrivateAddresses?: boolean;
    maxBytes?: number;
    timeoutMs?: number;
  };
}

export interface SocialProviders {
  /** The provider, or null when its platform isn't configured here. */
  get(platform: SocialPlatform): ChannelProvider | null;
  /** The provider; a NOT_CONFIGURED ChannelError when its platform isn't configured. */
  require(platform: SocialPlatform): ChannelProvider;
  /** Every available provider (local ones always). */
  readonly available: readonly ChannelProvider[];
  /** Facebook Login for Messenger and Instagram (null without a Meta app). */
  readonly metaOAuth: MetaOAuthClient | null;
  readonly tiktokOAuth: TikTokOAuthClient | null;
}

export function socialProviders(config: SocialProvidersConfig): SocialProviders {
  const timeoutMs = config.timeoutMs ?? 15_000;
  const media: MediaDownloadOptions = {
    allowPrivateAddresses: config.media?.allowPrivateAddresses === true,
    maxBytes: config.media?.maxBytes ?? DEFAULT_MEDIA_MAX_BYTES,
    timeoutMs: config.media?.timeoutMs ?? 60_000,
  };
  const map = new Map<SocialPlatform, ChannelProvider>();
  let metaOAuth: MetaOAuthClient | null = null;
  let tiktokOAuth: TikTokOAuthClient | null = null;

  if (config.meta?.appId && config.meta.appSecret) {
    const graph = new MetaGraph(config.meta, timeoutMs);
    map.set("WHATSAPP", whatsappProvider(graph, media));
    map.set("FACEBOOK", messagingProvider("FACEBOOK", graph, media));
    map.set("INSTAGRAM", messagingProvider("INSTAGRAM", graph, media));
    metaOAuth = metaOAuthClient(graph);
  }
  if (config.tiktok?.clientKey && config.tiktok.clientSecret) {
    const api = new TikTokApi(config.tiktok, timeoutMs);
    map.set("TIKTOK", tiktokProvider(api, media));
    tiktokOAuth = tiktokOAuthClient(api);
  }
  map.set("WEBCHAT", localProvider("WEBCHAT"));
  map.set("SANDBOX", localProvider("SANDBOX"));

  return {
    get: (platform) => map.get(platform) ?? null,
    require(platform) {
      const provider = map.get(platform);
      if (!provider) throw channelError("NOT_CONFIGURED", { detail: `${platform} is not configured` });
      return provider;
    },
    available: [...map.values()],
    metaOAuth,
    tiktokOAuth,
  };
}
