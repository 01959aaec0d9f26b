import { createDb } from "@quartet/db/client";
import { makeOrg, makeUser } from "@quartet/db/testing/factories";
import { afterAll, describe, expect, it } from "vitest";
import { createTestClock } from "../testing/deps.ts";
import { appError, useTestEnv } from "../testing/integration.ts";
import { creditBalance, grantCredits, grantMonthlyCredits, spendCredits } from "./credits.service.ts";
import { PlanLimitError } from "./plan-limit.error.ts";
import { PLANS } from "./plans.ts";
import { setWorkspacePlan } from "./subscription.service.ts";

// AI credits (Postiz): a monthly allowance per plan, spends that never take the balance below zero
// even when 50 race for the last credits, and a ledger that adds up.

const clock = createTestClock("2026-12-07T10:00:00Z");
const { db, deps, url } = await useTestEnv({ clock });
const wide = createDb(url, { max: 25 });
afterAll(() => wide.$disconnect());
const wideDeps = { db: wide, clock };

const org = async () => makeOrg(db, await makeUser(db));
const ledgerSum = async (orgId: string) =>
  (await db.creditLedgerEntry.aggregate({ where: { organizationId: orgId }, _sum: { delta: true } }))._sum
    .delta ?? 0;

describe("credits", () => {
  it("the monthly allowance tops up once a month, to the plan's amount, keeping bought credits above it", async () => {
    const o = await org();
    const free = PLANS.FREE.entitlements["publish.aiCreditsPerMonth"];
    expect(await grantMonthlyCredits(deps, o.id)).toBe(free);
    expect(await grantMonthlyCredits(deps, o.id)).toBe(free); // same month: nothing more
    await spendCredits(deps, { orgId: o.id, amount: 4 });

    await setWorkspacePlan(deps, { orgId: o.id, plan: "PRO" });
    clock.set("2027-01-01T00:00:00Z");
    const pro = PLANS.PRO.entitlements["publish.aiCreditsPerMonth"];
    expect(await grantMonthlyCredits(deps, o.id)).toBe(pro);
    await grantCredits(deps, { orgId: o.id, amount: 500, reference: "purchase:1", reason: "Credit pack" });
    await grantCredits(deps, { orgId: o.id, amount: 500, reference: "purchase:1" }); // a retried purchase
    clock.set("2027-02-01T00:00:00Z");
    expect(await grantMonthlyCredits(deps, o.id)).toBe(pro + 500); // above the allowance: kept, no grant
    expect(await ledgerSum(o.id)).toBe(await creditBalance(deps, o.id));
    clock.set("2026-12-07T10:00:00Z");
  });

  it("50 parallel first spends of the month on FREE (its 10 credits arrive with the first): 10 pass, 0 left", async () => {
    const o = await org();
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        spendCredits(wideDeps, { orgId: o.id, amount: 1, reference: `gen:${i}` }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(10);
    const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
    expect(refused.filter((e) => !(e instanceof PlanLimitError)).map(String)).toEqual([]);
    expect(await creditBalance(deps, o.id)).toBe(0);
    expect(await db.creditLedgerEntry.count({ where: { organizationId: o.id, kind: "GRANT" } })).toBe(1);
    // Refused spends left no ledger entry; the ledger still adds up to the balance.
    expect(await db.creditLedgerEntry.count({ where: { organizationId: o.id, kind: "SPEND" } })).toBe(10);
    expect(await ledgerSum(o.id)).toBe(0);
    const afters = (
      await db.creditLedgerEntry.findMany({ where: { organizationId: o.id, kind: "SPEND" } })
    ).map((e) => e.balanceAfter);
    expect(afters.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("a spend larger than the balance is PLAN_LIMIT naming the plan with more credits; a retried spend counts once", async () => {
    const o = await org();
    await grantCredits(deps, { orgId: o.id, amount: 3 });
    // The month's first spend tops the balance up to FREE's 10 (3 bought were already there).
    const err = await appError(spendCredits(deps, { orgId: o.id, amount: 15 }));
    expect(err.reason).toBe("PLAN_LIMIT");
    expect(err.details).toMatchObject({
      key: "publish.aiCreditsPerMonth",
      current: 10,
      requested: 15,
      plan: "FREE",
      upgradeTo: "PRO",
    });
    expect(await spendCredits(deps, { orgId: o.id, amount: 2, reference: "post:1" })).toBe(8);
    expect(await spendCredits(deps, { orgId: o.id, amount: 2, reference: "post:1" })).toBe(8);
    expect((await appError(spendCredits(deps, { orgId: o.id, amount: 0 }))).code).toBe("BAD_REQUEST");
  });

  it("the same spend sent 10 times at once (a retried request) debits once", async () => {
    const o = await org();
    await grantCredits(deps, { orgId: o.id, amount: 10 });
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () =>
        spendCredits(wideDeps, { orgId: o.id, amount: 3, reference: "image:42" }),
      ),
    );
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect(await creditBalance(deps, o.id)).toBe(7);
    expect(await db.creditLedgerEntry.count({ where: { organizationId: o.id, kind: "SPEND" } })).toBe(1);
  });

  it("the database itself refuses a negative balance", async () => {
    const o = await org();
    await grantCredits(deps, { orgId: o.id, amount: 1 });
    await expect(
      db.credits.updateMany({ where: { organizationId: o.id }, data: { credits: { decrement: 2 } } }),
    ).rejects.toThrow();
  });
});
