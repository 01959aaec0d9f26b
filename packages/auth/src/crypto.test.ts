import { createCipheriv, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  createKeyRing,
  decryptSecret,
  deriveKey,
  encryptSecret,
  keyIdOf,
  keyRingFromEnv,
  needsReencrypt,
  parsePreviousKeys,
  reencryptSecret,
  sealedKeyId,
} from "./crypto.ts";

const KEY = "test-key-0123456789abcdef0123456789abcdef";
const OLD_KEY = "old-key-0123456789abcdef0123456789abcdef!";
const OLDER_KEY = "older-key-0123456789abcdef0123456789abcdef";

/** Exactly what encryptSecret wrote before the key ring: "v1.<iv>.<tag>.<ct>". */
function legacySeal(key: string, purpose: string, plaintext: Uint8Array): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", deriveKey(key, purpose), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return [
    "v1",
    iv.toString("base64url"),
    cipher.getAuthTag().toString("base64url"),
    ciphertext.toString("base64url"),
  ].join(".");
}

describe("encryptSecret / decryptSecret (AES-256-GCM)", () => {
  const secret = new TextEncoder().encode("totp secret bytes!!!");

  it("round-trips, with a fresh IV each time, the key id in front, and no plaintext in the output", () => {
    const a = encryptSecret(KEY, "totp-secret", secret);
    const b = encryptSecret(KEY, "totp-secret", secret);
    expect(a).not.toBe(b);
    expect(a.split(":")[1]).not.toBe(b.split(":")[1]);
    expect(a).toMatch(/^k[0-9a-f]{8}:[\w-]+:[\w-]+:[\w-]+$/);
    expect(a.startsWith(`${keyIdOf(KEY)}:`)).toBe(true);
    expect(a).not.toContain(Buffer.from(secret).toString("base64url"));
    expect(decryptSecret(KEY, "totp-secret", a)).toEqual(secret);
    expect(a.length).toBeLessThan(255);
  });

  it("fails on another key, another purpose, or a tampered value", () => {
    const sealed = encryptSecret(KEY, "totp-secret", secret);
    expect(() => decryptSecret(`${KEY}x`, "totp-secret", sealed)).toThrow(/not in the key ring/);
    expect(() => decryptSecret(KEY, "other-purpose", sealed)).toThrow();
    const parts = sealed.split(":");
    const ct = Buffer.from(parts[2]!, "base64url");
    ct[0] = ct[0]! ^ 1;
    parts[2] = ct.toString("base64url");
    expect(() => decryptSecret(KEY, "totp-secret", parts.join(":"))).toThrow();
    // A value claiming to be under the current key but sealed by another one.
    const foreign = encryptSecret(OLD_KEY, "totp-secret", secret).split(":");
    foreign[0] = keyIdOf(KEY);
    expect(() => decryptSecret(KEY, "totp-secret", foreign.join(":"))).toThrow();
    expect(() => decryptSecret(KEY, "totp-secret", "garbage")).toThrow(/Unrecognised/);
  });

  it("refuses a short key", () => {
    expect(() => encryptSecret("short", "totp-secret", secret)).toThrow(/32/);
  });
});

