import { makeOrg, makeStaffedOrg, makeUser } from "@quartet/db/testing/factories";
import { deskAutomationJob } from "@quartet/jobs/definitions";
import { describe, expect, it } from "vitest";
import { handleAutomation } from "../desk/automation/automation.engine.ts";
import { createRule, listRules, setRuleEnabled, updateRule } from "../desk/automation/automation.service.ts";
import { createSlaPolicy, updateSlaPolicy } from "../desk/sla/sla-policy.service.ts";
import { createTicket } from "../desk/tickets/ticket.service.ts";
import { inviteMember } from "../orgs/invitation.service.ts";
import { changeRole } from "../orgs/member.service.ts";
import { rotateOrgApiKey } from "../orgs/org-api-key.service.ts";
import { actor, appError, useTestEnv } from "../testing/integration.ts";
import { usageSummary } from "./entitlements.service.ts";
import { PLANS } from "./plans.ts";
import { setWorkspacePlan } from "./subscription.service.ts";

// Desk reads its limits from billing: the N+1th agent / rule / policy is refused on FREE with
// PLAN_LIMIT details, allowed right after a plan change (same process, no restart), and a downgrade
// deletes nothing: the extra rules stop running and become read-only.

const { db, deps, boss } = await useTestEnv();
const FREE = PLANS.FREE.entitlements;

// One second apart, as people create them: the oldest rules are the ones a downgrade keeps running.
function rule(orgId: string, admin: { id: string }, tag: string) {
  deps.clock.advance(1000);
  return createRule(deps, actor(admin), {
    orgId,
    name: `Tag ${tag}`,
    trigger: "ticket.created",
    actions: [{ type: "add_tag", tag }],
  });
}

async function drainAutomation() {
  for (;;) {
    const jobs = await boss.fetch<unknown>(deskAutomationJob.name, { batchSize: 100 });
    if (jobs.length === 0) return;
    for (const job of jobs) {
      await boss.complete(deskAutomationJob.name, job.id);
      await handleAutomation(deps, deskAutomationJob.schema.parse(job.data), { id: job.id });
    }
  }
}

describe("automation rules", () => {
  it(`FREE stops at ${FREE["desk.automationRules"]} rules, PRO lifts it at once, a downgrade locks the newest`, async () => {
    const w = await makeStaffedOrg(db, { plan: "FREE" });
    const limit = FREE["desk.automationRules"] as number;
    for (let i = 1; i <= limit; i++) await rule(w.org.id, w.admin, `t${i}`);

    const refused = await appError(rule(w.org.id, w.admin, "extra"));
    expect(refused.code).toBe("PAYMENT_REQUIRED");
    expect(refused.reason).toBe("PLAN_LIMIT");
    expect(refused.details).toEqual({
      key: "desk.automationRules",
      limit,
      current: limit,
      requested: 1,
      plan: "FREE",
      upgradeTo: "PRO",
    });
    expect(refused.message).toBe(
      `The Free plan allows ${limit} automation rules and you're using ${limit}. Upgrade to Pro to get more.`,
    );
    expect(await db.automationRule.count({ where: { organizationId: w.org.id } })).toBe(limit);

    await setWorkspacePlan(deps, { orgId: w.org.id, plan: "PRO" });
    const extra = await rule(w.org.id, w.admin, "extra");
    expect(extra.lockedByPlan).toBe(false);

    // Back to FREE: nothing is deleted; the newest rule is locked, refuses edits and enabling, and
    // doesn't run. Deleting others would unlock it; an upgrade does.
    await setWorkspacePlan(deps, { orgId: w.org.id, plan: "FREE" });
    const rules = await listRules(deps, actor(w.admin), { orgId: w.org.id });
    expect(rules).toHaveLength(limit + 1);
    expect(rules.filter((r) => r.lockedByPlan).map((r) => r.id)).toEqual([extra.id]);
    const edit = await appError(
      updateRule(deps, actor(w.admin), {
        orgId: w.org.id,
        ruleId: extra.id,
        name: "Renamed",
        trigger: "ticket.created",
        actions: [{ type: "add_tag", tag: "extra" }],
      }),
    );
    expect(edit.reason).toBe("PLAN_LIMIT");
    expect(edit.message).toContain("read-only");
    await setRuleEnabled(deps, actor(w.admin), { orgId: w.org.id, ruleId: extra.id, enabled: false });
    const enable = await appError(
      setRuleEnabled(deps, actor(w.admin), { orgId: w.org.id, ruleId: extra.id, enabled: true }),
    );
    expect(enable.reason).toBe("PLAN_LIMIT");
    await db.automationRule.update({ where: { id: extra.id }, data: { enabled: true } });

    const summary = await usageSummary(deps, w.org.id);
    expect(summary.overLimit).toEqual(["desk.automationRules"]);

    const t = await createTicket(deps, actor(w.agent), {
      orgId: w.org.id,
      subject: "Where is my parcel?",
      description: "Ordered last week.",
      requester: { email: "ann@example.test", name: "Ann" },
    });
    await drainAutomation();
    const tags = (await db.ticket.findUniqueOrThrow({ where: { id: t.id } })).tags;
    expect(tags).toEqual(expect.arrayContaining(["t1", `t${limit}`]));
    expect(tags).not.toContain("extra");
  });

  it("concurrent creations never pass the limit (the count is taken under a per-workspace lock)", async () => {
    const w = await makeStaffedOrg(db, { plan: "FREE" });
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => rule(w.org.id, w.admin, `c${i}`)),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(
      FREE["desk.automationRules"] as number,
    );
    expect(await db.automationRule.count({ where: { organizationId: w.org.id } })).toBe(
      FREE["desk.automationRules"],
    );
  });
});

