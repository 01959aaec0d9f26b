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

/** Checks both headers; constant-time comparison of the MAC. */
export function verifyInboundEmailSignature(input: {
  secret: string;
  timestamp: string | undefined;
  signature: string | undefined;
  body: Buffer;
  now: Date;
}): InboundSignatureCheck {
  if (!input.timestamp || !/^\d{1,12}$/.test(input.timestamp))
    return { ok: false, reason: "missing or malformed timestamp" };
  const skew = Math.abs(Math.floor(input.now.getTime() / 1000) - Number(input.timestamp));
  if (skew > INBOUND_TOLERANCE_SECONDS) return { ok: false, reason: "timestamp outside the tolerance" };
  if (!input.signature) return { ok: false, reason: "missing signature" };
  const expected = Buffer.from(signInboundEmail(input.secret, input.timestamp, input.body));
  const given = Buffer.from(input.signature.trim());
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: "signature mismatch" };
  return { ok: true };
}

/**
 * The development secret when INBOUND_EMAIL_SECRET is unset: derived from the encryption key so a
 * dev server and the `pnpm mail:inbound` script agree without configuration (never in production).
 */
export function devInboundEmailSecret(encryptionKey: string): string {
  return createHmac("sha256", encryptionKey).update("quartet:inbound-email-secret:v1").digest("hex");
}
