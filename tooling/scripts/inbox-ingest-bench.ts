import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { makeConnection } from "@quartet/core/inbox/inbound/inbound.test-helpers";
import { seedDemo } from "@quartet/core/seed/demo.seed";
import { createDb } from "@quartet/db/client";
import { freePort, startEmbeddedPostgres } from "@quartet/db/embedded-postgres";
import { migrateDeploy } from "@quartet/db/migrate";
import { signedMeta, wa, whatsappDelivery } from "@quartet/integrations/testing/social-payloads";
import autocannon from "autocannon";
import pg from "pg";
import { waitHealthy } from "./bench-compare.ts";
import { percentile } from "./bench-kit.ts";
import { repoRoot } from "./dev-database.ts";

// `pnpm bench:inbox-ingest` — a benchmark, not a test. Signed WhatsApp Cloud API deliveries (one
// message each, from 500 customers) posted to POST /hooks/inbox/whatsapp of the real web server,
// 10 % of them sent again byte for byte (a platform's retry: half right after the original, half
// later), against a bare Fastify + `pg` server that only checks the signature and inserts the body
// (inbox-ingest-bench-bare.ts). Rounds alternate which side goes first; the table gives medians.
// Then the real worker starts and normalises the backlog: messages/s, and every delivery checked
// exactly once (lost 0, doubled 0). Target: ≥ 500 requests/s accepted by the web server.
//
//   BENCH_REQUESTS=4000 BENCH_ROUNDS=3 BENCH_CONNECTIONS=10 pnpm bench:inbox-ingest
//   BENCH_CPU_PROF=<dir>   the web server writes a V8 CPU profile there (open it in Chrome DevTools)

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 4000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const DUP_SHARE = 0.1;
const CUSTOMERS = 500;
const TARGET_RPS = 500;
const SECRET = "bench-meta-app-secret-0123456789";
const KEY = "bench-encryption-key-0123456789abcdef";
const PHONE_ID = "100200300400500";

interface Send {
  raw: Buffer;
  headers: Record<string, string>;
}

/** `unique` fresh deliveries plus 10 % repeats; the wamids of the unique ones. */
function deliveries(round: number, side: string, unique: number) {
  const sends: Send[] = [];
  const wamids: string[] = [];
  for (let i = 0; i < unique; i++) {
    const waId = `1555${String(i % CUSTOMERS).padStart(7, "0")}`;
    const message = wa.text(waId, `Bench ${side} ${round}.${i}: where is my order?`);
    wamids.push(message.id);
    const body = whatsappDelivery({
      phoneNumberId: PHONE_ID,
      contacts: [{ waId, name: `Customer ${i % CUSTOMERS}` }],
      messages: [message],
    });
    sends.push(signedMeta(body, SECRET));
  }
  const repeats = Math.round(unique * DUP_SHARE);
  for (let i = 0; i < repeats; i++) {
    const original = sends[Math.floor((i * unique) / repeats)] as Send;
    const at = i % 2 === 0 ? sends.indexOf(original) + 1 : sends.length;
    sends.splice(at, 0, original);
  }
  return { sends, wamids };
}

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  duplicates: number;
}

