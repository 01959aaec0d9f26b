import { decryptSecret, encryptSecret } from "@quartet/auth/crypto";
import type { AppConfig } from "../../deps.ts";
import { keyRingOf } from "../../security/key-ring.ts";

// Publish channel tokens at rest: AES-256-GCM under the key ring's newest key, each value naming its
// key (`<keyId>:<iv>:<ct>:<tag>`), exactly as Inbox seals its connection tokens.

/** HKDF purpose of publish channel tokens (access and refresh). */
export const CHANNEL_TOKEN_PURPOSE = "publish-channel-token";

type KeyConfig = Pick<AppConfig, "encryptionKey" | "previousEncryptionKeys">;

export function sealChannelToken(config: KeyConfig, token: string): string {
  return encryptSecret(keyRingOf(config), CHANNEL_TOKEN_PURPOSE, new TextEncoder().encode(token));
}

/** The token, or null for a wiped one (a disconnected channel stores ""). Throws when tampered. */
export function openChannelToken(config: KeyConfig, sealed: string | null): string | null {
  if (!sealed) return null;
  return new TextDecoder().decode(decryptSecret(keyRingOf(config), CHANNEL_TOKEN_PURPOSE, sealed));
}
