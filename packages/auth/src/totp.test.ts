import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { describe, expect, it } from "vitest";
import {
  encodeTotpKey,
  generateRecoveryCodes,
  generateTotpCode,
  generateTotpKey,
  hashRecoveryCode,
  totpQrDataUrl,
  totpUri,
  verifyTotpCode,
} from "./totp.ts";

describe("TOTP", () => {
  const key = generateTotpKey();
  const now = new Date("2026-11-25T12:00:10Z");

  it("accepts the current code and one step of drift, not older ones", () => {
    const code = generateTotpCode(key, now);
    expect(code).toMatch(/^\d{6}$/);
    expect(verifyTotpCode(key, code, now)).toBe(true);
    expect(verifyTotpCode(key, code, new Date(now.getTime() + 30_000))).toBe(true);
    expect(verifyTotpCode(key, code, new Date(now.getTime() + 90_000))).toBe(false);
    expect(verifyTotpCode(generateTotpKey(), code, now)).toBe(false);
    expect(verifyTotpCode(key, "abcdef", now)).toBe(false);
  });

  it("matches RFC 6238's SHA-1 test vector", () => {
    const rfcKey = new TextEncoder().encode("12345678901234567890");
    // RFC 6238 Appendix B: T = 59 s → 94287082 (8 digits); the 6-digit code is its last 6.
    expect(generateTotpCode(rfcKey, new Date(59_000))).toBe("287082");
    expect(generateTotpCode(rfcKey, new Date(1111111109_000))).toBe("081804");
  });

  it("builds an otpauth URL with the base32 secret and a PNG QR data URL", async () => {
    const uri = totpUri("Quartet", "ana@example.test", key);
    expect(uri).toMatch(/^otpauth:\/\/totp\/Quartet:ana%40example\.test\?/);
    const params = new URL(uri).searchParams;
    expect(params.get("secret")).toBe(encodeTotpKey(key));
    expect(decodeBase32IgnorePadding(params.get("secret")!)).toEqual(key);
    expect(params.get("digits")).toBe("6");
    expect(params.get("period")).toBe("30");
    const qr = await totpQrDataUrl(uri);
    expect(qr).toMatch(/^data:image\/png;base64,/);
    expect(Buffer.from(qr.split(",")[1]!, "base64").subarray(1, 4).toString()).toBe("PNG");
  });
});

describe("recovery codes", () => {
  it("generates 10 distinct codes and hashes them ignoring case, spaces and dashes", () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
    const code = codes[0]!;
    expect(hashRecoveryCode(code)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRecoveryCode(code.toUpperCase().replace("-", " "))).toBe(hashRecoveryCode(code));
    expect(hashRecoveryCode(codes[1]!)).not.toBe(hashRecoveryCode(code));
  });
});
