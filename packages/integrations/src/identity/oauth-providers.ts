import {
  ArcticFetchError,
  CodeChallengeMethod,
  generateCodeVerifier,
  generateState,
  OAuth2Client,
  OAuth2RequestError,
} from "arctic";
import * as oidc from "openid-client";
import { z } from "zod";

// Sign-in through outside identity: Google and GitHub with arctic's OAuth 2.0 client (PKCE + state),
// any OpenID Connect provider with openid-client (discovery, PKCE, state, nonce, and the ID token's
// issuer, audience, expiry and JWKS signature checked by the library). Endpoints come from config so
// tests run against local fakes. Provider tokens are used once for the profile and never kept.

export type OAuthProviderId = "google" | "github" | "oidc";
export const OAUTH_PROVIDER_IDS = ["google", "github", "oidc"] as const satisfies readonly OAuthProviderId[];

export interface GoogleConfig {
  clientId: string;
  clientSecret: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  userinfoEndpoint: string;
}

export interface GitHubConfig {
  clientId: string;
  clientSecret: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  /** https://api.github.com (GET /user, GET /user/emails). */
  apiBaseUrl: string;
}

export interface OidcConfig {
  issuerUrl: string;
  clientId: string;
  clientSecret: string;
  /** Shown on the button: "Continue with <name>". */
  name: string;
  /** Plain-http issuer (local development and tests only). */
  allowInsecure: boolean;
}

export interface OAuthProvidersConfig {
  google?: GoogleConfig | null;
  github?: GitHubConfig | null;
  oidc?: OidcConfig | null;
}

/** Who the provider says the person is. */
export interface ProviderProfile {
  providerUserId: string;
  email: string | null;
  /** The provider vouches that the person controls `email`. */
  emailVerified: boolean;
  name: string | null;
  avatarUrl: string | null;
}

/** What the browser must carry from the start to the callback (sealed in a cookie). */
export interface AuthorizationChecks {
  state: string;
  codeVerifier: string;
  /** OIDC only. */
  nonce: string | null;
}

export type ExchangeFailure =
  /** The code was refused (replayed, expired, wrong verifier or redirect). */
  | "CODE_REJECTED"
  /** The ID token failed a check: signature, issuer, audience, expiry, nonce. */
  | "ID_TOKEN_INVALID"
  | "PROVIDER_UNREACHABLE"
  | "PROFILE_INVALID";

export class OAuthExchangeError extends Error {
  constructor(
    readonly reason: ExchangeFailure,
    /** The library's or provider's own code, for the audit log. */
    readonly detail: string,
  ) {
    super(`${reason}: ${detail}`);
    this.name = "OAuthExchangeError";
  }
}

export interface OAuthProviderClient {
  id: OAuthProviderId;
  displayName: string;
  createAuthorization(redirectUri: string): Promise<{ url: URL; checks: AuthorizationChecks }>;
  /** Trades the callback's code for the profile. `now` is the app clock (ID-token expiry). */
  exchange(
    redirectUri: string,
    callbackUrl: URL,
    checks: AuthorizationChecks,
    now: Date,
  ): Promise<ProviderProfile>;
}

const googleUserinfo = z.object({
  sub: z.string().min(1).max(255),
  email: z.string().max(255).optional(),
  email_verified: z.union([z.boolean(), z.enum(["true", "false"])]).optional(),
  name: z.string().max(200).optional(),
  picture: z.string().max(500).optional(),
});

const githubUser = z.object({
  id: z.number().int(),
  login: z.string().max(100),
  name: z.string().max(200).nullish(),
  avatar_url: z.string().max(500).nullish(),
});
const githubEmails = z.array(
  z.object({ email: z.string().max(255), primary: z.boolean(), verified: z.boolean() }),
);

function arcticFailure(error: unknown): OAuthExchangeError {
  if (error instanceof OAuth2RequestError) return new OAuthExchangeError("CODE_REJECTED", error.code);
  if (error instanceof ArcticFetchError)
    return new OAuthExchangeError("PROVIDER_UNREACHABLE", "fetch_failed");
  if (error instanceof OAuthExchangeError) return error;
  return new OAuthExchangeError("PROVIDER_UNREACHABLE", error instanceof Error ? error.name : "unknown");
}

async function getJson(url: string, accessToken: string): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: {
        authorization: `Bearer ${accessToken}`,
        accept: "application/json",
        "user-agent": "Quartet",
      },
      signal: AbortSignal.timeout(10_000),
    });
  } catch {
    throw new OAuthExchangeError("PROVIDER_UNREACHABLE", "fetch_failed");
  }
  if (!response.ok) throw new OAuthExchangeError("PROFILE_INVALID", `http_${response.status}`);
  return response.json();
}

