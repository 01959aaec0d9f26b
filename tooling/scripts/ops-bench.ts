import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { connect } from "node:net";
import { cookieJar, createAdminClient, createAppClient } from "@quartet/api/client";
import { seedDemo } from "@quartet/core/seed/demo.seed";
import { createDb } from "@quartet/db/client";
import { freePort } from "@quartet/db/embedded-postgres";
import { migrateDeploy } from "@quartet/db/migrate";
import { identityPasswordResetJob } from "@quartet/jobs/definitions";
import { createBoss, enqueue } from "@quartet/jobs/queue";
import { benchDatabase } from "./bench-kit.ts";
import { repoRoot } from "./dev-database.ts";

// `pnpm bench:ops` — start time and resident memory of each process, TypeScript through tsx
// against the compiled build (`node dist…`). For each app and mode, ROUNDS fresh processes:
//   listening  spawn → the port accepts a TCP connection (the worker: its health port)
//   ready      spawn → /readyz answers 200 (database reachable, migrations applied)
//   RSS start  resident memory 1 s after ready
//   RSS 200    after 200 requests (web: session + ticket list; admin: session + user list;
//              worker: 200 password-reset jobs processed)
// Prints the medians. The compiled builds come from `pnpm build` (run here when missing).
//
//   OPS_BENCH_ROUNDS=5     rounds per app and mode (default 3)
//   OPS_BENCH_APPS=web     only some apps (comma-separated)
//   DATABASE_URL=…         use that database instead of the embedded one in .data/ops-bench-postgres

const ROUNDS = Number(process.env.OPS_BENCH_ROUNDS ?? 3);
const APPS = (process.env.OPS_BENCH_APPS ?? "web,admin,worker").split(",") as AppName[];
const REQUESTS = 200;
type AppName = "web" | "admin" | "worker";
type Mode = "tsx" | "dist";

const ENTRY: Record<AppName, { source: string; dist: string }> = {
  web: { source: "server", dist: "dist-server" },
  admin: { source: "server", dist: "dist-server" },
  worker: { source: "src", dist: "dist" },
};

const missing = APPS.filter((app) => !existsSync(`${repoRoot}apps/${app}/${ENTRY[app].dist}/main.js`));
if (missing.length) {
  console.log(`building ${missing.join(", ")} …`);
  const res = spawnSync(
    "pnpm",
    [
      "exec",
      "turbo",
      "run",
      "build",
      ...missing.map((a) => `--filter=@quartet/${a}`),
      "--output-logs=errors-only",
    ],
    { cwd: repoRoot, stdio: "inherit" },
  );
  if (res.status !== 0) process.exit(1);
}

const database = await benchDatabase(`${repoRoot}.data/ops-bench-postgres`);
await migrateDeploy(database.url);
const db = createDb(database.url, { max: 2 });
const demo = await seedDemo(db);
const org = await db.organization.findFirstOrThrow({ where: { slug: demo.workspaceSlug } });
const owner = demo.accounts.find((a) => a.label === "Owner")!;
const admin = demo.accounts.find((a) => a.label === "Platform admin")!;

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function until(what: string, child: ChildProcess, check: () => Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what}: the process exited with ${child.exitCode}`);
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${what}: timed out`);
}

const tcpOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });

const ready = async (origin: string) => (await fetch(`${origin}/readyz`)).status === 200;

interface Figures {
  listeningMs: number;
  readyMs: number;
  rssStart: number;
  rssAfter: number;
}

