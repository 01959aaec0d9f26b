import { createHmac, timingSafeEqual } from "node:crypto";

// The inbound mail relay authenticates each posted message with an HMAC over the timestamp and the
// raw bytes (the Stripe/Slack scheme): `X-Quartet-Signature: sha256=<hex>` of "<unix seconds>.<body>".
// A stale timestamp is refused so a captured request can't be replayed later.

export const INBOUND_SIGNATURE_HEADER = "x-quartet-signature";
export const INBOUND_TIMESTAMP_HEADER = "x-quartet-timestamp";
/** How far the relay's clock may be from ours, either way. */
export const INBOUND_TOLERANCE_SECONDS = 300;

/** `sha256=<hex>` for a body posted at `timestamp` (unix seconds). */
export function signInboundEmail(secret: string, timestamp: number | string, body: Buffer): string {
  const mac = createHmac("sha256", secret).update(`${timestamp}.`).update(body).digest("hex");
  return `sha256=${mac}`;
}

export type InboundSignatureCheck = { ok: true } | { ok: false; reason: string };

const SIGNATURE_FORMAT = /^sha256=[0-9a-f]{64}$/;

/**
 * What can be checked before reading the body: a well-formed, fresh timestamp and a well-formed
 * signature. The HTTP hook refuses a request that fails here without reading its body.
 */
export function checkInboundSignatureHeaders(input: {
  timestamp: string | undefined;
  signature: string | undefined;
  now: Date;
}): InboundSignatureCheck {
  if (!input.timestamp || !/^\d{1,12}$/.test(input.timestamp))
    return { ok: false, reason: "missing or malformed timestamp" };
  const skew = Math.abs(Math.floor(input.now.getTime() / 1000) - Number(input.timestamp));
  if (skew > INBOUND_TOLERANCE_SECONDS) return { ok: false, reason: "timestamp outside the tolerance" };
  if (!input.signature) return { ok: false, reason: "missing signature" };
  if (!SIGNATURE_FORMAT.test(input.signature.trim().toLowerCase()))
    return { ok: false, reason: "malformed signature" };
  return { ok: true };
}

/**
 * The MAC of a body that arrives in chunks: `update` each chunk as it streams in, then `matches`
 * compares (in constant time) with the signature header once the body has ended.
 */
export function createInboundMac(secret: string, timestamp: string) {
  const hmac = createHmac("sha256", secret).update(`${timestamp}.`);
  return {
    update(chunk: Buffer) {
      hmac.update(chunk);
    },
    matches(signature: string): boolean {
      const expected = Buffer.from(`sha256=${hmac.digest("hex")}`);
      const given = Buffer.from(signature.trim().toLowerCase());
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}

/** Checks both headers and the MAC of a body already in memory (constant-time comparison). */
export function verifyInboundEmailSignature(input: {
  secret: string;
  timestamp: string | undefined;
  signature: string | undefined;
  body: Buffer;
  now: Date;
}): InboundSignatureCheck {
  const headers = checkInboundSignatureHeaders(input);
  if (!headers.ok || !input.timestamp || !input.signature) return headers;
  const mac = createInboundMac(input.secret, input.timestamp);
  mac.update(input.body);
  return mac.matches(input.signature) ? { ok: true } : { ok: false, reason: "signature mismatch" };
}

/**
 * The development secret when INBOUND_EMAIL_SECRET is unset: derived from the encryption key so a
 * dev server and the `pnpm mail:inbound` script agree without configuration (never in production).
 */
export function devInboundEmailSecret(encryptionKey: string): string {
  return createHmac("sha256", encryptionKey).update("quartet:inbound-email-secret:v1").digest("hex");
}
