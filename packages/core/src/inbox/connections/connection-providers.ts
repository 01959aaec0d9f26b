import type { Platform } from "@quartet/db/enums";
import { channelError } from "@quartet/integrations/social/errors";
import type { MetaOAuthClient } from "@quartet/integrations/social/meta-oauth";
import type { TikTokOAuthClient } from "@quartet/integrations/social/tiktok";
import type { ChannelProvider } from "@quartet/integrations/social/types";
import type { Deps } from "../../deps.ts";

// The connect flows' access to helper B's providers (`deps.social`, built once per process from
// the env). A platform whose app isn't configured here is unavailable: its connect button is off.

type SocialDeps = Pick<Deps, "social">;

/** The provider; a NOT_CONFIGURED ChannelError when this server has no app for the platform. */
export function channelProvider(deps: SocialDeps, platform: Platform): ChannelProvider {
  if (!deps.social) throw channelError("NOT_CONFIGURED", { detail: "no social providers in this process" });
  return deps.social.require(platform);
}

export function metaOAuthClient(deps: SocialDeps): MetaOAuthClient | null {
  return deps.social?.metaOAuth ?? null;
}

export function tiktokOAuthClient(deps: SocialDeps): TikTokOAuthClient | null {
  return deps.social?.tiktokOAuth ?? null;
}

/** Which connect buttons work on this server. */
export function connectAvailability(deps: SocialDeps) {
  return {
    meta: metaOAuthClient(deps) !== null,
    tiktok: tiktokOAuthClient(deps) !== null,
    whatsapp: deps.social?.get("WHATSAPP") != null,
  };
}
