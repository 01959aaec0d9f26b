import { createKeyRing, type KeyRing, parsePreviousKeys } from "@quartet/auth/crypto";
import type { AppConfig } from "../deps.ts";

// The app's key ring: the newest key (QUARTET_ENCRYPTION_KEY) encrypts, every configured key
// decrypts. Built once per config object (deriving the key ids costs an HMAC per key).

const rings = new WeakMap<object, KeyRing>();

export function keyRingOf(config: Pick<AppConfig, "encryptionKey" | "previousEncryptionKeys">): KeyRing {
  let ring = rings.get(config);
  if (!ring) {
    ring = createKeyRing(config.encryptionKey, config.previousEncryptionKeys ?? []);
    rings.set(config, ring);
  }
  return ring;
}

/** QUARTET_ENCRYPTION_KEYS_PREVIOUS's parser, for apps that don't depend on @quartet/auth. */
export { parsePreviousKeys };
