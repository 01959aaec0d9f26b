import { generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOAuthProviders, OAuthExchangeError } from "./oauth-providers.ts";

// The ID token's signature is checked against the provider's published keys: a minimal issuer
// (discovery, JWKS, token endpoint) answers with an ID token signed by the key it publishes, or by
// another key, and the JWKS is fetched once for several sign-ins.

const published = generateKeyPairSync("rsa", { modulusLength: 2048 });
const other = generateKeyPairSync("rsa", { modulusLength: 2048 });
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

let server: Server;
let issuer: string;
let signWith: KeyObject = published.privateKey;
let nonce = "";
let jwksHits = 0;

function idToken(): string {
  const now = Math.floor(Date.now() / 1000);
  const header = b64({ alg: "RS256", kid: "k1", typ: "JWT" });
  const payload = b64({
    iss: issuer,
    aud: "client",
    sub: "user-1",
    iat: now,
    exp: now + 60,
    nonce,
    email: "ada@example.com",
    email_verified: true,
  });
  const signature = sign("sha256", Buffer.from(`${header}.${payload}`), signWith).toString("base64url");
  return `${header}.${payload}.${signature}`;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    res.setHeader("content-type", "application/json");
    if (path === "/.well-known/openid-configuration") {
      res.end(
        JSON.stringify({
          issuer,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `${issuer}/token`,
          jwks_uri: `${issuer}/jwks`,
          response_types_supported: ["code"],
          id_token_signing_alg_values_supported: ["RS256"],
          subject_types_supported: ["public"],
        }),
      );
    } else if (path === "/jwks") {
      jwksHits++;
      const jwk = published.publicKey.export({ format: "jwk" });
      res.end(JSON.stringify({ keys: [{ ...jwk, kid: "k1", alg: "RS256", use: "sig" }] }));
    } else if (path === "/token") {
      res.end(
        JSON.stringify({ access_token: "at", token_type: "Bearer", expires_in: 60, id_token: idToken() }),
      );
    } else {
      res.statusCode = 404;
      res.end("{}");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function signIn(): Promise<unknown> {
  const client = createOAuthProviders({
    oidc: {
      issuerUrl: issuer,
      clientId: "client",
      clientSecret: "secret",
      name: "Test",
      allowInsecure: true,
    },
  }).get("oidc");
  if (!client) throw new Error("no oidc client");
  const redirect = "http://localhost:3000/auth/oauth/oidc/callback";
  const { checks } = await client.createAuthorization(redirect);
  nonce = checks.nonce ?? "";
  const callback = new URL(`${redirect}?code=abc&state=${checks.state}&iss=${encodeURIComponent(issuer)}`);
  return client.exchange(redirect, callback, checks, new Date());
}

describe("OpenID Connect ID-token signature", () => {
  it("accepts a token signed with a published key and fetches the keys once per process", async () => {
    // One provider client per process: reuse it across sign-ins.
    const client = createOAuthProviders({
      oidc: {
        issuerUrl: issuer,
        clientId: "client",
        clientSecret: "secret",
        name: "Test",
        allowInsecure: true,
      },
    }).get("oidc");
    if (!client) throw new Error("no oidc client");
    const redirect = "http://localhost:3000/auth/oauth/oidc/callback";
    jwksHits = 0;
    for (let i = 0; i < 3; i++) {
      const { checks } = await client.createAuthorization(redirect);
      nonce = checks.nonce ?? "";
      const callback = new URL(
        `${redirect}?code=c${i}&state=${checks.state}&iss=${encodeURIComponent(issuer)}`,
      );
      const profile = await client.exchange(redirect, callback, checks, new Date());
      expect(profile).toMatchObject({
        providerUserId: "user-1",
        email: "ada@example.com",
        emailVerified: true,
      });
    }
    expect(jwksHits).toBe(1);
  });

  it("refuses a token signed with a key the provider does not publish", async () => {
    signWith = other.privateKey;
    try {
      await expect(signIn()).rejects.toBeInstanceOf(OAuthExchangeError);
    } finally {
      signWith = published.privateKey;
    }
  });
});
