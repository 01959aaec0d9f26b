import { decryptSecret, encryptSecret } from "@quartet/auth/crypto";
import type { AppConfig } from "../../deps.ts";
import { keyRingOf } from "../../security/key-ring.ts";

// Webhook signing secrets at rest, sealed with the key ring like channel tokens.

export const WEBHOOK_SECRET_PURPOSE = "publish-webhook-secret";

type KeyConfig = Pick<AppConfig, "encryptionKey" | "previousEncryptionKeys">;

export const sealWebhookSecret = (config: KeyConfig, secret: string) =>
  encryptSecret(keyRingOf(config), WEBHOOK_SECRET_PURPOSE, new TextEncoder().encode(secret));

export function openWebhookSecret(config: KeyConfig, sealed: string | null): string | null {
  if (!sealed) return null;
  return new TextDecoder().decode(decryptSecret(keyRingOf(config), WEBHOOK_SECRET_PURPOSE, sealed));
}
