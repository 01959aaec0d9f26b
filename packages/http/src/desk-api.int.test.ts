import { appRouter } from "@quartet/api/app-router";
import { revokeOrgApiKey, rotateOrgApiKey } from "@quartet/core/orgs/org-api-key.service";
import { makeTestDeps, startTestBoss } from "@quartet/core/testing/deps";
import { actor } from "@quartet/core/testing/integration";
import { makeStaffedOrg, putOnPlan } from "@quartet/db/testing/factories";
import { createTestDatabase, type TestDatabase } from "@quartet/db/testing/test-db";
import type { FastifyInstance } from "fastify";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DESK_API_RATE_LIMIT, DESK_API_TICKETS_PATH, deskApiRateLimitKey } from "./desk-api.plugin.ts";
import { buildServer } from "./server.ts";

let t: TestDatabase;
let boss: PgBoss;
let web: FastifyInstance;
let deps: ReturnType<typeof makeTestDeps>;

beforeAll(async () => {
  t = await createTestDatabase();
  boss = await startTestBoss(t.url);
  deps = makeTestDeps(t.db, boss);
  web = await buildServer({ deps, origin: "http://localhost:3000", kind: "WEB", router: appRouter });
});

afterAll(async () => {
  await web?.close();
  await boss?.stop({ graceful: false });
  await t?.drop();
});

/** A workspace on PRO (API access, 120 requests a minute) with a fresh API key. */
async function orgWithKey() {
  const staffed = await makeStaffedOrg(t.db, { plan: "PRO" });
  const { key } = await rotateOrgApiKey(deps, actor(staffed.admin), { orgId: staffed.org.id });
  return { ...staffed, key };
}

/** Posts the way an integration does: a bearer key, JSON, no Origin and no cookie. */
function postTicket(key: string | null, payload: unknown) {
  return web.inject({
    method: "POST",
    url: DESK_API_TICKETS_PATH,
    headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
    payload: JSON.stringify(payload),
  });
}

const getTicket = (key: string, number: number | string) =>
  web.inject({
    method: "GET",
    url: `${DESK_API_TICKETS_PATH}/${number}`,
    headers: { authorization: `Bearer ${key}` },
  });

const validBody = {
  subject: "Invoice missing",
  description: "I can't find my March invoice.",
  requester: { email: "Grace@Example.test", name: "Grace Hopper" },
};

