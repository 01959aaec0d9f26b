import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeBase32NoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { createTOTPKeyURI, generateHOTP, verifyHOTP } from "@oslojs/otp";
import QRCode from "qrcode";

// RFC 6238 TOTP (SHA-1, 30 s, 6 digits: what every authenticator app supports). The counter is
// computed from the caller's clock so services and tests share one notion of "now".

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
export const RECOVERY_CODE_COUNT = 10;

export function generateTotpKey(): Uint8Array {
  const key = new Uint8Array(20);
  crypto.getRandomValues(key);
  return key;
}

/** The secret as people type it into an authenticator app by hand. */
export function encodeTotpKey(key: Uint8Array): string {
  return encodeBase32NoPadding(key);
}

export function totpUri(issuer: string, accountName: string, key: Uint8Array): string {
  return createTOTPKeyURI(issuer, accountName, key, TOTP_PERIOD_SECONDS, TOTP_DIGITS);
}

export function totpQrDataUrl(uri: string): Promise<string> {
  return QRCode.toDataURL(uri, { errorCorrectionLevel: "M", margin: 1, width: 240 });
}

function counterAt(now: Date): bigint {
  return BigInt(Math.floor(now.getTime() / (TOTP_PERIOD_SECONDS * 1000)));
}

export function generateTotpCode(key: Uint8Array, now: Date): string {
  return generateHOTP(key, counterAt(now), TOTP_DIGITS);
}

/** Accepts the current code and one step either side, for clock drift between phone and server. */
export function verifyTotpCode(key: Uint8Array, code: string, now: Date, driftSteps = 1): boolean {
  const normalized = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(normalized)) return false;
  const current = counterAt(now);
  for (let step = -driftSteps; step <= driftSteps; step++) {
    if (verifyHOTP(key, current + BigInt(step), TOTP_DIGITS, normalized)) return true;
  }
  return false;
}

/** Ten codes like "k3x9q-7m2pd" (50 random bits each); only their hashes are stored. */
export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const bytes = new Uint8Array(7);
    crypto.getRandomValues(bytes);
    const text = encodeBase32LowerCaseNoPadding(bytes).slice(0, 10);
    return `${text.slice(0, 5)}-${text.slice(5)}`;
  });
}

/** Case, spaces and dashes don't matter when a person types a code back. */
export function normalizeRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, "");
}

export function hashRecoveryCode(code: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(normalizeRecoveryCode(code))));
}

export function looksLikeTotpCode(code: string): boolean {
  return /^\d{6}$/.test(code.replace(/\s+/g, ""));
}
