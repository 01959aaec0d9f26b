import { transformer } from "@quartet/api/transformer";
import { seedDemo } from "@quartet/core/seed/demo.seed";
import { createDb } from "@quartet/db/client";
import { freePort, startEmbeddedPostgres } from "@quartet/db/embedded-postgres";
import { migrateDeploy } from "@quartet/db/migrate";
import autocannon from "autocannon";
import pg from "pg";
import { type AppProcess, buildServerBundle, startApp } from "./app-process.ts";
import { startRoundRobinProxy } from "./round-robin-proxy.ts";

// `pnpm bench:scale` — a benchmark, not a test: the ticket list (first page, 25 tickets, signed in
// as the demo owner) under load, through one web process, then through two behind the
// round-robin proxy (the compiled bundles, on one embedded PostgreSQL). Prints requests/s and
// latency for each. On a small machine the database, the load generator and the proxy share the
// cores with the web processes, so the second process adds less than it would on its own host.
//
//   SCALE_BENCH_SECONDS=10  seconds per run (default 10)
//   SCALE_BENCH_CONNECTIONS=16
//   SCALE_BENCH_TICKETS=500 tickets in the demo workspace

const SECONDS = Number(process.env.SCALE_BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.SCALE_BENCH_CONNECTIONS ?? 16);
const TICKETS = Number(process.env.SCALE_BENCH_TICKETS ?? 500);

const dir = `/tmp/quartet-scale-bench-${process.pid}`;
const server = await startEmbeddedPostgres({
  dataDir: dir,
  port: await freePort(),
  persistent: false,
  quiet: true,
});
const admin = new pg.Client({ connectionString: server.url("postgres") });
await admin.connect();
await admin.query("CREATE DATABASE quartet_scale");
await admin.end();
const url = server.url("quartet_scale");
await migrateDeploy(url);
const db = createDb(url, { max: 4 });
const demo = await seedDemo(db);
const org = await db.organization.findFirstOrThrow({ where: { slug: demo.workspaceSlug } });
const owner = demo.accounts.find((a) => a.label === "Owner")!;
await Promise.all([buildServerBundle("web")]);

const processes: AppProcess[] = [];
const backends: string[] = [];
const proxy = await startRoundRobinProxy(backends);
const env = {
  DATABASE_URL: url,
  NODE_ENV: "development",
  LOG_LEVEL: "warn",
  QUARTET_ENCRYPTION_KEY: "scale-bench-key-0123456789abcdef0123",
  WEB_URL: proxy.origin,
  TRUST_PROXY: "true",
};

try {
  processes.push(await startApp("web", "web-1", env), await startApp("web", "web-2", env));
  backends.push(processes[0]!.url, processes[1]!.url);

  // Sign in, then make the tickets through the API.
  const signIn = await fetch(`${processes[0]!.url}/trpc/auth.signIn`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: proxy.origin },
    body: JSON.stringify(transformer.serialize({ email: owner.email, password: owner.password })),
  });
  const cookie = signIn.headers.getSetCookie()[0]!.split(";")[0]!;
  for (let i = 0; i < TICKETS; i += 25) {
    await Promise.all(
      Array.from({ length: Math.min(25, TICKETS - i) }, (_, j) =>
        fetch(`${processes[0]!.url}/trpc/deskTickets.create`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: proxy.origin, cookie },
          body: JSON.stringify(
            transformer.serialize({
              orgId: org.id,
              subject: `Benchmark ticket ${i + j}`,
              description: "Load test.",
              requester: { email: `customer-${(i + j) % 50}@bench.test` },
            }),
          ),
        }).then((r) => r.arrayBuffer()),
      ),
    );
  }
  const path = `/trpc/deskTickets.list?input=${encodeURIComponent(JSON.stringify(transformer.serialize({ orgId: org.id, limit: 25 })))}`;

  const run = async (target: string, seconds: number) => {
    const result = await autocannon({
      url: `${target}${path}`,
      connections: CONNECTIONS,
      duration: seconds,
      headers: { cookie },
    });
    if (result.non2xx > 0 || result.errors > 0)
      throw new Error(`${target}: ${result.non2xx} non-2xx, ${result.errors} errors`);
    return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
  };
  // Warm both processes (JIT, pools) before anything counts.
  await run(proxy.origin, 3);
  const one = await run(processes[0]!.url, SECONDS);
  const two = await run(proxy.origin, SECONDS);
  console.log(`
scale bench: ticket list (25 of ${TICKETS} tickets), ${CONNECTIONS} connections, ${SECONDS} s each
                         req/s    p50 ms    p99 ms
one web process       ${one.rps.toFixed(0).padStart(8)}  ${String(one.p50).padStart(8)}  ${String(one.p99).padStart(8)}
two behind the proxy  ${two.rps.toFixed(0).padStart(8)}  ${String(two.p50).padStart(8)}  ${String(two.p99).padStart(8)}
(requests per backend through the proxy: ${proxy.served.join(" / ")})`);
} finally {
  await Promise.all(processes.map((p) => p.stop()));
  await proxy.close();
  await db.$disconnect();
  await server.stop();
}
