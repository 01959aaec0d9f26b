import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { resolveEncryptionKey } from "@quartet/core/identity/encryption-key";
import { afterAll, describe, expect, it } from "vitest";
import { EnvError, parseWorkerEnv } from "./env.ts";

const secretsDir = mkdtempSync(path.join(tmpdir(), "quartet-worker-env-"));
afterAll(() => rmSync(secretsDir, { recursive: true, force: true }));
const secretsFile = path.join(secretsDir, "secrets.json");
const base = { DATABASE_URL: "postgresql://u:p@127.0.0.1:5432/quartet", QUARTET_SECRETS_FILE: secretsFile };

describe("worker env", () => {
  it("captures mail when no SMTP host is set, with sensible defaults", () => {
    const env = parseWorkerEnv(base);
    expect(env.smtp).toBeNull();
    expect(env).toMatchObject({
      production: false,
      webUrl: "http://localhost:3000",
      adminUrl: "http://localhost:3001",
      mailFrom: "Quartet <no-reply@quartet.local>",
      concurrency: 2,
      batchSize: 100,
    });
    expect(env.encryptionKey.length).toBeGreaterThanOrEqual(32);
  });

  it("without QUARTET_ENCRYPTION_KEY, uses the same generated key as the web and admin servers", () => {
    const env = parseWorkerEnv(base);
    // The one shared resolution: whoever starts first generates it, the others read it.
    const shared = resolveEncryptionKey({ explicit: undefined, production: false, secretsFile });
    expect(shared).toMatchObject({ ok: true, source: "file", created: false });
    expect(shared.ok && shared.key).toBe(env.encryptionKey);
    expect(env.encryptionKeyFromFile).toBe(true);
    const other = parseWorkerEnv({ ...base, QUARTET_SECRETS_FILE: path.join(secretsDir, "other.json") });
    expect(other.encryptionKey).not.toBe(env.encryptionKey);
    const explicit = parseWorkerEnv({ ...base, QUARTET_ENCRYPTION_KEY: "e".repeat(32) });
    expect([explicit.encryptionKey, explicit.encryptionKeyFromFile]).toEqual(["e".repeat(32), false]);
  });

  it("uses SMTP when SMTP_HOST is set, inferring TLS from the port", () => {
    expect(parseWorkerEnv({ ...base, SMTP_HOST: "mailpit", SMTP_PORT: "1025" }).smtp).toEqual({
      host: "mailpit",
      port: 1025,
      secure: false,
    });
    expect(
      parseWorkerEnv({
        ...base,
        SMTP_HOST: "smtp.example.com",
        SMTP_PORT: "465",
        SMTP_USER: "u",
        SMTP_PASS: "p",
      }).smtp,
    ).toEqual({
      host: "smtp.example.com",
      port: 465,
      secure: true,
      user: "u",
      pass: "p",
    });
    expect(parseWorkerEnv({ ...base, SMTP_HOST: "h", SMTP_SECURE: "true" }).smtp).toMatchObject({
      port: 465,
      secure: true,
    });
    expect(parseWorkerEnv({ ...base, SMTP_HOST: "h" }).smtp).toMatchObject({ port: 587, secure: false });
  });

  it("fails with one readable line per problem", () => {
    let error: unknown;
    try {
      parseWorkerEnv({ WEB_URL: "not a url", WORKER_CONCURRENCY: "0", SMTP_PORT: "x" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvError);
    const problems = (error as EnvError).problems;
    expect(problems.some((p) => p.startsWith("DATABASE_URL:"))).toBe(true);
    expect(problems.some((p) => p.startsWith("WEB_URL:"))).toBe(true);
    expect(problems.some((p) => p.startsWith("WORKER_CONCURRENCY:"))).toBe(true);
    expect(problems.some((p) => p.startsWith("SMTP_PORT:"))).toBe(true);
    expect((error as EnvError).message).toMatch(/^Invalid worker environment:\n {2}- /);
  });

  it("rejects a non-postgres DATABASE_URL and production without an encryption key", () => {
    expect(() => parseWorkerEnv({ DATABASE_URL: "mysql://x" })).toThrow(
      /DATABASE_URL must be a postgresql:\/\/ URL/,
    );
    expect(() => parseWorkerEnv({ ...base, NODE_ENV: "production" })).toThrow(
      /QUARTET_ENCRYPTION_KEY: required in production/,
    );
    expect(() => parseWorkerEnv({ ...base, SMTP_USER: "u", SMTP_HOST: "h" })).toThrow(/SMTP_PASS/);
  });
});
