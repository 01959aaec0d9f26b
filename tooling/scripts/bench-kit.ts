import { freePort, startEmbeddedPostgres } from "@quartet/db/embedded-postgres";
import pg from "pg";

// What every `pnpm bench:*` script shares: its own persistent database and percentile timing.

/**
 * The benchmark's database: `DATABASE_URL` when set, else a persistent embedded server in
 * `dataDir` (seeded once, kept between runs) with a `quartet_bench` database.
 */
export async function benchDatabase(dataDir: string): Promise<{ url: string; stop: () => Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => {} };
  const server = await startEmbeddedPostgres({
    dataDir,
    port: await freePort(),
    persistent: true,
    quiet: true,
  });
  const admin = new pg.Client({ connectionString: server.url("postgres") });
  await admin.connect();
  const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = 'quartet_bench'");
  if (!rowCount) await admin.query("CREATE DATABASE quartet_bench");
  await admin.end();
  return { url: server.url("quartet_bench"), stop: server.stop };
}

/** The p-th percentile (nearest rank) of an ascending array. */
export function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)] ?? 0;
}

/** Runs `run` `warmup` times unmeasured, then `samples` times; the sorted durations in ms. */
export async function timeRuns(samples: number, warmup: number, run: (i: number) => Promise<unknown>) {
  for (let i = 0; i < warmup; i++) await run(i);
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    await run(i);
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}
