import { appRouter } from "@quartet/api/app-router";
import { transformer } from "@quartet/api/transformer";
import { setWorkspacePlan } from "@quartet/core/billing/subscription.service";
import { makeTestDeps, startTestBoss } from "@quartet/core/testing/deps";
import { makeStaffedOrg } from "@quartet/db/testing/factories";
import { createTestDatabase, type TestDatabase } from "@quartet/db/testing/test-db";
import type { FastifyInstance } from "fastify";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer } from "./server.ts";

// A plan refusal reaches the browser over the real tRPC mount as HTTP 402 with `data.reason`
// PLAN_LIMIT and `data.details` (limit key, limit, use, plan, the plan that lifts it): what the web
// app's upgrade dialog reads. Not a bare 403/429.

const ORIGIN = "http://localhost:3000";
const PASSWORD = "correct horse battery staple";
let t: TestDatabase;
let boss: PgBoss;
let web: FastifyInstance;
let deps: ReturnType<typeof makeTestDeps>;

beforeAll(async () => {
  t = await createTestDatabase();
  boss = await startTestBoss(t.url);
  deps = makeTestDeps(t.db, boss);
  web = await buildServer({ deps, kind: "WEB", router: appRouter, origin: ORIGIN });
});
afterAll(async () => {
  await web?.close();
  await boss?.stop({ graceful: false });
  await t?.drop();
});

const post = (path: string, input: unknown, cookie: string) =>
  web.inject({
    method: "POST",
    url: `/trpc/${path}`,
    headers: { "content-type": "application/json", origin: ORIGIN, cookie },
    payload: JSON.stringify(transformer.serialize(input)),
  });

describe("PLAN_LIMIT over tRPC", () => {
  it("is a 402 with reason and details; after an upgrade the same call succeeds", async () => {
    const w = await makeStaffedOrg(t.db, { plan: "FREE" });
    const signIn = await web.inject({
      method: "POST",
      url: "/trpc/auth.signIn",
      headers: { "content-type": "application/json", origin: ORIGIN },
      payload: JSON.stringify(transformer.serialize({ email: w.admin.email, password: PASSWORD })),
    });
    const cookie = String(signIn.headers["set-cookie"]).split(";")[0] as string;

    const res = await post("orgApiKey.rotate", { orgId: w.org.id }, cookie);
    expect(res.statusCode).toBe(402);
    const body = res.json();
    expect(body.error.message).toBe("The Free plan doesn't include API access. Upgrade to Pro to use it.");
    expect(body.error.data).toMatchObject({
      code: "PAYMENT_REQUIRED",
      httpStatus: 402,
      reason: "PLAN_LIMIT",
      details: { key: "desk.apiAccess", limit: 0, current: 0, requested: 1, plan: "FREE", upgradeTo: "PRO" },
    });

    await setWorkspacePlan(deps, { orgId: w.org.id, plan: "PRO" });
    expect((await post("orgApiKey.rotate", { orgId: w.org.id }, cookie)).statusCode).toBe(200);
  });
});
