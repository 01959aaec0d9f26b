import { createTestDatabase, type TestDatabase } from "@quartet/db/testing/test-db";
import { deskAutomationScanJob, emailSendJob } from "@quartet/jobs/definitions";
import { enqueue } from "@quartet/jobs/queue";
import { findSamples, parseExposition } from "@quartet/observability/exposition";
import { JOB_META_KEY } from "@quartet/observability/job-meta";
import { runWithContext } from "@quartet/observability/request-context";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryLogger, startSender, testConfig, waitFor } from "./test-helpers.ts";
import { type RunningWorker, startWorker } from "./worker.ts";

// The worker's ops port (/healthz, /readyz, /metrics) and the request id carried into jobs.

let t: TestDatabase;
let worker: RunningWorker;
let sender: PgBoss;
let base: string;
const log = memoryLogger();
const TOKEN = "worker-metrics-token-0123";
// Fails at once and for good (no retries): one failed run, then the dead-letter queue.
const failingEmailJob = { ...emailSendJob, queue: { ...emailSendJob.queue, retryLimit: 0, retryDelay: 0 } };

beforeAll(async () => {
  t = await createTestDatabase();
  worker = await startWorker({
    databaseUrl: t.url,
    config: testConfig,
    log,
    pollingIntervalSeconds: 0.5,
    schedule: false,
    jobs: [deskAutomationScanJob, failingEmailJob],
    handlers: {
      [emailSendJob.name]: async () => {
        throw new Error("relay refused");
      },
    },
    ops: { port: 0, host: "127.0.0.1", metricsToken: TOKEN },
  });
  base = `http://127.0.0.1:${worker.opsPort}`;
  sender = await startSender(t.url);
});

afterAll(async () => {
  await sender?.stop({ graceful: false });
  await worker?.stop();
  await t?.drop();
});

const metrics = async () => {
  const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  return parseExposition(await res.text());
};

describe("worker observability", () => {
  it("answers /healthz and /readyz on its port, and /metrics only with the token", async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: "ok",
      database: "ok",
      migrations: { upToDate: true },
    });
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
  });

  it("carries the enqueuing request's id into every log line of the job's handler", async () => {
    const reqId = "req-worker-4b1d";
    await runWithContext({ reqId }, () => enqueue(sender, t.db, deskAutomationScanJob, {}));
    const [job] = await t.db.$queryRawUnsafe<{ id: string; data: Record<string, unknown> }[]>(
      `SELECT id, data FROM pgboss.job WHERE name = $1`,
      deskAutomationScanJob.name,
    );
    expect(job?.data[JOB_META_KEY]).toEqual({ reqId });

    // The handler's own line (core's automation scan logs through the worker's logger) and the
    // worker's "job done" line both name the request and the job.
    const handlerLine = await waitFor(
      async () => log.lines.find((l) => l.msg === "automation scan done"),
      20_000,
      "the handler's log line",
    );
    expect(handlerLine.obj).toMatchObject({ reqId, job: deskAutomationScanJob.name, jobId: job!.id });
    const doneLine = await waitFor(async () =>
      log.lines.find((l) => l.msg === "job done" && (l.obj as { jobId?: string }).jobId === job!.id),
    );
    expect(doneLine.obj).toMatchObject({ reqId, job: deskAutomationScanJob.name });
  });

  it("a job enqueued outside any request is logged under its own id", async () => {
    await enqueue(sender, t.db, deskAutomationScanJob, {});
    const lines = await waitFor(async () => {
      const found = log.lines.filter((l) => l.msg === "automation scan done");
      return found.length >= 2 ? found : null;
    });
    const line = lines[1]!.obj as { reqId: string; jobId: string };
    expect(line.reqId).toBe(`job:${line.jobId}`);
  });

  it("counts jobs and their duration per queue and outcome, and reports queue depth and age", async () => {
    await enqueue(sender, t.db, failingEmailJob, { emailLogId: crypto.randomUUID() });
    await waitFor(async () => log.lines.find((l) => l.msg === "job failed for good"));
    // A job waiting in a queue nobody works: depth 1 and an age.
    await sender.send(`${emailSendJob.name}.dead`, { probe: true });
    await new Promise((r) => setTimeout(r, 1100));

    const samples = await metrics();
    const one = (name: string, labels: Record<string, string>) => {
      const found = findSamples(samples, name, labels);
      expect(found, `${name} ${JSON.stringify(labels)}`).toHaveLength(1);
      return found[0]!.value;
    };
    expect(
      one("quartet_jobs_total", { queue: "desk.automation-scan", outcome: "completed", app: "worker" }),
    ).toBe(2);
    expect(one("quartet_jobs_total", { queue: "email.send", outcome: "failed" })).toBe(1);
    expect(
      one("quartet_job_duration_seconds_count", { queue: "desk.automation-scan", outcome: "completed" }),
    ).toBe(2);
    expect(one("quartet_queue_jobs", { queue: "email.send.dead", state: "created" })).toBeGreaterThanOrEqual(
      1,
    );
    expect(one("quartet_queue_oldest_job_age_seconds", { queue: "email.send.dead" })).toBeGreaterThan(0.5);
    expect(one("quartet_queue_jobs", { queue: "desk.automation-scan", state: "created" })).toBe(0);
    expect(one("quartet_db_pool_connections", { pool: "pgboss", state: "max" })).toBeGreaterThan(0);
    expect(one("quartet_db_pool_connections", { pool: "prisma", state: "max" })).toBe(10);
    expect(findSamples(samples, "nodejs_eventloop_lag_seconds")).toHaveLength(1);
  });
});
