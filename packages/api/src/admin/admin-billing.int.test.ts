import { createSession, sessionCookie } from "@quartet/auth/session";
import { revenueFigures } from "@quartet/core/billing/billing-admin.service";
import type { AppError } from "@quartet/core/errors";
import { useTestEnv } from "@quartet/core/testing/integration";
import { makeOrg, makeStaffedOrg, makeUser } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { adminRouter } from "../admin-router.ts";
import { cookieJar, trpcError } from "../api.test-helpers.ts";
import { createApiContext } from "../context.ts";
import { createCallerFactory } from "../trpc.ts";

// Admin console billing: Revenue (MRR maths, counts, churn, Day Pass sales, series) and a
// workspace's Billing panel with comp plans and Day Pass grants (reason required, audited).

const { db, deps } = await useTestEnv();
const request = { ip: "192.0.2.9", userAgent: "vitest" };
const DAY = 86_400_000;

async function adminCallerFor(user: { id: string }) {
  const { token } = await createSession(db, user.id, "ADMIN", { ...request, deviceInfo: {} }, new Date());
  const jar = cookieJar();
  jar.set(sessionCookie("ADMIN", false).name, token, {});
  return createCallerFactory(adminRouter)(
    await createApiContext({ deps, kind: "ADMIN", req: request, cookies: jar }),
  );
}

const root = await makeUser(db, { platformRole: "SUPERADMIN" });
const admin = await adminCallerFor(root);

async function paidSub(
  plan: "PRO" | "BUSINESS",
  data: {
    interval?: "MONTHLY" | "YEARLY";
    status?: "ACTIVE" | "PAST_DUE" | "TRIALING" | "CANCELED" | "EXPIRED";
  } & Record<string, unknown> = {},
) {
  const org = await makeOrg(db, await makeUser(db));
  const interval = data.interval ?? "MONTHLY";
  const price = { PRO: { MONTHLY: 29, YEARLY: 290 }, BUSINESS: { MONTHLY: 99, YEARLY: 990 } }[plan][interval];
  const now = Date.now();
  await db.subscription.create({
    data: {
      organizationId: org.id,
      plan,
      interval,
      status: "ACTIVE",
      provider: "STRIPE",
      priceAmount: price,
      currentPeriodStart: new Date(now - 5 * DAY),
      currentPeriodEnd: new Date(now + 25 * DAY),
      ...data,
    },
  });
  return org;
}

