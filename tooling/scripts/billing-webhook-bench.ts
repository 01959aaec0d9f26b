import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { appRouter } from "@quartet/api/app-router";
import { makeTestDeps, startTestBoss } from "@quartet/core/testing/deps";
import { createDb } from "@quartet/db/client";
import { startEmbeddedPostgres } from "@quartet/db/embedded-postgres";
import { migrateDeploy } from "@quartet/db/migrate";
import { STRIPE_HOOK_PATH } from "@quartet/http/billing.plugin";
import { buildServer } from "@quartet/http/server";
import { createStripeProvider, signStripeTestPayload } from "@quartet/integrations/billing/stripe-provider";
import pg from "pg";

// `pnpm bench:billing-webhooks` — a benchmark, not a test. Posts N signed Stripe `invoice.paid`
// events (SUBS subscriptions × N/SUBS renewals each, so events of one subscription contend for its
// row lock) to POST /hooks/stripe over real HTTP, with 10 % of them sent again (half of the
// duplicates at the same moment as their original), CONCURRENCY requests in flight. Prints events/s
// and checks that every event was applied exactly once: lost 0 (each unique invoice has one
// payment and a PROCESSED event row), doubled 0 (no invoice paid twice, no event row twice).
//
//   BENCH_EVENTS=2000 BENCH_SUBS=200 BENCH_CONCURRENCY=32 pnpm bench:billing-webhooks

