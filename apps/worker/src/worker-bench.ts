import { availableParallelism } from "node:os";
import { defineJob, type JobDefinition } from "@quartet/jobs/job-definition";
import { createBoss, ensureQueues } from "@quartet/jobs/queue";
import { PgBoss } from "pg-boss";
import { z } from "zod";
import { silentLogger } from "./logger.ts";
import { startWorker } from "./worker.ts";

// `pnpm bench:worker` (tooling/scripts/worker-bench.ts starts the database and calls this): trivial
// jobs through the project's job layer (startWorker: definitions, zod payloads, per-job results,
// counters) against bare pg-boss with the same fetch settings, in interleaved rounds on one database.

export interface WorkerBenchOptions {
  databaseUrl: string;
  /** Jobs per throughput round. */
  jobs: number;
  rounds: number;
  /** Jobs sent one by one (at `latencyRate` per second) for the pickup-latency measure. */
  latencyJobs: number;
  latencyRate: number;
  batchSize: number;
  concurrency: number;
  print: (line: string) => void;
  /**
   * CPU milliseconds used so far by the database server (all its processes), when the caller can
   * read them: with it, the bench also reports CPU per job (node + Postgres), which a busy machine
   * distorts far less than wall-clock throughput.
   */
  databaseCpuMs?: () => number;
}

interface SideResult {
  jobsPerSecond: number[];
  /** CPU ms per 1,000 jobs: this process, and the database (when measurable). */
  nodeCpuPerK: number[];
  dbCpuPerK: number[];
  pickupMs: number[];
}

export interface WorkerBenchResult {
  layer: SideResult;
  bare: SideResult;
}

const payloadSchema = z.object({ i: z.number().int(), sentAt: z.number().optional() });

function benchJob(name: string): JobDefinition {
  return defineJob({
    name,
    schema: payloadSchema,
    queue: { retryLimit: 0, retryDelay: 0, retryBackoff: false, expireInSeconds: 60, notify: true },
  });
}

