import { deepStrictEqual } from "node:assert";
import { type ChildProcess, spawn } from "node:child_process";
import { cookieJar, createAppClient } from "@quartet/api/client";
import { transformer } from "@quartet/api/transformer";
import { seedDemo } from "@quartet/core/seed/demo.seed";
import { createDb } from "@quartet/db/client";
import { freePort } from "@quartet/db/embedded-postgres";
import { migrateDeploy } from "@quartet/db/migrate";
import pg from "pg";
import { type Case, compare, waitHealthy } from "./bench-compare.ts";
import { benchDatabase, percentile, timeRuns } from "./bench-kit.ts";
import { repoRoot } from "./dev-database.ts";

// `pnpm bench:desk` — a benchmark, not a test. Seeds the demo workspace with 1,000,000 tickets and
// 3,000,000 messages (once: the data stays in .data/bench-postgres for later runs), starts the real
// web server, signs in as the demo owner and measures the Desk's read paths through the tRPC HTTP
// endpoint:
// 1. latency: p50/p95/p99 over sequential requests, after a warm-up, against the targets below;
// 2. compare: the ticket list and detail under load (autocannon, 1 and 10 connections) against a
//    bare Fastify + `pg` server (desk-bench-bare.ts) that answers the same JSON with the same
//    session and membership checks. Rounds alternate bare / Quartet (and which goes first), so load
//    from elsewhere on the machine hits both sides alike; the table gives the median of the
//    per-round ratios Quartet ÷ bare.
//
//   BENCH_TICKETS=100000 pnpm bench:desk   smaller data set (messages are 3 per ticket)
//   BENCH_SAMPLES=300                      requests per latency scenario
//   BENCH_ONLY=latency | compare           run one part only
//   BENCH_ROUNDS=4 BENCH_SECONDS=5         compare: rounds per case, seconds per side and round
//   BENCH_WEB_NODE_ARGS="--cpu-prof"       extra node flags for the web server (profiling)
//   DATABASE_URL=…                         use that database instead of the embedded one

const TICKETS = Number(process.env.BENCH_TICKETS ?? 1_000_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 300);
const WARMUP = 30;
const ONLY = process.env.BENCH_ONLY;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
/** The goal of the comparison: Quartet within 1.5× of the bare server on every figure. */
const MAX_RATIO = 1.5;
/** One ticket in 100,000 has it in its subject: a rare term (10 hits per million). */
const RARE_TERM = "quasarflux";
/** A third of the tickets mention it. */
const COMMON_TERM = "refund";
const DEMO_OWNER = { email: "owner@acme.test", password: "quartet-demo-2026" };

const targets: Record<string, { stat: "p95" | "p99"; ms: number }> = {
  "list, first page": { stat: "p99", ms: 25 },
  "list, page 500 (keyset)": { stat: "p99", ms: 25 },
  "ticket detail": { stat: "p99", ms: 25 },
  "search, rare term": { stat: "p95", ms: 50 },
  "search, common term": { stat: "p95", ms: 300 },
};

const WORDS = [
  "login",
  "password",
  "invoice",
  "shipping",
  "delivery",
  "order",
  "account",
  "billing",
  "upgrade",
  "cancel",
  "export",
  "import",
  "report",
  "dashboard",
  "mobile",
  "android",
  "iphone",
  "email",
  "notification",
  "integration",
  "webhook",
  "api",
  "timeout",
  "error",
  "crash",
  "slow",
  "payment",
  "card",
  "subscription",
  "plan",
  "coupon",
  "discount",
  "address",
  "tracking",
  "package",
  "return",
  "exchange",
  "warranty",
  "size",
  "color",
];

