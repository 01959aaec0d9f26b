import { type ChildProcess, spawn } from "node:child_process";
import { cookieJar, createAppClient } from "@quartet/api/client";
import { type Deps, systemClock } from "@quartet/core/deps";
import { recomputeDeskMetrics } from "@quartet/core/desk/reports/metrics-daily.handler";
import { storedDays } from "@quartet/core/desk/reports/report.repository";
import type { DeskReport } from "@quartet/core/desk/reports/report.schema";
import { getDeskReport } from "@quartet/core/desk/reports/report.service";
import { addDays, localDate, workspaceTimezone } from "@quartet/core/desk/reports/report-days";
import { seedDemo } from "@quartet/core/seed/demo.seed";
import { createDb } from "@quartet/db/client";
import { freePort } from "@quartet/db/embedded-postgres";
import { migrateDeploy } from "@quartet/db/migrate";
import pg from "pg";
import { benchDatabase, percentile, timeRuns } from "./bench-kit.ts";
import { repoRoot } from "./dev-database.ts";

// `pnpm bench:reports` — a benchmark, not a test. The Desk report over a year (the last 365 days
// and today) on the demo workspace with 1,000,000 tickets: computed entirely live against read
// from the daily rollups (today live), p50/p99 in process and through the tRPC HTTP endpoint.
//
// The data set has the ticket shape of `pnpm bench:desk` (one ticket a minute going back ~1.9
// years, the same status mix, 60 % of them open or pending, so the backlog is heavy) plus what the
// reports count: first replies (with the agent's message), resolutions and closings, teams, SLA
// policies and breaches, survey ratings. It lives in its own data directory (seeded once, about
// as long as bench:desk's), so the two benchmarks never fight over one server.
//
//   BENCH_TICKETS=100000 pnpm bench:reports   smaller data set
//   BENCH_SAMPLES=40 BENCH_LIVE_SAMPLES=5      requests per scenario
//   BENCH_DATA_DIR=…                           where the embedded server keeps the data
//   BENCH_SEED_ONLY=1                          seed (and roll up) the data set, measure nothing
//   DATABASE_URL=…                             use that database instead of the embedded one

const TICKETS = Number(process.env.BENCH_TICKETS ?? 1_000_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 40);
const LIVE_SAMPLES = Number(process.env.BENCH_LIVE_SAMPLES ?? 5);
const DATA_DIR = process.env.BENCH_DATA_DIR ?? `${repoRoot}.data/bench-reports-postgres`;
const TARGET_MS = 300;
const DEMO_OWNER = { email: "owner@acme.test", password: "quartet-demo-2026" };

