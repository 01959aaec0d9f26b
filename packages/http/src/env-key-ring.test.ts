import { decryptSecret, encryptSecret, keyIdOf } from "@quartet/auth/crypto";
import { keyRingOf } from "@quartet/core/security/key-ring";
import { describe, expect, it } from "vitest";
import { parseServerEnv } from "./env.ts";

// The key ring from the environment: QUARTET_ENCRYPTION_KEY is the newest key (it encrypts),
// QUARTET_ENCRYPTION_KEYS_PREVIOUS the ones it replaced (they still decrypt).

const base = { DATABASE_URL: "postgresql://u:p@127.0.0.1:5432/quartet" };
const NEW = "new-key-0123456789abcdef0123456789abcdef";
const OLD = "old-key-0123456789abcdef0123456789abcdef";
const OLDER = "older-key-0123456789abcdef0123456789abcd";

describe("server env: the key ring", () => {
  it("newest key encrypts, previous keys (comma or space separated, newest first) decrypt", () => {
    const parsed = parseServerEnv({
      ...base,
      QUARTET_ENCRYPTION_KEY: NEW,
      QUARTET_ENCRYPTION_KEYS_PREVIOUS: ` ${OLD}, ${OLDER} `,
    });
    if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
    expect(parsed.env.previousEncryptionKeys).toEqual([OLD, OLDER]);
    const ring = keyRingOf({
      encryptionKey: parsed.env.encryptionKey,
      previousEncryptionKeys: parsed.env.previousEncryptionKeys,
    });
    expect(ring.primary.id).toBe(keyIdOf(NEW));
    const underOld = encryptSecret(OLDER, "p", new TextEncoder().encode("secret"));
    expect(new TextDecoder().decode(decryptSecret(ring, "p", underOld))).toBe("secret");
    expect(encryptSecret(ring, "p", new TextEncoder().encode("x")).startsWith(`${keyIdOf(NEW)}:`)).toBe(true);
  });

  it("a short previous key stops the boot, naming its position and never the key", () => {
    const parsed = parseServerEnv({
      ...base,
      QUARTET_ENCRYPTION_KEY: NEW,
      QUARTET_ENCRYPTION_KEYS_PREVIOUS: `${OLD},short`,
    });
    expect(parsed.ok).toBe(false);
    const problems = parsed.ok ? [] : parsed.problems;
    expect(problems.join("\n")).toContain("QUARTET_ENCRYPTION_KEYS_PREVIOUS #2");
    expect(problems.join("\n")).not.toContain("short");
  });

  it("unset or blank: no previous keys", () => {
    const parsed = parseServerEnv({
      ...base,
      QUARTET_ENCRYPTION_KEY: NEW,
      QUARTET_ENCRYPTION_KEYS_PREVIOUS: "",
    });
    expect(parsed.ok && parsed.env.previousEncryptionKeys).toEqual([]);
  });
});