/** Adds tickets (and 3 messages each) to the demo workspace until it has TICKETS of them. */
async function seed(client: pg.Client, orgId: string) {
  const { rows } = await client.query<{ n: string }>(
    "SELECT count(*) AS n FROM tickets WHERE organization_id = $1",
    [orgId],
  );
  const have = Number(rows[0]?.n ?? 0);
  if (have >= TICKETS) {
    console.log(`Data: ${have.toLocaleString("en")} tickets already seeded.`);
    return;
  }
  const missing = TICKETS - have;
  console.log(
    `Seeding ${missing.toLocaleString("en")} tickets and ${(missing * 3).toLocaleString("en")} messages…`,
  );
  const started = Date.now();
  const words = `ARRAY[${WORDS.map((w) => `'${w}'`).join(",")}]`;
  await client.query("SET synchronous_commit = off");
  await client.query(
    `INSERT INTO contacts (id, organization_id, name, email, created_at, updated_at)
     SELECT gen_random_uuid(), $1, 'Customer ' || g, 'customer' || g || '@bench.test', now(), now()
     FROM generate_series(1, 50000) g
     ON CONFLICT DO NOTHING`,
    [orgId],
  );
  const agents = await client.query<{ user_id: string }>(
    "SELECT user_id FROM memberships WHERE organization_id = $1 AND role IN ('OWNER','ADMIN','AGENT')",
    [orgId],
  );
  const agentIds = agents.rows.map((r) => `'${r.user_id}'::uuid`).join(",");
  const { rows: maxRows } = await client.query<{ n: number }>(
    "SELECT coalesce(max(number), 0) AS n FROM tickets WHERE organization_id = $1",
    [orgId],
  );
  const base = maxRows[0]?.n ?? 0;
  const batch = 100_000;
  for (let from = 1; from <= missing; from += batch) {
    const to = Math.min(missing, from + batch - 1);
    await client.query(
      `WITH contacts_arr AS (
         SELECT array_agg(id ORDER BY email) AS ids FROM contacts WHERE organization_id = $1
       )
       INSERT INTO tickets (id, organization_id, number, subject, description, contact_id, assignee_id,
                            priority, status, channel, tags, created_at, updated_at, status_changed_at,
                            resolved_at)
       SELECT gen_random_uuid(), $1, $2::int + g,
         initcap(w[1 + g % 40]) || ' ' || w[1 + (g / 40) % 40] || ' problem'
           || CASE WHEN g % 3 = 0 THEN ' and ${COMMON_TERM}' ELSE '' END
           || CASE WHEN g % 100000 = 7 THEN ' ${RARE_TERM}' ELSE '' END,
         'Hello, I have an issue with my ' || w[1 + (g / 7) % 40] || ' and my ' || w[1 + (g / 13) % 40]
           || '. It started after the last ' || w[1 + (g / 3) % 40] || ' change. Order ' || g || '. Thanks!',
         c.ids[1 + g % array_length(c.ids, 1)],
         CASE WHEN g % 5 = 0 THEN NULL ELSE (ARRAY[${agentIds}])[1 + g % ${agents.rows.length}] END,
         (ARRAY['LOW','MEDIUM','MEDIUM','HIGH','URGENT']::ticket_priority[])[1 + g % 5],
         (ARRAY['OPEN','OPEN','PENDING','RESOLVED','CLOSED']::ticket_status[])[1 + (g / 5) % 5],
         (ARRAY['WEB','EMAIL','PORTAL','API']::ticket_channel[])[1 + g % 4],
         ARRAY[w[1 + g % 40]],
         now() - make_interval(secs => ($3::int - g) * 60),
         now() - make_interval(secs => ($3::int - g) * 60) + make_interval(mins => g % 600),
         now() - make_interval(secs => ($3::int - g) * 60),
         NULL
       FROM generate_series($4::int, $5::int) g, contacts_arr c, (SELECT ${words} AS w) words`,
      [orgId, base, missing, from, to],
    );
    await client.query(
      `INSERT INTO ticket_messages (id, organization_id, ticket_id, author_user_id, author_contact_id, message,
                                    is_internal, created_at, updated_at)
       SELECT gen_random_uuid(), t.organization_id, t.id,
         CASE WHEN k = 2 THEN t.assignee_id END,
         CASE WHEN k <> 2 THEN t.contact_id END,
         CASE k WHEN 1 THEN 'Any news on this? It is still happening.'
                WHEN 2 THEN 'Thanks for reaching out, we are looking into it.'
                ELSE 'Internal: checked the logs, see the linked incident.' END,
         k = 3, t.created_at + make_interval(mins => k * 10), t.created_at + make_interval(mins => k * 10)
       FROM tickets t, generate_series(1, 3) k
       WHERE t.organization_id = $1 AND t.number > $2::int + $3::int - 1 AND t.number <= $2::int + $4::int`,
      [orgId, base, from, to],
    );
    process.stdout.write(`  ${to.toLocaleString("en")} / ${missing.toLocaleString("en")}\r`);
  }
  await client.query(
    `INSERT INTO desk_ticket_counters (organization_id, last_number)
     SELECT $1, max(number) FROM tickets WHERE organization_id = $1
     ON CONFLICT (organization_id) DO UPDATE SET last_number = EXCLUDED.last_number`,
    [orgId],
  );
  await client.query("VACUUM ANALYZE tickets");
  await client.query("VACUUM ANALYZE ticket_messages");
  await client.query("VACUUM ANALYZE ticket_activities");
  console.log(`\nSeeded in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
}

async function measure(name: string, run: (i: number) => Promise<unknown>) {
  const times = await timeRuns(SAMPLES, WARMUP, run);
  return {
    name,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
  };
}

async function startWeb(url: string): Promise<{ origin: string; child: ChildProcess }> {
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  // BENCH_WEB_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the web server.
  const nodeArgs = process.env.BENCH_WEB_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", "server/main.ts"], {
    cwd: `${repoRoot}apps/web`,
    env: {
      ...process.env,
      DATABASE_URL: url,
      WEB_PORT: String(port),
      WEB_URL: origin,
      LOG_LEVEL: "warn",
      NODE_ENV: "development",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  await waitHealthy(origin, child, "web");
  return { origin, child };
}

/** The yardstick: desk-bench-bare.ts in its own process, like the web server. */
async function startBare(url: string): Promise<{ origin: string; child: ChildProcess }> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ["--import", "tsx", "desk-bench-bare.ts"], {
    cwd: `${repoRoot}tooling/scripts`,
    env: { ...process.env, DATABASE_URL: url, PORT: String(port), NODE_ENV: "development" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  await waitHealthy(origin, child, "bare");
  return { origin, child };
}

const db = await benchDatabase(`${repoRoot}.data/bench-postgres`);
let web: ChildProcess | undefined;
let bare: ChildProcess | undefined;
try {
  await migrateDeploy(db.url);
  const prisma = createDb(db.url, { max: 2 });
  await seedDemo(prisma);
  const org = await prisma.organization.findUniqueOrThrow({ where: { slug: "acme" }, select: { id: true } });
  await prisma.$disconnect();

  const client = new pg.Client({ connectionString: db.url });
  // The embedded server stops in `finally`; don't let that hide the error that got us there.
  client.on("error", () => {});
  await client.connect();
  await seed(client, org.id);
  const sample = await client.query<{ id: string }>(
    "SELECT id FROM tickets WHERE organization_id = $1 ORDER BY random() LIMIT $2",
    [org.id, SAMPLES + WARMUP],
  );
  const counts = await client.query<{ tickets: string; messages: string }>(
    `SELECT (SELECT count(*) FROM tickets WHERE organization_id = $1) AS tickets,
            (SELECT count(*) FROM ticket_messages WHERE organization_id = $1) AS messages`,
    [org.id],
  );
  await client.end();
  const ids = sample.rows.map((r) => r.id);

  const started = await startWeb(db.url);
  web = started.child;
  const jar = cookieJar();
  const api = createAppClient({ url: started.origin, headers: jar.header, onSetCookie: jar.store });
  await api.auth.signIn.mutate(DEMO_OWNER);
  const orgId = org.id;
  let allMet = true;

  if (ONLY !== "compare") {
    // Page 500: follow 499 cursors once, then measure fetching that page again and again.
    let cursor: string | null = null;
    for (let page = 1; page < 500; page++) {
      const res: { nextCursor: string | null } = await api.deskTickets.list.query({
        orgId,
        cursor,
        limit: 25,
      });
      cursor = res.nextCursor;
    }
    const page500 = cursor;

    const results = [
      await measure("list, first page", () => api.deskTickets.list.query({ orgId, limit: 25 })),
      await measure("list, page 500 (keyset)", () =>
        api.deskTickets.list.query({ orgId, cursor: page500, limit: 25 }),
      ),
      await measure("ticket detail", (i) =>
        api.deskTickets.get.query({ orgId, ticketId: ids[i % ids.length] ?? "" }),
      ),
      await measure("search, rare term", () => api.deskTickets.search.query({ orgId, q: RARE_TERM })),
      await measure("search, common term", () => api.deskTickets.search.query({ orgId, q: COMMON_TERM })),
    ];

    const tickets = Number(counts.rows[0]?.tickets ?? 0);
    const messages = Number(counts.rows[0]?.messages ?? 0);
    console.log(
      `\nDesk read paths over tRPC HTTP — ${tickets.toLocaleString("en")} tickets, ${messages.toLocaleString("en")} messages, ${SAMPLES} requests each (ms)\n`,
    );
    console.log(
      `${"scenario".padEnd(26)}${"p50".padStart(8)}${"p95".padStart(8)}${"p99".padStart(8)}   target`,
    );
    for (const r of results) {
      const target = targets[r.name];
      const met = target ? r[target.stat] <= target.ms : true;
      allMet &&= met;
      console.log(
        `${r.name.padEnd(26)}${r.p50.toFixed(1).padStart(8)}${r.p95.toFixed(1).padStart(8)}${r.p99.toFixed(1).padStart(8)}   ${
          target ? `${target.stat} ≤ ${target.ms} ms ${met ? "met" : "MISSED"}` : ""
        }`,
      );
    }
  }

  if (ONLY !== "latency") {
    const started2 = await startBare(db.url);
    bare = started2.child;
    const cookie = jar.header().cookie ?? "";
    // What the SPA sends: a batched GET of one call, its input encoded by the shared transformer.
    const trpcPath = (procedure: string, input: unknown) =>
      `/trpc/${procedure}?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: transformer.serialize(input) }))}`;
    const detailIds = ids.slice(0, 200);
    const cases: Case[] = [
      {
        name: "list",
        bare: [`/bare/tickets?orgId=${orgId}&limit=25`],
        quartet: [trpcPath("deskTickets.list", { orgId, limit: 25 })],
      },
      {
        name: "detail",
        bare: detailIds.map((id) => `/bare/tickets/${id}?orgId=${orgId}`),
        quartet: detailIds.map((ticketId) => trpcPath("deskTickets.get", { orgId, ticketId })),
      },
    ];
    // Both sides must answer the same JSON, or the comparison means nothing.
    for (const c of cases) {
      const [b, q] = await Promise.all([
        fetch(`${started2.origin}${c.bare[0]}`, { headers: { cookie } }).then((r) => r.json()),
        fetch(`${started.origin}${c.quartet[0]}`, { headers: { cookie } }).then((r) => r.json()),
      ]);
      const fromTrpc = transformer.deserialize((q as [{ result: { data: never } }])[0].result.data);
      deepStrictEqual(
        JSON.parse(JSON.stringify(fromTrpc)),
        b,
        `${c.name}: the bare server answers other JSON`,
      );
    }
    const servers = {
      bare: { origin: started2.origin, pid: started2.child.pid ?? 0 },
      quartet: { origin: started.origin, pid: started.child.pid ?? 0 },
    };
    allMet =
      (await compare(cases, servers, cookie, {
        rounds: ROUNDS,
        seconds: SECONDS,
        maxRatio: MAX_RATIO,
        title: "",
      })) && allMet;
  }
  console.log(allMet ? "\nAll targets met." : "\nSome targets were missed.");
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  // Servers first (they close their pools), then the database.
  const stopped = (child: ChildProcess | undefined) =>
    child && child.exitCode === null
      ? new Promise((resolve) => {
          child.once("exit", resolve);
          child.kill("SIGTERM");
        })
      : undefined;
  await Promise.all([stopped(web), stopped(bare)]);
  await db.stop();
}
