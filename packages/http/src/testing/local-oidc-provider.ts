/// <reference path="./oidc-provider.d.ts" />
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
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
  /** How many requests each path received (e.g. the JWKS endpoint). */
  hits(pathname: string): number;
  close(): Promise<void>;
}

async function loginFormStep(
  req: IncomingMessage,
  res: ServerResponse,
  provider: Provider,
  accounts: Map<string, TestAccount>,
): Promise<void> {
  if (req.method !== "POST") {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(
      `<!doctype html><html lang="en"><title>Test identity provider</title><main><h1>Test identity provider</h1><form method="post"><label>Email <input name="email" type="email" required></label> <button type="submit">Sign in to the provider</button></form></main></html>`,
    );
    return;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const email = (new URLSearchParams(Buffer.concat(chunks).toString("utf8")).get("email") ?? "")
    .trim()
    .toLowerCase();
  accounts.set(email, { email, emailVerified: true, name: email.split("@")[0] });
  try {
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: email } },
      { mergeWithLastSubmission: false },
    );
  } catch {
    res.statusCode = 500;
    res.end();
  }
}

export async function startLocalOidcProvider(options: {
  redirectUris: string[];
  /** ID token lifetime in seconds (default 3600). */
  idTokenTtl?: number;
  clientId?: string;
  clientSecret?: string;
  /**
   * A browser test's provider: the login step is a small form where any email signs in (as a
   * verified address, `sub` = the email) instead of the account set with `loginAs`.
   */
  loginForm?: boolean;
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
  const hits = new Map<string, number>();
  server.on("request", (req, res) => {
    const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
    hits.set(pathname, (hits.get(pathname) ?? 0) + 1);
    if (req.url?.startsWith("/interaction/") && options.loginForm) {
      void loginFormStep(req, res, provider, accounts);
      return;
    }
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
    hits: (pathname) => hits.get(pathname) ?? 0,
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