/** Tickets (and their report facts) until the demo workspace has TICKETS of them. */
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
  console.log(`Seeding ${missing.toLocaleString("en")} tickets with replies, resolutions, SLA and ratings…`);
  const started = Date.now();
  await client.query("SET synchronous_commit = off");
  await client.query(
    `INSERT INTO contacts (id, organization_id, name, email, created_at, updated_at)
     SELECT gen_random_uuid(), $1, 'Customer ' || g, 'customer' || g || '@bench.test', now(), now()
     FROM generate_series(1, 50000) g ON CONFLICT DO NOTHING`,
    [orgId],
  );
  for (const name of ["Billing", "Technical", "Shipping"]) {
    await client.query(
      `INSERT INTO teams (id, organization_id, name, created_at, updated_at)
       SELECT gen_random_uuid(), $1, $2::text, now(), now()
       WHERE NOT EXISTS (SELECT 1 FROM teams WHERE organization_id = $1 AND name = $2::text)`,
      [orgId, name],
    );
  }
  await client.query(
    `INSERT INTO sla_policies (id, organization_id, name, first_response_time, resolution_time, created_at, updated_at)
     SELECT gen_random_uuid(), $1, 'Bench standard', 60, 480, now(), now()
     WHERE NOT EXISTS (SELECT 1 FROM sla_policies WHERE organization_id = $1 AND name = 'Bench standard')`,
    [orgId],
  );
  const { rows: maxRows } = await client.query<{ n: number }>(
    "SELECT coalesce(max(number), 0) AS n FROM tickets WHERE organization_id = $1",
    [orgId],
  );
  const base = maxRows[0]?.n ?? 0;
  const batch = 100_000;
  for (let from = 1; from <= missing; from += batch) {
    const to = Math.min(missing, from + batch - 1);
    // r(k): a deterministic pseudo-random number in [0, 1) per ticket and purpose.
    await client.query(
      `WITH ctx AS (
         SELECT (SELECT array_agg(id ORDER BY email) FROM contacts WHERE organization_id = $1) AS contacts,
                (SELECT array_agg(user_id ORDER BY user_id) FROM memberships
                  WHERE organization_id = $1 AND role IN ('OWNER','ADMIN','AGENT')) AS agents,
                (SELECT array_agg(id ORDER BY name) FROM teams WHERE organization_id = $1) AS teams,
                (SELECT id FROM sla_policies WHERE organization_id = $1 AND name = 'Bench standard') AS policy
       ),
       g AS (
         SELECT g, now() - make_interval(secs => ($3::int - g) * 60) AS created,
           (ARRAY['OPEN','OPEN','PENDING','RESOLVED','CLOSED']::ticket_status[])[1 + (g / 5) % 5] AS status,
           ((hashint4(g) & 2147483647)::float8 / 2147483648) AS r1,
           ((hashint4(g + 7919) & 2147483647)::float8 / 2147483648) AS r2,
           ((hashint4(g + 104729) & 2147483647)::float8 / 2147483648) AS r3
         FROM generate_series($4::int, $5::int) g
       ),
       facts AS (
         SELECT g.*,
           CASE WHEN g.status IN ('RESOLVED','CLOSED') OR g.r1 < 0.5
             THEN LEAST(now(), g.created + make_interval(secs => exp(4 + g.r2 * 7))) END AS fr_at,
           CASE WHEN g.status IN ('RESOLVED','CLOSED')
             THEN LEAST(now(), g.created + make_interval(secs => exp(7 + g.r3 * 6))) END AS solved_at
         FROM g
       )
       INSERT INTO tickets (id, organization_id, number, subject, description, contact_id, assignee_id, team_id,
                            priority, status, channel, tags, created_at, updated_at, status_changed_at,
                            first_response_at, resolved_at, closed_at, sla_policy_id, sla_due_at, sla_breached)
       SELECT gen_random_uuid(), $1, $2::int + f.g, 'Ticket ' || f.g, 'Hello, I have an issue. Order ' || f.g || '.',
         c.contacts[1 + f.g % array_length(c.contacts, 1)],
         CASE WHEN f.g % 5 = 0 THEN NULL ELSE c.agents[1 + f.g % array_length(c.agents, 1)] END,
         CASE WHEN f.g % 4 = 0 THEN NULL ELSE c.teams[1 + f.g % array_length(c.teams, 1)] END,
         (ARRAY['LOW','MEDIUM','MEDIUM','HIGH','URGENT']::ticket_priority[])[1 + f.g % 5],
         f.status,
         (ARRAY['WEB','EMAIL','PORTAL','API']::ticket_channel[])[1 + f.g % 4],
         ARRAY[]::text[], f.created, GREATEST(f.created, f.fr_at, f.solved_at), f.created, f.fr_at,
         CASE WHEN f.status = 'RESOLVED' OR (f.status = 'CLOSED' AND f.r1 < 0.7) THEN f.solved_at END,
         CASE WHEN f.status = 'CLOSED' THEN f.solved_at END,
         CASE WHEN f.g % 2 = 0 THEN c.policy END,
         CASE WHEN f.g % 2 = 0 THEN f.created + interval '8 hours' END,
         f.g % 2 = 0 AND COALESCE(f.solved_at, now()) > f.created + interval '8 hours'
       FROM facts f, ctx c`,
      [orgId, base, missing, from, to],
    );
    const range = [orgId, base + from, base + to];
    // The first public agent reply (who answered first is credited in the agent table).
    await client.query(
      `INSERT INTO ticket_messages (id, organization_id, ticket_id, author_user_id, message, is_internal, created_at, updated_at)
       SELECT gen_random_uuid(), t.organization_id, t.id,
         COALESCE(t.assignee_id, (SELECT user_id FROM memberships WHERE organization_id = $1 AND role = 'OWNER' LIMIT 1)),
         'Thanks for reaching out, we are looking into it.', false, t.first_response_at, t.first_response_at
       FROM tickets t
       WHERE t.organization_id = $1 AND t.number BETWEEN $2 AND $3 AND t.first_response_at IS NOT NULL`,
      range,
    );
    await client.query(
      `INSERT INTO ticket_activities (id, organization_id, ticket_id, action_type, created_at)
       SELECT gen_random_uuid(), t.organization_id, t.id, 'sla_breached', t.sla_due_at
       FROM tickets t
       WHERE t.organization_id = $1 AND t.number BETWEEN $2 AND $3 AND t.sla_breached AND t.sla_due_at <= now()`,
      range,
    );
    await client.query(
      `INSERT INTO csat_responses (id, organization_id, ticket_id, contact_id, agent_id, rating, sent_at, responded_at)
       SELECT gen_random_uuid(), t.organization_id, t.id, t.contact_id, t.assignee_id,
         (ARRAY[1,2,3,3,4,4,4,5,5,5])[1 + t.number % 10],
         COALESCE(t.resolved_at, t.closed_at), LEAST(now(), COALESCE(t.resolved_at, t.closed_at) + interval '2 hours')
       FROM tickets t
       WHERE t.organization_id = $1 AND t.number BETWEEN $2 AND $3 AND t.status IN ('RESOLVED','CLOSED')
         AND t.number % 3 = 0`,
      range,
    );
    process.stdout.write(`  ${to.toLocaleString("en")} / ${missing.toLocaleString("en")}\r`);
  }
  await client.query(
    `INSERT INTO desk_ticket_counters (organization_id, last_number)
     SELECT $1, max(number) FROM tickets WHERE organization_id = $1
     ON CONFLICT (organization_id) DO UPDATE SET last_number = EXCLUDED.last_number`,
    [orgId],
  );
  for (const table of ["tickets", "ticket_messages", "ticket_activities", "csat_responses"]) {
    await client.query(`VACUUM ANALYZE ${table}`);
  }
  console.log(`\nSeeded in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
}

async function measure(name: string, samples: number, warmup: number, run: () => Promise<unknown>) {
  const times = await timeRuns(samples, warmup, run);
  return { name, samples, p50: percentile(times, 50), p99: percentile(times, 99) };
}

async function startWeb(url: string): Promise<{ origin: string; child: ChildProcess }> {
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
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
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${origin}/healthz`)).ok) return { origin, child };
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill("SIGTERM");
  throw new Error("the web server did not start");
}

