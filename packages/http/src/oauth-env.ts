import type { OAuthSetup } from "@quartet/core/deps";
import {
  createOAuthProviders,
  githubEndpoints,
  googleEndpoints,
  type OAuthProvidersConfig,
} from "@quartet/integrations/identity/oauth-providers";
import { z } from "zod";

// Sign-in providers from env: each is on only when its client id and secret are set (the OIDC one
// also needs its issuer). The *_BASE_URL variables point Google's and GitHub's endpoints at another
// origin (local fakes in tests).

const optional = z.string().trim().min(1).optional();
const flag = z
  .enum(["0", "1", "true", "false"])
  .default("0")
  .transform((v) => v === "1" || v === "true");

export const oauthEnvSchema = z.object({
  GOOGLE_CLIENT_ID: optional,
  GOOGLE_CLIENT_SECRET: optional,
  GOOGLE_OAUTH_BASE_URL: z.url().optional(),
  GITHUB_CLIENT_ID: optional,
  GITHUB_CLIENT_SECRET: optional,
  GITHUB_OAUTH_BASE_URL: z.url().optional(),
  GITHUB_API_BASE_URL: z.url().optional(),
  OIDC_ISSUER_URL: z.url().optional(),
  OIDC_CLIENT_ID: optional,
  OIDC_CLIENT_SECRET: optional,
  /** The provider's name on the button: "Continue with <OIDC_NAME>". */
  OIDC_NAME: z.string().trim().min(1).max(40).default("SSO"),
  /** The admin console may sign platform admins in through the OIDC provider (off: password + 2FA only). */
  ADMIN_OIDC_ALLOWED: flag,
});

export interface OAuthEnv {
  providers: OAuthProvidersConfig;
  adminOidcAllowed: boolean;
}

export function parseOAuthEnv(
  source: Record<string, string | undefined>,
  production: boolean,
): { ok: true; config: OAuthEnv } | { ok: false; problems: string[] } {
  const parsed = oauthEnvSchema.safeParse(source);
  if (!parsed.success)
    return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) };
  const env = parsed.data;
  const problems: string[] = [];
  const pair = (name: string, id?: string, secret?: string) => {
    if (Boolean(id) !== Boolean(secret))
      problems.push(
        `${name}_CLIENT_SECRET: set both ${name}_CLIENT_ID and ${name}_CLIENT_SECRET, or neither`,
      );
    return Boolean(id && secret);
  };
  const google = pair("GOOGLE", env.GOOGLE_CLIENT_ID, env.GOOGLE_CLIENT_SECRET);
  const github = pair("GITHUB", env.GITHUB_CLIENT_ID, env.GITHUB_CLIENT_SECRET);
  const oidcPair = pair("OIDC", env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET);
  if (oidcPair && !env.OIDC_ISSUER_URL) problems.push("OIDC_ISSUER_URL: required with OIDC_CLIENT_ID");
  const insecure = env.OIDC_ISSUER_URL?.startsWith("http://") ?? false;
  if (insecure && production) problems.push("OIDC_ISSUER_URL: must be https:// in production");
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    config: {
      providers: {
        google: google
          ? {
              clientId: env.GOOGLE_CLIENT_ID ?? "",
              clientSecret: env.GOOGLE_CLIENT_SECRET ?? "",
              ...googleEndpoints(env.GOOGLE_OAUTH_BASE_URL),
            }
          : null,
        github: github
          ? {
              clientId: env.GITHUB_CLIENT_ID ?? "",
              clientSecret: env.GITHUB_CLIENT_SECRET ?? "",
              ...githubEndpoints(env.GITHUB_OAUTH_BASE_URL, env.GITHUB_API_BASE_URL),
            }
          : null,
        oidc:
          oidcPair && env.OIDC_ISSUER_URL
            ? {
                issuerUrl: env.OIDC_ISSUER_URL,
                clientId: env.OIDC_CLIENT_ID ?? "",
                clientSecret: env.OIDC_CLIENT_SECRET ?? "",
                name: env.OIDC_NAME,
                allowInsecure: insecure,
              }
            : null,
      },
      adminOidcAllowed: env.ADMIN_OIDC_ALLOWED,
    },
  };
}

export function createOAuthSetup(config: OAuthEnv): OAuthSetup {
  return { providers: createOAuthProviders(config.providers), adminOidcAllowed: config.adminOidcAllowed };
}