const EVENTS = Number(process.env.BENCH_EVENTS ?? 2000);
const SUBS = Number(process.env.BENCH_SUBS ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const DUP_SHARE = 0.1;
const SECRET = "whsec_bench_0123456789abcdef";

const dir = mkdtempSync(path.join(tmpdir(), "billing-webhook-bench-"));
chmodSync(dir, 0o755); // initdb runs as the postgres user when we are root
const server = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), persistent: false, quiet: true });
try {
  const admin = new pg.Client({ connectionString: server.url("postgres") });
  await admin.connect();
  await admin.query("CREATE DATABASE billing_bench");
  await admin.end();
  const url = server.url("billing_bench");
  await migrateDeploy(url);
  const db = createDb(url);
  const boss = await startTestBoss(url);
  const deps = makeTestDeps(db, boss, { clock: { now: () => new Date(), set() {}, advance() {} } });
  deps.billing = createStripeProvider({ secretKey: "sk_test_bench", webhookSecret: SECRET });
  const web = await buildServer({ deps, kind: "WEB", router: appRouter, origin: "http://localhost:3000" });
  await web.listen({ host: "127.0.0.1", port: 0 });
  const address = web.server.address();
  const base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;

  // SUBS workspaces, each with an active Stripe subscription.
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const start = Math.floor(Date.now() / 1000);
  await client.query(
    `WITH u AS (
       INSERT INTO users (id, email, updated_at)
       SELECT gen_random_uuid(), 'bench' || g || '@bench.test', now() FROM generate_series(1, $1::int) g RETURNING id, email),
     o AS (
       INSERT INTO organizations (id, name, slug, owner_id, plan, updated_at)
       SELECT gen_random_uuid(), 'Bench ' || u.email, 'bench-' || split_part(u.email, '@', 1), u.id, 'PRO', now() FROM u
       RETURNING id, owner_id, slug),
     m AS (INSERT INTO memberships (id, organization_id, user_id, role, updated_at)
       SELECT gen_random_uuid(), o.id, o.owner_id, 'OWNER', now() FROM o)
     INSERT INTO subscriptions (id, organization_id, plan, status, provider, provider_subscription_id, provider_customer_id,
                                price_amount, current_period_start, current_period_end, updated_at)
     SELECT gen_random_uuid(), o.id, 'PRO', 'ACTIVE', 'STRIPE', 'sub_' || replace(o.slug, 'bench-', ''), 'cus_' || o.slug, 29,
            to_timestamp($2), to_timestamp($2 + 30 * 86400), now() FROM o`,
    [SUBS, start],
  );

  // The events: per subscription, consecutive monthly renewals; 10 % sent twice.
  const perSub = Math.max(1, Math.ceil(EVENTS / SUBS));
  const unique: { id: string; body: string; invoice: string }[] = [];
  for (let r = 0; r < perSub && unique.length < EVENTS; r++) {
    for (let s = 1; s <= SUBS && unique.length < EVENTS; s++) {
      const periodStart = start + (r + 1) * 30 * 86400;
      const invoice = `in_bench_${s}_${r}`;
      const id = `evt_bench_${s}_${r}`;
      const body = JSON.stringify({
        id,
        object: "event",
        type: "invoice.paid",
        created: start + r * 30 * 86400 + s,
        data: {
          object: {
            id: invoice,
            object: "invoice",
            customer: `cus_bench-${`bench${s}`}`,
            amount_paid: 2900,
            currency: "usd",
            billing_reason: "subscription_cycle",
            parent: { subscription_details: { subscription: `sub_bench${s}`, metadata: {} } },
            lines: { data: [{ period: { start: periodStart, end: periodStart + 30 * 86400 } }] },
          },
        },
      });
      unique.push({ id, body, invoice });
    }
  }
  const sends = unique.map((e) => e.body);
  const duplicates = Math.round(unique.length * DUP_SHARE);
  for (let i = 0; i < duplicates; i++) {
    const original = unique[Math.floor((i * unique.length) / duplicates)]!;
    // Half right next to the original (concurrent), half later in the stream (replays).
    const at = i % 2 === 0 ? sends.indexOf(original.body) + 1 : sends.length;
    sends.splice(at, 0, original.body);
  }

  let next = 0;
  let failures = 0;
  const outcomes: Record<string, number> = {};
  const worker = async () => {
    while (next < sends.length) {
      const body = sends[next++]!;
      const res = await fetch(`${base}${STRIPE_HOOK_PATH}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "stripe-signature": signStripeTestPayload(body, SECRET),
        },
        body,
      });
      const json = (await res.json().catch(() => ({}))) as { outcome?: string };
      if (res.status !== 200) failures++;
      else outcomes[json.outcome ?? "?"] = (outcomes[json.outcome ?? "?"] ?? 0) + 1;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - t0) / 1000;

  const { rows: processed } = await client.query(
    "SELECT count(*)::int AS n FROM billing_events WHERE provider = 'STRIPE' AND status = 'PROCESSED'",
  );
  const { rows: eventRows } = await client.query(
    "SELECT count(*)::int AS n, count(DISTINCT provider_event_id)::int AS d FROM billing_events",
  );
  const { rows: paid } = await client.query(
    `SELECT count(DISTINCT provider_invoice_id)::int AS invoices, count(*)::int AS payments
     FROM payments WHERE provider = 'STRIPE' AND status = 'COMPLETED' AND provider_invoice_id LIKE 'in_bench_%'`,
  );
  const lost = unique.length - Math.min(paid[0].invoices, processed[0].n);
  const doubled = paid[0].payments - paid[0].invoices + (eventRows[0].n - eventRows[0].d);
  console.log(
    `billing webhooks: ${sends.length} requests (${unique.length} unique events + ${sends.length - unique.length} duplicates, ` +
      `${SUBS} subscriptions, ${CONCURRENCY} in flight) in ${seconds.toFixed(2)} s`,
  );
  console.log(
    `  ${(sends.length / seconds).toFixed(0)} events/s (${(unique.length / seconds).toFixed(0)} unique/s)`,
  );
  console.log(`  outcomes: ${JSON.stringify(outcomes)}, non-200: ${failures}`);
  console.log(`  lost ${lost}, doubled ${doubled}`);
  const { rows: periods } = await client.query(
    "SELECT count(*)::int AS n FROM subscriptions WHERE current_period_end = to_timestamp($1)",
    [start + (perSub + 1) * 30 * 86400],
  );
  console.log(`  subscriptions at their last paid period: ${periods[0].n} of ${SUBS}`);
  await client.end();
  await web.close();
  await boss.stop({ graceful: false });
  await db.$disconnect();
  if (lost !== 0 || doubled !== 0 || failures !== 0) process.exitCode = 1;
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
