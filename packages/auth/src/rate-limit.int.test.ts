import { createDb, type Db } from "@quartet/db/client";
import { createTestDatabase, type TestDatabase } from "@quartet/db/testing/test-db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clearRateLimit, hitRateLimit, hitRateLimits } from "./rate-limit.ts";

let t: TestDatabase;
let other: Db;

beforeAll(async () => {
  t = await createTestDatabase();
  // A second client on its own pool: stands in for another web process.
  other = createDb(t.url, { max: 5 });
});
afterAll(async () => {
  await other.$disconnect();
  await t.drop();
});

const now = new Date("2026-11-25T10:00:00Z");

describe("hitRateLimit", () => {
  it("allows up to the limit in a window, then refuses with the time left", async () => {
    const rule = { key: "test:basic", limit: 3, windowSeconds: 60 };
    for (let i = 1; i <= 3; i++) {
      expect(await hitRateLimit(t.db, rule, new Date(now.getTime() + i * 1000))).toEqual({
        allowed: true,
        retryAfterSeconds: 0,
        count: i,
      });
    }
    const refused = await hitRateLimit(t.db, rule, new Date(now.getTime() + 10_000));
    expect(refused.allowed).toBe(false);
    expect(refused.count).toBe(4);
    // Window started at +1 s and lasts 60 s: 51 s left at +10 s.
    expect(refused.retryAfterSeconds).toBe(51);
  });

  it("starts a new window once the old one has expired", async () => {
    const rule = { key: "test:window", limit: 1, windowSeconds: 60 };
    expect((await hitRateLimit(t.db, rule, now)).allowed).toBe(true);
    expect((await hitRateLimit(t.db, rule, new Date(now.getTime() + 59_000))).allowed).toBe(false);
    const fresh = await hitRateLimit(t.db, rule, new Date(now.getTime() + 60_000));
    expect(fresh).toEqual({ allowed: true, retryAfterSeconds: 0, count: 1 });
    const row = await t.db.rateLimitCounter.findUniqueOrThrow({ where: { key: "test:window" } });
    expect(row.windowStart.toISOString()).toBe(new Date(now.getTime() + 60_000).toISOString());
  });

  it("holds across two separate database clients hitting at the same time", async () => {
    const rule = { key: "test:concurrent", limit: 10, windowSeconds: 900 };
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => hitRateLimit(i % 2 === 0 ? t.db : other, rule, now)),
    );
    const counts = results.map((r) => r.count).sort((a, b) => a - b);
    // Every hit got its own count: no lost updates between the two clients.
    expect(counts).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
    const row = await other.rateLimitCounter.findUniqueOrThrow({ where: { key: rule.key } });
    expect(row.count).toBe(30);
  });

  it("hitRateLimits refuses when any rule is over and clearRateLimit forgets a key", async () => {
    const tight = { key: "test:multi:tight", limit: 1, windowSeconds: 60 };
    const loose = { key: "test:multi:loose", limit: 100, windowSeconds: 3600 };
    expect((await hitRateLimits(t.db, [tight, loose], now)).allowed).toBe(true);
    const second = await hitRateLimits(t.db, [tight, loose], now);
    expect(second.allowed).toBe(false);
    expect(second.retryAfterSeconds).toBe(60);
    await clearRateLimit(t.db, tight.key);
    expect((await hitRateLimits(t.db, [tight, loose], now)).allowed).toBe(true);
    expect((await t.db.rateLimitCounter.findUniqueOrThrow({ where: { key: loose.key } })).count).toBe(3);
  });
});