describe("values written before the key ring (v1.<iv>.<tag>.<ct>)", () => {
  const plaintext = new TextEncoder().encode("EAAG-page-token-😀");

  it("still decrypt with the key that wrote them, alone or as the primary of a ring", () => {
    const legacy = legacySeal(KEY, "inbox-token", plaintext);
    expect(decryptSecret(KEY, "inbox-token", legacy)).toEqual(plaintext);
    expect(decryptSecret(createKeyRing(KEY, [OLD_KEY]), "inbox-token", legacy)).toEqual(plaintext);
    expect(sealedKeyId(legacy)).toBeNull();
  });

  it("decrypt after a rotation moved their key to the previous keys", () => {
    const legacy = legacySeal(OLD_KEY, "inbox-token", plaintext);
    const ring = createKeyRing(KEY, [OLD_KEY]);
    expect(decryptSecret(ring, "inbox-token", legacy)).toEqual(plaintext);
    expect(() => decryptSecret(KEY, "inbox-token", legacy)).toThrow();
  });

  it("always need a re-encryption, which moves them to the primary key's format", () => {
    const ring = createKeyRing(KEY, [OLD_KEY]);
    const legacy = legacySeal(OLD_KEY, "inbox-token", plaintext);
    expect(needsReencrypt(ring, legacy)).toBe(true);
    const fresh = reencryptSecret(ring, "inbox-token", legacy);
    expect(fresh).not.toBeNull();
    expect(sealedKeyId(fresh!)).toBe(ring.primary.id);
    expect(needsReencrypt(ring, fresh!)).toBe(false);
    expect(decryptSecret(KEY, "inbox-token", fresh!)).toEqual(plaintext);
  });
});

describe("key ring rotation", () => {
  const token = new TextEncoder().encode("long-lived token");

  it("the newest key encrypts, any key in the ring decrypts", () => {
    const before = encryptSecret(OLD_KEY, "inbox-token", token);
    const evenOlder = encryptSecret(OLDER_KEY, "inbox-token", token);
    const ring = createKeyRing(KEY, [OLD_KEY, OLDER_KEY]);
    expect(ring.keys.map((k) => k.id)).toEqual([keyIdOf(KEY), keyIdOf(OLD_KEY), keyIdOf(OLDER_KEY)]);
    expect(decryptSecret(ring, "inbox-token", before)).toEqual(token);
    expect(decryptSecret(ring, "inbox-token", evenOlder)).toEqual(token);
    const after = encryptSecret(ring, "inbox-token", token);
    expect(sealedKeyId(after)).toBe(keyIdOf(KEY));
    // The old key alone cannot read what the new key wrote.
    expect(() => decryptSecret(OLD_KEY, "inbox-token", after)).toThrow(/not in the key ring/);
  });

  it("needsReencrypt finds values under an old key; reencryptSecret leaves current ones alone", () => {
    const ring = createKeyRing(KEY, [OLD_KEY]);
    const old = encryptSecret(OLD_KEY, "inbox-token", token);
    const current = encryptSecret(ring, "inbox-token", token);
    expect(needsReencrypt(ring, old)).toBe(true);
    expect(needsReencrypt(ring, current)).toBe(false);
    expect(reencryptSecret(ring, "inbox-token", current)).toBeNull();
    const rewritten = reencryptSecret(ring, "inbox-token", old)!;
    expect(needsReencrypt(ring, rewritten)).toBe(false);
    expect(decryptSecret(KEY, "inbox-token", rewritten)).toEqual(token);
    // Dropping the old key after the job ran loses nothing.
    expect(decryptSecret(createKeyRing(KEY), "inbox-token", rewritten)).toEqual(token);
  });

  it("builds the ring from the environment's shape, ignoring blanks and a repeated current key", () => {
    expect(parsePreviousKeys(undefined)).toEqual([]);
    expect(parsePreviousKeys("  ")).toEqual([]);
    expect(parsePreviousKeys(` ${OLD_KEY} ,\n${OLDER_KEY},`)).toEqual([OLD_KEY, OLDER_KEY]);
    expect(() => parsePreviousKeys(`${OLD_KEY},tooshort`)).toThrow(/#2 must be at least 32/);
    const ring = keyRingFromEnv(KEY, `${KEY},${OLD_KEY}`);
    expect(ring.primary.id).toBe(keyIdOf(KEY));
    expect(ring.keys).toHaveLength(2);
  });

  it("key ids are stable per key and differ between keys", () => {
    expect(keyIdOf(KEY)).toBe(keyIdOf(KEY));
    expect(keyIdOf(KEY)).not.toBe(keyIdOf(OLD_KEY));
    expect(keyIdOf(KEY)).toMatch(/^k[0-9a-f]{8}$/);
  });
});
