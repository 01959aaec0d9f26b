import http from "node:http";
import type { AddressInfo } from "node:net";
import { type AppRouter, appRouter } from "@quartet/api/app-router";
import { cookieJar, createAppClient } from "@quartet/api/client";
import { transformer } from "@quartet/api/transformer";
import { createRealtimeHub, listenForRealtime } from "@quartet/core/realtime/realtime-hub";
import { makeTestDeps, silentLogger } from "@quartet/core/testing/deps";
import { createDb } from "@quartet/db/client";
import { makeOrg, makeUser } from "@quartet/db/testing/factories";
import { createTestDatabase, type TestDatabase } from "@quartet/db/testing/test-db";
import { allJobs } from "@quartet/jobs/definitions";
import { createBoss, ensureQueues } from "@quartet/jobs/queue";
import { createTRPCClient, httpSubscriptionLink } from "@trpc/client";
import { EventSource } from "eventsource";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer } from "./server.ts";

// The live channel over real HTTP: two web servers (each its own pool, pg-boss LISTEN connection
// and hub, as two processes would have) and the real tRPC client with httpSubscriptionLink over an
// EventSource. A change made through one server reaches a browser connected to the other; when
// that server shuts down, the browser reconnects (here through a proxy now pointing at the first
// server) with its Last-Event-ID and gets exactly the events it missed.

const password = "a sturdy passphrase for tests";
let t: TestDatabase;
const servers: { app: FastifyInstance; origin: string; stop: () => Promise<void> }[] = [];

async function startWeb() {
  const db = createDb(t.url, { max: 3 });
  const boss = createBoss(t.url, { max: 2, senderOnly: true });
  boss.on("error", () => {});
  await boss.start();
  const realtime = createRealtimeHub({ db, log: silentLogger });
  const listener = await listenForRealtime(realtime, boss.getDb(), silentLogger);
  const deps = { ...makeTestDeps(db, boss), realtime };
  // The real origin comes with the port: start on a free one, then build with that origin.
  const probe = http.createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  const port = (probe.address() as AddressInfo).port;
  await new Promise((r) => probe.close(r));
  const origin = `http://127.0.0.1:${port}`;
  const app = await buildServer({ deps, kind: "WEB", router: appRouter, origin });
  await app.listen({ port, host: "127.0.0.1" });
  let stopped = false;
  const server = {
    app,
    origin,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await app.close();
      await listener.close();
      await boss.stop({ graceful: false });
      await db.$disconnect();
    },
  };
  servers.push(server);
  return server;
}

/** A reverse proxy whose upstream can be switched: the load balancer in front of the web servers. */
async function startProxy(target: string) {
  let upstream = target;
  const proxy = http.createServer((req, res) => {
    const out = http.request(
      `${upstream}${req.url}`,
      { method: req.method, headers: { ...req.headers, host: new URL(upstream).host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on("error", () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(out);
    res.on("close", () => out.destroy());
  });
  await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    switchTo: (next: string) => {
      upstream = next;
    },
    close: () =>
      new Promise<void>((r) => {
        proxy.closeAllConnections();
        proxy.close(() => r());
      }),
  };
}

/** A browser signed in on `origin` (its cookie jar goes with its streams). */
async function browser(origin: string, email: string) {
  const jar = cookieJar();
  const api = createAppClient({ url: origin, headers: jar.header, onSetCookie: jar.store });
  await api.auth.signIn.mutate({ email, password });
  return { api, jar };
}

function subscribe(streamUrl: string, jar: ReturnType<typeof cookieJar>, orgId: string) {
  const client = createTRPCClient<AppRouter>({
    links: [
      httpSubscriptionLink({
        url: `${streamUrl}/trpc`,
        transformer,
        EventSource,
        // The browser sends its cookie itself; in Node the EventSource's fetch adds it.
        eventSourceOptions: {
          fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, ...jar.header() } }),
        },
      }),
    ],
  });
  const received: { id: string; type: string; seq: number; number?: number }[] = [];
  const errors: unknown[] = [];
  const sub = client.realtime.events.subscribe(
    { orgId },
    {
      onData: ({ id, data }) => {
        // One entry per event (a replay may come as one `events` batch), each with the SSE id it came with.
        if (data.type === "event" || data.type === "events") {
          for (const e of data.type === "event" ? [data] : data.events) {
            received.push({ id, type: "event", seq: e.seq, number: e.payload.number as number });
          }
        } else received.push({ id, type: data.type, seq: data.seq });
      },
      onError: (error) => errors.push(error),
    },
  );
  return { received, errors, stop: () => sub.unsubscribe() };
}

