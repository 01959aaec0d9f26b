import { createPost } from "@quartet/core/publish/posts/post.service";
import { publishWorkspace } from "@quartet/core/publish/publish-test-fixtures";
import { makeTestDeps } from "@quartet/core/testing/deps";
import { createTestDatabase, type TestDatabase } from "@quartet/db/testing/test-db";
import { publishPostJob, publishRecoverJob } from "@quartet/jobs/definitions";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryLogger, startSender, testConfig, waitFor } from "./test-helpers.ts";
import { type RunningWorker, startWorker } from "./worker.ts";

// The publisher in real workers: two worker processes' worth of pg-boss fetch loops on one
// database, a burst of posts due now on three sandbox channels; every (post, channel) goes out
// exactly once, and the lag from its time to PUBLISHED is measured.

let t: TestDatabase;
let workers: RunningWorker[] = [];
let sender: PgBoss;

beforeAll(async () => {
  t = await createTestDatabase();
  const start = () =>
    startWorker({
      databaseUrl: t.url,
      config: testConfig,
      log: memoryLogger(),
      pollingIntervalSeconds: 0.5,
      jobs: [publishPostJob, publishRecoverJob],
    });
  workers = [await start(), await start()];
  sender = await startSender(t.url);
});

afterAll(async () => {
  await sender?.stop({ graceful: false });
  for (const w of workers) await w.stop();
  await t?.drop();
});

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;

describe("publish.post in two workers", () => {
  it("20 posts × 3 channels due now: 60 publications, each published once, none doubled", async () => {
    const deps = makeTestDeps(t.db, sender, { config: testConfig });
    const ws = await publishWorkspace(t.db, deps, {
      plan: "BUSINESS",
      emulate: ["x", "mastodon", "bluesky"],
    });
    const channels = ws.channels.map((c) => ({ channelId: c.id }));
    const created = Date.now();
    for (let i = 0; i < 20; i++) {
      deps.clock.set(Date.now());
      await createPost(deps, ws.who, {
        orgId: ws.org.id,
        channels,
        content: `Burst post #${i}`,
        publishAt: null,
      });
    }
    await waitFor(
      async () =>
        (await t.db.postPublication.count({ where: { organizationId: ws.org.id, state: "PUBLISHED" } })) ===
        60,
      30_000,
      "60 publications",
    );
    const pubs = await t.db.postPublication.findMany({
      where: { organizationId: ws.org.id },
      select: { state: true, scheduledAt: true, publishedAt: true, attempts: true },
    });
    expect(pubs.every((p) => p.state === "PUBLISHED" && p.attempts === 1)).toBe(true);
    const posted = await t.db.sandboxPost.groupBy({
      by: ["idempotencyKey"],
      where: { organizationId: ws.org.id },
      _count: true,
    });
    expect(posted).toHaveLength(60);
    expect(posted.every((g) => g._count === 1)).toBe(true);
    const lags = pubs
      .map((p) => (p.publishedAt as Date).getTime() - p.scheduledAt.getTime())
      .sort((a, b) => a - b);
    console.log(
      `publish lag over 60 publications, 2 workers: p50 ${percentile(lags, 50)} ms, p99 ${percentile(lags, 99)} ms (burst written in ${Date.now() - created} ms)`,
    );
    expect(percentile(lags, 99)).toBeLessThan(10_000);
  });
});
