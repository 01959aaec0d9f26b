import { transformer } from "@quartet/api/transformer";
import { systemClock } from "@quartet/core/deps";
import { updateConfig } from "@quartet/core/platform/settings/app-config.service";
import { createFlag } from "@quartet/core/platform/settings/feature-flag.service";
import type { RealtimeEvent } from "@quartet/core/realtime/realtime.schema";
import { seedDemo } from "@quartet/core/seed/demo.seed";
import { createTestDatabase, type TestDatabase } from "@quartet/db/testing/test-db";
import { allJobs, identityPasswordResetJob } from "@quartet/jobs/definitions";
import { createBoss, enqueue, ensureQueues } from "@quartet/jobs/queue";
import { findSamples, parseExposition } from "@quartet/observability/exposition";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppProcess, buildServerBundle, startApp } from "./app-process.ts";
import { startOtlpReceiver } from "./otlp-receiver.ts";
import { startRoundRobinProxy } from "./round-robin-proxy.ts";

// Two web and two worker processes (the compiled bundles, as production runs them) on one
// PostgreSQL behind a round-robin proxy: nothing a request or a job needs may live in one process.

let t: TestDatabase;
let boss: PgBoss;
const web: AppProcess[] = [];
const workers: AppProcess[] = [];
let proxy: Awaited<ReturnType<typeof startRoundRobinProxy>>;
let otlp: Awaited<ReturnType<typeof startOtlpReceiver>>;
let demo: Awaited<ReturnType<typeof seedDemo>>;
const account = (label: string) => demo.accounts.find((a) => a.label === label)!;

beforeAll(async () => {
  t = await createTestDatabase();
  const [seeded] = await Promise.all([seedDemo(t.db), buildServerBundle("web"), buildServerBundle("worker")]);
  demo = seeded;
  // The queues and cron schedules a previous deployment left: the workers' first cron pass then
  // sends what is due this minute, with both workers racing for it.
  boss = createBoss(t.url, { max: 2, senderOnly: true });
  boss.on("error", () => {});
  await boss.start();
  await ensureQueues(boss, allJobs);
  for (const def of allJobs) if (def.cron) await boss.schedule(def.name, def.cron, {}, { tz: "UTC" });

  // The web processes' public origin is the proxy's (their CSRF check compares it), so the proxy's
  // port is taken first and its backends filled in once the processes listen.
  const backends: string[] = [];
  proxy = await startRoundRobinProxy(backends);
  // Tracing on, exported to a receiver here (JSON, flushed every 200 ms).
  otlp = await startOtlpReceiver();
  const env = {
    OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
    OTEL_BSP_SCHEDULE_DELAY: "200",
    DATABASE_URL: t.url,
    NODE_ENV: "development",
    LOG_LEVEL: "warn",
    QUARTET_ENCRYPTION_KEY: "scale-out-suite-key-0123456789abcdef",
    WEB_URL: proxy.origin,
    TRUST_PROXY: "true",
  };
  const started = await Promise.all([
    startApp("web", "web-1", env),
    startApp("web", "web-2", env),
    startApp("worker", "worker-1", {
      ...env,
      LOG_LEVEL: "info",
      WORKER_BATCH_SIZE: "2",
      WORKER_CONCURRENCY: "1",
    }),
    startApp("worker", "worker-2", {
      ...env,
      LOG_LEVEL: "info",
      WORKER_BATCH_SIZE: "2",
      WORKER_CONCURRENCY: "1",
    }),
  ]);
  web.push(started[0], started[1]);
  workers.push(started[2], started[3]);
  backends.push(web[0]!.url, web[1]!.url);
}, 120_000);

afterAll(async () => {
  await Promise.all([...web, ...workers].map((p) => p.stop()));
  await proxy?.close();
  await otlp?.close();
  await boss?.stop({ graceful: false });
  await t?.drop();
});