function parsed<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new OAuthExchangeError("PROFILE_INVALID", "unexpected_profile");
  return result.data;
}

function googleClient(config: GoogleConfig): OAuthProviderClient {
  return {
    id: "google",
    displayName: "Google",
    async createAuthorization(redirectUri) {
      const client = new OAuth2Client(config.clientId, config.clientSecret, redirectUri);
      const checks = { state: generateState(), codeVerifier: generateCodeVerifier(), nonce: null };
      const url = client.createAuthorizationURLWithPKCE(
        config.authorizationEndpoint,
        checks.state,
        CodeChallengeMethod.S256,
        checks.codeVerifier,
        ["openid", "email", "profile"],
      );
      url.searchParams.set("prompt", "select_account");
      return { url, checks };
    },
    async exchange(redirectUri, callbackUrl, checks) {
      const client = new OAuth2Client(config.clientId, config.clientSecret, redirectUri);
      try {
        const tokens = await client.validateAuthorizationCode(
          config.tokenEndpoint,
          callbackUrl.searchParams.get("code") ?? "",
          checks.codeVerifier,
        );
        const info = parsed(googleUserinfo, await getJson(config.userinfoEndpoint, tokens.accessToken()));
        return {
          providerUserId: info.sub,
          email: info.email?.toLowerCase() ?? null,
          emailVerified: info.email_verified === true || info.email_verified === "true",
          name: info.name ?? null,
          avatarUrl: info.picture ?? null,
        };
      } catch (error) {
        throw arcticFailure(error);
      }
    },
  };
}

function githubClient(config: GitHubConfig): OAuthProviderClient {
  const api = config.apiBaseUrl.replace(/\/+$/, "");
  return {
    id: "github",
    displayName: "GitHub",
    async createAuthorization(redirectUri) {
      const client = new OAuth2Client(config.clientId, config.clientSecret, redirectUri);
      const checks = { state: generateState(), codeVerifier: generateCodeVerifier(), nonce: null };
      const url = client.createAuthorizationURLWithPKCE(
        config.authorizationEndpoint,
        checks.state,
        CodeChallengeMethod.S256,
        checks.codeVerifier,
        ["read:user", "user:email"],
      );
      return { url, checks };
    },
    async exchange(redirectUri, callbackUrl, checks) {
      const client = new OAuth2Client(config.clientId, config.clientSecret, redirectUri);
      try {
        const tokens = await client.validateAuthorizationCode(
          config.tokenEndpoint,
          callbackUrl.searchParams.get("code") ?? "",
          checks.codeVerifier,
        );
        const accessToken = tokens.accessToken();
        const user = parsed(githubUser, await getJson(`${api}/user`, accessToken));
        const emails = parsed(githubEmails, await getJson(`${api}/user/emails`, accessToken));
        // The primary address, and whether GitHub has verified it.
        const primary = emails.find((e) => e.primary) ?? null;
        return {
          providerUserId: String(user.id),
          email: primary?.email.toLowerCase() ?? null,
          emailVerified: primary?.verified ?? false,
          name: user.name || user.login,
          avatarUrl: user.avatar_url ?? null,
        };
      } catch (error) {
        throw arcticFailure(error);
      }
    },
  };
}

function oidcFailure(error: unknown): OAuthExchangeError {
  if (error instanceof OAuthExchangeError) return error;
  if (error instanceof oidc.ResponseBodyError) return new OAuthExchangeError("CODE_REJECTED", error.error);
  const code = (error as { code?: unknown })?.code;
  if (typeof code === "string") {
    if (
      code.startsWith("OAUTH_JWT") ||
      code.includes("JWS") ||
      code.includes("JWT") ||
      code.startsWith("ERR_JW")
    )
      return new OAuthExchangeError("ID_TOKEN_INVALID", code);
    return new OAuthExchangeError("PROVIDER_UNREACHABLE", code);
  }
  return new OAuthExchangeError("PROVIDER_UNREACHABLE", error instanceof Error ? error.name : "unknown");
}

const oidcClaims = z.object({
  sub: z.string().min(1).max(255),
  email: z.string().max(255).optional(),
  email_verified: z.boolean().optional(),
  name: z.string().max(200).optional(),
  preferred_username: z.string().max(200).optional(),
  picture: z.string().max(500).optional(),
});

