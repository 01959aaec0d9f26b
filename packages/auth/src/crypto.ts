import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";

// AES-256-GCM for small secrets at rest (TOTP secrets, OAuth flow cookies, Inbox channel tokens).
// The AES key is derived from an app encryption key with HKDF and a purpose label, so one config
// secret yields independent keys per use.
//
// Key ring: the app key can be rotated. A ring holds the newest key (which encrypts) and older keys
// (which still decrypt). Every value names the key that sealed it:
//   "<keyId>:<iv>:<ciphertext>:<tag>"  (each part base64url; a fresh 12-byte IV per value)
// The key id is a fingerprint of the key itself ("k" + 8 hex of an HMAC), so operators never number
// keys by hand and one key always has one id. Values written before the ring, "v1.<iv>.<tag>.<ct>",
// carry no id: they are tried against every key in the ring and always count as needing a
// re-encryption. A job finds values under an old key with needsReencrypt and rewrites them with
// reencryptSecret.

const LEGACY_VERSION = "v1";
const KEY_ID_PATTERN = /^k[0-9a-f]{8}$/;
export const ENCRYPTION_KEY_MIN_LENGTH = 32;

export interface RingKey {
  /** Fingerprint of the secret ("k" + 8 hex), stored in front of every value it seals. */
  readonly id: string;
  readonly secret: string;
}

export interface KeyRing {
  /** Encrypts every new value. */
  readonly primary: RingKey;
  /** Every key that may decrypt, the primary first. */
  readonly keys: readonly RingKey[];
}

/** A plain key string (today's callers) is a ring of one. */
export type EncryptionKeys = string | KeyRing;

function checkLength(secret: string, label = "encryptionKey"): void {
  if (secret.length < ENCRYPTION_KEY_MIN_LENGTH)
    throw new Error(`${label} must be at least ${ENCRYPTION_KEY_MIN_LENGTH} characters`);
}

export function deriveKey(encryptionKey: string, purpose: string): Buffer {
  checkLength(encryptionKey);
  return Buffer.from(hkdfSync("sha256", encryptionKey, "quartet", purpose, 32));
}

/** The id a key's values carry. A keyed hash: it names the key without revealing anything of it. */
export function keyIdOf(secret: string): string {
  checkLength(secret);
  return `k${createHmac("sha256", secret).update("quartet encryption key id").digest("hex").slice(0, 8)}`;
}

/** The ring from the newest key plus older ones (duplicates of a newer key are dropped). */
export function createKeyRing(current: string, previous: readonly string[] = []): KeyRing {
  const keys: RingKey[] = [];
  for (const [index, secret] of [current, ...previous].entries()) {
    checkLength(secret, index === 0 ? "encryptionKey" : `previous encryption key #${index}`);
    const id = keyIdOf(secret);
    const same = keys.find((k) => k.id === id);
    if (same && same.secret === secret) continue;
    // Two different keys with one 32-bit fingerprint: astronomically unlikely, but never guess.
    if (same) throw new Error(`Encryption keys #${keys.indexOf(same)} and #${index} share the id ${id}`);
    keys.push({ id, secret });
  }
  return { primary: keys[0] as RingKey, keys };
}

/**
 * Older keys as configured (QUARTET_ENCRYPTION_KEYS_PREVIOUS): comma- or whitespace-separated,
 * newest first. Blank means none. Throws (naming the position, never the key) on a short key.
 */
export function parsePreviousKeys(value: string | undefined | null): string[] {
  const keys = (value ?? "")
    .split(/[\s,]+/)
    .map((k) => k.trim())
    .filter(Boolean);
  for (const [i, k] of keys.entries()) checkLength(k, `QUARTET_ENCRYPTION_KEYS_PREVIOUS #${i + 1}`);
  return keys;
}

/** The ring from the environment's shape: the newest key and the previous-keys variable. */
export function keyRingFromEnv(current: string, previousKeysVariable: string | undefined | null): KeyRing {
  return createKeyRing(current, parsePreviousKeys(previousKeysVariable));
}

export function asKeyRing(keys: EncryptionKeys): KeyRing {
  return typeof keys === "string" ? createKeyRing(keys) : keys;
}

export function encryptSecret(keys: EncryptionKeys, purpose: string, plaintext: Uint8Array): string {
  const { primary } = asKeyRing(keys);
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", deriveKey(primary.secret, purpose), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [
    primary.id,
    iv.toString("base64url"),
    ciphertext.toString("base64url"),
    tag.toString("base64url"),
  ].join(":");
}

interface SealedParts {
  /** null: the legacy format, sealed before key ids existed. */
  keyId: string | null;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

function parseSealed(sealed: string): SealedParts {
  if (sealed.includes(":")) {
    const [keyId, iv, ciphertext, tag, ...rest] = sealed.split(":");
    if (keyId && KEY_ID_PATTERN.test(keyId) && iv && tag && ciphertext !== undefined && rest.length === 0)
      return {
        keyId,
        iv: Buffer.from(iv, "base64url"),
        tag: Buffer.from(tag, "base64url"),
        ciphertext: Buffer.from(ciphertext, "base64url"),
      };
  } else {
    const [version, iv, tag, ciphertext, ...rest] = sealed.split(".");
    if (version === LEGACY_VERSION && iv && tag && ciphertext !== undefined && rest.length === 0)
      return {
        keyId: null,
        iv: Buffer.from(iv, "base64url"),
        tag: Buffer.from(tag, "base64url"),
        ciphertext: Buffer.from(ciphertext, "base64url"),
      };
  }
  throw new Error("Unrecognised encrypted value");
}

function open(secret: string, purpose: string, parts: SealedParts): Uint8Array {
  const decipher = createDecipheriv("aes-256-gcm", deriveKey(secret, purpose), parts.iv);
  decipher.setAuthTag(parts.tag);
  return new Uint8Array(Buffer.concat([decipher.update(parts.ciphertext), decipher.final()]));
}

/**
 * Throws if the value was tampered with, sealed for another purpose, or under a key that is not in
 * the ring.
 */
export function decryptSecret(keys: EncryptionKeys, purpose: string, sealed: string): Uint8Array {
  const ring = asKeyRing(keys);
  const parts = parseSealed(sealed);
  if (parts.keyId !== null) {
    const key = ring.keys.find((k) => k.id === parts.keyId);
    if (!key) throw new Error(`Encrypted under key ${parts.keyId}, which is not in the key ring`);
    return open(key.secret, purpose, parts);
  }
  // Legacy value: the GCM tag tells which key sealed it.
  for (const key of ring.keys) {
    try {
      return open(key.secret, purpose, parts);
    } catch {
      // not this key
    }
  }
  throw new Error("Unsupported state or unable to authenticate data");
}

/** True when the value is not sealed by the ring's primary key (legacy format or an older key). */
export function needsReencrypt(keys: EncryptionKeys, sealed: string): boolean {
  const keyId = parseSealed(sealed).keyId;
  return keyId === null || keyId !== asKeyRing(keys).primary.id;
}

/** The value sealed again under the primary key, or null when it already is. */
export function reencryptSecret(keys: EncryptionKeys, purpose: string, sealed: string): string | null {
  const ring = asKeyRing(keys);
  if (!needsReencrypt(ring, sealed)) return null;
  return encryptSecret(ring, purpose, decryptSecret(ring, purpose, sealed));
}

/** The key id a value names (null for the legacy format). Throws on a value that is not sealed. */
export function sealedKeyId(sealed: string): string | null {
  return parseSealed(sealed).keyId;
}
