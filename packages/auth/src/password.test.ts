import { describe, expect, it } from "vitest";
import {
  checkPasswordPolicy,
  dummyPasswordHash,
  getCommonPasswords,
  hashPassword,
  isCommonPassword,
  verifyPassword,
  verifyPasswordOrDummy,
} from "./password.ts";

describe("hashPassword / verifyPassword", () => {
  it("produces an argon2id hash with OWASP parameters that verifies only the right password", async () => {
    const hash = await hashPassword("a perfectly fine passphrase");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, "a perfectly fine passphrase")).toBe(true);
    expect(await verifyPassword(hash, "a perfectly fine passphrasE")).toBe(false);
  });

  it("salts: the same password hashes differently each time", async () => {
    expect(await hashPassword("same password here")).not.toBe(await hashPassword("same password here"));
  });

  it("treats a malformed stored hash as a mismatch instead of throwing", async () => {
    expect(await verifyPassword("not-a-hash", "whatever")).toBe(false);
  });

  it("verifyPasswordOrDummy checks a real argon2id hash with the same parameters when there is none", async () => {
    // Equal cost by construction (timing itself is measured by benchmarks, not asserted here).
    expect(await dummyPasswordHash()).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await dummyPasswordHash()).toBe(await dummyPasswordHash());
    expect(await verifyPasswordOrDummy(null, "some password")).toBe(false);
    expect(await verifyPasswordOrDummy(undefined, "")).toBe(false);
    const hash = await hashPassword("some password");
    expect(await verifyPasswordOrDummy(hash, "some password")).toBe(true);
  });
});

describe("common passwords list", () => {
  it("ships a real list of at least 10,000 entries", () => {
    const list = getCommonPasswords();
    expect(list.size).toBeGreaterThanOrEqual(10_000);
    expect([...list].filter((entry) => entry.length < 8)).toEqual([]);
  });

  it("matches case-insensitively", () => {
    expect(isCommonPassword("password1")).toBe(true);
    expect(isCommonPassword("PassWord1")).toBe(true);
    expect(isCommonPassword("iloveyou")).toBe(true);
    expect(isCommonPassword("qwertyuiop")).toBe(true);
    expect(isCommonPassword("violet kettle orbit 42")).toBe(false);
  });
});

describe("checkPasswordPolicy", () => {
  it("enforces length 8–128", () => {
    expect(checkPasswordPolicy("Ab1!xyz")).toMatch(/at least 8/);
    expect(checkPasswordPolicy("x".repeat(129))).toMatch(/at most 128/);
    expect(checkPasswordPolicy("violet kettle orbit 42")).toBeNull();
    expect(checkPasswordPolicy(`Zq${"x".repeat(126)}`)).toBeNull();
  });

  it("refuses common passwords and the account's own email", () => {
    expect(checkPasswordPolicy("12345678")).toMatch(/too common/);
    expect(checkPasswordPolicy("baseball1")).toMatch(/too common/);
    expect(checkPasswordPolicy("Someone@Example.test", { email: "someone@example.test" })).toMatch(/email/);
    expect(checkPasswordPolicy("longlocalpart", { email: "longlocalpart@example.test" })).toMatch(/email/);
  });
});
