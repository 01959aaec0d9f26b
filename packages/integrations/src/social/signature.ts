import { createHmac, timingSafeEqual } from "node:crypto";
import type { WebhookHeaders } from "./types.ts";

// Webhook signatures, always over the RAW body bytes as received (never re-serialised JSON: a
// parser's round trip changes escapes like "\u00e9" or emoji and breaks the HMAC).
//
// Meta (WhatsApp, Messenger, Instagram): `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(body, app secret)>`
//   https://developers.facebook.com/docs/graph-api/webhooks/getting-started#validate-payloads
// TikTok: `TikTok-Signature: t=<unix seconds>,s=<hex HMAC-SHA256("<t>." + body, client secret)>`,
//   refused when t is further than the tolerance from now (replays).
//   https://developers.tiktok.com/doc/webhooks-verification

export const META_SIGNATURE_HEADER = "x-hub-signature-256";
export const TIKTOK_SIGNATURE_HEADER = "tiktok-signature";
/** How far a TikTok signature's timestamp may be from our clock. */
export const TIKTOK_SIGNATURE_TOLERANCE_SECONDS = 300;

export function headerValue(headers: WebhookHeaders, name: string): string | null {
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== lower) continue;
    const first = Array.isArray(value) ? value[0] : value;
    return typeof first === "string" ? first : null;
  }
  return null;
}

function hmacHex(secret: string, ...parts: (Buffer | string)[]): string {
  const mac = createHmac("sha256", secret);
  for (const part of parts) mac.update(part);
  return mac.digest("hex");
}

/** Constant-time comparison of two hex digests (false on any length or format mismatch). */
function sameHex(expected: string, received: string): boolean {
  if (!/^[0-9a-f]+$/i.test(received) || received.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(expected, "hex"), Buffer.from(received.toLowerCase(), "hex"));
}

export function verifyMetaSignature(rawBody: Buffer, headers: WebhookHeaders, appSecret: string): boolean {
  if (!appSecret) return false;
  const header = headerValue(headers, META_SIGNATURE_HEADER)?.trim();
  if (!header?.startsWith("sha256=")) return false;
  return sameHex(hmacHex(appSecret, rawBody), header.slice("sha256=".length));
}

/** The header value Meta would send for `body` (tests and the fake server). */
export function signMetaPayload(body: Buffer | string, appSecret: string): string {
  return `sha256=${hmacHex(appSecret, typeof body === "string" ? Buffer.from(body, "utf8") : body)}`;
}

export function verifyTikTokSignature(
  rawBody: Buffer,
  headers: WebhookHeaders,
  clientSecret: string,
  options: { now?: Date; toleranceSeconds?: number } = {},
): boolean {
  if (!clientSecret) return false;
  const header = headerValue(headers, TIKTOK_SIGNATURE_HEADER);
  if (!header) return false;
  let timestamp: string | null = null;
  const signatures: string[] = [];
  for (const element of header.split(",")) {
    const at = element.indexOf("=");
    if (at === -1) continue;
    const prefix = element.slice(0, at).trim();
    const value = element.slice(at + 1).trim();
    if (prefix === "t") timestamp = value;
    else if (prefix === "s") signatures.push(value);
  }
  if (!timestamp || !/^\d{1,12}$/.test(timestamp) || signatures.length === 0) return false;
  const expected = hmacHex(clientSecret, `${timestamp}.`, rawBody);
  if (!signatures.some((s) => sameHex(expected, s))) return false;
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const tolerance = options.toleranceSeconds ?? TIKTOK_SIGNATURE_TOLERANCE_SECONDS;
  return Math.abs(now - Number(timestamp)) <= tolerance;
}

/** The header value TikTok would send for `body` at `timestamp` (tests and the fake server). */
export function signTikTokPayload(
  body: Buffer | string,
  clientSecret: string,
  timestamp: Date = new Date(),
): string {
  const t = String(Math.floor(timestamp.getTime() / 1000));
  return `t=${t},s=${hmacHex(clientSecret, `${t}.`, typeof body === "string" ? Buffer.from(body, "utf8") : body)}`;
}

/** Meta's GET handshake: `hub.mode=subscribe`, our verify token → the challenge to echo. */
export function metaHandshake(
  query: URLSearchParams | Record<string, unknown>,
  verifyToken: string,
): string | null {
  const get = (key: string): string | null => {
    if (query instanceof URLSearchParams) return query.get(key);
    const value = query[key];
    const first = Array.isArray(value) ? value[0] : value;
    return typeof first === "string" ? first : null;
  };
  const mode = get("hub.mode");
  const token = get("hub.verify_token");
  const challenge = get("hub.challenge");
  if (mode !== "subscribe" || !token || !challenge || !verifyToken) return null;
  const a = Buffer.from(token, "utf8");
  const b = Buffer.from(verifyToken, "utf8");
  if (a.length !== b.length || !timingSafeEqual(a, b)) return null;
  // Echoed back as text/plain; keep it to what Meta sends (digits), never arbitrary markup.
  return /^[\w.-]{1,200}$/.test(challenge) ? challenge : null;
}
