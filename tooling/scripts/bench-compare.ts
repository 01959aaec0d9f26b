import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import autocannon from "autocannon";
import { percentile } from "./bench-kit.ts";

// The side-by-side part of `bench:desk` and `bench:inbox`: the same calls through Quartet's tRPC
// server and a bare Fastify + pg server, autocannon at 1 and 10 connections in interleaved rounds,
// printed as one ratio table.

export interface CompareOptions {
  rounds: number;
  seconds: number;
  /** Quartet may be at most this many times the bare server (req/s, p50, p99). */
  maxRatio: number;
  /** What the table's title says the two sides share ("same SQL"…). */
  title: string;
}

export async function waitHealthy(origin: string, child: ChildProcess, what: string) {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`the ${what} server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${origin}/healthz`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill("SIGTERM");
  throw new Error(`the ${what} server did not start`);
}

export interface LoadFigures {
  rps: number;
  p50: number;
  p99: number;
  /** CPU time of the server process per request (ms): the part load elsewhere barely changes. */
  cpu: number;
}

export interface Server {
  origin: string;
  pid: number;
}

/** User + system CPU time of a process so far, in ms (Linux /proc; clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * One autocannon run of SECONDS against `paths` (taken in turn). Latencies are taken from each
 * response (autocannon's own histogram rounds to whole milliseconds); any non-2xx answer fails the run.
 */
async function load(server: Server, paths: string[], connections: number, cookie: string, seconds: number) {
  const { origin } = server;
  const cpuBefore = cpuMs(server.pid);
  let next = 0;
  const times: number[] = [];
  let failed = 0;
  // Without a callback autocannon returns its event emitter made thenable (its types say Promise only).
  const instance = autocannon({
    url: origin,
    connections,
    duration: seconds,
    headers: { cookie },
    requests: [
      {
        method: "GET",
        setupRequest: (req) => {
          req.path = paths[next++ % paths.length] ?? "/";
          return req;
        },
      },
    ],
  }) as unknown as autocannon.Instance & Promise<autocannon.Result>;
  instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (status >= 200 && status < 300) times.push(ms);
    else failed++;
  });
  const result = await instance;
  if (failed > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(
      `${origin}${paths[0]}: ${failed} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
  times.sort((a, b) => a - b);
  return {
    rps: times.length / seconds,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    cpu: (cpuMs(server.pid) - cpuBefore) / Math.max(1, times.length),
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

export interface Case {
  name: string;
  bare: string[];
  quartet: string[];
}

/** Interleaved rounds bare / Quartet for each case at 1 and 10 connections; prints the ratio table. */
export async function compare(
  cases: Case[],
  servers: { bare: Server; quartet: Server },
  cookie: string,
  { rounds: ROUNDS, seconds: SECONDS, maxRatio: MAX_RATIO, title }: CompareOptions,
) {
  // Warm both processes (JIT, pools, plan caches) before anything counts.
  for (const c of cases) {
    await load(servers.bare, c.bare, 10, cookie, 2);
    await load(servers.quartet, c.quartet, 10, cookie, 2);
  }
  const rows: { name: string; bare: LoadFigures; quartet: LoadFigures; ratio: LoadFigures }[] = [];
  for (const c of cases) {
    for (const connections of [1, 10]) {
      const bare: LoadFigures[] = [];
      const quartet: LoadFigures[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const runBare = async () => bare.push(await load(servers.bare, c.bare, connections, cookie, SECONDS));
        const runQuartet = async () =>
          quartet.push(await load(servers.quartet, c.quartet, connections, cookie, SECONDS));
        if (round % 2 === 0) {
          await runBare();
          await runQuartet();
        } else {
          await runQuartet();
          await runBare();
        }
        process.stdout.write(`  ${c.name}, ${connections} conn: round ${round + 1}/${ROUNDS}\r`);
      }
      const ratioOf = (k: keyof LoadFigures) =>
        // req/s: Quartet ÷ bare (higher is better); latency: Quartet ÷ bare (lower is better).
        median(bare.map((b, i) => (quartet[i]?.[k] ?? 0) / b[k]));
      const medianOf = (xs: LoadFigures[]) => ({
        rps: median(xs.map((x) => x.rps)),
        p50: median(xs.map((x) => x.p50)),
        p99: median(xs.map((x) => x.p99)),
        cpu: median(xs.map((x) => x.cpu)),
      });
      rows.push({
        name: `${c.name}, ${connections} connection${connections > 1 ? "s" : ""}`,
        bare: medianOf(bare),
        quartet: medianOf(quartet),
        ratio: { rps: ratioOf("rps"), p50: ratioOf("p50"), p99: ratioOf("p99"), cpu: ratioOf("cpu") },
      });
    }
  }
  console.log(
    `\nQuartet (tRPC) vs bare Fastify + pg${title} — autocannon, ${ROUNDS} interleaved rounds of ${SECONDS} s per side; medians\n`,
  );
  const head = [
    "call",
    "req/s Q / bare",
    "p50 Q / bare ms",
    "p99 Q / bare ms",
    "CPU/req Q / bare ms",
    "req/s ratio",
    "p50 ratio",
    "p99 ratio",
  ];
  console.log(`| ${head.join(" | ")} |\n|${head.map(() => "---").join("|")}|`);
  let met = true;
  for (const r of rows) {
    const ok = r.ratio.rps >= 1 / MAX_RATIO && r.ratio.p50 <= MAX_RATIO && r.ratio.p99 <= MAX_RATIO;
    met &&= ok;
    console.log(
      `| ${[
        r.name,
        `${r.quartet.rps.toFixed(0)} / ${r.bare.rps.toFixed(0)}`,
        `${r.quartet.p50.toFixed(2)} / ${r.bare.p50.toFixed(2)}`,
        `${r.quartet.p99.toFixed(2)} / ${r.bare.p99.toFixed(2)}`,
        `${r.quartet.cpu.toFixed(2)} / ${r.bare.cpu.toFixed(2)}`,
        r.ratio.rps.toFixed(2),
        `${r.ratio.p50.toFixed(2)}×`,
        `${r.ratio.p99.toFixed(2)}×${ok ? "" : "  MISSED"}`,
      ].join(" | ")} |`,
    );
  }
  console.log(
    met
      ? `\nWithin ${MAX_RATIO}× of the bare server everywhere.`
      : `\nSome figures are more than ${MAX_RATIO}× off the bare server.`,
  );
  return met;
}
