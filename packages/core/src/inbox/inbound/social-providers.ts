import type { Platform } from "@quartet/db/enums";
import type { ChannelProvider } from "@quartet/integrations/social/types";
import type { Deps } from "../../deps.ts";

// How inbound code reaches the platform providers: `deps.social`, built once per process from the
// env (Meta app secret and verify token, TikTok client secret, base URLs…).

export type InboxSocialDeps = Pick<Deps, "social">;

/**
 * The platform's provider. A process built without providers is a wiring mistake, and a platform
 * whose app isn't configured here answers NOT_CONFIGURED (a ChannelError).
 */
export function socialProvider(deps: InboxSocialDeps, platform: Platform): ChannelProvider {
  if (!deps.social) throw new Error("Social providers are not configured in this process (deps.social).");
  return deps.social.require(platform);
}