async function measure(app: AppName, mode: Mode): Promise<Figures> {
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const { source, dist } = ENTRY[app];
  // As pnpm start and the Docker image run them: instrument.* preloaded (tracing is off here).
  const entry =
    mode === "tsx"
      ? ["--import", "tsx", "--import", `./${source}/instrument.ts`, `${source}/main.ts`]
      : ["--enable-source-maps", "--import", `./${dist}/instrument.js`, `${dist}/main.js`];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    NODE_ENV: "development",
    LOG_LEVEL: "warn",
    WEB_PORT: String(port),
    ADMIN_PORT: String(port),
    WEB_URL: origin,
    ADMIN_URL: origin,
    WORKER_PORT: String(port),
    METRICS_PORT: "",
  };
  const started = performance.now();
  const child = spawn(process.execPath, entry, {
    cwd: `${repoRoot}apps/${app}`,
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    await until(`${app} (${mode}) listening`, child, () => tcpOpen(port));
    const listeningMs = performance.now() - started;
    await until(`${app} (${mode}) ready`, child, () => ready(origin));
    const readyMs = performance.now() - started;
    await new Promise((r) => setTimeout(r, 1000));
    const rssStart = rssMb(child.pid!);
    await load(app, origin);
    await new Promise((r) => setTimeout(r, 500));
    const rssAfter = rssMb(child.pid!);
    return { listeningMs, readyMs, rssStart, rssAfter };
  } finally {
    await new Promise((resolve) => {
      if (child.exitCode !== null) return resolve(null);
      child.once("exit", resolve);
      child.kill("SIGTERM");
    });
  }
}

async function load(app: AppName, origin: string) {
  if (app === "worker") return loadWorker();
  const jar = cookieJar();
  const options = { url: origin, headers: jar.header, onSetCookie: jar.store };
  if (app === "web") {
    const client = createAppClient(options);
    await client.auth.signIn.mutate({ email: owner.email, password: owner.password });
    for (let i = 0; i < REQUESTS / 2; i++) {
      await client.auth.session.query();
      await client.deskTickets.list.query({ orgId: org.id, limit: 25 });
    }
  } else {
    const client = createAdminClient(options);
    await client.auth.signIn.mutate({ email: admin.email, password: admin.password });
    for (let i = 0; i < REQUESTS / 2; i++) {
      await client.auth.session.query();
      await client.users.list.query({});
    }
  }
}

/** 200 password-reset requests for an unknown address: each job looks the address up and records it. */
async function loadWorker() {
  const boss = createBoss(database.url, { max: 2, senderOnly: true });
  boss.on("error", () => {});
  await boss.start();
  const since = new Date();
  for (let i = 0; i < REQUESTS; i++) {
    await enqueue(boss, db, identityPasswordResetJob, {
      requestId: crypto.randomUUID(),
      email: `nobody-${i}@bench.test`,
      ip: "127.0.0.1",
      userAgent: "ops-bench",
      requestedAt: new Date().toISOString(),
    });
  }
  const deadline = Date.now() + 60_000;
  for (;;) {
    const [row] = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM pgboss.job
      WHERE name = ${identityPasswordResetJob.name} AND created_on >= ${since} AND state = 'completed'`;
    if (Number(row?.n ?? 0) >= REQUESTS) break;
    if (Date.now() > deadline) throw new Error("worker: the jobs were not all processed in 60 s");
    await new Promise((r) => setTimeout(r, 50));
  }
  await boss.stop({ graceful: false });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

const rows: string[] = [];
try {
  for (const app of APPS) {
    for (const mode of ["tsx", "dist"] as const) {
      const runs: Figures[] = [];
      for (let i = 0; i < ROUNDS; i++) runs.push(await measure(app, mode));
      const m = (k: keyof Figures) => median(runs.map((r) => r[k]));
      rows.push(
        `${app.padEnd(7)}${mode.padEnd(6)}${m("listeningMs").toFixed(0).padStart(10)}${m("readyMs").toFixed(0).padStart(10)}${m("rssStart").toFixed(0).padStart(11)}${m("rssAfter").toFixed(0).padStart(11)}`,
      );
      console.log(rows.at(-1));
    }
  }
} finally {
  await db.$disconnect();
  await database.stop();
}
console.log(`
ops bench: medians of ${ROUNDS} fresh processes per app and mode (${process.version}, ${REQUESTS} requests)
app    mode  listen ms  ready ms  RSS start  RSS ${REQUESTS}
${rows.join("\n")}
(RSS in MB; tsx = node --import tsx <sources>, dist = node --enable-source-maps <bundles>)`);
