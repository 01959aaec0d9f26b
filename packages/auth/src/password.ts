import { readFileSync } from "node:fs";
import { hash, verify } from "@node-rs/argon2";

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

// OWASP's argon2id recommendation (m=19 MiB, t=2, p=1). @node-rs/argon2 defaults to argon2id;
// its Algorithm enum is a const enum that isolatedModules can't read, so the default is relied on
// and a test checks the produced PHC string.
const ARGON2_OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

/** Never throws on a malformed stored hash: it's just not a match. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/** The throwaway hash checked when an account has none: made by hashPassword, so same parameters. */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(`dummy-${crypto.randomUUID()}`);
  return dummyHash;
}

/**
 * Verifies against the stored hash, or against a throwaway hash with the same parameters when
 * there is none (unknown email, OAuth-only account), so both paths cost one argon2 verification
 * and response time doesn't reveal whether an account exists.
 */
export async function verifyPasswordOrDummy(
  passwordHash: string | null | undefined,
  password: string,
): Promise<boolean> {
  if (passwordHash) return verifyPassword(passwordHash, password);
  await verifyPassword(await dummyPasswordHash(), password);
  return false;
}

let commonPasswords: Set<string> | undefined;

/** The shipped list (lower-case), loaded once on first use. */
export function getCommonPasswords(): ReadonlySet<string> {
  if (!commonPasswords) {
    const text = readFileSync(new URL("./data/common-passwords.txt", import.meta.url), "utf8");
    commonPasswords = new Set(text.split("\n").filter((line) => line !== "" && !line.startsWith("#")));
  }
  return commonPasswords;
}

export function isCommonPassword(password: string): boolean {
  return getCommonPasswords().has(password.toLowerCase());
}

/**
 * Returns a sentence a person can act on when the password is not acceptable, else null.
 * `context` lets us refuse a password that is just the account's email.
 */
export function checkPasswordPolicy(password: string, context: { email?: string } = {}): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (password.length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  if (isCommonPassword(password)) return "This password is too common. Choose one that is harder to guess.";
  const email = context.email?.toLowerCase();
  if (email) {
    const local = email.split("@")[0] ?? "";
    const lower = password.toLowerCase();
    if (lower === email || (local.length >= PASSWORD_MIN_LENGTH && lower === local)) {
      return "Your password can't be your email address.";
    }
  }
  return null;
}
