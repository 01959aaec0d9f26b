import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

// Local stand-ins for Google's and GitHub's token and user endpoints (one server, their paths), as
// strict as the real ones where it matters: the code is single-use, bound to its client, redirect
// URI and PKCE challenge. `authorize` plays the person approving at the provider.

export interface FakeProfile {
  id: string;
  email: string;
  emailVerified: boolean;
  name?: string;
}

interface IssuedCode {
  profile: FakeProfile;
  clientId: string;
  redirectUri: string;
  challenge: string | null;
  used: boolean;
}

export interface FakeOAuthProviders {
  baseUrl: string;
  /** Approves the authorization request at `authorizationUrl` as `profile`: the app's callback URL. */
  authorize(authorizationUrl: string, profile: FakeProfile): URL;
  close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

export async function startFakeOAuthProviders(clients: Record<string, string>): Promise<FakeOAuthProviders> {
  const codes = new Map<string, IssuedCode>();
  const tokens = new Map<string, FakeProfile>();
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(value));
    };
    if (
      req.method === "POST" &&
      (url.pathname === "/token" || url.pathname === "/login/oauth/access_token")
    ) {
      const form = await body(req);
      // Client authentication: HTTP Basic (arctic's default) or in the body.
      const basic = req.headers.authorization?.startsWith("Basic ")
        ? Buffer.from(req.headers.authorization.slice(6), "base64").toString().split(":")
        : [form.get("client_id"), form.get("client_secret")];
      const [clientId, secret] = basic.map((v) => (v ? decodeURIComponent(v) : v));
      if (!clientId || clients[clientId] !== secret) return json(401, { error: "invalid_client" });
      const issued = codes.get(form.get("code") ?? "");
      const verifier = form.get("code_verifier");
      const challengeOk =
        !issued?.challenge ||
        (verifier !== null && createHash("sha256").update(verifier).digest("base64url") === issued.challenge);
      if (
        !issued ||
        issued.used ||
        issued.clientId !== clientId ||
        issued.redirectUri !== form.get("redirect_uri") ||
        !challengeOk
      ) {
        if (issued) issued.used = true;
        return json(400, { error: "invalid_grant", error_description: "Bad or reused code." });
      }
      issued.used = true;
      const accessToken = randomBytes(16).toString("hex");
      tokens.set(accessToken, issued.profile);
      return json(200, {
        access_token: accessToken,
        token_type: "Bearer",
        expires_in: 3600,
        scope: "openid email profile",
      });
    }
    const profile = tokens.get(req.headers.authorization?.replace(/^Bearer /, "") ?? "");
    if (req.method === "GET" && url.pathname === "/v1/userinfo") {
      if (!profile) return json(401, { error: "invalid_token" });
      return json(200, {
        sub: profile.id,
        email: profile.email,
        email_verified: profile.emailVerified,
        name: profile.name,
      });
    }
    if (req.method === "GET" && url.pathname === "/user") {
      if (!profile) return json(401, { message: "Bad credentials" });
      return json(200, {
        id: Number(profile.id),
        login: profile.email.split("@")[0],
        name: profile.name ?? null,
        avatar_url: null,
      });
    }
    if (req.method === "GET" && url.pathname === "/user/emails") {
      if (!profile) return json(401, { message: "Bad credentials" });
      return json(200, [{ email: profile.email, primary: true, verified: profile.emailVerified }]);
    }
    json(404, { error: "not_found" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    authorize(authorizationUrl, profile) {
      const request = new URL(authorizationUrl);
      const redirectUri = request.searchParams.get("redirect_uri") ?? "";
      const code = randomBytes(12).toString("hex");
      codes.set(code, {
        profile,
        clientId: request.searchParams.get("client_id") ?? "",
        redirectUri,
        challenge: request.searchParams.get("code_challenge"),
        used: false,
      });
      const callback = new URL(redirectUri);
      callback.searchParams.set("code", code);
      callback.searchParams.set("state", request.searchParams.get("state") ?? "");
      return callback;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
