import type { SocialProvidersConfig } from "@quartet/integrations/social/registry";
import { z } from "zod";

// The social channels' env, parsed the same way by the web server and the worker (both build
// `deps.social` from it). Nothing set: only the local channels (sandbox, chat widget) exist, which
// is the offline product; Meta and TikTok each switch on with their app's id and secret.
//
//   META_APP_ID, META_APP_SECRET     the Meta app (WhatsApp, Messenger, Instagram); the secret signs webhooks
//   META_VERIFY_TOKEN                what the app's webhook settings send in the GET handshake
//   META_GRAPH_URL, META_DIALOG_URL  other Graph API / Facebook Login origins (a local fake in tests)
//   TIKTOK_CLIENT_KEY, TIKTOK_CLIENT_SECRET   the TikTok app; the secret signs webhooks
//   TIKTOK_API_URL, TIKTOK_AUTHORIZE_URL, TIKTOK_PKCE=true
//   SOCIAL_MEDIA_ALLOW_PRIVATE=true  attachments may come from loopback / private hosts (fakes only)

const optional = z
  .string()
  .optional()
  .transform((v) => (v?.trim() ? v.trim() : undefined));
const optionalUrl = (name: string) =>
  optional.pipe(z.url({ message: `${name} must be an http(s) URL` }).optional());
const flag = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");

const socialEnvSchema = z.object({
  META_APP_ID: optional,
  META_APP_SECRET: optional,
  META_VERIFY_TOKEN: optional,
  META_GRAPH_URL: optionalUrl("META_GRAPH_URL"),
  META_DIALOG_URL: optionalUrl("META_DIALOG_URL"),
  TIKTOK_CLIENT_KEY: optional,
  TIKTOK_CLIENT_SECRET: optional,
  TIKTOK_API_URL: optionalUrl("TIKTOK_API_URL"),
  TIKTOK_AUTHORIZE_URL: optionalUrl("TIKTOK_AUTHORIZE_URL"),
  TIKTOK_PKCE: flag,
  SOCIAL_MEDIA_ALLOW_PRIVATE: flag,
});

export type SocialEnvResult = { ok: true; config: SocialProvidersConfig } | { ok: false; problems: string[] };

/** Every problem at once, one line per variable (the apps print them and stop at boot). */
export function parseSocialEnv(
  source: Record<string, string | undefined>,
  production: boolean,
): SocialEnvResult {
  const parsed = socialEnvSchema.safeParse(source);
  if (!parsed.success)
    return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) };
  const env = parsed.data;
  const problems: string[] = [];
  if (!!env.META_APP_ID !== !!env.META_APP_SECRET)
    problems.push("META_APP_ID / META_APP_SECRET: set both (the Meta app) or neither");
  if (env.META_APP_ID && env.META_APP_SECRET && !env.META_VERIFY_TOKEN)
    problems.push("META_VERIFY_TOKEN: required with META_APP_ID (Meta's webhook handshake sends it)");
  if (!!env.TIKTOK_CLIENT_KEY !== !!env.TIKTOK_CLIENT_SECRET)
    problems.push("TIKTOK_CLIENT_KEY / TIKTOK_CLIENT_SECRET: set both (the TikTok app) or neither");
  if (production && env.SOCIAL_MEDIA_ALLOW_PRIVATE)
    problems.push("SOCIAL_MEDIA_ALLOW_PRIVATE: not allowed in production (attachments from private hosts)");
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    config: {
      meta:
        env.META_APP_ID && env.META_APP_SECRET
          ? {
              appId: env.META_APP_ID,
              appSecret: env.META_APP_SECRET,
              verifyToken: env.META_VERIFY_TOKEN ?? "",
              ...(env.META_GRAPH_URL ? { graphBaseUrl: env.META_GRAPH_URL } : {}),
              ...(env.META_DIALOG_URL ? { dialogBaseUrl: env.META_DIALOG_URL } : {}),
            }
          : null,
      tiktok:
        env.TIKTOK_CLIENT_KEY && env.TIKTOK_CLIENT_SECRET
          ? {
              clientKey: env.TIKTOK_CLIENT_KEY,
              clientSecret: env.TIKTOK_CLIENT_SECRET,
              ...(env.TIKTOK_API_URL ? { apiBaseUrl: env.TIKTOK_API_URL } : {}),
              ...(env.TIKTOK_AUTHORIZE_URL ? { authorizeUrl: env.TIKTOK_AUTHORIZE_URL } : {}),
              pkce: env.TIKTOK_PKCE,
            }
          : null,
      media: { allowPrivateAddresses: env.SOCIAL_MEDIA_ALLOW_PRIVATE },
    },
  };
}

/** One line for the boot log: which platforms are on (never a secret). */
export function describeSocialConfig(config: SocialProvidersConfig): string {
  const on = [config.meta ? "Meta (WhatsApp, Messenger, Instagram)" : null, config.tiktok ? "TikTok" : null];
  const external = on.filter(Boolean).join(", ");
  return `social channels: ${external || "none configured"} + sandbox and chat widget`;
}