/** What a consumer reports: when each job ran and, for latency jobs, how long it waited. */
class Probe {
  count = 0;
  firstAt = 0;
  lastAt = 0;
  pickups: number[] = [];
  private waiters: { n: number; resolve: () => void }[] = [];
  seen(data: { sentAt?: number }) {
    const now = performance.timeOrigin + performance.now();
    if (this.count === 0) this.firstAt = now;
    this.count++;
    this.lastAt = now;
    if (data.sentAt !== undefined) this.pickups.push(now - data.sentAt);
    for (const w of this.waiters.filter((w) => this.count >= w.n)) w.resolve();
    this.waiters = this.waiters.filter((w) => this.count < w.n);
  }
  reached(n: number, timeoutMs: number): Promise<void> {
    if (this.count >= n) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`only ${this.count} of ${n} jobs ran in ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiters.push({
        n,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }
}

interface Consumer {
  probe: Probe;
  stop: () => Promise<void>;
}

async function startLayer(opts: WorkerBenchOptions, def: JobDefinition): Promise<Consumer> {
  const probe = new Probe();
  const worker = await startWorker({
    databaseUrl: opts.databaseUrl,
    config: {
      webUrl: "http://localhost:3000",
      adminUrl: "http://localhost:3001",
      encryptionKey: "bench-encryption-key-0123456789abcdef",
      mailFrom: "bench@quartet.local",
      inboundEmailDomain: "inbound.quartet.local",
      production: false,
      allowPrivateWebhookTargets: false,
    },
    log: silentLogger,
    jobs: [def],
    handlers: { [def.name]: async (payload) => probe.seen(payload as { sentAt?: number }) },
    schedule: false,
    batchSize: opts.batchSize,
    concurrency: opts.concurrency,
    statsIntervalMs: 3_600_000,
  });
  return { probe, stop: () => worker.stop() };
}

async function startBare(opts: WorkerBenchOptions, def: JobDefinition): Promise<Consumer> {
  const probe = new Probe();
  // The same pool size, LISTEN and fetch settings as the layer uses.
  const boss = new PgBoss({
    connectionString: opts.databaseUrl,
    schema: "pgboss",
    max: Math.max(6, opts.concurrency * 3),
    useListenNotify: true,
  });
  boss.on("error", () => {});
  await boss.start();
  await boss.work<{ i: number; sentAt?: number }>(
    def.name,
    {
      batchSize: opts.batchSize,
      localConcurrency: opts.concurrency,
      burstWhenBatchFull: true,
      pollingIntervalSeconds: 1,
      notifyPollingIntervalSeconds: 5,
    },
    async (jobs) => {
      for (const job of jobs) probe.seen(job.data);
    },
  );
  return { probe, stop: () => boss.stop({ graceful: true, timeout: 10_000 }) };
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
};
const median = (values: number[]) => percentile(values, 50);
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

/** One throughput round: N jobs queued first, then a consumer drains them; jobs/s from first to last run. */
async function throughputRound(
  opts: WorkerBenchOptions,
  producer: PgBoss,
  kind: "layer" | "bare",
  name: string,
): Promise<{ rate: number; nodeCpuPerK: number; dbCpuPerK: number }> {
  const def = benchJob(name);
  await ensureQueues(producer, [def]);
  for (let start = 0; start < opts.jobs; start += 5000) {
    const jobs = [];
    for (let i = start; i < Math.min(opts.jobs, start + 5000); i++) jobs.push({ data: { i } });
    await producer.insert(name, jobs);
  }
  const cpu0 = process.cpuUsage();
  const db0 = opts.databaseCpuMs?.() ?? 0;
  const consumer = kind === "layer" ? await startLayer(opts, def) : await startBare(opts, def);
  try {
    await consumer.probe.reached(opts.jobs, 300_000);
    const seconds = (consumer.probe.lastAt - consumer.probe.firstAt) / 1000;
    // Every job must also be settled in the database before the round counts.
    for (let i = 0; i < 200; i++) {
      const { rows } = await producer
        .getDb()
        .executeSql(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state = 'completed'`, [
          name,
        ]);
      if ((rows[0] as { n: number } | undefined)?.n === opts.jobs) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const cpu = process.cpuUsage(cpu0);
    const perK = 1000 / opts.jobs;
    return {
      rate: opts.jobs / seconds,
      nodeCpuPerK: ((cpu.user + cpu.system) / 1000) * perK,
      dbCpuPerK: ((opts.databaseCpuMs?.() ?? 0) - db0) * perK,
    };
  } finally {
    await consumer.stop();
    await producer.deleteQueue(name);
  }
}

/** Pickup latency: jobs sent one by one to an idle, running consumer; time from send to handler. */
async function latencyRound(
  opts: WorkerBenchOptions,
  producer: PgBoss,
  kind: "layer" | "bare",
  name: string,
): Promise<number[]> {
  const def = benchJob(name);
  await ensureQueues(producer, [def]);
  const consumer = kind === "layer" ? await startLayer(opts, def) : await startBare(opts, def);
  try {
    await new Promise((r) => setTimeout(r, 500)); // let every loop reach its idle wait
    const gap = 1000 / opts.latencyRate;
    for (let i = 0; i < opts.latencyJobs; i++) {
      await producer.send(name, { i, sentAt: performance.timeOrigin + performance.now() });
      await new Promise((r) => setTimeout(r, gap));
    }
    await consumer.probe.reached(opts.latencyJobs, 30_000);
    return consumer.probe.pickups;
  } finally {
    await consumer.stop();
    await producer.deleteQueue(name);
  }
}

