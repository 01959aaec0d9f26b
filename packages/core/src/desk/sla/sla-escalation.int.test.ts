import { makeOrg, makeUser } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { createTestClock } from "../../testing/deps.ts";
import { actor, appError, useTestEnv } from "../../testing/integration.ts";
import { createTicket, updateTicket } from "../tickets/ticket.service.ts";
import { handleSlaCheck } from "./sla-check.handler.ts";
import { runEscalations } from "./sla-escalation.service.ts";
import type { EscalationRuleInput } from "./sla-policy.schema.ts";
import { createSlaPolicy, getSlaPolicy, updateSlaPolicy } from "./sla-policy.service.ts";

// Escalation rules of an SLA policy (the seed's escalationRules): they fire at the warning and at
// the breach, once per ticket and level, change the ticket through the normal update path and
// tell people through their notification preferences.

const clock = createTestClock("2026-11-25T09:00:00Z");
const { db, deps } = await useTestEnv({ clock });
const MIN = 60_000;
const run = () => handleSlaCheck(deps);

const targets = {
  LOW: { firstResponse: 480, resolution: 2400 },
  MEDIUM: { firstResponse: 240, resolution: 960 },
  HIGH: { firstResponse: 60, resolution: 480 },
  URGENT: { firstResponse: 10, resolution: 120 },
};

/** A 24/7 workspace: an assignee in "Tier 1", a lead of "Tier 1", an "Escalations" team, an admin. */
async function workspace() {
  const owner = await makeUser(db, { name: "Olive Owner" });
  const admin = await makeUser(db, { name: "Addy Admin" });
  const agent = await makeUser(db, { name: "Aggie Agent" });
  const lead = await makeUser(db, { name: "Lee Lead" });
  const org = await makeOrg(db, owner, {
    members: [
      { userId: admin.id, role: "ADMIN" },
      { userId: agent.id, role: "AGENT" },
      { userId: lead.id, role: "AGENT" },
    ],
  });
  const tier1 = await db.team.create({ data: { organizationId: org.id, name: "Tier 1" } });
  const escalations = await db.team.create({ data: { organizationId: org.id, name: "Escalations" } });
  await db.teamMember.createMany({
    data: [
      { organizationId: org.id, teamId: tier1.id, userId: agent.id, roleInTeam: "AGENT" },
      { organizationId: org.id, teamId: tier1.id, userId: lead.id, roleInTeam: "LEAD" },
    ],
  });
  return { org, owner, admin, agent, lead, tier1, escalations };
}

const notifications = (userId: string, type: string) =>
  db.notification.findMany({ where: { userId, type }, orderBy: { createdAt: "asc" } });
const activities = (ticketId: string) =>
  db.ticketActivity.findMany({ where: { ticketId }, orderBy: { seq: "asc" } });