describe("admin billing", () => {
  it("revenue: MRR from paying subscriptions (yearly / 12), counts, churn, Day Pass sales and series", async () => {
    const now = Date.now();
    await paidSub("PRO"); // 29
    await paidSub("BUSINESS", { interval: "YEARLY" }); // 990 / 12 = 82.5
    await paidSub("PRO", { status: "PAST_DUE", graceEndsAt: new Date(now + 3 * DAY) }); // 29, in grace
    await paidSub("PRO", { status: "PAST_DUE", graceEndsAt: new Date(now - DAY) }); // grace over: nothing
    await paidSub("BUSINESS", { cancelAtPeriodEnd: true }); // 99, canceling
    await paidSub("PRO", { status: "TRIALING", trialEndsAt: new Date(now + 7 * DAY) }); // trial: 0
    await paidSub("PRO", { status: "CANCELED", endedAt: new Date(now - 5 * DAY) }); // churned
    await paidSub("PRO", { status: "EXPIRED", endedAt: new Date(now - 40 * DAY) }); // too old for churn
    await makeStaffedOrg(db, { plan: "BUSINESS" }); // comp (MANUAL): no money

    const payer = await makeUser(db);
    const paidAt = new Date();
    await db.payment.createMany({
      data: [
        {
          userId: payer.id,
          type: "DAY_PASS_PURCHASE",
          status: "COMPLETED",
          provider: "OFFLINE",
          amount: 4.99,
          paidAt,
        },
        {
          userId: payer.id,
          type: "DAY_PASS_PURCHASE",
          status: "COMPLETED",
          provider: "OFFLINE",
          amount: 4.99,
          paidAt,
        },
        {
          userId: payer.id,
          type: "SUBSCRIPTION_INITIAL",
          status: "PARTIALLY_REFUNDED",
          provider: "STRIPE",
          amount: 99,
          refundedAmount: 9,
          paidAt,
        },
        { userId: payer.id, type: "SUBSCRIPTION_INITIAL", status: "FAILED", provider: "STRIPE", amount: 29 },
        // Last month, same day: in the monthly series, not in the last 30 days.
        {
          userId: payer.id,
          type: "SUBSCRIPTION_RENEWAL",
          status: "COMPLETED",
          provider: "STRIPE",
          amount: 29,
          paidAt: new Date(now - 45 * DAY),
        },
      ],
    });

    const r = await admin.billing.revenue();
    expect(r.mrr).toBe(239.5); // 29 + 82.5 + 29 + 99
    expect(r.arr).toBe(2874);
    expect(r.mrrByPlan).toEqual({ PRO: 58, BUSINESS: 181.5 });
    expect(r).toMatchObject({
      active: 3,
      pastDue: 1,
      trialing: 1,
      canceling: 1,
      comp: 1,
      churned30d: 1,
      paying: 4,
    });
    expect(r.churnRate30d).toBeCloseTo(1 / 5);
    expect(r.dayPasses30d).toBe(2);
    expect(r.dayPassRevenue30d).toBe(9.98);
    expect(r.revenue30d).toBe(99.98); // 4.99 × 2 + 99 − 9 refunded
    expect(r.byDay).toHaveLength(30);
    expect(r.byDay.at(-1)).toMatchObject({
      bucket: paidAt.toISOString().slice(0, 10),
      revenue: 99.98,
      dayPasses: 2,
    });
    expect(r.byMonth).toHaveLength(12);
    expect(r.byMonth.reduce((s, m) => s + m.revenue, 0)).toBeCloseTo(128.98);
    expect(r.byDay.reduce((s, d) => s + d.churned, 0)).toBe(1);
  });

  it("revenueFigures: nothing paying → no MRR and no churn rate", () => {
    expect(revenueFigures([], new Date())).toMatchObject({ mrr: 0, paying: 0, churnRate30d: 0 });
  });

  it("a customer's session can't reach billing admin", async () => {
    const person = await makeUser(db);
    const asPerson = await adminCallerFor(person);
    expect((await trpcError(asPerson.billing.revenue())).code).toBe("FORBIDDEN");
    const { org } = await makeStaffedOrg(db);
    expect(
      (
        await trpcError(
          asPerson.billing.grantCompPlan({ orgId: org.id, plan: "PRO", months: 1, reason: "please" }),
        )
      ).code,
    ).toBe("FORBIDDEN");
  });

  it("comp plan: reason required, the plan applies at once, audited with before/after/reason", async () => {
    const owner = await makeUser(db);
    const org = await makeOrg(db, owner);
    const noReason = await trpcError(
      admin.billing.grantCompPlan({ orgId: org.id, plan: "BUSINESS", months: 3, reason: " " }),
    );
    expect(noReason.code).toBe("BAD_REQUEST");
    expect(await db.adminAuditLog.count({ where: { entityId: org.id } })).toBe(0);

    await admin.billing.grantCompPlan({
      orgId: org.id,
      plan: "BUSINESS",
      months: 3,
      reason: "Partner deal #12",
    });
    const panel = await admin.billing.org({ orgId: org.id });
    expect(panel.plan).toBe("BUSINESS");
    expect(panel.subscription).toMatchObject({ plan: "BUSINESS", status: "ACTIVE", provider: "MANUAL" });
    expect(panel.subscription!.currentPeriodEnd!.getTime()).toBeGreaterThan(Date.now() + 85 * DAY);
    const audit = await db.adminAuditLog.findFirstOrThrow({
      where: { entityId: org.id, action: "billing.comp.grant" },
    });
    expect(audit.adminUserId).toBe(root.id);
    expect(audit.changes).toMatchObject({
      before: { plan: "FREE" },
      after: { plan: "BUSINESS", months: 3 },
      reason: "Partner deal #12",
    });

    await admin.billing.grantCompPlan({ orgId: org.id, plan: "FREE", months: null, reason: "Deal over" });
    expect((await admin.billing.org({ orgId: org.id })).plan).toBe("FREE");
    expect(await db.adminAuditLog.count({ where: { entityId: org.id, action: "billing.comp.end" } })).toBe(1);
    expect((await trpcError(admin.billing.org({ orgId: "00000000-0000-4000-8000-000000000000" }))).code).toBe(
      "NOT_FOUND",
    );
  });

  it("comp plan until a date: checked against now, kept on the subscription, listed in the panel's past grants", async () => {
    const owner = await makeUser(db);
    const org = await makeOrg(db, owner);
    const past = await trpcError(
      admin.billing.grantCompPlan({
        orgId: org.id,
        plan: "PRO",
        until: new Date(Date.now() - DAY),
        reason: "Deal",
      }),
    );
    expect(past.code).toBe("BAD_REQUEST");
    expect((past.cause as AppError).fieldErrors).toMatchObject({ until: expect.any(String) });
    const tooFar = await trpcError(
      admin.billing.grantCompPlan({
        orgId: org.id,
        plan: "PRO",
        until: new Date(Date.now() + 40 * 31 * DAY),
        reason: "Deal",
      }),
    );
    expect((tooFar.cause as AppError).fieldErrors).toMatchObject({ until: expect.any(String) });

    const until = new Date(Date.now() + 45 * DAY);
    await admin.billing.grantCompPlan({ orgId: org.id, plan: "PRO", until, reason: "Conference speaker" });
    const panel = await admin.billing.org({ orgId: org.id });
    expect(panel.plan).toBe("PRO");
    expect(panel.subscription?.currentPeriodEnd).toEqual(until);
    // The meters: the plan's limits with the current use where it is counted.
    expect(panel.usage.find((l) => l.key === "seats")).toMatchObject({
      limit: expect.any(Number),
      current: 1,
    });
    expect(panel.compGrants).toHaveLength(1);
    expect(panel.compGrants[0]).toMatchObject({
      ended: false,
      plan: "PRO",
      until,
      reason: "Conference speaker",
      adminEmail: root.email,
    });
    await admin.billing.grantCompPlan({ orgId: org.id, plan: "FREE", reason: "Talk cancelled" });
    const after = await admin.billing.org({ orgId: org.id });
    expect(after.compGrants.map((g) => [g.ended, g.reason])).toEqual([
      [true, "Talk cancelled"],
      [false, "Conference speaker"],
    ]);
  });

  it("Day Pass grant: members only, reason required, the pass and its audit row written together", async () => {
    const { org, member } = await makeStaffedOrg(db);
    const outsider = await makeUser(db);
    expect(
      (
        await trpcError(
          admin.billing.grantDayPass({ orgId: org.id, userId: member.id, hours: 24, reason: "" }),
        )
      ).code,
    ).toBe("BAD_REQUEST");
    expect(
      (
        await trpcError(
          admin.billing.grantDayPass({ orgId: org.id, userId: outsider.id, hours: 24, reason: "Support" }),
        )
      ).code,
    ).toBe("NOT_FOUND");
    const pass = await admin.billing.grantDayPass({
      orgId: org.id,
      userId: member.id,
      hours: 48,
      reason: "Support apology",
    });
    expect(pass.endsAt.getTime() - pass.startsAt.getTime()).toBe(48 * 3_600_000);
    const panel = await admin.billing.org({ orgId: org.id });
    expect(panel.members.find((m) => m.userId === member.id)?.dayPassExpiresAt).toEqual(pass.endsAt);
    expect(panel.dayPassGrants[0]).toMatchObject({
      userId: member.id,
      reason: "Support apology",
      grantedById: root.id,
      grantedByEmail: root.email,
    });
    const audit = await db.adminAuditLog.findFirstOrThrow({
      where: { entityId: member.id, action: "billing.day_pass.grant" },
    });
    expect(audit.changes).toMatchObject({ reason: "Support apology", after: { hours: 48, orgId: org.id } });
  });
});
