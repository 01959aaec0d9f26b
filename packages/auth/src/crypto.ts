import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

// AES-256-GCM for small secrets at rest (TOTP secrets). The key is derived from the app's
// encryption key with HKDF and a purpose label, so one config secret yields independent keys.
// Format: "v1.<iv>.<tag>.<ciphertext>", each part base64url.

const VERSION = "v1";

export function deriveKey(encryptionKey: string, purpose: string): Buffer {
  if (encryptionKey.length < 32) throw new Error("encryptionKey must be at least 32 characters");
  return Buffer.from(hkdfSync("sha256", encryptionKey, "quartet", purpose, 32));
}

export function encryptSecret(encryptionKey: string, purpose: string, plaintext: Uint8Array): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", deriveKey(encryptionKey, purpose), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [
    VERSION,
    iv.toString("base64url"),
    tag.toString("base64url"),
    ciphertext.toString("base64url"),
  ].join(".");
}

/** Throws if the value was tampered with or encrypted under another key or purpose. */
export function decryptSecret(encryptionKey: string, purpose: string, sealed: string): Uint8Array {
  const [version, iv, tag, ciphertext] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || ciphertext === undefined)
    throw new Error("Unrecognised encrypted value");
  const decipher = createDecipheriv(
    "aes-256-gcm",
    deriveKey(encryptionKey, purpose),
    Buffer.from(iv, "base64url"),
  );
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return new Uint8Array(
    Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]),
  );
}
