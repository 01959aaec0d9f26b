import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { seedDemo } from "@quartet/core/seed/demo.seed";
import { makeTestDeps, startTestBoss } from "@quartet/core/testing/deps";
import { toolsCallerOf } from "@quartet/core/tools/access/tools-access";
import { createToolJob } from "@quartet/core/tools/jobs/job.service";
import { uploadPath } from "@quartet/core/tools/tools-test-fixtures";
import { createDb } from "@quartet/db/client";
import { freePort, startEmbeddedPostgres } from "@quartet/db/embedded-postgres";
import { migrateDeploy } from "@quartet/db/migrate";
import { createLocalStorage } from "@quartet/integrations/storage/local-storage";
import { runProcessor } from "@quartet/processors/run";
import { makeImage, makePdf, testLimits } from "@quartet/processors/testing/fixtures";
import type { ProcessorId, ProcessorInput } from "@quartet/processors/types";
import pg from "pg";
import { waitHealthy } from "./bench-compare.ts";
import { percentile } from "./bench-kit.ts";
import { repoRoot } from "./dev-database.ts";

// `pnpm bench:tools` — a benchmark, not a test. Two jobs — a small image resize (800×600 JPEG →
// 200 px wide) and a 10-page PDF merge (two 5-page PDFs) — each run BENCH_JOBS times:
// 1. directly: `runProcessor` (its own child process per job, as the worker uses it), 2 at a time;
// 2. through the product: uploads, `createToolJob` (row + queue job), the real worker processes
//    (1, then 2) taking `tools.process` from pg-boss, until every job is COMPLETED.
// Prints jobs/s and per-job latency for each, the queue's overhead (direct ÷ queued throughput),
// and the peak resident memory of the processor children seen while the jobs ran.
//
//   BENCH_JOBS=30 pnpm bench:tools

const JOBS = Number(process.env.BENCH_JOBS ?? 30);
const KEY = "bench-encryption-key-0123456789abcdef";

interface Case {
  name: string;
  slug: string;
  processor: ProcessorId;
  options: Record<string, unknown>;
  inputs: (dir: string, i: number) => Promise<ProcessorInput[]>;
}

const cases: Case[] = [
  {
    name: "image resize (800×600 → 200 px)",
    slug: "image-resize",
    processor: "image.resize",
    options: { width: 200 },
    inputs: async (dir, i) => [await makeImage(dir, `photo-${i}.jpg`, "jpeg", 800, 600)],
  },
  {
    name: "PDF merge (2 × 5 pages)",
    slug: "pdf-merge",
    processor: "pdf.merge",
    options: {},
    inputs: async (dir, i) => [await makePdf(dir, `a-${i}.pdf`, 5), await makePdf(dir, `b-${i}.pdf`, 5)],
  },
];

/** Peak RSS (MB) of the processor children seen while `work` runs (sampled every 50 ms). */
async function peakChildRss<T>(work: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  let peak = 0;
  const sample = () => {
    try {
      const out = execFileSync("ps", ["-eo", "rss=,args="], { encoding: "utf8" });
      for (const line of out.split("\n")) {
        if (!line.includes("processor-child")) continue;
        peak = Math.max(peak, Number(line.trim().split(/\s+/)[0]) / 1024);
      }
    } catch {}
  };
  const timer = setInterval(sample, 50);
  try {
    return { result: await work(), peakMb: peak };
  } finally {
    clearInterval(timer);
  }
}

const fmt = (n: number) => n.toFixed(n < 10 ? 2 : 0);

