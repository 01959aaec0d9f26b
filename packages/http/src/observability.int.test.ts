import { appRouter } from "@quartet/api/app-router";
import { transformer } from "@quartet/api/transformer";
import { makeTestDeps, startTestBoss } from "@quartet/core/testing/deps";
import { createDb } from "@quartet/db/client";
import { freePort } from "@quartet/db/embedded-postgres";
import { expectedMigrations } from "@quartet/db/migration-state";
import { createTestDatabase, type TestDatabase } from "@quartet/db/testing/test-db";
import { findSamples, parseExposition } from "@quartet/observability/exposition";
import { JOB_META_KEY } from "@quartet/observability/job-meta";
import { startOpsServer } from "@quartet/observability/ops-server";
import type { FastifyInstance } from "fastify";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer } from "./server.ts";

// /metrics, /readyz and the request id of the web and admin servers.

const ORIGIN = "http://localhost:3000";
const TOKEN = "metrics-token-0123456789";
let t: TestDatabase;
let boss: PgBoss;
let web: FastifyInstance;
let proxied: FastifyInstance;

beforeAll(async () => {
  t = await createTestDatabase();
  boss = await startTestBoss(t.url);
  const deps = makeTestDeps(t.db, boss);
  web = await buildServer({ deps, kind: "WEB", router: appRouter, origin: ORIGIN, metricsToken: TOKEN });
  proxied = await buildServer({ deps, kind: "WEB", router: appRouter, origin: ORIGIN, trustProxy: true });
});

afterAll(async () => {
  await Promise.all([web?.close(), proxied?.close()]);
  await boss?.stop({ graceful: false });
  await t?.drop();
});

const call = (app: FastifyInstance, path: string, input: unknown, headers: Record<string, string> = {}) =>
  app.inject({
    method: "POST",
    url: `/trpc/${path}`,
    headers: { "content-type": "application/json", origin: ORIGIN, ...headers },
    payload: JSON.stringify(transformer.serialize(input)),
  });

describe("/metrics", () => {
  it("is refused without the token, and lists HTTP, tRPC, pool and event-loop series with it", async () => {
    await web.inject({ method: "GET", url: "/healthz" });
    await web.inject({ method: "GET", url: "/trpc/auth.session" });
    await call(web, "auth.signIn", { email: "nobody@example.test", password: "not the password" });

    expect((await web.inject({ method: "GET", url: "/metrics" })).statusCode).toBe(401);
    const wrong = await web.inject({
      method: "GET",
      url: "/metrics",
      headers: { authorization: "Bearer nope" },
    });
    expect(wrong.statusCode).toBe(401);

    const res = await web.inject({
      method: "GET",
      url: "/metrics",
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("text/plain");
    const text = res.body;
    const samples = parseExposition(text);
    const value = (name: string, labels: Record<string, string>) =>
      findSamples(samples, name, labels).reduce((sum, s) => sum + s.value, 0);
    // Route patterns, not raw paths.
    expect(
      value("quartet_http_request_duration_seconds_count", {
        method: "GET",
        route: "/healthz",
        status_code: "200",
      }),
    ).toBeGreaterThan(0);
    expect(
      findSamples(samples, "quartet_http_request_duration_seconds_bucket", { route: "/trpc/:path" }),
    ).not.toEqual([]);
    expect(
      value("quartet_trpc_procedure_duration_seconds_count", {
        procedure: "auth.session",
        type: "query",
        code: "OK",
      }),
    ).toBeGreaterThan(0);
    expect(
      value("quartet_trpc_procedure_duration_seconds_count", {
        procedure: "auth.signIn",
        type: "mutation",
        code: "UNAUTHORIZED",
      }),
    ).toBeGreaterThan(0);
    expect(value("quartet_db_pool_connections", { pool: "prisma", state: "max" })).toBeGreaterThan(0);
    expect(findSamples(samples, "quartet_db_pool_waiting", { pool: "prisma" })).toHaveLength(1);
    expect(findSamples(samples, "nodejs_eventloop_lag_seconds", { app: "web" })).toHaveLength(1);
    expect(text).not.toContain("nobody@example.test");
  });

  it("has no /metrics on the app port without a token; METRICS_PORT serves it on its own", async () => {
    expect((await proxied.inject({ method: "GET", url: "/metrics" })).statusCode).toBe(404);
    const port = await freePort();
    const ops = await startOpsServer({ port, host: "127.0.0.1" });
    try {
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain("quartet_http_request_duration_seconds");
      // A metrics-only port has no probes.
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(404);
    } finally {
      await ops.close();
    }
  });
});

describe("/readyz", () => {
  it("answers 503 while the newest migration is not applied", async () => {
    const newest = expectedMigrations().at(-1)!;
    const [row] = await t.db.$queryRawUnsafe<{ id: string }[]>(
      `SELECT id FROM "_prisma_migrations" WHERE migration_name = $1`,
      newest,
    );
    await t.db.$executeRawUnsafe(`UPDATE "_prisma_migrations" SET finished_at = NULL WHERE id = $1`, row!.id);
    try {
      const res = await web.inject({ method: "GET", url: "/readyz" });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({
        status: "unavailable",
        database: "ok",
        migrations: { expected: newest, upToDate: false, pending: 1 },
      });
    } finally {
      await t.db.$executeRawUnsafe(
        `UPDATE "_prisma_migrations" SET finished_at = now() WHERE id = $1`,
        row!.id,
      );
    }
    expect((await web.inject({ method: "GET", url: "/readyz" })).statusCode).toBe(200);
  });

  it("answers 503 when the database is down, and /healthz still 200", async () => {
    const nowhere = createDb(`postgresql://quartet:quartet@127.0.0.1:${await freePort()}/none`, { max: 1 });
    const down = await buildServer({
      deps: makeTestDeps(nowhere, boss),
      kind: "ADMIN",
      router: appRouter,
      origin: ORIGIN,
    });
    try {
      const res = await down.inject({ method: "GET", url: "/readyz" });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: "unavailable", database: "unreachable" });
      expect((await down.inject({ method: "GET", url: "/healthz" })).statusCode).toBe(200);
    } finally {
      await down.close();
      await nowhere.$disconnect();
    }
  });
});

describe("request id", () => {
  it("is a new UUID per request, echoed in x-request-id; a client's own id is ignored", async () => {
    const a = await web.inject({
      method: "GET",
      url: "/healthz",
      headers: { "x-request-id": "client-chosen" },
    });
    const b = await web.inject({ method: "GET", url: "/healthz" });
    expect(a.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.headers["x-request-id"]).not.toBe(b.headers["x-request-id"]);
  });

  it("behind a trusted proxy keeps the proxy's id, and a job the request enqueues carries it", async () => {
    const reqId = "proxy-req-7f3a";
    const email = "reset-me@example.test";
    const res = await call(proxied, "auth.requestPasswordReset", { email }, { "x-request-id": reqId });
    expect(res.statusCode).toBe(200);
    expect(res.headers["x-request-id"]).toBe(reqId);
    // An id with spaces or of any length is not a proxy's: a new one is made.
    const odd = await proxied.inject({ method: "GET", url: "/healthz", headers: { "x-request-id": "a b" } });
    expect(odd.headers["x-request-id"]).not.toBe("a b");

    const jobs = await t.db.$queryRawUnsafe<{ data: Record<string, unknown> }[]>(
      `SELECT data FROM pgboss.job WHERE name = 'identity.password-reset' AND data->>'email' = $1`,
      email,
    );
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.data[JOB_META_KEY]).toEqual({ reqId });
  });
});
