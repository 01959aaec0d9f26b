import { createTestDatabase, type TestDatabase } from "@quartet/db/testing/test-db";
import { defineJob } from "@quartet/jobs/job-definition";
import { ensureQueues } from "@quartet/jobs/queue";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { memoryLogger, startSender, testConfig, waitFor } from "./test-helpers.ts";
import { startWorker } from "./worker.ts";

// The worker is not polling-bound: a queue whose fetch comes back full fetches again at once
// (burst), with several loops per queue, so a backlog drains at the speed of the database rather
// than at batchSize jobs per polling interval. With the old settings (batchSize 5, one loop, a
// 1 s poll, no burst) the 1,000 jobs below took 200 s; the bound here is 40 s.

let t: TestDatabase;
let sender: PgBoss;

beforeAll(async () => {
  t = await createTestDatabase();
  sender = await startSender(t.url);
});

afterAll(async () => {
  await sender?.stop({ graceful: false });
  await t?.drop();
});

const trivial = (name: string, notify = false) =>
  defineJob({
    name,
    schema: z.object({ i: z.number().int() }),
    queue: { retryLimit: 0, retryDelay: 0, retryBackoff: false, expireInSeconds: 60, notify },
  });

describe("worker throughput", () => {
  it("drains a 1,000-job backlog far faster than one batch per poll, counting per queue instead of logging per job", async () => {
    const def = trivial("test.trivial");
    await ensureQueues(sender, [def]);
    const JOBS = 1000;
    await sender.insert(
      def.name,
      Array.from({ length: JOBS }, (_, i) => ({ data: { i } })),
    );
    const ran = new Set<number>();
    const log = memoryLogger();
    const started = Date.now();
    const worker = await startWorker({
      databaseUrl: t.url,
      config: testConfig,
      log,
      jobs: [def],
      handlers: { [def.name]: async (payload) => ran.add((payload as { i: number }).i) },
      schedule: false,
      statsIntervalMs: 250,
    });
    try {
      await waitFor(async () => ran.size === JOBS, 40_000, "1,000 jobs");
      const seconds = (Date.now() - started) / 1000;
      // 1,000 jobs at the old 5 jobs per 1 s poll: 200 s.
      expect(seconds).toBeLessThan(40);
      await waitFor(
        async () => {
          const [row] = await t.db.$queryRawUnsafe<{ n: bigint }[]>(
            `SELECT count(*) AS n FROM pgboss.job WHERE name = $1 AND state = 'completed'`,
            def.name,
          );
          return Number(row?.n) === JOBS;
        },
        10_000,
        "all settled",
      );
      expect(worker.stats()[def.name]).toEqual({ done: JOBS, failed: 0, deadLettered: 0 });
      // The periodic summary adds up to every job; per-job lines are debug only.
      await waitFor(
        async () =>
          log.lines
            .filter(
              (l) => l.msg === "jobs since last summary" && (l.obj as { queue?: string }).queue === def.name,
            )
            .reduce((sum, l) => sum + (l.obj as { done: number }).done, 0) === JOBS,
        5_000,
        "summary lines",
      );
      expect(log.lines.filter((l) => l.msg === "job done").every((l) => l.level === "debug")).toBe(true);
      expect(log.lines.filter((l) => l.msg === "job done")).toHaveLength(JOBS);
    } finally {
      await worker.stop();
    }
  });

  it("a notify queue picks a new job up at once, without waiting for its next poll", async () => {
    const def = trivial("test.urgent", true);
    const ranAt = new Map<number, number>();
    const worker = await startWorker({
      databaseUrl: t.url,
      config: testConfig,
      log: memoryLogger(),
      jobs: [def],
      handlers: { [def.name]: async (payload) => ranAt.set((payload as { i: number }).i, Date.now()) },
      schedule: false,
      // Both polls a minute apart: only the NOTIFY can bring a job in within seconds.
      pollingIntervalSeconds: 60,
      notifyPollingIntervalSeconds: 60,
    });
    try {
      // The sender's pg-boss learns the queue is notify-enabled from the queue the worker created.
      expect((await sender.getQueue(def.name))?.notify).toBe(true);
      await new Promise((r) => setTimeout(r, 1000)); // past the loops' first (empty) fetch
      for (let i = 0; i < 3; i++) {
        const sentAt = Date.now();
        await sender.send(def.name, { i });
        await waitFor(async () => ranAt.has(i), 10_000, `job ${i}`);
        expect((ranAt.get(i) ?? 0) - sentAt).toBeLessThan(10_000);
      }
    } finally {
      await worker.stop();
    }
  });
});