describe("POST /api/v1/desk/tickets", () => {
  it("refuses a request without a key, or with a wrong key (401, nothing created)", async () => {
    const { org, key } = await orgWithKey();
    const none = await postTicket(null, validBody);
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe("UNAUTHORIZED");
    expect(none.headers["www-authenticate"]).toContain("Bearer");

    const wrong = await postTicket(`${key.slice(0, -2)}xx`, validBody);
    expect(wrong.statusCode).toBe(401);
    const basic = await web.inject({
      method: "POST",
      url: DESK_API_TICKETS_PATH,
      headers: { "content-type": "application/json", authorization: `Basic ${key}` },
      payload: JSON.stringify(validBody),
    });
    expect(basic.statusCode).toBe(401);
    expect(await t.db.ticket.count({ where: { organizationId: org.id } })).toBe(0);
  });

  it("answers 400 with a message per wrong field", async () => {
    const { key } = await orgWithKey();
    const res = await postTicket(key, { subject: "  ", requester: { email: "not-an-email" } });
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.fieldErrors).toEqual({
      subject: "Give the ticket a subject.",
      description: expect.any(String),
      "requester.email": "Enter a valid email address.",
    });

    const malformed = await web.inject({
      method: "POST",
      url: DESK_API_TICKETS_PATH,
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      payload: "{not json",
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe("BAD_REQUEST");
  });

  it("creates a ticket on the API channel for the requester contact (201 { id, number }) without Origin", async () => {
    const { org, key } = await orgWithKey();
    const res = await postTicket(key, validBody);
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toEqual({ id: expect.any(String), number: 1 });

    const ticket = await t.db.ticket.findUniqueOrThrow({
      where: { id: body.id },
      include: { contact: true },
    });
    expect(ticket).toMatchObject({
      organizationId: org.id,
      number: 1,
      channel: "API",
      status: "OPEN",
      subject: "Invoice missing",
      description: "I can't find my March invoice.",
      createdById: null,
    });
    expect(ticket.contact).toMatchObject({
      organizationId: org.id,
      email: "grace@example.test",
      name: "Grace Hopper",
    });

    const second = await postTicket(key, { ...validBody, subject: "Another one" });
    expect(second.json().number).toBe(2);
  });

  it("a rotated-away or revoked key stops working at once", async () => {
    const { org, admin, key } = await orgWithKey();
    const { key: next } = await rotateOrgApiKey(deps, actor(admin), { orgId: org.id });
    expect((await postTicket(key, validBody)).statusCode).toBe(401);
    expect((await postTicket(next, validBody)).statusCode).toBe(201);
    await revokeOrgApiKey(deps, actor(admin), { orgId: org.id });
    expect((await postTicket(next, validBody)).statusCode).toBe(401);
  });

  it(`limits each workspace to ${DESK_API_RATE_LIMIT.limit} requests a minute (429 with Retry-After)`, async () => {
    const { org, key } = await orgWithKey();
    // Stand in for the minute's earlier requests: the window is already full.
    const now = deps.clock.now();
    await t.db.rateLimitCounter.create({
      data: {
        key: deskApiRateLimitKey(org.id),
        count: DESK_API_RATE_LIMIT.limit,
        windowStart: now,
        expiresAt: new Date(now.getTime() + 60_000),
      },
    });
    const res = await postTicket(key, validBody);
    expect(res.statusCode).toBe(429);
    expect(res.json().error.code).toBe("TOO_MANY_REQUESTS");
    expect(Number(res.headers["retry-after"])).toBeGreaterThan(0);
    expect(await t.db.ticket.count({ where: { organizationId: org.id } })).toBe(0);

    // Another workspace is not affected.
    const other = await orgWithKey();
    expect((await postTicket(other.key, validBody)).statusCode).toBe(201);
  });
});

describe("API access is a plan feature", () => {
  it("a workspace moved to FREE gets 402 PLAN_LIMIT with the plan that lifts it; back on PRO the next call works", async () => {
    const { org, key } = await orgWithKey();
    await putOnPlan(t.db, org.id, "FREE");
    const refused = await postTicket(key, validBody);
    expect(refused.statusCode).toBe(402);
    expect(refused.json().error).toMatchObject({
      code: "PAYMENT_REQUIRED",
      reason: "PLAN_LIMIT",
      details: { key: "desk.apiAccess", limit: 0, plan: "FREE", upgradeTo: "PRO" },
    });
    expect(await t.db.ticket.count({ where: { organizationId: org.id } })).toBe(0);

    await putOnPlan(t.db, org.id, "PRO");
    expect((await postTicket(key, validBody)).statusCode).toBe(201);
  });
});

describe("GET /api/v1/desk/tickets/:number", () => {
  it("returns the workspace's ticket by number; another workspace's number is 404", async () => {
    const a = await orgWithKey();
    const b = await orgWithKey();
    const created = (await postTicket(a.key, validBody)).json();

    const res = await getTicket(a.key, created.number);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      id: created.id,
      number: created.number,
      subject: "Invoice missing",
      status: "OPEN",
      priority: "MEDIUM",
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });

    // Workspace B has no ticket #1 of its own: A's ticket must not leak.
    const leak = await getTicket(b.key, created.number);
    expect(leak.statusCode).toBe(404);
    expect(leak.json().error.code).toBe("NOT_FOUND");
    expect((await getTicket(a.key, 999)).statusCode).toBe(404);
    expect((await getTicket(a.key, "abc")).statusCode).toBe(400);
    expect((await web.inject({ method: "GET", url: `${DESK_API_TICKETS_PATH}/1` })).statusCode).toBe(401);
  });
});
