import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret } from "./crypto.ts";

const KEY = "test-key-0123456789abcdef0123456789abcdef";

describe("encryptSecret / decryptSecret (AES-256-GCM)", () => {
  const secret = new TextEncoder().encode("totp secret bytes!!!");

  it("round-trips, with a fresh IV each time and no plaintext in the output", () => {
    const a = encryptSecret(KEY, "totp-secret", secret);
    const b = encryptSecret(KEY, "totp-secret", secret);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1\./);
    expect(a).not.toContain(Buffer.from(secret).toString("base64url"));
    expect(decryptSecret(KEY, "totp-secret", a)).toEqual(secret);
    expect(a.length).toBeLessThan(255);
  });

  it("fails on another key, another purpose, or a tampered value", () => {
    const sealed = encryptSecret(KEY, "totp-secret", secret);
    expect(() => decryptSecret(`${KEY}x`, "totp-secret", sealed)).toThrow();
    expect(() => decryptSecret(KEY, "other-purpose", sealed)).toThrow();
    const parts = sealed.split(".");
    const ct = Buffer.from(parts[3]!, "base64url");
    ct[0] = ct[0]! ^ 1;
    parts[3] = ct.toString("base64url");
    expect(() => decryptSecret(KEY, "totp-secret", parts.join("."))).toThrow();
  });

  it("refuses a short key", () => {
    expect(() => encryptSecret("short", "totp-secret", secret)).toThrow(/32/);
  });
});
