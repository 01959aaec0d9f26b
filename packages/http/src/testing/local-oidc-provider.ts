/// <reference path="./oidc-provider.d.ts" />
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type OidcContext } from "oidc-provider";

// A complete OpenID Connect provider (panva's oidc-provider) on a random local port, for tests of
// sign-in with OIDC: discovery, JWKS, authorization code + PKCE, signed ID tokens. Its login step is
// automatic: the next authorization signs in as the account set with `loginAs`, with consent granted.

export interface TestAccount {
  email: string;
  emailVerified: boolean;
  name?: string;
}

export interface LocalOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The account the next authorization signs in as (its `sub` is the key). */
  loginAs(sub: string, account: TestAccount): void;
  /**
   * Plays the browser at the provider: follows the authorization URL through the login and
   * consent to the redirect back to the app; returns that callback URL (with code and state).
   */
  authorize(authorizationUrl: string): Promise<URL>;
  close(): Promise<void>;
}

export async function startLocalOidcProvider(options: {
  redirectUris: string[];
  /** ID token lifetime in seconds (default 3600). */
  idTokenTtl?: number;
  clientId?: string;
  clientSecret?: string;
}): Promise<LocalOidcProvider> {
  const clientId = options.clientId ?? "quartet-test";
  const clientSecret = options.clientSecret ?? "quartet-test-secret-0123456789abcdef";
  const accounts = new Map<string, TestAccount>();
  let next: string | null = null;

  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    conformIdTokenClaims: false,
    cookies: { keys: ["local-oidc-provider-test-key"] },
    ttl: {
      IdToken: options.idTokenTtl ?? 3600,
      AccessToken: 600,
      AuthorizationCode: 600,
      Session: 600,
      Interaction: 600,
      Grant: 600,
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx: unknown, sub: string) => {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          email: account.email,
          email_verified: account.emailVerified,
          name: account.name,
        }),
      };
    },
    // Consent is granted on the spot (the documented recipe for first-party clients).
    loadExistingGrant: async (ctx: OidcContext) => {
      const grantId =
        ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      return grant;
    },
  });
  const handle = provider.callback();
  server.on("request", (req, res) => {
    if (req.url?.startsWith("/interaction/")) {
      const accountId = next;
      provider
        .interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false })
        .catch(() => {
          res.statusCode = 500;
          res.end();
        });
      return;
    }
    handle(req, res);
  });

  return {
    issuer,
    clientId,
    clientSecret,
    loginAs(sub, account) {
      accounts.set(sub, account);
      next = sub;
    },
    async authorize(authorizationUrl) {
      // A fresh browser at the provider each time: its own cookie jar.
      const jar = new Map<string, string>();
      let url = new URL(authorizationUrl);
      for (let hop = 0; hop < 10; hop++) {
        if (url.origin !== issuer) return url;
        const response = await fetch(url, {
          redirect: "manual",
          headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; ") },
        });
        for (const line of response.headers.getSetCookie()) {
          const [pair] = line.split(";");
          const eq = pair?.indexOf("=") ?? -1;
          if (pair && eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
        }
        const location = response.headers.get("location");
        if (!location)
          throw new Error(
            `The provider answered ${response.status} at ${url.pathname}: ${await response.text()}`,
          );
        url = new URL(location, url);
      }
      throw new Error("Too many redirects at the provider");
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
