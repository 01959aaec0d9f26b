import { makeOrg, makeUser } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { createTestClock } from "../../testing/deps.ts";
import { actor, useTestEnv } from "../../testing/integration.ts";
import { createTicket, updateTicket } from "../tickets/ticket.service.ts";
import { handleSlaCheck } from "./sla-check.handler.ts";
import { createSlaPolicy } from "./sla-policy.service.ts";

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

/** A workspace on a 24/7 policy (URGENT: first response in 10 min) with one URGENT ticket. */
async function urgentTicket(assigned: boolean) {
  const owner = await makeUser(db);
  const admin = await makeUser(db);
  const agent = await makeUser(db);
  const org = await makeOrg(db, owner, {
    members: [
      { userId: admin.id, role: "ADMIN" },
      { userId: agent.id, role: "AGENT" },
    ],
  });
  await createSlaPolicy(deps, actor(owner), {
    orgId: org.id,
    name: "24/7",
    targets,
    businessHoursOnly: false,
    isDefault: true,
  });
  const ticket = await createTicket(deps, actor(agent), {
    orgId: org.id,
    subject: "Site down",
    description: "Everything is on fire.",
    requester: { email: "c@example.test" },
    priority: "URGENT",
    assigneeId: assigned ? agent.id : null,
  });
  return { org, owner, admin, agent, ticket };
}

const activities = (ticketId: string, actionType: string) =>
  db.ticketActivity.findMany({ where: { ticketId, actionType } });
const notifications = (userId: string, type: string) => db.notification.findMany({ where: { userId, type } });

describe("desk.sla-check", () => {
  it("warns once before the deadline and records the breach exactly once, even when runs race", async () => {
    clock.set("2026-11-25T09:00:00Z");
    const { agent, owner, ticket } = await urgentTicket(true);
    expect((await db.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).slaDueAt).toEqual(
      new Date("2026-11-25T09:10:00Z"),
    );

    clock.set(new Date("2026-11-25T09:07:00Z")); // 70 %: nothing yet
    expect(await run()).toEqual({ breached: 0, warned: 0, escalated: 0 });

    clock.set(new Date("2026-11-25T09:08:00Z")); // 80 % elapsed: the warning
    const warnRuns = await Promise.all([run(), run(), run()]);
    expect(warnRuns.reduce((n, r) => n + r.warned, 0)).toBe(1);
    expect(await activities(ticket.id, "sla_warning")).toHaveLength(1);
    const [warning] = await notifications(agent.id, "desk.sla_warning");
    const { organization: org } = await db.ticket.findUniqueOrThrow({
      where: { id: ticket.id },
      select: { organization: { select: { slug: true } } },
    });
    expect(warning?.link).toBe(`/w/${org.slug}/desk/${ticket.id}`); // the web app's ticket page
    expect(await run()).toEqual({ breached: 0, warned: 0, escalated: 0 });

    const before = await db.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    clock.set(new Date("2026-11-25T09:10:00Z")); // the deadline: two (and more) workers race
    const breachRuns = await Promise.all([run(), run(), run(), run()]);
    expect(breachRuns.reduce((n, r) => n + r.breached, 0)).toBe(1);
    const rows = await activities(ticket.id, "sla_breached");
    expect(rows).toHaveLength(1);
    expect(rows[0]?.newValue).toEqual({ kind: "first_response", dueAt: "2026-11-25T09:10:00.000Z" });
    expect(await notifications(agent.id, "desk.sla_breached")).toHaveLength(1);
    expect(await notifications(owner.id, "desk.sla_breached")).toHaveLength(0); // assigned: the assignee only
    // One mail per event as well (the agent kept the default preferences: in-app and email).
    expect(await db.emailLog.count({ where: { userId: agent.id, emailType: "NOTIFICATION" } })).toBe(2);
    const after = await db.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    expect(after.slaBreached).toBe(true);
    expect(after.updatedAt).toEqual(before.updatedAt); // not an edit: list order unchanged

    clock.advance(5 * MIN);
    expect(await run()).toEqual({ breached: 0, warned: 0, escalated: 0 });
    expect(await activities(ticket.id, "sla_breached")).toHaveLength(1);
  });

  it("notifies owners and admins when the ticket is unassigned", async () => {
    clock.set("2026-11-26T09:00:00Z");
    const { owner, admin, agent, ticket } = await urgentTicket(false);
    clock.set("2026-11-26T09:30:00Z"); // straight past the deadline: breach, no late warning
    expect(await run()).toEqual({ breached: 1, warned: 0, escalated: 0 });
    expect(await notifications(owner.id, "desk.sla_breached")).toHaveLength(1);
    expect(await notifications(admin.id, "desk.sla_breached")).toHaveLength(1);
    expect(await notifications(agent.id, "desk.sla_breached")).toHaveLength(0);
    expect(await activities(ticket.id, "sla_warning")).toHaveLength(0);
  });

  it("leaves pending, resolved and closed tickets alone", async () => {
    clock.set("2026-11-27T09:00:00Z");
    const pending = await urgentTicket(true);
    await updateTicket(deps, actor(pending.agent), {
      orgId: pending.org.id,
      ticketId: pending.ticket.id,
      status: "PENDING",
    });
    const resolved = await urgentTicket(true);
    await updateTicket(deps, actor(resolved.agent), {
      orgId: resolved.org.id,
      ticketId: resolved.ticket.id,
      status: "RESOLVED",
    });
    clock.set("2026-11-27T12:00:00Z");
    expect(await run()).toEqual({ breached: 0, warned: 0, escalated: 0 });
    for (const id of [pending.ticket.id, resolved.ticket.id]) {
      expect((await db.ticket.findUniqueOrThrow({ where: { id } })).slaBreached).toBe(false);
    }

    // Back to OPEN after 3 h pending: the clock resumes with the 10 minutes it had left.
    await updateTicket(deps, actor(pending.agent), {
      orgId: pending.org.id,
      ticketId: pending.ticket.id,
      status: "OPEN",
    });
    expect((await db.ticket.findUniqueOrThrow({ where: { id: pending.ticket.id } })).slaDueAt).toEqual(
      new Date("2026-11-27T12:10:00Z"),
    );
    clock.set("2026-11-27T12:10:00Z");
    expect(await run()).toEqual({ breached: 1, warned: 0, escalated: 0 });
  });
});
