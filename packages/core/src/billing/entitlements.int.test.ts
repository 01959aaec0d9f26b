import { createDb } from "@quartet/db/client";
import { makeOrg, makeUser, putOnPlan } from "@quartet/db/testing/factories";
import { afterAll, describe, expect, it } from "vitest";
import { AppError } from "../errors.ts";
import { appError, useTestEnv } from "../testing/integration.ts";
import {
  check,
  consume,
  consumePersonal,
  release,
  reserve,
  usageSummary,
  workspacePlan,
} from "./entitlements.service.ts";
import { PlanLimitError } from "./plan-limit.error.ts";
import { PERSON_TIERS, PLANS } from "./plans.ts";
import { setWorkspacePlan } from "./subscription.service.ts";

// Atomic entitlement counters on real Postgres: 50 parallel consumers never pass a limit, refusals
// carry the PLAN_LIMIT details, and a plan change is seen by the next call.

const { db, deps, url } = await useTestEnv();
// 50 concurrent callers need more than the default 5 connections to really overlap.
const wide = createDb(url, { max: 25 });
afterAll(() => wide.$disconnect());
const wideDeps = { db: wide, clock: deps.clock };

const freeOrg = async () => makeOrg(db, await makeUser(db));
const POSTS = "publish.scheduledPostsPerMonth" as const;

describe("period limits (consume)", () => {
  it("50 parallel consumes of a 30-a-month limit: exactly 30 pass, the counter stops at 30", async () => {
    const org = await freeOrg();
    const limit = PLANS.FREE.entitlements[POSTS] as number;
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => consume(wideDeps, org.id, POSTS)),
    );
    const passed = results.filter((r) => r.status === "fulfilled");
    const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
    expect(passed).toHaveLength(limit);
    expect(refused).toHaveLength(50 - limit);
    expect(refused.every((e) => e instanceof PlanLimitError)).toBe(true);
    const counter = await db.usageCounter.findFirstOrThrow({
      where: { organizationId: org.id, metric: POSTS },
    });
    expect(counter.count).toBe(limit);
    expect(counter.periodKey).toBe(deps.clock.now().toISOString().slice(0, 7));
    // The counts each caller saw are distinct: no two took the same slot.
    const seen = passed.map((r) => (r as PromiseFulfilledResult<{ current: number }>).value.current);
    expect(new Set(seen).size).toBe(limit);
  });

  it("a refusal is PAYMENT_REQUIRED / PLAN_LIMIT with the key, limit, use, request and the plan that lifts it", async () => {
    const org = await freeOrg();
    await consume(deps, org.id, POSTS, 28);
    const err = await appError(consume(deps, org.id, POSTS, 3));
    expect(err).toBeInstanceOf(PlanLimitError);
    expect(err.code).toBe("PAYMENT_REQUIRED");
    expect(err.reason).toBe("PLAN_LIMIT");
    expect(err.details).toEqual({
      key: POSTS,
      limit: 30,
      current: 28,
      requested: 3,
      plan: "FREE",
      upgradeTo: "PRO",
    });
    expect(err.message).toBe(
      "The Free plan allows 30 scheduled posts this month and you're using 28. Upgrade to Pro to get more.",
    );
    // Refused means untouched: two more still fit.
    await consume(deps, org.id, POSTS, 2);
    await expect(consume(deps, org.id, POSTS)).rejects.toBeInstanceOf(PlanLimitError);
    // Giving back makes room again.
    await release(deps, org.id, POSTS, 1);
    await consume(deps, org.id, POSTS);
  });

  it("a plan change is seen by the very next call; a new month starts a new counter", async () => {
    const org = await freeOrg();
    await consume(deps, org.id, POSTS, 30);
    await expect(consume(deps, org.id, POSTS)).rejects.toBeInstanceOf(PlanLimitError);
    await setWorkspacePlan(deps, { orgId: org.id, plan: "PRO" });
    expect((await consume(deps, org.id, POSTS)).current).toBe(30);
    await setWorkspacePlan(deps, { orgId: org.id, plan: "BUSINESS" });
    expect((await check(deps, org.id, POSTS, 1_000_000)).allowed).toBe(true); // unlimited

    await setWorkspacePlan(deps, { orgId: org.id, plan: "FREE" });
    deps.clock.advance(32 * 86_400_000);
    expect((await consume(deps, org.id, POSTS)).current).toBe(0);
    deps.clock.advance(-32 * 86_400_000);
  });

  it("only period limits are consumed; count limits go through reserve in the creating transaction", async () => {
    const org = await freeOrg();
    const err = await consume(deps, org.id, "seats").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("INTERNAL");
  });
});