describe("agents and seats", () => {
  it(`FREE has ${FREE["desk.agents"]} agents: the next promotion or agent invitation is refused; PRO allows it`, async () => {
    const owner = await makeUser(db);
    const admin = await makeUser(db);
    const m1 = await makeUser(db);
    const m2 = await makeUser(db);
    const org = await makeOrg(db, owner, {
      members: [
        { userId: admin.id, role: "ADMIN" },
        { userId: m1.id, role: "MEMBER" },
        { userId: m2.id, role: "MEMBER" },
      ],
    });
    await changeRole(deps, actor(owner), { orgId: org.id, userId: m1.id, role: "AGENT" }); // 3 agents
    const promote = await appError(
      changeRole(deps, actor(owner), { orgId: org.id, userId: m2.id, role: "AGENT" }),
    );
    expect(promote.details).toMatchObject({
      key: "desk.agents",
      limit: 3,
      current: 3,
      plan: "FREE",
      upgradeTo: "PRO",
    });
    const invite = await appError(
      inviteMember(deps, actor(owner), { orgId: org.id, email: "new-agent@example.test", role: "AGENT" }),
    );
    expect(invite.details).toMatchObject({ key: "desk.agents" });
    // A MEMBER invitation takes a seat but no agent seat: 4 members + 1 pending = 5 seats.
    await inviteMember(deps, actor(owner), { orgId: org.id, email: "reader@example.test", role: "MEMBER" });
    const sixth = await appError(
      inviteMember(deps, actor(owner), { orgId: org.id, email: "sixth@example.test", role: "MEMBER" }),
    );
    expect(sixth.details).toMatchObject({
      key: "seats",
      limit: 5,
      current: 5,
      requested: 1,
      upgradeTo: "PRO",
    });

    await setWorkspacePlan(deps, { orgId: org.id, plan: "PRO", status: "TRIALING" });
    await changeRole(deps, actor(owner), { orgId: org.id, userId: m2.id, role: "AGENT" });
    await inviteMember(deps, actor(owner), { orgId: org.id, email: "sixth@example.test", role: "MEMBER" });
  });
});

describe("SLA policies and API access", () => {
  const target = (firstResponse: number, resolution: number) => ({ firstResponse, resolution });
  const policy = (orgId: string, name: string) => ({
    orgId,
    name,
    businessHoursOnly: false,
    targets: {
      LOW: target(480, 2400),
      MEDIUM: target(240, 960),
      HIGH: target(60, 480),
      URGENT: target(15, 120),
    },
  });

  it("FREE has one SLA policy; a second is refused until PRO, and after a downgrade it is read-only", async () => {
    const w = await makeStaffedOrg(db, { plan: "FREE" });
    await createSlaPolicy(deps, actor(w.admin), policy(w.org.id, "Standard"));
    const second = await appError(createSlaPolicy(deps, actor(w.admin), policy(w.org.id, "VIP")));
    expect(second.details).toMatchObject({ key: "desk.slaPolicies", limit: 1, current: 1, upgradeTo: "PRO" });

    await setWorkspacePlan(deps, { orgId: w.org.id, plan: "PRO" });
    const vip = await createSlaPolicy(deps, actor(w.admin), policy(w.org.id, "VIP"));
    await setWorkspacePlan(deps, { orgId: w.org.id, plan: "FREE" });
    const edit = await appError(
      updateSlaPolicy(deps, actor(w.admin), { orgId: w.org.id, policyId: vip.id, name: "VIP+" }),
    );
    expect(edit.reason).toBe("PLAN_LIMIT");
    expect(await db.sLAPolicy.count({ where: { organizationId: w.org.id } })).toBe(2);
  });

  it("a FREE workspace can't create an API key (PLAN_LIMIT, upgrade to PRO); on PRO it can", async () => {
    const w = await makeStaffedOrg(db, { plan: "FREE" });
    const err = await appError(rotateOrgApiKey(deps, actor(w.admin), { orgId: w.org.id }));
    expect(err.details).toMatchObject({ key: "desk.apiAccess", limit: 0, plan: "FREE", upgradeTo: "PRO" });
    await setWorkspacePlan(deps, { orgId: w.org.id, plan: "PRO" });
    expect((await rotateOrgApiKey(deps, actor(w.admin), { orgId: w.org.id })).key).toMatch(/^qk_/);
  });
});
