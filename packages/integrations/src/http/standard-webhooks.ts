import { createHmac, randomBytes } from "node:crypto";

// Outgoing webhooks signed per Standard Webhooks (standardwebhooks.com), as Svix and Resend send
// them: `webhook-id` (the same across retries of one message), `webhook-timestamp` (unix seconds)
// and `webhook-signature: v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">` under the secret's
// bytes (the secret is "whsec_" + base64). Receivers verify with any Standard Webhooks library.

export const WEBHOOK_SECRET_PREFIX = "whsec_";

/** A new signing secret: "whsec_" + 24 random bytes in base64. */
export function generateWebhookSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${randomBytes(24).toString("base64")}`;
}

function secretBytes(secret: string): Buffer {
  const raw = secret.startsWith(WEBHOOK_SECRET_PREFIX) ? secret.slice(WEBHOOK_SECRET_PREFIX.length) : secret;
  return Buffer.from(raw, "base64");
}

export interface StandardWebhookHeaders {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
}

/** The three headers of one signed message (`body` exactly as sent). */
export function signStandardWebhook(
  secret: string,
  messageId: string,
  at: Date,
  body: string,
): StandardWebhookHeaders {
  const timestamp = Math.floor(at.getTime() / 1000).toString();
  const signature = createHmac("sha256", secretBytes(secret))
    .update(`${messageId}.${timestamp}.${body}`)
    .digest("base64");
  return { "webhook-id": messageId, "webhook-timestamp": timestamp, "webhook-signature": `v1,${signature}` };
}
