import { describe, expect, it } from "vitest";
import { EnvError, parseWorkerEnv } from "./env.ts";

const base = { DATABASE_URL: "postgresql://u:p@127.0.0.1:5432/quartet" };

describe("worker env", () => {
  it("captures mail when no SMTP host is set, with sensible defaults", () => {
    const env = parseWorkerEnv(base);
    expect(env.smtp).toBeNull();
    expect(env).toMatchObject({
      production: false,
      webUrl: "http://localhost:3000",
      adminUrl: "http://localhost:3001",
      mailFrom: "Quartet <no-reply@quartet.local>",
      concurrency: 5,
    });
    expect(env.encryptionKey.length).toBeGreaterThanOrEqual(32);
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