async function until(check: () => boolean, ms: number) {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return Date.now() - started;
}

beforeAll(async () => {
  t = await createTestDatabase();
  // Queues exist (the servers enqueue mail and automation jobs with ticket changes).
  const boss = createBoss(t.url, { max: 1 });
  boss.on("error", () => {});
  await boss.start();
  await ensureQueues(boss, allJobs);
  await boss.stop({ graceful: false });
});

afterAll(async () => {
  for (const s of servers) await s.stop();
  await t?.drop();
});

describe("live updates over SSE across two web processes", () => {
  it("a ticket created through one server reaches a browser on the other within 1 s, and the stream survives that server's shutdown", {
    timeout: 60_000,
  }, async () => {
    const [web1, web2] = [await startWeb(), await startWeb()];
    const owner = await makeUser(t.db, { email: "owner-live@example.test", password });
    const agent = await makeUser(t.db, { email: "agent-live@example.test", password });
    const org = await makeOrg(t.db, owner, { members: [{ userId: agent.id, role: "AGENT" }] });
    const proxy = await startProxy(web2.origin);
    try {
      const writer = await browser(web1.origin, "owner-live@example.test");
      const reader = await browser(web2.origin, "agent-live@example.test");
      const stream = subscribe(proxy.url, reader.jar, org.id);
      await until(() => stream.received.length === 1, 5000);
      expect(stream.received[0]).toMatchObject({ id: "0", type: "ready" });

      const create = async (n: number) =>
        writer.api.deskTickets.create.mutate({
          orgId: org.id,
          subject: `Live ticket ${n}`,
          description: "Made on web 1",
          requester: { email: `live-${n}@example.test` },
        });
      const started = Date.now();
      const first = await create(1);
      const latency = await until(() => stream.received.length === 2, 1000);
      expect(stream.received[1]).toMatchObject({ id: "1", type: "event", number: first.number });
      console.log(
        `SSE: created on web 1, seen by a browser on web 2 after ${Date.now() - started} ms (${latency} ms after the write returned)`,
      );
      const second = await create(2);
      await until(() => stream.received.length === 3, 1000);

      // Web 2 goes away (a deploy): its stream ends with a retryable error, the proxy now sends new
      // connections to web 1, and events keep happening meanwhile.
      const closing = Date.now();
      await web2.stop();
      expect(Date.now() - closing).toBeLessThan(3000); // open streams don't hold the shutdown
      proxy.switchTo(web1.origin);
      const third = await create(3);
      const fourth = await create(4);
      // The EventSource reconnects with Last-Event-ID: 2 → 3 and 4 are replayed, then live again.
      await until(() => stream.received.length === 5, 15_000);
      const fifth = await create(5);
      await until(() => stream.received.length === 6, 2000);
      await new Promise((r) => setTimeout(r, 200));
      expect(stream.received.map((m) => [m.seq, m.type, m.number ?? null])).toEqual([
        [0, "ready", null],
        [1, "event", first.number],
        [2, "event", second.number],
        [3, "event", third.number],
        [4, "event", fourth.number],
        [5, "event", fifth.number],
      ]);
      // The missed pair came in one message whose id is the last of them.
      expect(stream.received.slice(3, 5).map((m) => m.id)).toEqual(["4", "4"]);
      expect(stream.errors).toEqual([]);
      stream.stop();
    } finally {
      await proxy.close();
    }
  });

  it("refuses the stream to someone outside the workspace (NOT_FOUND over SSE)", {
    timeout: 30_000,
  }, async () => {
    const web = await startWeb();
    const owner = await makeUser(t.db);
    const org = await makeOrg(t.db, owner);
    await makeUser(t.db, { email: "outsider-live@example.test", password });
    const outsider = await browser(web.origin, "outsider-live@example.test");
    const stream = subscribe(web.origin, outsider.jar, org.id);
    await until(() => stream.errors.length === 1, 5000);
    expect((stream.errors[0] as { data?: { code?: string } }).data?.code).toBe("NOT_FOUND");
    expect(stream.received).toEqual([]);
    stream.stop();
  });
});