const dir = mkdtempSync(path.join(tmpdir(), "tools-bench-"));
chmodSync(dir, 0o755); // initdb runs as the postgres user when we are root
const server = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), persistent: false, quiet: true });
const workers: ChildProcess[] = [];
try {
  const admin = new pg.Client({ connectionString: server.url("postgres") });
  await admin.connect();
  await admin.query("CREATE DATABASE tools_bench");
  await admin.end();
  const url = server.url("tools_bench");
  await migrateDeploy(url);
  const db = createDb(url, { max: 4 });
  await seedDemo(db);
  const storageDir = path.join(dir, "files");
  await mkdir(storageDir, { recursive: true });
  const boss = await startTestBoss(url);
  const deps = makeTestDeps(db, boss, {
    storage: createLocalStorage(storageDir),
    config: { encryptionKey: KEY },
    clock: { now: () => new Date(), set() {}, advance() {} },
  });
  // The demo owner: a Pro workspace, so Premium (no daily limit).
  const owner = await db.user.findUniqueOrThrow({
    where: { email: "owner@acme.test" },
    select: { id: true },
  });
  const caller = toolsCallerOf(deps.config, {
    userId: owner.id,
    ip: "198.51.100.9",
    userAgent: "bench",
    guestToken: undefined,
    setGuestToken: () => {},
  });
  const files = path.join(dir, "inputs");
  await mkdir(files);

  const rows: string[] = [];
  for (const c of cases) {
    // 1. Directly, two at a time (what one worker's two loops do).
    const inputs = await Promise.all(Array.from({ length: JOBS }, (_, i) => c.inputs(files, i)));
    const latencies: number[] = [];
    let next = 0;
    const direct = await peakChildRss(async () => {
      const t0 = performance.now();
      await Promise.all(
        [0, 1].map(async () => {
          while (next < JOBS) {
            const i = next++;
            const work = path.join(dir, `direct-${c.processor}-${i}`);
            await mkdir(work);
            const s = performance.now();
            await runProcessor(c.processor, {
              inputs: inputs[i] as ProcessorInput[],
              options: c.options,
              workDir: work,
              limits: { ...testLimits, memoryMb: 512, timeoutMs: 60_000 },
              onProgress: () => {},
            });
            latencies.push(performance.now() - s);
          }
        }),
      );
      return (performance.now() - t0) / 1000;
    });
    latencies.sort((a, b) => a - b);
    rows.push(
      `| ${c.name} | direct, 2 at a time | ${fmt(JOBS / direct.result)} | ${fmt(percentile(latencies, 50))} | ${fmt(percentile(latencies, 99))} | ${fmt(direct.peakMb)} |`,
    );

    // 2. Through the queue, with 1 then 2 worker processes.
    for (const count of [1, 2]) {
      for (let w = 0; w < count; w++) {
        const port = await freePort();
        const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
          cwd: `${repoRoot}apps/worker`,
          env: {
            ...process.env,
            DATABASE_URL: url,
            STORAGE_DIR: storageDir,
            QUARTET_ENCRYPTION_KEY: KEY,
            WORKER_PORT: String(port),
            HOST: "127.0.0.1",
            LOG_LEVEL: "warn",
            NODE_ENV: "development",
          },
          stdio: ["ignore", "ignore", "inherit"],
        });
        workers.push(child);
        await waitHealthy(`http://127.0.0.1:${port}`, child, "worker");
      }
      const uploaded: { id: string }[][] = [];
      for (const set of inputs) {
        uploaded.push(await Promise.all(set.map((f) => uploadPath(deps, caller, f.path, f.name))));
      }
      const queued = await peakChildRss(async () => {
        const t0 = performance.now();
        const ids: string[] = [];
        for (const set of uploaded) {
          const job = await createToolJob(deps, caller, {
            slug: c.slug,
            fileIds: set.map((f) => f.id),
            options: c.options,
          });
          ids.push(job.id);
        }
        for (;;) {
          const states = await db.job.groupBy({ by: ["status"], where: { id: { in: ids } }, _count: true });
          const open = states.filter((s) => s.status === "QUEUED" || s.status === "PROCESSING");
          const failed = states.find((s) => s.status === "FAILED" || s.status === "CANCELLED");
          if (failed) throw new Error(`${c.name}: ${failed._count} jobs ${failed.status}`);
          if (open.length === 0) break;
          await new Promise((r) => setTimeout(r, 50));
        }
        const seconds = (performance.now() - t0) / 1000;
        const done = await db.job.findMany({
          where: { id: { in: ids } },
          select: { createdAt: true, completedAt: true },
        });
        const each = done
          .map((j) => (j.completedAt?.getTime() ?? 0) - j.createdAt.getTime())
          .sort((a, b) => a - b);
        return { seconds, each };
      });
      rows.push(
        `| ${c.name} | queue, ${count} worker${count > 1 ? "s" : ""} | ${fmt(JOBS / queued.result.seconds)} | ${fmt(percentile(queued.result.each, 50))} | ${fmt(percentile(queued.result.each, 99))} | ${fmt(queued.peakMb)} |`,
      );
      for (const child of workers.splice(0)) child.kill("SIGTERM");
      await new Promise((r) => setTimeout(r, 1500));
    }
  }
  console.log(
    `\nTools jobs — ${JOBS} jobs per case; latency per job (queue: created → completed, with the upload before); peak RSS of the processor children\n`,
  );
  console.log("| job | how | jobs/s | p50 ms | p99 ms | peak child RSS MB |\n|---|---|---|---|---|---|");
  for (const row of rows) console.log(row);
  await boss.stop({ graceful: false });
  await db.$disconnect();
} finally {
  for (const child of workers) child.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 500));
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
