import { deepStrictEqual } from "node:assert";
import { type ChildProcess, spawn } from "node:child_process";
import { cookieJar, createAppClient } from "@quartet/api/client";
import { transformer } from "@quartet/api/transformer";
import { DEMO_PASSWORD, seedDemo } from "@quartet/core/seed/demo.seed";
import { createDb } from "@quartet/db/client";
import { freePort } from "@quartet/db/embedded-postgres";
import { migrateDeploy } from "@quartet/db/migrate";
import pg from "pg";
import { type Case, compare, waitHealthy } from "./bench-compare.ts";
import { benchDatabase, percentile, timeRuns } from "./bench-kit.ts";
import { repoRoot } from "./dev-database.ts";

// `pnpm bench:inbox` — a benchmark, not a test. Seeds the demo workspace with 100,000 conversations
// and 1,000,000 messages (once, with generate_series: the data stays in .data/inbox-bench-postgres),
// starts the real web server, signs in as the demo owner and measures the inbox list through the
// tRPC HTTP endpoint:
// 1. latency: p50/p95/p99 of sequential requests after a warm-up (first page, a deep keyset page,
//    and, for information, counts, a thread and a message search);
// 2. compare: the first page and the deep page under load (autocannon, 1 and 10 connections)
//    against a bare Fastify + `pg` server (inbox-bench-bare.ts) running the same SQL with the same
//    session and membership checks and answering the same JSON. Rounds alternate bare / Quartet (and
//    which goes first), so load from elsewhere on the machine hits both alike; the table gives the
//    median of the per-round ratios Quartet ÷ bare.
//
//   BENCH_CONVERSATIONS=100000 BENCH_MESSAGES_PER=10   data set (1,000,000 messages)
//   BENCH_SAMPLES=300 BENCH_ROUNDS=4 BENCH_SECONDS=5   requests per latency case; compare rounds
//   BENCH_DEEP_PAGE=1000                               the deep page (25 per page)
//   BENCH_ONLY=latency | compare                       run one part only
//   DATABASE_URL=…                                     that database instead of the embedded one

const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 100_000);
const PER = Number(process.env.BENCH_MESSAGES_PER ?? 10);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 300);
const WARMUP = 30;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const DEEP_PAGE = Number(process.env.BENCH_DEEP_PAGE ?? 1000);
const ONLY = process.env.BENCH_ONLY;
const PAGE = 25;
/** Quartet within 1.5× of the bare server on every figure. */
const MAX_RATIO = 1.5;
/** One message in 100,000 has it: a rare term. */
const RARE_TERM = "quasarflux";
const DEMO_OWNER = { email: "owner@acme.test", password: DEMO_PASSWORD };

const targets: Record<string, { stat: "p95" | "p99"; ms: number }> = {
  "list, first page": { stat: "p99", ms: 25 },
  [`list, page ${DEEP_PAGE} (keyset)`]: { stat: "p99", ms: 25 },
};

const WORDS = [
  "order",
  "delivery",
  "refund",
  "size",
  "color",
  "tracking",
  "parcel",
  "late",
  "broken",
  "exchange",
  "discount",
  "coupon",
  "stock",
  "available",
  "price",
  "shipping",
  "address",
  "invoice",
  "payment",
  "card",
  "thanks",
  "hello",
  "please",
  "when",
  "where",
  "today",
  "tomorrow",
  "photo",
  "video",
  "help",
];