const db = await benchDatabase(DATA_DIR);
let web: ChildProcess | undefined;
try {
  await migrateDeploy(db.url);
  const prisma = createDb(db.url, { max: 10 });
  await seedDemo(prisma);
  const org = await prisma.organization.findUniqueOrThrow({ where: { slug: "acme" }, select: { id: true } });
  const owner = await prisma.user.findUniqueOrThrow({
    where: { email: DEMO_OWNER.email },
    select: { id: true },
  });

  const client = new pg.Client({ connectionString: db.url });
  client.on("error", () => {});
  await client.connect();
  await seed(client, org.id);
  const { rows: counts } = await client.query<{ n: string }>(
    "SELECT count(*) AS n FROM tickets WHERE organization_id = $1",
    [org.id],
  );
  await client.end();

  // The year: the last 365 days and today, in the workspace's zone.
  const timezone = await workspaceTimezone(prisma, org.id);
  const today = localDate(new Date(), timezone);
  const range = { orgId: org.id, from: addDays(today, -365), to: today };
  const yesterday = addDays(today, -1);

  // Roll up the past days the rollups don't hold yet (what the hourly job and a rebuild do).
  const have = await storedDays(prisma, { orgId: org.id, timezone, from: range.from, to: yesterday });
  if (have.length < 365) {
    const t0 = performance.now();
    await recomputeDeskMetrics({ db: prisma, clock: systemClock }, org.id, {
      from: range.from,
      to: yesterday,
    });
    console.log(
      `Rolled up 365 days in ${((performance.now() - t0) / 1000).toFixed(1)} s (the rebuild job's work).`,
    );
  }

  if (process.env.BENCH_SEED_ONLY) {
    await prisma.$disconnect();
    console.log("Seeded and rolled up; nothing measured (BENCH_SEED_ONLY).");
  } else {
    await benchmark(db.url, prisma, {
      orgId: org.id,
      ownerId: owner.id,
      timezone,
      range,
      tickets: Number(counts[0]?.n ?? 0),
    });
  }
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  web?.kill("SIGTERM");
  await db.stop();
}