describe("SLA escalation rules", () => {
  it("fire at the warning and at the breach, once per ticket and level, through the update path", async () => {
    clock.set("2026-11-25T09:00:00Z");
    const w = await workspace();
    const rules: EscalationRuleInput[] = [
      {
        level: "warning",
        actions: [
          { type: "notify_team_leads", teamId: null },
          { type: "add_tag", tag: "SLA-risk" },
        ],
      },
      {
        level: "breach",
        target: "first_response",
        actions: [
          { type: "assign_team", teamId: w.escalations.id, unassign: true },
          { type: "raise_priority", to: "NEXT" },
          { type: "notify_user", userId: w.admin.id },
        ],
      },
      { level: "breach", target: "resolution", actions: [{ type: "add_tag", tag: "late-resolution" }] },
    ];
    const policy = await createSlaPolicy(deps, actor(w.owner), {
      orgId: w.org.id,
      name: "24/7",
      targets,
      businessHoursOnly: false,
      isDefault: true,
      escalationRules: rules,
    });
    expect(policy.escalationRules).toHaveLength(3);
    expect(policy.escalationRules.every((r) => /^[0-9a-f-]{36}$/.test(r.id))).toBe(true);
    // An automation rule listens to ticket updates: escalations must reach it like any change.
    await db.automationRule.create({
      data: {
        organizationId: w.org.id,
        name: "Watch updates",
        trigger: "ticket.updated",
        conditions: {},
        actions: [],
      },
    });

    const ticket = await createTicket(deps, actor(w.agent), {
      orgId: w.org.id,
      subject: "Invoices missing",
      description: "Where are they?",
      requester: { email: "c@example.test" },
      priority: "HIGH",
      assigneeId: w.agent.id,
      teamId: w.tier1.id,
    });

    // 80 % of the 60-minute first-response target: three racing runs, one warning, one escalation.
    clock.set(new Date("2026-11-25T09:48:00Z"));
    const warnRuns = await Promise.all([run(), run(), run()]);
    expect(warnRuns.reduce((n, r) => n + r.warned, 0)).toBe(1);
    expect(warnRuns.reduce((n, r) => n + r.escalated, 0)).toBe(1);
    const [leadNotice] = await notifications(w.lead.id, "desk.sla_warning");
    expect(leadNotice?.title).toBe(`Escalation: SLA deadline soon on #${ticket.number}`);
    expect(leadNotice?.message).toContain("lead of Tier 1");
    let row = await db.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    expect(row.tags).toEqual(["sla-risk"]);

    // The warning re-arms when the deadline moves (an agent lowers then restores the priority):
    // the warning goes out again, the escalation doesn't.
    await updateTicket(deps, actor(w.agent), { orgId: w.org.id, ticketId: ticket.id, priority: "MEDIUM" });
    await updateTicket(deps, actor(w.agent), { orgId: w.org.id, ticketId: ticket.id, priority: "HIGH" });
    clock.set(new Date("2026-11-25T09:50:00Z"));
    expect(await run()).toEqual({ breached: 0, warned: 1, escalated: 0 });
    expect(await notifications(w.lead.id, "desk.sla_warning")).toHaveLength(1);

    // The breach: the ticket moves to Escalations, unassigned, one step up to URGENT; the admin is told.
    clock.set(new Date("2026-11-25T10:00:00Z"));
    const breachRuns = await Promise.all([run(), run(), run()]);
    expect(breachRuns.reduce((n, r) => n + r.breached, 0)).toBe(1);
    expect(breachRuns.reduce((n, r) => n + r.escalated, 0)).toBe(1);
    row = await db.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    expect(row).toMatchObject({
      teamId: w.escalations.id,
      assigneeId: null,
      priority: "URGENT",
      slaBreached: true,
    });
    const [adminNotice] = await notifications(w.admin.id, "desk.sla_breached");
    expect(adminNotice?.title).toBe(`Escalation: SLA breached on #${ticket.number}`);
    expect(adminNotice?.link).toBe(`/w/${w.org.slug}/desk/${ticket.id}`);

    // Logged in the activity: the escalation, then each field change it made (by the system).
    const log = await activities(ticket.id);
    const escalated = log.filter((a) => a.actionType === "sla_escalated");
    expect(escalated.map((a) => (a.newValue as { level: string }).level)).toEqual(["warning", "breach"]);
    const breachEntry = escalated[1]?.newValue as {
      target: string;
      actions: { type: string; outcome: string }[];
    };
    expect(breachEntry.target).toBe("first_response");
    expect(breachEntry.actions.map((a) => [a.type, a.outcome])).toEqual([
      ["assign_team", "done"],
      ["raise_priority", "done"],
      ["notify_user", "done"],
    ]);
    const after = log.slice(log.indexOf(escalated[1] as (typeof log)[number]) + 1);
    expect(after.map((a) => [a.actionType, a.actorId, a.metadata])).toEqual([
      ["assigned", null, { source: "system" }],
      ["team_changed", null, { source: "system" }],
      ["priority_changed", null, { source: "system" }],
    ]);
    // Automation saw the changes as ticket updates.
    const automationJobs = await db.$queryRaw<{ changed: string[] }[]>`
      SELECT ARRAY(SELECT jsonb_array_elements_text(data->'changedFields')) AS changed
      FROM pgboss.job WHERE name = 'desk.automation' AND data->>'ticketId' = ${ticket.id}
        AND data->>'eventType' = 'ticket.updated'`;
    expect(automationJobs.map((j) => j.changed)).toEqual(
      expect.arrayContaining([["tags"], ["assigneeId", "teamId"], ["priority"]]),
    );

    // One row per ticket, level and target; nothing fires again.
    const rows = await db.slaEscalation.findMany({
      where: { ticketId: ticket.id },
      orderBy: { createdAt: "asc" },
    });
    expect(rows.map((r) => [r.level, r.target])).toEqual([
      ["warning", "first_response"],
      ["breach", "first_response"],
    ]);
    clock.advance(10 * MIN);
    expect(await run()).toEqual({ breached: 0, warned: 0, escalated: 0 });
    const again = await db.$transaction((tx) =>
      runEscalations(tx, deps, {
        orgId: w.org.id,
        ticketId: ticket.id,
        policyId: policy.id,
        level: "breach",
        target: "first_response",
        dueAt: null,
        now: clock.now(),
      }),
    );
    expect(again).toBeNull(); // a retried job: already claimed
    expect(await db.slaEscalation.count({ where: { ticketId: ticket.id } })).toBe(2);
  });

  it("skips what can't be done and says why; rules naming outsiders are refused on the field", async () => {
    clock.set("2026-11-26T09:00:00Z");
    const w = await workspace();
    const other = await workspace();
    const policy = await createSlaPolicy(deps, actor(w.owner), {
      orgId: w.org.id,
      name: "24/7",
      targets,
      businessHoursOnly: false,
      isDefault: true,
    });
    const err = await appError(
      updateSlaPolicy(deps, actor(w.admin), {
        orgId: w.org.id,
        policyId: policy.id,
        escalationRules: [
          { level: "breach", actions: [{ type: "add_tag", tag: "ok" }] },
          {
            level: "warning",
            actions: [
              { type: "notify_user", userId: other.agent.id },
              { type: "assign_team", teamId: other.tier1.id },
            ],
          },
        ],
      }),
    );
    expect(err.fieldErrors).toEqual({
      "escalationRules.1.actions.0.userId": "Choose an agent, admin or owner of this workspace.",
      "escalationRules.1.actions.1.teamId": "Choose a team of this workspace.",
    });
    await expect(
      updateSlaPolicy(deps, actor(w.admin), {
        orgId: w.org.id,
        policyId: policy.id,
        escalationRules: [{ level: "breach", actions: [] }],
      }),
    ).rejects.toThrow(/at least one action/);

    await updateSlaPolicy(deps, actor(w.admin), {
      orgId: w.org.id,
      policyId: policy.id,
      escalationRules: [
        {
          level: "breach",
          actions: [
            { type: "notify_team_leads", teamId: null }, // the ticket has no team
            { type: "raise_priority", to: "HIGH" }, // already URGENT
            { type: "add_tag", tag: "late" },
          ],
        },
      ],
    });
    const saved = await getSlaPolicy(deps, actor(w.agent), { orgId: w.org.id, policyId: policy.id });
    expect(saved.escalationRules[0]?.target).toBe("any");
    const ticket = await createTicket(deps, actor(w.agent), {
      orgId: w.org.id,
      subject: "Down",
      description: "All down.",
      requester: { email: "c@example.test" },
      priority: "URGENT",
    });
    clock.set("2026-11-26T09:30:00Z"); // straight past the deadline: breach only
    expect(await run()).toEqual({ breached: 1, warned: 0, escalated: 1 });
    const [entry] = await db.slaEscalation.findMany({ where: { ticketId: ticket.id } });
    expect(
      ((entry?.actions ?? []) as { type: string; outcome: string; reason?: string }[]).map((a) => [
        a.type,
        a.outcome,
        a.reason,
      ]),
    ).toEqual([
      ["notify_team_leads", "skipped", "no_team"],
      ["raise_priority", "skipped", "unchanged"],
      ["add_tag", "done", undefined],
    ]);
    expect((await db.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).tags).toEqual(["late"]);
  });
});