describe("count limits (reserve)", () => {
  it("50 parallel transactions each adding a rule under reserve: exactly the limit commit", async () => {
    const owner = await makeUser(db);
    const org = await makeOrg(db, owner);
    const limit = PLANS.FREE.entitlements["desk.automationRules"] as number;
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        wide.$transaction(
          async (tx) => {
            await reserve(tx, deps.clock, org.id, "desk.automationRules");
            await tx.automationRule.create({
              data: {
                organizationId: org.id,
                name: `r${i}`,
                trigger: "ticket.created",
                conditions: {},
                actions: [],
              },
            });
          },
          { maxWait: 30_000, timeout: 30_000 },
        ),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(limit);
    const reasons = results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
    expect(reasons.every((e) => e instanceof PlanLimitError)).toBe(true);
    expect(await db.automationRule.count({ where: { organizationId: org.id } })).toBe(limit);
  });
});

describe("features, values and the usage summary", () => {
  it("switches and per-request values: API access off on FREE, file size within the plan's maximum", async () => {
    const org = await freeOrg();
    expect(await check(deps, org.id, "desk.apiAccess")).toMatchObject({
      allowed: false,
      limit: 0,
      upgradeTo: "PRO",
    });
    expect((await check(deps, org.id, "tools.maxFileSizeMb", 25)).allowed).toBe(true);
    expect(await check(deps, org.id, "tools.maxFileSizeMb", 26)).toMatchObject({
      allowed: false,
      upgradeTo: "PRO",
    });
    expect(await check(deps, org.id, "tools.maxFileSizeMb", 500)).toMatchObject({
      allowed: false,
      upgradeTo: "BUSINESS",
    });
    expect(await check(deps, org.id, "tools.maxFileSizeMb", 5000)).toMatchObject({
      allowed: false,
      upgradeTo: null,
    });
  });

  it("trial: the plan holds until trialEndsAt, FREE the instant after (before any job runs)", async () => {
    const org = await freeOrg();
    await setWorkspacePlan(deps, { orgId: org.id, plan: "PRO", status: "TRIALING", trialDays: 14 });
    expect((await workspacePlan(db, org.id, deps.clock.now())).plan).toBe("PRO");
    const trialEnd = new Date(deps.clock.now().getTime() + 14 * 86_400_000);
    expect((await workspacePlan(db, org.id, new Date(trialEnd.getTime() - 1))).plan).toBe("PRO");
    expect((await workspacePlan(db, org.id, trialEnd)).plan).toBe("FREE");
    // The projection was written with the subscription.
    expect(
      await db.organization.findUniqueOrThrow({
        where: { id: org.id },
        select: { plan: true, isTrialing: true },
      }),
    ).toEqual({
      plan: "PRO",
      isTrialing: true,
    });
  });

  it("limit overrides of a paid subscription (comp deals, Postiz totalChannels) apply; junk keys are ignored", async () => {
    const org = await freeOrg();
    await setWorkspacePlan(deps, {
      orgId: org.id,
      plan: "PRO",
      limitOverrides: { "desk.slaPolicies": 2, "publish.channels": 40, nonsense: 5, seats: -1 },
    });
    const { entitlements } = await workspacePlan(db, org.id, deps.clock.now());
    expect(entitlements["desk.slaPolicies"]).toBe(2);
    expect(entitlements["publish.channels"]).toBe(40);
    expect(entitlements.seats).toBe(PLANS.PRO.entitlements.seats);
  });

  it("usage summary: a meter per limit, with real counts", async () => {
    const owner = await makeUser(db);
    const org = await makeOrg(db, owner, { members: [{ userId: (await makeUser(db)).id, role: "AGENT" }] });
    await consume(deps, org.id, POSTS, 4);
    const summary = await usageSummary(deps, org.id);
    const line = (key: string) => summary.lines.find((l) => l.key === key);
    expect(summary.plan).toBe("FREE");
    expect(line("seats")).toEqual({ key: "seats", limit: 5, current: 2, overLimit: false });
    expect(line("desk.agents")).toMatchObject({ current: 2, limit: 3 });
    expect(line(POSTS)).toMatchObject({ current: 4, limit: 30 });
    expect(line("desk.apiAccess")).toMatchObject({ limit: false, current: null });
    expect(summary.overLimit).toEqual([]);
  });
});

describe("people (Tools operations per day)", () => {
  it("guests, FREE and PREMIUM people get their tier's daily operations, counted atomically", async () => {
    const guestLimit = PERSON_TIERS.GUEST["tools.operationsPerDay"] as number;
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        consumePersonal(wideDeps, { ipHash: "a".repeat(64) }, "tools.operationsPerDay"),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(guestLimit);

    const user = await makeUser(db);
    const first = await consumePersonal(deps, { userId: user.id }, "tools.operationsPerDay");
    expect(first).toMatchObject({
      tier: "FREE",
      count: 1,
      limit: PERSON_TIERS.FREE["tools.operationsPerDay"],
    });

    const paid = await makeOrg(db, user);
    await putOnPlan(db, paid.id, "PRO");
    expect(await consumePersonal(deps, { userId: user.id }, "tools.operationsPerDay")).toMatchObject({
      tier: "PREMIUM",
      count: 2,
      limit: null,
    });
  });
});
