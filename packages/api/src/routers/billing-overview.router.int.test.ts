import { createCoupon } from "@quartet/core/billing/coupon.service";
import { useTestEnv } from "@quartet/core/testing/integration";
import { makeOrg, makeStaffedOrg, makeUser } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { appCallerFor, trpcError } from "../api.test-helpers.ts";

// billingOverview: the read side of billing in the customer app, through real sessions and Postgres.

const { db, deps } = await useTestEnv();
const callerFor = (user?: { id: string }) => appCallerFor(deps, user);

describe("billingOverview router", () => {
  it("plans are public: prices, the yearly saving and the limits from the plans table", async () => {
    const anonymous = await callerFor();
    const { plans, dayPass } = await anonymous.billingOverview.plans();
    expect(plans.map((p) => p.plan)).toEqual(["FREE", "PRO", "BUSINESS"]);
    const pro = plans.find((p) => p.plan === "PRO")!;
    expect(pro.prices).toEqual({
      MONTHLY: { amount: 29, currency: "USD" },
      YEARLY: { amount: 290, currency: "USD" },
    });
    // 290 a year against 12 × 29 = 348: 17 % saved.
    expect(pro.yearlySavingPercent).toBe(17);
    expect(plans[0]!.entitlements["desk.automationRules"]).toBe(5);
    expect(dayPass.hours).toBe(24);
  });

  it("overview: members read their workspace's plan and usage, only OWNER/ADMIN may manage, outsiders get NOT_FOUND", async () => {
    const { org, owner, admin, agent, member } = await makeStaffedOrg(db, { plan: "PRO" });
    const asOwner = await callerFor(owner);
    const overview = await asOwner.billingOverview.overview({ orgId: org.id });
    expect(overview.plan).toBe("PRO");
    expect(overview.canManage).toBe(true);
    expect(overview.subscription).toMatchObject({ plan: "PRO", status: "ACTIVE", comp: true });
    const seats = overview.usage.find((l) => l.key === "seats")!;
    expect(seats).toMatchObject({ limit: 25, current: 4, overLimit: false });
    expect((await (await callerFor(admin)).billingOverview.overview({ orgId: org.id })).canManage).toBe(true);
    expect((await (await callerFor(agent)).billingOverview.overview({ orgId: org.id })).canManage).toBe(
      false,
    );
    expect((await (await callerFor(member)).billingOverview.overview({ orgId: org.id })).canManage).toBe(
      false,
    );

    const stranger = await makeUser(db);
    const asStranger = await callerFor(stranger);
    expect((await trpcError(asStranger.billingOverview.overview({ orgId: org.id }))).code).toBe("NOT_FOUND");
    expect((await trpcError((await callerFor()).billingOverview.overview({ orgId: org.id }))).code).toBe(
      "UNAUTHORIZED",
    );
  });

  it("overview of a FREE workspace: no subscription, automation rules counted against 5, over-limit named", async () => {
    const owner = await makeUser(db);
    const org = await makeOrg(db, owner);
    const api = await callerFor(owner);
    for (let i = 0; i < 7; i++) {
      await db.automationRule.create({
        data: {
          organizationId: org.id,
          name: `Rule ${i}`,
          trigger: "ticket.created",
          conditions: {},
          actions: [],
          priority: i,
        },
      });
    }
    const overview = await api.billingOverview.overview({ orgId: org.id });
    expect(overview.plan).toBe("FREE");
    expect(overview.subscription).toBeNull();
    expect(overview.usage.find((l) => l.key === "desk.automationRules")).toMatchObject({
      limit: 5,
      current: 7,
      overLimit: true,
    });
    expect(overview.overLimit).toContain("desk.automationRules");
  });

  it("me: the person's tier and a Day Pass still running", async () => {
    const person = await makeUser(db);
    const api = await callerFor(person);
    expect(await api.billingOverview.me()).toMatchObject({ tier: "FREE", dayPassExpiresAt: null });
    const ends = new Date(Date.now() + 3 * 3_600_000);
    await db.user.update({ where: { id: person.id }, data: { dayPassExpiresAt: ends } });
    expect(await api.billingOverview.me()).toMatchObject({ tier: "PREMIUM", dayPassExpiresAt: ends });
    expect((await trpcError((await callerFor()).billingOverview.me())).code).toBe("UNAUTHORIZED");
  });

  it("checkCoupon: the price after a valid code, a reason for a refused one, admins only for a workspace plan", async () => {
    const { org, owner, member } = await makeStaffedOrg(db, { plan: "FREE" });
    const now = Date.now();
    await createCoupon(deps, {
      code: "HALFPRO",
      discountType: "PERCENT",
      discountValue: 50,
      validFrom: new Date(now - 86_400_000),
      validUntil: new Date(now + 86_400_000),
      appliesTo: ["PRO"],
    });
    const asOwner = await callerFor(owner);
    const quote = await asOwner.billingOverview.checkCoupon({
      target: "PRO",
      orgId: org.id,
      interval: "YEARLY",
      code: "halfpro",
    });
    expect(quote).toMatchObject({ code: "HALFPRO", discountAmount: 145, amount: 145 });

    const wrong = await trpcError(
      asOwner.billingOverview.checkCoupon({
        target: "BUSINESS",
        orgId: org.id,
        interval: "MONTHLY",
        code: "HALFPRO",
      }),
    );
    expect(wrong.code).toBe("BAD_REQUEST");
    expect((wrong.cause as { reason?: string }).reason).toBe("COUPON_NOT_APPLICABLE");
    const unknown = await trpcError(
      asOwner.billingOverview.checkCoupon({ target: "DAY_PASS", code: "NOPE123" }),
    );
    expect((unknown.cause as { reason?: string }).reason).toBe("COUPON_INVALID");

    const asMember = await callerFor(member);
    const refused = await trpcError(
      asMember.billingOverview.checkCoupon({
        target: "PRO",
        orgId: org.id,
        interval: "MONTHLY",
        code: "HALFPRO",
      }),
    );
    expect(refused.code).toBe("FORBIDDEN");
    const outsider = await callerFor(await makeUser(db));
    const hidden = await trpcError(
      outsider.billingOverview.checkCoupon({
        target: "PRO",
        orgId: org.id,
        interval: "MONTHLY",
        code: "HALFPRO",
      }),
    );
    expect(hidden.code).toBe("NOT_FOUND");
  });
});