/** Posts every delivery once (autocannon, CONNECTIONS in flight); any non-2xx fails the run. */
async function load(origin: string, sends: Send[]): Promise<Figures> {
  let next = 0;
  const times: number[] = [];
  let failed = 0;
  let duplicates = 0;
  const started = performance.now();
  const instance = autocannon({
    url: origin,
    connections: CONNECTIONS,
    amount: sends.length,
    requests: [
      {
        method: "POST",
        path: "/hooks/inbox/whatsapp",
        setupRequest: (req) => {
          const send = sends[next++ % sends.length] as Send;
          return { ...req, headers: { ...req.headers, ...send.headers }, body: send.raw };
        },
        onResponse: (_status, body) => {
          if (body.includes('"duplicate":true')) duplicates++;
        },
      },
    ],
  }) as unknown as autocannon.Instance & Promise<autocannon.Result>;
  instance.on("response", (_c: unknown, status: number, _b: number, ms: number) => {
    if (status >= 200 && status < 300) times.push(ms);
    else failed++;
  });
  const result = await instance;
  const seconds = (performance.now() - started) / 1000;
  if (failed > 0 || result.errors > 0 || result.timeouts > 0)
    throw new Error(`${origin}: ${failed} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  times.sort((a, b) => a - b);
  return { rps: times.length / seconds, p50: percentile(times, 50), p99: percentile(times, 99), duplicates };
}

function start(what: string, cwd: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", ...args], {
    cwd,
    env: { ...process.env, ...env, NODE_ENV: "development", LOG_LEVEL: "warn" },
    stdio: ["ignore", "ignore", "inherit"],
  }).on("error", (e) => console.error(`${what}: ${e.message}`));
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

const dir = mkdtempSync(path.join(tmpdir(), "inbox-ingest-bench-"));
chmodSync(dir, 0o755); // initdb runs as the postgres user when we are root
const server = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), persistent: false, quiet: true });
const children: ChildProcess[] = [];
try {
  const admin = new pg.Client({ connectionString: server.url("postgres") });
  await admin.connect();
  await admin.query("CREATE DATABASE inbox_ingest_bench");
  await admin.end();
  const url = server.url("inbox_ingest_bench");
  await migrateDeploy(url);
  const prisma = createDb(url, { max: 2 });
  await seedDemo(prisma);
  const org = await prisma.organization.findUniqueOrThrow({ where: { slug: "acme" }, select: { id: true } });
  await makeConnection(
    prisma,
    { encryptionKey: KEY, previousEncryptionKeys: [] },
    org.id,
    "WHATSAPP",
    PHONE_ID,
  );
  await prisma.$disconnect();

  const appEnv = {
    DATABASE_URL: url,
    QUARTET_ENCRYPTION_KEY: KEY,
    META_APP_ID: "bench-app",
    META_APP_SECRET: SECRET,
    META_VERIFY_TOKEN: "bench-verify-token",
  };
  const webPort = await freePort();
  const webOrigin = `http://127.0.0.1:${webPort}`;
  const profile = process.env.BENCH_CPU_PROF
    ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
    : [];
  const web = start("web", `${repoRoot}apps/web`, [...profile, "server/main.ts"], {
    ...appEnv,
    WEB_PORT: String(webPort),
    WEB_URL: `http://localhost:${webPort}`,
    HOST: "127.0.0.1",
  });
  children.push(web);
  const barePort = await freePort();
  const bareOrigin = `http://127.0.0.1:${barePort}`;
  const bare = start("bare", `${repoRoot}tooling/scripts`, ["inbox-ingest-bench-bare.ts"], {
    ...appEnv,
    PORT: String(barePort),
  });
  children.push(bare);
  await waitHealthy(webOrigin, web, "web");
  await waitHealthy(bareOrigin, bare, "bare");

  const unique = Math.round(REQUESTS / (1 + DUP_SHARE));
  // Warm-up (JIT, pools, plan caches): a small round on each side, not counted.
  await load(bareOrigin, deliveries(-1, "bare", 300).sends);
  const warm = deliveries(-1, "quartet", 300);
  await load(webOrigin, warm.sends);
  const quartetWamids = [...warm.wamids];

  const rows: { bare: Figures; quartet: Figures }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const b = deliveries(round, "bare", unique);
    const q = deliveries(round, "quartet", unique);
    quartetWamids.push(...q.wamids);
    let bareFigures: Figures;
    let quartetFigures: Figures;
    if (round % 2 === 0) {
      bareFigures = await load(bareOrigin, b.sends);
      quartetFigures = await load(webOrigin, q.sends);
    } else {
      quartetFigures = await load(webOrigin, q.sends);
      bareFigures = await load(bareOrigin, b.sends);
    }
    rows.push({ bare: bareFigures, quartet: quartetFigures });
    process.stdout.write(`  round ${round + 1}/${ROUNDS}\r`);
  }
  const sent = unique + Math.round(unique * DUP_SHARE);
  const q = (k: keyof Figures) => median(rows.map((r) => r.quartet[k]));
  const b = (k: keyof Figures) => median(rows.map((r) => r.bare[k]));
  console.log(
    `\nInbox webhook ingest — ${sent} signed WhatsApp deliveries per side and round (${unique} unique + ` +
      `${sent - unique} byte-identical repeats), ${CONNECTIONS} connections, ${ROUNDS} interleaved rounds; medians\n`,
  );
  console.log("| side | req/s | p50 ms | p99 ms | answered duplicate |\n|---|---|---|---|---|");
  console.log(
    `| Quartet | ${q("rps").toFixed(0)} | ${q("p50").toFixed(2)} | ${q("p99").toFixed(2)} | ${q("duplicates")} |`,
  );
  console.log(
    `| bare | ${b("rps").toFixed(0)} | ${b("p50").toFixed(2)} | ${b("p99").toFixed(2)} | ${b("duplicates")} |`,
  );
  const ratio = median(rows.map((r) => r.quartet.rps / r.bare.rps));
  console.log(
    `\nQuartet ÷ bare req/s: ${ratio.toFixed(2)}; target ≥ ${TARGET_RPS} req/s: ${q("rps") >= TARGET_RPS ? "met" : "MISSED"}`,
  );

  // The worker normalises the backlog the rounds left (every delivery stored, none processed yet).
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const backlog = async () =>
    Number(
      (await client.query("SELECT count(*)::int AS n FROM inbox_webhook_events WHERE status = 'RECEIVED'"))
        .rows[0].n,
    );
  const queued = await backlog();
  const workerPort = await freePort();
  const t0 = performance.now();
  const worker = start("worker", `${repoRoot}apps/worker`, ["src/main.ts"], {
    ...appEnv,
    WORKER_PORT: String(workerPort),
    HOST: "127.0.0.1",
  });
  children.push(worker);
  for (;;) {
    if (worker.exitCode !== null) throw new Error(`the worker exited with ${worker.exitCode}`);
    if ((await backlog()) === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const drained = (performance.now() - t0) / 1000;
  const stored = await client.query<{ n: number; failed: number }>(
    "SELECT count(*)::int AS n, count(*) FILTER (WHERE status = 'FAILED')::int AS failed FROM inbox_webhook_events",
  );
  const found = await client.query<{ n: number; d: number }>(
    "SELECT count(*)::int AS n, count(DISTINCT external_id)::int AS d FROM messages WHERE external_id = ANY($1)",
    [quartetWamids],
  );
  await client.end();
  const lost = quartetWamids.length - (found.rows[0]?.d ?? 0);
  const doubled = (found.rows[0]?.n ?? 0) - (found.rows[0]?.d ?? 0);
  console.log(
    `\nNormalisation (real worker, from a cold start): ${queued} deliveries in ${drained.toFixed(1)} s = ` +
      `${(queued / drained).toFixed(0)} messages/s; ${stored.rows[0]?.n} stored for ${quartetWamids.length} unique ` +
      `deliveries, ${stored.rows[0]?.failed} failed; lost ${lost}, doubled ${doubled}`,
  );
  if (lost !== 0 || doubled !== 0 || stored.rows[0]?.n !== quartetWamids.length) process.exitCode = 1;
} finally {
  for (const child of children) child.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 500));
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