/** Adds bench conversations (and PER messages each) to the demo workspace until it has them all. */
async function seed(client: pg.Client, orgId: string) {
  const { rows } = await client.query<{ n: string }>(
    "SELECT count(*) AS n FROM conversations WHERE organization_id = $1 AND external_id LIKE 'bench-%'",
    [orgId],
  );
  const have = Number(rows[0]?.n ?? 0);
  if (have >= CONVERSATIONS) {
    console.log(`Data: ${have.toLocaleString("en")} bench conversations already seeded.`);
    return;
  }
  const started = Date.now();
  console.log(
    `Seeding ${(CONVERSATIONS - have).toLocaleString("en")} conversations and ${((CONVERSATIONS - have) * PER).toLocaleString("en")} messages…`,
  );
  await client.query("SET synchronous_commit = off");
  await client.query(
    `INSERT INTO platform_connections (id, organization_id, platform, platform_user_id, platform_display_name,
                                       access_token, status, metadata, created_at, updated_at)
     SELECT gen_random_uuid(), $1, p::platform, 'bench-' || lower(p), 'Bench ' || initcap(p), '', 'ACTIVE', '{}', now(), now()
     FROM unnest(ARRAY['WHATSAPP','FACEBOOK','INSTAGRAM','TIKTOK']) p
     ON CONFLICT DO NOTHING`,
    [orgId],
  );
  await client.query(
    `INSERT INTO labels (id, organization_id, name, color, created_at)
     SELECT gen_random_uuid(), $1, n, '#6366f1', now() FROM unnest(ARRAY['VIP','Returns','Wholesale','Press','Bug']) n
     ON CONFLICT DO NOTHING`,
    [orgId],
  );
  const words = `ARRAY[${WORDS.map((w) => `'${w}'`).join(",")}]`;
  const batch = 10_000;
  for (let from = have + 1; from <= CONVERSATIONS; from += batch) {
    const to = Math.min(CONVERSATIONS, from + batch - 1);
    // Conversation g's last activity is g × 30 s after the first one's: the newest is g = N.
    await client.query(
      `WITH conns AS (
         SELECT array_agg(id ORDER BY platform_user_id) AS ids, array_agg(platform ORDER BY platform_user_id) AS plats
         FROM platform_connections WHERE organization_id = $1 AND platform_user_id LIKE 'bench-%'
       ), agents AS (
         SELECT array_agg(user_id ORDER BY user_id) AS ids FROM memberships
         WHERE organization_id = $1 AND role IN ('OWNER','ADMIN','AGENT') AND NOT disabled
       ), new_c AS (
         INSERT INTO conversations (id, organization_id, platform_connection_id, platform, external_id,
                                    contact_external_id, contact_name, last_message_preview, last_message_at,
                                    last_inbound_at, unread_count, status, assigned_to_id, first_response_at,
                                    created_at, updated_at)
         SELECT gen_random_uuid(), $1, conns.ids[1 + g % 4], conns.plats[1 + g % 4], 'bench-' || g, 'bench-' || g,
           'Customer ' || g, 'Thanks for your help with my order ' || g,
           now() - make_interval(secs => ($2::int - g) * 30),
           now() - make_interval(secs => ($2::int - g) * 30 + 60),
           (g % 4),
           (CASE WHEN g % 10 = 0 THEN 'CLOSED' WHEN g % 10 = 1 THEN 'ARCHIVED' ELSE 'OPEN' END)::conversation_status,
           CASE WHEN g % 3 = 0 THEN NULL ELSE agents.ids[1 + g % array_length(agents.ids, 1)] END,
           now() - make_interval(secs => ($2::int - g) * 30 + ${PER * 60} - 60),
           now() - make_interval(secs => ($2::int - g) * 30 + ${PER * 60}),
           now()
         FROM generate_series($3::int, $4::int) g, conns, agents
         RETURNING id, organization_id, platform_connection_id, last_message_at, assigned_to_id,
                   split_part(external_id, '-', 2)::int AS g
       ), new_l AS (
         INSERT INTO conversation_labels (conversation_id, label_id, organization_id)
         SELECT new_c.id, (SELECT array_agg(id ORDER BY name) FROM labels WHERE organization_id = $1)[1 + new_c.g % 5], $1
         FROM new_c WHERE new_c.g % 7 = 0
       )
       INSERT INTO messages (id, organization_id, conversation_id, platform_connection_id, external_id, direction,
                             content, content_type, status, sent_by_user_id, created_at, updated_at)
       SELECT gen_random_uuid(), new_c.organization_id, new_c.id, new_c.platform_connection_id,
         'bm-' || new_c.g || '-' || k,
         (CASE WHEN k % 2 = 1 THEN 'INBOUND' ELSE 'OUTBOUND' END)::message_direction,
         initcap(w[1 + (new_c.g + k) % 30]) || ' ' || w[1 + (new_c.g * 7 + k) % 30] || ' ' || w[1 + (new_c.g / 3 + k) % 30]
           || ' for order ' || new_c.g || CASE WHEN (new_c.g * ${PER} + k) % 100000 = 7 THEN ' ${RARE_TERM}' ELSE '' END,
         'TEXT', (CASE WHEN k % 2 = 1 THEN 'READ' ELSE 'SENT' END)::message_status,
         CASE WHEN k % 2 = 0 THEN new_c.assigned_to_id END,
         new_c.last_message_at - make_interval(mins => ${PER} - k),
         new_c.last_message_at - make_interval(mins => ${PER} - k)
       FROM new_c, generate_series(1, ${PER}) k, (SELECT ${words} AS w) words`,
      [orgId, CONVERSATIONS, from, to],
    );
    process.stdout.write(`  ${to.toLocaleString("en")} / ${CONVERSATIONS.toLocaleString("en")}\r`);
  }
  await client.query("VACUUM ANALYZE conversations");
  await client.query("VACUUM ANALYZE messages");
  await client.query("VACUUM ANALYZE conversation_labels");
  console.log(`\nSeeded in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
}

async function measure(name: string, run: (i: number) => Promise<unknown>) {
  const times = await timeRuns(SAMPLES, WARMUP, run);
  return { name, p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99) };
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
  await waitHealthy(origin, child, "web");
  return { origin, child };
}

async function startBare(url: string): Promise<{ origin: string; child: ChildProcess }> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ["--import", "tsx", "inbox-bench-bare.ts"], {
    cwd: `${repoRoot}tooling/scripts`,
    env: { ...process.env, DATABASE_URL: url, PORT: String(port), NODE_ENV: "development" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  await waitHealthy(origin, child, "bare");
  return { origin, child };
}

const db = await benchDatabase(`${repoRoot}.data/inbox-bench-postgres`);
let web: ChildProcess | undefined;
let bare: ChildProcess | undefined;
try {
  await migrateDeploy(db.url);
  const prisma = createDb(db.url, { max: 2 });
  await seedDemo(prisma);
  const org = await prisma.organization.findUniqueOrThrow({ where: { slug: "acme" }, select: { id: true } });
  await prisma.$disconnect();
  const orgId = org.id;

  const client = new pg.Client({ connectionString: db.url });
  client.on("error", () => {});
  await client.connect();
  await seed(client, orgId);
  const counts = await client.query<{ conversations: string; open: string; messages: string }>(
    `SELECT (SELECT count(*) FROM conversations WHERE organization_id = $1) AS conversations,
            (SELECT count(*) FROM conversations WHERE organization_id = $1 AND status = 'OPEN') AS open,
            (SELECT count(*) FROM messages WHERE organization_id = $1) AS messages`,
    [orgId],
  );
  // The deep page's cursor: the last row of page DEEP_PAGE - 1 (the one-off OFFSET is ours, not the app's).
  const deepRow = await client.query<{ last_message_at: Date; id: string }>(
    `SELECT last_message_at, id FROM conversations
     WHERE organization_id = $1 AND status = 'OPEN' AND (snoozed_until IS NULL OR snoozed_until <= now())
       AND last_message_at IS NOT NULL
     ORDER BY last_message_at DESC, id DESC OFFSET $2 LIMIT 1`,
    [orgId, (DEEP_PAGE - 1) * PAGE - 1],
  );
  const threads = await client.query<{ id: string }>(
    "SELECT id FROM conversations WHERE organization_id = $1 AND external_id LIKE 'bench-%' ORDER BY random() LIMIT 200",
    [orgId],
  );
  await client.end();
  const deep = deepRow.rows[0];
  if (!deep) throw new Error("not enough conversations for the deep page");
  const deepCursor = Buffer.from(JSON.stringify([deep.last_message_at.toISOString(), deep.id])).toString(
    "base64url",
  );
  const threadIds = threads.rows.map((r) => r.id);

  const started = await startWeb(db.url);
  web = started.child;
  const jar = cookieJar();
  const api = createAppClient({ url: started.origin, headers: jar.header, onSetCookie: jar.store });
  await api.auth.signIn.mutate(DEMO_OWNER);
  let allMet = true;
  const deepName = `list, page ${DEEP_PAGE} (keyset)`;

  if (ONLY !== "compare") {
    const results = [
      await measure("list, first page", () => api.inboxConversations.list.query({ orgId, limit: PAGE })),
      await measure(deepName, () =>
        api.inboxConversations.list.query({ orgId, limit: PAGE, cursor: deepCursor }),
      ),
      await measure("list, mine", () =>
        api.inboxConversations.list.query({ orgId, limit: PAGE, view: "mine" }),
      ),
      await measure("counts", () => api.inboxConversations.counts.query({ orgId })),
      await measure("thread (50 messages)", (i) =>
        api.inboxMessages.list.query({ orgId, conversationId: threadIds[i % threadIds.length] ?? "" }),
      ),
      await measure("search, rare term", () => api.inboxMessages.search.query({ orgId, q: RARE_TERM })),
      await measure("search, common term", () => api.inboxMessages.search.query({ orgId, q: "refund" })),
      await measure("list q, rare term", () =>
        api.inboxConversations.list.query({ orgId, limit: PAGE, q: RARE_TERM }),
      ),
      await measure("list q, common term", () =>
        api.inboxConversations.list.query({ orgId, limit: PAGE, q: "refund" }),
      ),
      await measure("list q, contact name", () =>
        api.inboxConversations.list.query({ orgId, limit: PAGE, q: "customer 4242" }),
      ),
    ];
    const c = counts.rows[0];
    console.log(
      `\nInbox read paths over tRPC HTTP — ${Number(c?.conversations).toLocaleString("en")} conversations (${Number(c?.open).toLocaleString("en")} open), ${Number(c?.messages).toLocaleString("en")} messages, ${SAMPLES} requests each (ms)\n`,
    );
    console.log(
      `${"scenario".padEnd(28)}${"p50".padStart(8)}${"p95".padStart(8)}${"p99".padStart(8)}   target`,
    );
    for (const r of results) {
      const target = targets[r.name];
      const met = target ? r[target.stat] <= target.ms : true;
      allMet &&= met;
      console.log(
        `${r.name.padEnd(28)}${r.p50.toFixed(1).padStart(8)}${r.p95.toFixed(1).padStart(8)}${r.p99.toFixed(1).padStart(8)}   ${
          target ? `${target.stat} ≤ ${target.ms} ms ${met ? "met" : "MISSED"}` : ""
        }`,
      );
    }
  }

  if (ONLY !== "latency") {
    const started2 = await startBare(db.url);
    bare = started2.child;
    const cookie = jar.header().cookie ?? "";
    const trpcPath = (procedure: string, input: unknown) =>
      `/trpc/${procedure}?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: transformer.serialize(input) }))}`;
    const cases: Case[] = [
      {
        name: "list, first page",
        bare: [`/bare/inbox?orgId=${orgId}&limit=${PAGE}`],
        quartet: [trpcPath("inboxConversations.list", { orgId, limit: PAGE })],
      },
      {
        name: deepName,
        bare: [`/bare/inbox?orgId=${orgId}&limit=${PAGE}&cursor=${deepCursor}`],
        quartet: [trpcPath("inboxConversations.list", { orgId, limit: PAGE, cursor: deepCursor })],
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
        title: ", same SQL",
      })) && allMet;
  }
  console.log(allMet ? "\nAll targets met." : "\nSome targets were missed.");
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
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
