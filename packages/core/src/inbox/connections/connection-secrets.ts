import { decryptSecret, encryptSecret } from "@quartet/auth/crypto";
import type { AppConfig } from "../../deps.ts";
import { keyRingOf } from "../../security/key-ring.ts";

// Platform tokens at rest: AES-256-GCM under the key ring's newest key, each value naming its key
// (`<keyId>:<iv>:<ct>:<tag>`), so `security.reencrypt-secrets` can move them after a rotation.
// Nothing but these two functions reads or writes the token columns' plaintext.

/** HKDF purpose of platform connection tokens (access and refresh). */
export const CONNECTION_TOKEN_PURPOSE = "inbox-connection-token";

type KeyConfig = Pick<AppConfig, "encryptionKey" | "previousEncryptionKeys">;

export function sealToken(config: KeyConfig, token: string): string {
  return encryptSecret(keyRingOf(config), CONNECTION_TOKEN_PURPOSE, new TextEncoder().encode(token));
}

/** The token, or null for a wiped one (a disconnected connection stores ""). Throws when tampered. */
export function openToken(config: KeyConfig, sealed: string | null): string | null {
  if (!sealed) return null;
  return new TextDecoder().decode(decryptSecret(keyRingOf(config), CONNECTION_TOKEN_PURPOSE, sealed));
}

/**
 * The credentials providers take, from a connection row. Throws when there is no token (a
 * disconnected connection): callers check the status first.
 */
export function connectionCredentials(
  config: KeyConfig,
  row: { platformUserId: string; accessToken: string; refreshToken: string | null; metadata: unknown },
) {
  const accessToken = openToken(config, row.accessToken);
  if (!accessToken) throw new Error("This connection has no token (disconnected).");
  const meta = (row.metadata ?? {}) as { pageId?: unknown; wabaId?: unknown };
  return {
    accessToken,
    accountId: row.platformUserId,
    refreshToken: openToken(config, row.refreshToken),
    pageId: typeof meta.pageId === "string" ? meta.pageId : null,
    wabaId: typeof meta.wabaId === "string" ? meta.wabaId : null,
  };
}