async function benchmark(
  url: string,
  prisma: ReturnType<typeof createDb>,
  ctx: {
    orgId: string;
    ownerId: string;
    timezone: string;
    range: { orgId: string; from: string; to: string };
    tickets: number;
  },
): Promise<void> {
  const { range, timezone } = ctx;
  // In process: the service with the database, as the API calls it (the report needs no more deps).
  const deps = { db: prisma, clock: systemClock } as unknown as Deps;
  const actor = { userId: ctx.ownerId, sessionId: "bench", ip: "127.0.0.1", userAgent: "bench" };
  const live = await getDeskReport(deps, actor, range, { source: "live" });
  const stored = await getDeskReport(deps, actor, range);
  const figures = (r: DeskReport) => JSON.stringify({ ...r, range: { ...r.range, storedDays: 0 } });
  const same = figures(live) === figures(stored);

  const started = await startWeb(url);
  web = started.child;
  const jar = cookieJar();
  const api = createAppClient({ url: started.origin, headers: jar.header, onSetCookie: jar.store });
  await api.auth.signIn.mutate(DEMO_OWNER);

  const results = [
    await measure("live, in process", LIVE_SAMPLES, 1, () =>
      getDeskReport(deps, actor, range, { source: "live" }),
    ),
    await measure("rollups + today, in process", SAMPLES, 3, () => getDeskReport(deps, actor, range)),
    await measure("rollups + today, tRPC HTTP", SAMPLES, 3, () => api.deskReports.overview.query(range)),
  ];
  await prisma.$disconnect();

  console.log(
    `\nDesk report over a year (${range.from} … ${range.to}, ${timezone}) — ${ctx.tickets.toLocaleString("en")} tickets; ` +
      `${stored.totals.created.toLocaleString("en")} created and ${stored.totals.resolved.toLocaleString("en")} solved in range; ` +
      `${stored.range.storedDays} days from the rollups (ms)\n`,
  );
  console.log(`${"scenario".padEnd(30)}${"n".padStart(5)}${"p50".padStart(10)}${"p99".padStart(10)}`);
  for (const r of results) {
    console.log(
      `${r.name.padEnd(30)}${String(r.samples).padStart(5)}${r.p50.toFixed(1).padStart(10)}${r.p99.toFixed(1).padStart(10)}`,
    );
  }
  const http = results[2] as (typeof results)[number];
  const met = http.p99 <= TARGET_MS;
  console.log(`\nSame figures live and from the rollups: ${same ? "yes" : "NO"}`);
  console.log(`Target: the year's report over HTTP, p99 ≤ ${TARGET_MS} ms — ${met ? "met" : "MISSED"}.`);
  if (!same || !met) process.exitCode = 1;
}