/** A browser of its own: keeps its cookie, sends the proxy's origin (the apps' public origin). */
function browser() {
  let cookie = "";
  const call = async (base: string, path: string, input?: unknown, method: "GET" | "POST" = "GET") => {
    const encoded =
      input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(transformer.serialize(input)))}`;
    const res = await fetch(`${base}/trpc/${path}${method === "GET" ? encoded : ""}`, {
      method,
      headers: { "content-type": "application/json", origin: proxy.origin, ...(cookie ? { cookie } : {}) },
      ...(method === "POST" ? { body: JSON.stringify(transformer.serialize(input)) } : {}),
    });
    const set = res.headers.getSetCookie();
    if (set.length) cookie = set[0]!.split(";")[0]!;
    const body = (await res.json()) as { result?: { data: unknown }; error?: { data?: { code?: string } } };
    return {
      status: res.status,
      backend: res.headers.get("x-backend"),
      code: body.error?.data?.code ?? null,
      data: transformer.deserialize(body.result?.data) as Record<string, unknown> | null,
    };
  };
  return {
    cookie: () => cookie,
    get: (base: string, path: string, input?: unknown) => call(base, path, input, "GET"),
    post: (base: string, path: string, input: unknown) => call(base, path, input, "POST"),
  };
}

async function eventually<T>(what: string, check: () => Promise<T | null | undefined | false>, ms = 10_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function workerSamples(worker: AppProcess) {
  return parseExposition(await (await fetch(`${worker.url}/metrics`)).text());
}

describe("scale-out: two web and two worker processes behind a proxy", () => {
  it("the proxy spreads requests over both web processes", async () => {
    const b = browser();
    const backends = new Set<string | null>();
    for (let i = 0; i < 4; i++) backends.add((await b.get(proxy.origin, "auth.session")).backend);
    expect(backends).toEqual(new Set(["0", "1"]));
  });

  it("a session created on one web process works on the other", async () => {
    const owner = account("Owner");
    const b = browser();
    const signIn = await b.post(web[0]!.url, "auth.signIn", { email: owner.email, password: owner.password });
    expect(signIn.status).toBe(200);
    const there = await b.get(web[1]!.url, "auth.session");
    expect(there.data?.user).toMatchObject({ email: owner.email });
    // Signed out on the second, the session is gone on the first too.
    expect((await b.post(web[1]!.url, "auth.signOut", {})).status).toBe(200);
    expect((await b.get(web[0]!.url, "auth.session")).data).toBeNull();
  });

  it("rate limits are shared: the sixth wrong password in a row is refused whichever process gets it", async () => {
    const member = account("Member");
    const b = browser();
    const answers: { code: string | null; backend: string | null }[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await b.post(proxy.origin, "auth.signIn", {
        email: member.email,
        password: `wrong password ${i}`,
      });
      answers.push({ code: r.code, backend: r.backend });
    }
    // Alternating processes: neither saw more than three tries, so only a shared counter refuses.
    expect(new Set(answers.map((a) => a.backend))).toEqual(new Set(["0", "1"]));
    expect(answers.slice(0, 5).map((a) => a.code)).toEqual(Array(5).fill("UNAUTHORIZED"));
    expect(answers[5]!.code).toBe("TOO_MANY_REQUESTS");
  });

  it("config and flag changes reach every web process within moments", async () => {
    const admin = account("Platform admin");
    const root = await t.db.user.findUniqueOrThrow({ where: { email: admin.email } });
    const actor = { userId: root.id, email: root.email, ip: "127.0.0.1" };
    const owner = account("Owner");
    const b = browser();
    await b.post(web[0]!.url, "auth.signIn", { email: owner.email, password: owner.password });
    // Both processes have read (and cached) the settings before the change.
    for (const w of web) {
      expect(
        (((await b.get(w.url, "auth.session")).data?.flags ?? {}) as Record<string, boolean>)[
          "scale-out-check"
        ],
      ).toBe(undefined);
      await b.get(w.url, "platform.publicConfig");
    }

    // Written by another process (this test), announced by NOTIFY.
    const banner = `Maintenance at ${Date.now()}`;
    const deps = { db: t.db, clock: systemClock };
    await updateConfig(deps, actor, {
      key: "ui.maintenance_banner",
      value: banner,
      reason: "scale-out suite",
    });
    await createFlag(deps, actor, { name: "scale-out-check", enabled: true, rolloutPercent: 100 });

    const changed = Date.now();
    for (const w of web) {
      await eventually(`${w.url} sees the banner`, async () => {
        const config = (await b.get(w.url, "platform.publicConfig")).data as Record<string, unknown>;
        return JSON.stringify(config).includes(banner);
      });
      await eventually(`${w.url} sees the flag`, async () => {
        const flags = ((await b.get(w.url, "auth.session")).data?.flags ?? {}) as Record<string, boolean>;
        return flags["scale-out-check"] === true;
      });
    }
    expect(Date.now() - changed).toBeLessThan(5000);
  });

  it("a change made through one web process reaches a browser streaming from the other", async () => {
    const owner = account("Owner");
    const org = await t.db.organization.findFirstOrThrow({ where: { slug: demo.workspaceSlug } });
    const writer = browser();
    await writer.post(web[0]!.url, "auth.signIn", { email: owner.email, password: owner.password });
    const reader = browser();
    await reader.post(web[1]!.url, "auth.signIn", { email: owner.email, password: owner.password });

    // The live channel as the SPA opens it (tRPC's SSE subscription), on the second process.
    const abort = new AbortController();
    const input = encodeURIComponent(JSON.stringify(transformer.serialize({ orgId: org.id })));
    const res = await fetch(`${web[1]!.url}/trpc/realtime.events?input=${input}`, {
      headers: { accept: "text/event-stream", cookie: reader.cookie() },
      signal: abort.signal,
    });
    expect(res.status).toBe(200);
    const messages: { type?: string; events?: unknown[] }[] = [];
    const pump = (async () => {
      const decoder = new TextDecoder();
      let buffer = "";
      for await (const chunk of res.body!) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end = buffer.indexOf("\n\n");
        while (end >= 0) {
          const data = buffer
            .slice(0, end)
            .split("\n")
            .filter((line) => line.startsWith("data:"))
            .map((line) => line.slice(5).trim())
            .join("\n");
          buffer = buffer.slice(end + 2);
          if (data) messages.push(transformer.deserialize(JSON.parse(data)) as { type?: string });
          end = buffer.indexOf("\n\n");
        }
      }
    })().catch(() => {});
    try {
      await eventually("the stream is ready", async () => messages.some((m) => m.type === "ready"));
      const created = await writer.post(web[0]!.url, "deskTickets.create", {
        orgId: org.id,
        subject: "Made on web 1, seen on web 2",
        description: "Live across processes.",
        requester: { email: "live@example.test" },
      });
      expect(created.status).toBe(200);
      // A `desk.ticket` event naming the ticket, "created", committed through web 1.
      const ticketId = created.data?.id;
      await eventually("the new ticket's event on the other process", async () =>
        messages
          .flatMap((m) =>
            m.type === "event"
              ? [m as RealtimeEvent]
              : m.type === "events"
                ? (m.events as RealtimeEvent[])
                : [],
          )
          .some(
            (e) =>
              e.topic === "desk.ticket" && e.payload.ticketId === ticketId && e.payload.kind === "created",
          ),
      );
    } finally {
      abort.abort();
      await pump;
    }
  });

  it("each job is processed once, by one of the two workers", async () => {
    const N = 40;
    const since = new Date();
    for (let i = 0; i < N; i++) {
      await enqueue(boss, t.db, identityPasswordResetJob, {
        requestId: crypto.randomUUID(),
        email: `nobody-${i}@scale.test`,
        ip: "127.0.0.1",
        userAgent: "scale-out suite",
        requestedAt: new Date().toISOString(),
      });
    }
    const done = await eventually(
      "every job completed",
      async () => {
        const rows = await t.db.$queryRawUnsafe<{ state: string; retry_count: number }[]>(
          `SELECT state::text AS state, retry_count FROM pgboss.job WHERE name = $1 AND created_on >= $2`,
          identityPasswordResetJob.name,
          since,
        );
        return rows.length === N && rows.every((r) => r.state === "completed") ? rows : null;
      },
      30_000,
    );
    expect(done.every((r) => r.retry_count === 0)).toBe(true);
    // What each worker says it ran adds up to N: no job ran twice.
    const ran = await Promise.all(
      workers.map(async (w) =>
        findSamples(await workerSamples(w), "quartet_jobs_total", {
          queue: identityPasswordResetJob.name,
          outcome: "completed",
        }).reduce((n, s) => n + s.value, 0),
      ),
    );
    expect(ran[0]! + ran[1]!).toBe(N);
    // Both workers were up and polling the whole time (which of them ran more is up to the race).
    for (const w of workers) expect((await fetch(`${w.url}/readyz`)).status).toBe(200);
  });

  it("each cron job runs once per tick, though both workers schedule it", async () => {
    // The every-minute jobs are due in whatever minute this runs. pg-boss files each occurrence as
    // one forwarding job per queue and minute slot (__pgboss__send-it), which creates the job.
    const everyMinute = allJobs.filter((d) => d.cron === "* * * * *").map((d) => d.name);
    expect(everyMinute.length).toBeGreaterThan(0);
    const jobs = await eventually(
      "every every-minute cron job ran",
      async () => {
        const found = await t.db.$queryRawUnsafe<{ name: string; jobs: number; completed: number }[]>(
          `SELECT name, count(*)::int AS jobs, count(*) FILTER (WHERE state = 'completed')::int AS completed
             FROM pgboss.job WHERE name = ANY($1::text[]) GROUP BY name`,
          everyMinute,
        );
        const settled = everyMinute.every((name) =>
          found.some((r) => r.name === name && r.completed > 0 && r.completed === r.jobs),
        );
        return settled ? found : null;
      },
      40_000,
    );
    const ticks = await t.db.$queryRawUnsafe<{ name: string; slot: Date; sent: number }[]>(
      `SELECT data->>'name' AS name, singleton_on AS slot, count(*)::int AS sent
         FROM pgboss.job WHERE name = '__pgboss__send-it' AND data->>'name' = ANY($1::text[]) GROUP BY 1, 2`,
      everyMinute,
    );
    // One occurrence per queue and tick, and one job per occurrence.
    for (const tick of ticks) expect(tick.sent, `${tick.name} at ${String(tick.slot)}`).toBe(1);
    for (const name of everyMinute) {
      const slots = ticks.filter((tick) => tick.name === name).length;
      expect(jobs.find((j) => j.name === name)?.jobs, name).toBe(slots);
    }
    // And each of those jobs was run by one worker only.
    const samples = await Promise.all(workers.map(workerSamples));
    for (const { name, completed } of jobs) {
      const ranBy = samples.map((s) =>
        findSamples(s, "quartet_jobs_total", { queue: name, outcome: "completed" }).reduce(
          (n, x) => n + x.value,
          0,
        ),
      );
      expect(ranBy[0]! + ranBy[1]!, name).toBe(completed);
    }
  });

  it("one trace runs from a request through its procedure and queries to the job it enqueued", async () => {
    const b = browser();
    const email = `traced-${Date.now()}@scale.test`;
    const res = await b.post(proxy.origin, "auth.requestPasswordReset", { email });
    expect(res.status).toBe(200);
    const procedure = await eventually("the procedure's span", async () =>
      otlp.spans.find((s) => s.name === "trpc auth.requestPasswordReset"),
    );
    const trace = () => otlp.spans.filter((s) => s.traceId === procedure.traceId);
    const job = await eventually(
      "the job's span in the same trace",
      async () => trace().find((s) => s.name === "job identity.password-reset"),
      20_000,
    );
    // The web side: the HTTP request is the root, the procedure under it, Prisma and pg under that.
    const web = trace().filter((s) => s.service === "quartet-web");
    const root = web.find((s) => s.parentSpanId === "" && s.scope.includes("instrumentation-http"));
    expect(root?.name).toBe("POST /trpc/:path");
    expect(web.some((s) => s.scope === "prisma" && s.name === "prisma:client:operation")).toBe(true);
    expect(web.some((s) => s.name.startsWith("send identity.password-reset"))).toBe(true);
    // The worker side: the job is a child of the procedure, and its own queries nest under it.
    expect(job.service).toBe("quartet-worker");
    expect(job.parentSpanId).toBe(procedure.spanId);
    await eventually("the job's queries", async () =>
      trace().some((s) => s.service === "quartet-worker" && s.scope === "prisma"),
    );
  });
});
