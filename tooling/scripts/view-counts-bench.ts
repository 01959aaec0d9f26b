import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { countNotClosedTickets } from "@quartet/core/desk/views/view-counts.repository";
import { createDb } from "@quartet/db/client";
import { startEmbeddedPostgres } from "@quartet/db/embedded-postgres";
import { migrateDeploy } from "@quartet/db/migrate";
import { makeStaffedOrg } from "@quartet/db/testing/factories";
import pg from "pg";

// `npx tsx tooling/scripts/view-counts-bench.ts` — a benchmark, not a test: the views bar's counts
// (All, Mine, Unassigned + 10 saved views, one statement) over a workspace of BENCH_TICKETS tickets
// (default 100,000; 80 % not closed, as in the desk bench's status mix), on a throwaway embedded
// Postgres. Prints the plan and p50/p95/p99 over BENCH_SAMPLES runs.

const TICKETS = Number(process.env.BENCH_TICKETS ?? 100_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);

const dir = mkdtempSync(path.join(tmpdir(), "view-counts-bench-"));
chmodSync(dir, 0o755); // initdb runs as the postgres user when we are root
const server = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), persistent: false, quiet: true });
try {
  const admin = new pg.Client({ connectionString: server.url("postgres") });
  await admin.connect();
  await admin.query("CREATE DATABASE view_counts_bench");
  await admin.end();
  const url = server.url("view_counts_bench");
  await migrateDeploy(url);
  const db = createDb(url);
  const s = await makeStaffedOrg(db);
  const team = await db.team.create({ data: { organizationId: s.org.id, name: "Billing" } });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(
    `INSERT INTO contacts (id, organization_id, email, created_at, updated_at)
     SELECT gen_random_uuid(), $1, 'c' || g || '@bench.test', now(), now() FROM generate_series(1, 5000) g`,
    [s.org.id],
  );
  const agents = [s.owner.id, s.admin.id, s.agent.id];
  const started = Date.now();
  await client.query(
    `WITH c AS (SELECT array_agg(id) AS ids FROM contacts WHERE organization_id = $1)
     INSERT INTO tickets (id, organization_id, number, subject, description, contact_id, assignee_id, team_id,
                          priority, status, tags, created_at, updated_at, status_changed_at)
     SELECT gen_random_uuid(), $1, g, 'Ticket ' || g, 'x', c.ids[1 + g % array_length(c.ids, 1)],
       CASE WHEN g % 5 = 0 THEN NULL ELSE ($2::uuid[])[1 + g % 3] END,
       CASE WHEN g % 4 = 0 THEN $3::uuid END,
       (ARRAY['LOW','MEDIUM','MEDIUM','HIGH','URGENT']::ticket_priority[])[1 + g % 5],
       (ARRAY['OPEN','OPEN','PENDING','RESOLVED','CLOSED']::ticket_status[])[1 + (g / 5) % 5],
       CASE WHEN g % 7 = 0 THEN ARRAY['vip'] ELSE ARRAY['t' || g % 40] END,
       now(), now(), now()
     FROM generate_series(1, $4::int) g, c`,
    [s.org.id, agents, team.id, TICKETS],
  );
  await client.query("VACUUM ANALYZE tickets");
  console.log(`Seeded ${TICKETS.toLocaleString("en")} tickets in ${Date.now() - started} ms.`);

  const sets = [
    {},
    { assigneeId: s.agent.id },
    { assigneeId: null },
    { priority: "URGENT" as const },
    { status: "PENDING" as const },
    { teamId: team.id },
    { teamId: null },
    { tag: "vip" },
    { tag: "vip", teamId: team.id },
    { priority: "HIGH" as const, assigneeId: s.agent.id },
    { status: "OPEN" as const, assigneeId: null },
    { priority: "LOW" as const, teamId: team.id },
    { assigneeId: s.admin.id, status: "RESOLVED" as const },
  ];
  const counts = await countNotClosedTickets(db, s.org.id, sets);
  console.log(`Counts (${sets.length} views): ${counts.join(", ")}`);
  const plan = await client.query(
    `EXPLAIN (ANALYZE, BUFFERS) SELECT assignee_id, team_id, status, priority, count(*),
       count(*) FILTER (WHERE tags @> ARRAY['vip']::text[])
     FROM tickets WHERE organization_id = $1 AND status <> 'CLOSED' AND deleted_at IS NULL
     GROUP BY assignee_id, team_id, status, priority`,
    [s.org.id],
  );
  console.log(plan.rows.map((r) => r["QUERY PLAN"]).join("\n"));

  for (let i = 0; i < 20; i++) await countNotClosedTickets(db, s.org.id, sets);
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t0 = performance.now();
    await countNotClosedTickets(db, s.org.id, sets);
    times.push(performance.now() - t0);
  }
  // The floor on this machine right now: one bare count(*) of the same rows.
  const floor: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t0 = performance.now();
    await client.query(
      "SELECT count(*) FROM tickets WHERE organization_id = $1 AND status <> 'CLOSED' AND deleted_at IS NULL",
      [s.org.id],
    );
    floor.push(performance.now() - t0);
  }
  const pct = (list: number[], q: number) =>
    [...list].sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor(q * list.length))]?.toFixed(1);
  console.log(
    `views bar counts, ${sets.length} views: p50 ${pct(times, 0.5)} ms, p95 ${pct(times, 0.95)} ms, p99 ${pct(times, 0.99)} ms`,
  );
  console.log(`floor, one count(*) of the same rows: p50 ${pct(floor, 0.5)} ms, p95 ${pct(floor, 0.95)} ms`);
  await client.end();
  await db.$disconnect();
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