function oidcClient(config: OidcConfig): OAuthProviderClient {
  // Discovery once per process (retried on the next sign-in if it failed).
  let server: Promise<oidc.ServerMetadata> | null = null;
  const metadata = () => {
    server ??= oidc
      .discovery(
        new URL(config.issuerUrl),
        config.clientId,
        config.clientSecret,
        undefined,
        config.allowInsecure ? { execute: [oidc.allowInsecureRequests] } : undefined,
      )
      .then((c) => c.serverMetadata())
      .catch((error: unknown) => {
        server = null;
        throw new OAuthExchangeError(
          "PROVIDER_UNREACHABLE",
          (error as { code?: string })?.code ?? "discovery_failed",
        );
      });
    return server;
  };
  // The provider's signing keys, shared by every sign-in: a configuration is built per call (so
  // the ID token's expiry is judged by the app clock), and without this each one fetched the JWKS
  // again. openid-client refetches on its own when a token names a key it doesn't hold (rotation).
  let jwks: oidc.ExportedJWKSCache | undefined;
  // A configuration per call, so the ID token's expiry is judged by the app clock.
  const configuration = async (now: Date) => {
    const skew = Math.round((now.getTime() - Date.now()) / 1000);
    const c = new oidc.Configuration(await metadata(), config.clientId, {
      client_secret: config.clientSecret,
      [oidc.clockSkew]: skew,
    });
    if (config.allowInsecure) oidc.allowInsecureRequests(c);
    // Check the ID token's signature against the provider's JWKS too (by default openid-client
    // trusts the TLS channel of the token endpoint and checks only the claims).
    oidc.enableNonRepudiationChecks(c);
    if (jwks) oidc.setJwksCache(c, jwks);
    return c;
  };
  return {
    id: "oidc",
    displayName: config.name,
    async createAuthorization(redirectUri) {
      const c = await configuration(new Date());
      const checks = {
        state: oidc.randomState(),
        codeVerifier: oidc.randomPKCECodeVerifier(),
        nonce: oidc.randomNonce(),
      };
      const url = oidc.buildAuthorizationUrl(c, {
        redirect_uri: redirectUri,
        scope: "openid email profile",
        code_challenge: await oidc.calculatePKCECodeChallenge(checks.codeVerifier),
        code_challenge_method: "S256",
        state: checks.state,
        nonce: checks.nonce,
      });
      return { url, checks };
    },
    async exchange(redirectUri, callbackUrl, checks, now) {
      try {
        const c = await configuration(now);
        // openid-client reads the redirect_uri from the callback URL: give it ours exactly.
        const current = new URL(redirectUri);
        current.search = callbackUrl.search;
        const tokens = await oidc.authorizationCodeGrant(c, current, {
          pkceCodeVerifier: checks.codeVerifier,
          expectedState: checks.state,
          expectedNonce: checks.nonce ?? undefined,
          idTokenExpected: true,
        });
        jwks = oidc.getJwksCache(c) ?? jwks;
        const claims = parsed(oidcClaims, tokens.claims());
        return {
          providerUserId: claims.sub,
          email: claims.email?.toLowerCase() ?? null,
          emailVerified: claims.email_verified === true,
          name: claims.name ?? claims.preferred_username ?? null,
          avatarUrl: claims.picture ?? null,
        };
      } catch (error) {
        throw oidcFailure(error);
      }
    },
  };
}

/** The configured providers' clients, built once per process. */
export function createOAuthProviders(
  config: OAuthProvidersConfig,
): Map<OAuthProviderId, OAuthProviderClient> {
  const providers = new Map<OAuthProviderId, OAuthProviderClient>();
  if (config.google) providers.set("google", googleClient(config.google));
  if (config.github) providers.set("github", githubClient(config.github));
  if (config.oidc) providers.set("oidc", oidcClient(config.oidc));
  return providers;
}

/** Google's and GitHub's public endpoints; a base URL (tests: a local fake) replaces the host. */
export function googleEndpoints(baseUrl?: string) {
  if (!baseUrl)
    return {
      authorizationEndpoint: "https://accounts.google.com/o/oauth2/v2/auth",
      tokenEndpoint: "https://oauth2.googleapis.com/token",
      userinfoEndpoint: "https://openidconnect.googleapis.com/v1/userinfo",
    };
  const base = baseUrl.replace(/\/+$/, "");
  return {
    authorizationEndpoint: `${base}/o/oauth2/v2/auth`,
    tokenEndpoint: `${base}/token`,
    userinfoEndpoint: `${base}/v1/userinfo`,
  };
}

export function githubEndpoints(baseUrl?: string, apiBaseUrl?: string) {
  const base = (baseUrl ?? "https://github.com").replace(/\/+$/, "");
  return {
    authorizationEndpoint: `${base}/login/oauth/authorize`,
    tokenEndpoint: `${base}/login/oauth/access_token`,
    apiBaseUrl: (apiBaseUrl ?? "https://api.github.com").replace(/\/+$/, ""),
  };
}
