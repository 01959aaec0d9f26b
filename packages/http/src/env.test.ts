import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { devInboundEmailSecret } from "@quartet/core/desk/mail/email-inbound.signature";
import { afterAll, describe, expect, it } from "vitest";
import { parseServerEnv } from "./env.ts";

const dir = mkdtempSync(path.join(tmpdir(), "quartet-env-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const base = { DATABASE_URL: "postgresql://u:p@127.0.0.1:5432/quartet" };

describe("server env: the encryption key", () => {
  it("without QUARTET_ENCRYPTION_KEY, uses the install's generated key (never one from the source)", () => {
    const a = parseServerEnv({ ...base, QUARTET_SECRETS_FILE: path.join(dir, "a.json") });
    const b = parseServerEnv({ ...base, QUARTET_SECRETS_FILE: path.join(dir, "b.json") });
    if (!a.ok || !b.ok) throw new Error("env should parse");
    // Two installs, two keys: nothing an attacker could read in the code.
    expect(a.env.encryptionKey).not.toBe(b.env.encryptionKey);
    expect(a.env.encryptionKey).toBe(
      JSON.parse(readFileSync(path.join(dir, "a.json"), "utf8")).encryptionKey,
    );
    // The dev inbound-mail secret (and the ticket-link HMAC) follow the install's key.
    expect(devInboundEmailSecret(a.env.encryptionKey)).not.toBe(devInboundEmailSecret(b.env.encryptionKey));
    expect(a.env.encryptionKeyGenerated).toBe(true);
    expect(a.env.encryptionKeySource).toContain(path.join(dir, "a.json"));

    // The next start (or the admin server) reads the same key.
    const again = parseServerEnv({ ...base, QUARTET_SECRETS_FILE: path.join(dir, "a.json") });
    expect(again.ok && again.env.encryptionKey).toBe(a.env.encryptionKey);
    expect(again.ok && again.env.encryptionKeyGenerated).toBe(false);
  });

  it("uses an explicit key, and refuses production without one", () => {
    const key = "0123456789abcdef0123456789abcdef";
    const explicit = parseServerEnv({ ...base, QUARTET_ENCRYPTION_KEY: key, NODE_ENV: "production" });
    expect(explicit.ok && explicit.env.encryptionKey).toBe(key);

    const production = parseServerEnv({
      ...base,
      NODE_ENV: "production",
      QUARTET_SECRETS_FILE: path.join(dir, "prod.json"),
    });
    expect(production).toEqual({
      ok: false,
      problems: ["QUARTET_ENCRYPTION_KEY: required in production (32+ characters)"],
    });
    expect(() => readFileSync(path.join(dir, "prod.json"))).toThrow();
  });

  it("lists every problem, one line per variable", () => {
    const result = parseServerEnv({ DATABASE_URL: "nope", QUARTET_ENCRYPTION_KEY: "short" });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems.some((p) => p.startsWith("DATABASE_URL:"))).toBe(true);
      expect(result.problems.some((p) => p.startsWith("QUARTET_ENCRYPTION_KEY:"))).toBe(true);
    }
  });
});
