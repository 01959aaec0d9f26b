import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { adminRouter } from "@quartet/api/admin-router";
import { appRouter } from "@quartet/api/app-router";
import { transformer } from "@quartet/api/transformer";
import { makeTestDeps, startTestBoss } from "@quartet/core/testing/deps";
import { makeUser } from "@quartet/db/testing/factories";
import { createTestDatabase, type TestDatabase } from "@quartet/db/testing/test-db";
import type { FastifyInstance } from "fastify";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer } from "./server.ts";

const ORIGIN = "http://localhost:3000";
let t: TestDatabase;
let boss: PgBoss;
let web: FastifyInstance;
let prodWeb: FastifyInstance;
let admin: FastifyInstance;
const password = "a sturdy passphrase for tests";

beforeAll(async () => {
  t = await createTestDatabase();
  boss = await startTestBoss(t.url);
  const staticDir = await mkdtemp(join(tmpdir(), "quartet-spa-"));
  await writeFile(join(staticDir, "index.html"), "<!doctype html><title>Quartet SPA</title>");
  await writeFile(join(staticDir, "app.js"), "console.log('hi')");
  const deps = makeTestDeps(t.db, boss);
  web = await buildServer({ deps, kind: "WEB", router: appRouter, origin: ORIGIN, staticDir });
  prodWeb = await buildServer({
    deps: makeTestDeps(t.db, boss, { config: { production: true } }),
    kind: "WEB",
    router: appRouter,
    origin: ORIGIN,
  });
  admin = await buildServer({ deps, kind: "ADMIN", router: adminRouter, origin: "http://localhost:3001" });
  await makeUser(t.db, { email: "web-user@example.test", password });
});

afterAll(async () => {
  await Promise.all([web?.close(), prodWeb?.close(), admin?.close()]);
  await boss?.stop({ graceful: false });
  await t?.drop();
});

const signIn = (app: FastifyInstance, headers: Record<string, string>) =>
  app.inject({
    method: "POST",
    url: "/trpc/auth.signIn",
    headers: { "content-type": "application/json", ...headers },
    payload: JSON.stringify(transformer.serialize({ email: "web-user@example.test", password })),
  });

describe("web server", () => {
  it("answers /healthz while alive and /readyz once the database is migrated", async () => {
    const res = await web.inject({ method: "GET", url: "/healthz" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: "ok" });
    const ready = await web.inject({ method: "GET", url: "/readyz" });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({
      status: "ok",
      database: "ok",
      migrations: { upToDate: true, pending: 0 },
    });
  });

  it("refuses mutations from another origin or a cross-site fetch (CSRF)", async () => {
    expect((await signIn(web, { origin: "https://evil.example" })).statusCode).toBe(403);
    expect((await signIn(web, { "sec-fetch-site": "cross-site", origin: ORIGIN })).statusCode).toBe(403);
    expect((await signIn(web, {})).statusCode).toBe(403);
    expect(await t.db.session.count()).toBe(0);
  });

  it("signs in from its own origin with an HttpOnly, SameSite=Lax session cookie", async () => {
    const res = await signIn(web, { origin: ORIGIN, "sec-fetch-site": "same-origin" });
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers["set-cookie"]);
    expect(cookie).toMatch(/^quartet_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
  });

  it("uses a __Host- Secure cookie in production", async () => {
    const res = await signIn(prodWeb, { origin: ORIGIN });
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers["set-cookie"]);
    expect(cookie).toMatch(/^__Host-quartet_session=/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/Path=\//);
  });

  it("sends security headers", async () => {
    const res = await web.inject({ method: "GET", url: "/healthz" });
    expect(res.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
  });

  it("serves the SPA for client routes and its assets, but not for unknown API paths", async () => {
    const page = await web.inject({ method: "GET", url: "/w/acme/members?tab=1" });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Quartet SPA");
    const asset = await web.inject({ method: "GET", url: "/app.js" });
    expect(asset.body).toContain("console.log");
    const api = await web.inject({ method: "GET", url: "/trpc/nope.nothing" });
    expect(api.statusCode).toBe(404);
  });
});

describe("admin server", () => {
  it("does not accept a web user's sign-in (only SUPERADMINs) and keeps its own cookie name", async () => {
    const res = await signIn(admin, { origin: "http://localhost:3001" });
    expect(res.statusCode).toBe(403);
    await makeUser(t.db, { email: "root@example.test", password, platformRole: "SUPERADMIN" });
    const ok = await admin.inject({
      method: "POST",
      url: "/trpc/auth.signIn",
      headers: { "content-type": "application/json", origin: "http://localhost:3001" },
      payload: JSON.stringify(transformer.serialize({ email: "root@example.test", password })),
    });
    expect(ok.statusCode).toBe(200);
    expect(String(ok.headers["set-cookie"])).toMatch(/^quartet_admin_session=/);
  });

  it("does not expose the customer API", async () => {
    const res = await admin.inject({ method: "GET", url: "/trpc/members.list" });
    expect(res.statusCode).toBe(404);
  });
});
