import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmbeddedPostgres } from "@quartet/db/embedded-postgres";
import { runWorkerBench } from "../../apps/worker/src/worker-bench.ts";

// `pnpm bench:worker`: trivial jobs through the worker's job layer against bare pg-boss, on an
// embedded PostgreSQL started here in a temporary directory (removed afterwards). Prints jobs/s for
// both, their ratio, and pickup latency p50/p99. Sizes: BENCH_JOBS (default 50,000 per round),
// BENCH_ROUNDS (3), BENCH_BATCH_SIZE (100), BENCH_CONCURRENCY (2). DATABASE_URL uses that server instead.

const env = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

const dir = process.env.DATABASE_URL ? null : await mkdtemp(join(tmpdir(), "quartet-worker-bench-"));
const server = dir ? await startEmbeddedPostgres({ dataDir: dir, persistent: false, quiet: true }) : null;
const databaseUrl = process.env.DATABASE_URL ?? server?.url("postgres") ?? "";
/** CPU ms used by the embedded server: the postmaster (with its reaped backends) and live backends. */
function postgresCpuMs(): number {
  if (!dir) return 0;
  const ticks = 1000 / 100; // USER_HZ is 100 on Linux
  const postmaster = Number(readFileSync(join(dir, "postmaster.pid"), "utf8").split("\n")[0]);
  let total = 0;
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      continue;
    }
    // Fields after the command name: state(3) ppid(4) … utime(14) stime(15) cutime(16) cstime(17).
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ppid = Number(f[1]);
    const own = Number(f[11]) + Number(f[12]);
    if (Number(pid) === postmaster) total += own + Number(f[13]) + Number(f[14]);
    else if (ppid === postmaster) total += own;
  }
  return total * ticks;
}

const options = {
  databaseUrl,
  ...(dir && process.platform === "linux" ? { databaseCpuMs: postgresCpuMs } : {}),
  jobs: env("BENCH_JOBS", 50_000),
  rounds: env("BENCH_ROUNDS", 3),
  latencyJobs: env("BENCH_LATENCY_JOBS", 300),
  latencyRate: env("BENCH_LATENCY_RATE", 100),
  batchSize: env("BENCH_BATCH_SIZE", 100),
  concurrency: env("BENCH_CONCURRENCY", 2),
  print: (line: string) => console.log(line),
};
console.log(
  `worker bench: ${options.jobs.toLocaleString("en-US")} trivial jobs per round, ${options.rounds} rounds, batchSize ${options.batchSize}, concurrency ${options.concurrency}, ${server ? "embedded PostgreSQL" : "DATABASE_URL"}`,
);
try {
  await runWorkerBench(options);
} finally {
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
}
process.exit(0);
