import { createHmac, timingSafeEqual } from "node:crypto";

// Standard Webhooks (https://www.standardwebhooks.com), as Resend and Svix send them:
//   webhook-id, webhook-timestamp (Unix seconds), webhook-signature: "v1,<base64 HMAC-SHA256>"
//   (several, space-separated, during a secret rotation) over `${id}.${timestamp}.${raw body}`,
//   keyed with the base64 part of the "whsec_…" secret. No npm package for it is on this
//   registry, so this is the spec in 30 lines, checked against a signature the spec's own test
//   vector produces (standard-webhooks.test.ts).

export const WEBHOOK_TOLERANCE_SECONDS = 5 * 60;

export type WebhookVerifyResult =
  | { ok: true; id: string; timestamp: Date }
  | { ok: false; reason: "MISSING_HEADERS" | "BAD_TIMESTAMP" | "STALE" | "BAD_SIGNATURE" };

function secretKey(secret: string): Buffer {
  const base64 = secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret;
  return Buffer.from(base64, "base64");
}

/** `v1,<base64>` for a payload: what a sender puts in webhook-signature (tests sign with it). */
export function signStandardWebhook(
  secret: string,
  id: string,
  timestampSeconds: number,
  body: string,
): string {
  const mac = createHmac("sha256", secretKey(secret))
    .update(`${id}.${timestampSeconds}.${body}`)
    .digest("base64");
  return `v1,${mac}`;
}

/** Verifies the three headers against the raw body, within ±5 minutes of `now`. */
export function verifyStandardWebhook(
  secret: string,
  headers: { id?: string; timestamp?: string; signature?: string },
  rawBody: string,
  now: Date,
): WebhookVerifyResult {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature) return { ok: false, reason: "MISSING_HEADERS" };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: "BAD_TIMESTAMP" };
  const seconds = Number(timestamp);
  if (Math.abs(now.getTime() / 1000 - seconds) > WEBHOOK_TOLERANCE_SECONDS)
    return { ok: false, reason: "STALE" };
  const expected = Buffer.from(signStandardWebhook(secret, id, seconds, rawBody).slice(3), "base64");
  for (const candidate of signature.split(" ")) {
    const [version, value] = candidate.split(",", 2);
    if (version !== "v1" || !value) continue;
    const given = Buffer.from(value, "base64");
    if (given.length === expected.length && timingSafeEqual(given, expected))
      return { ok: true, id, timestamp: new Date(seconds * 1000) };
  }
  return { ok: false, reason: "BAD_SIGNATURE" };
}