export async function runWorkerBench(opts: WorkerBenchOptions): Promise<WorkerBenchResult> {
  const producer = createBoss(opts.databaseUrl, { max: 4 });
  producer.on("error", () => {});
  await producer.start();
  const side = (): SideResult => ({ jobsPerSecond: [], nodeCpuPerK: [], dbCpuPerK: [], pickupMs: [] });
  const result: WorkerBenchResult = { layer: side(), bare: side() };
  try {
    // Warm-up (JIT, pools, pg-boss schema) on both sides, not counted.
    const warm = { ...opts, jobs: Math.min(opts.jobs, 5000) };
    await throughputRound(warm, producer, "layer", "bench.warm-layer");
    await throughputRound(warm, producer, "bare", "bench.warm-bare");

    for (let round = 1; round <= opts.rounds; round++) {
      // Interleaved, alternating which side goes first.
      const order: ("layer" | "bare")[] = round % 2 ? ["layer", "bare"] : ["bare", "layer"];
      const line: string[] = [];
      for (const kind of order) {
        const r = await throughputRound(opts, producer, kind, `bench.${kind}-${round}`);
        result[kind].jobsPerSecond.push(r.rate);
        result[kind].nodeCpuPerK.push(r.nodeCpuPerK);
        result[kind].dbCpuPerK.push(r.dbCpuPerK);
        line.push(
          `${kind === "layer" ? "layer" : "bare pg-boss"} ${fmt(r.rate)} jobs/s (CPU per 1,000 jobs: node ${fmt(r.nodeCpuPerK)} ms${opts.databaseCpuMs ? `, postgres ${fmt(r.dbCpuPerK)} ms` : ""})`,
        );
      }
      opts.print(`  round ${round}: ${line.join(" | ")}`);
    }
    for (const kind of ["layer", "bare"] as const) {
      result[kind].pickupMs = await latencyRound(opts, producer, kind, `bench.latency-${kind}`);
    }
  } finally {
    await producer.stop({ graceful: false });
  }

  const layer = median(result.layer.jobsPerSecond);
  const bare = median(result.bare.jobsPerSecond);
  const ratio = layer / bare;
  const lat = (k: "layer" | "bare") =>
    `p50 ${percentile(result[k].pickupMs, 50).toFixed(1)} ms, p99 ${percentile(result[k].pickupMs, 99).toFixed(1)} ms`;
  opts.print("");
  opts.print(
    `throughput (median of ${opts.rounds}): layer ${fmt(layer)} jobs/s, bare pg-boss ${fmt(bare)} jobs/s`,
  );
  opts.print(`ratio layer / bare: ${ratio.toFixed(2)}`);
  const cpuPerK = (k: "layer" | "bare") => median(result[k].nodeCpuPerK) + median(result[k].dbCpuPerK);
  if (opts.databaseCpuMs) {
    opts.print(
      `CPU per 1,000 jobs (node + postgres, medians): layer ${fmt(cpuPerK("layer"))} ms, bare ${fmt(cpuPerK("bare"))} ms, ratio bare / layer ${(cpuPerK("bare") / cpuPerK("layer")).toFixed(2)}`,
    );
    const cores = availableParallelism();
    opts.print(
      `CPU-bound ceiling on ${cores} idle cores: layer ${fmt((cores * 1_000_000) / cpuPerK("layer"))} jobs/s, bare ${fmt((cores * 1_000_000) / cpuPerK("bare"))} jobs/s`,
    );
  }
  opts.print(
    `pickup latency (${opts.latencyJobs} jobs at ${opts.latencyRate}/s): layer ${lat("layer")}; bare ${lat("bare")}`,
  );
  const p99 = percentile(result.layer.pickupMs, 99);
  opts.print(
    `goals: >= 10,000 jobs/s ${layer >= 10_000 ? "met" : "MISSED"}; within 10 % of bare ${ratio >= 0.9 ? "met" : "MISSED"}; pickup p99 <= 1 s ${p99 <= 1000 ? "met" : "MISSED"}`,
  );
  return result;
}
