import { makeStaffedOrg } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { createTestClock } from "../../testing/deps.ts";
import { actor, useTestEnv } from "../../testing/integration.ts";
import { createTeam } from "../teams/team.service.ts";
import { addMessage, createTicket, updateTicket } from "../tickets/ticket.service.ts";
import { addCustomerReply } from "../tickets/ticket-customer.service.ts";
import { handleMetricsDaily, recomputeDeskMetrics } from "./metrics-daily.handler.ts";
import { localDate } from "./report-days.ts";

const clock = createTestClock("2027-01-10T00:00:00Z");
const { db, deps } = await useTestEnv({ clock });

// A New York workspace (UTC−5 in January): local day 2027-01-15 is [01-15T05:00Z, 01-16T05:00Z).
async function seedNewYorkDay() {
  const staff = await makeStaffedOrg(db);
  const { org, owner, agent: agentA, admin: agentB } = staff;
  await db.organization.update({ where: { id: org.id }, data: { timezone: "America/New_York" } });
  const billing = await createTeam(deps, actor(owner), { orgId: org.id, name: "Billing" });
  const as = (user: { id: string }) => actor(user);
  const open = (user: { id: string }, subject: string, extra: { teamId?: string; assigneeId?: string }) =>
    createTicket(deps, as(user), {
      orgId: org.id,
      subject,
      description: "Help",
      requester: { email: "pat@example.test" },
      ...extra,
    });

  // T1: opened late on the 14th local time, answered and resolved on the 15th (Billing, agent A).
  clock.set("2027-01-15T04:30:00Z");
  const t1 = await open(agentA, "T1", { teamId: billing.id, assigneeId: agentA.id });
  clock.set("2027-01-15T06:00:00Z");
  await addMessage(deps, as(agentA), { orgId: org.id, ticketId: t1.id, message: "On it", isInternal: false });
  clock.set("2027-01-15T06:10:00Z");
  await addMessage(deps, as(agentA), { orgId: org.id, ticketId: t1.id, message: "note", isInternal: true });
  clock.set("2027-01-15T08:00:00Z");
  await updateTicket(deps, as(agentA), { orgId: org.id, ticketId: t1.id, status: "RESOLVED" });
  clock.set("2027-01-15T09:30:00Z");
  await updateTicket(deps, as(agentA), { orgId: org.id, ticketId: t1.id, status: "CLOSED" });

  // T2: no team, agent B: reply after 30 min, customer writes back, B answers 20 min later, resolves.
  clock.set("2027-01-15T10:00:00Z");
  const t2 = await open(agentB, "T2", { assigneeId: agentB.id });
  clock.set("2027-01-15T10:30:00Z");
  await addMessage(deps, as(agentB), { orgId: org.id, ticketId: t2.id, message: "Hi", isInternal: false });
  clock.set("2027-01-15T11:00:00Z");
  await db.$transaction((tx) =>
    addCustomerReply(tx, deps, {
      orgId: org.id,
      ticketId: t2.id,
      contactId: t2.contact.id,
      message: "Still broken",
      via: "customer",
    }),
  );
  clock.set("2027-01-15T11:20:00Z");
  await addMessage(deps, as(agentB), { orgId: org.id, ticketId: t2.id, message: "Fixed", isInternal: false });
  clock.set("2027-01-15T12:00:00Z");
  await updateTicket(deps, as(agentB), { orgId: org.id, ticketId: t2.id, status: "RESOLVED" });

  // T3: Billing, opened one minute before local midnight; its SLA breach is recorded that evening.
  clock.set("2027-01-16T04:59:00Z");
  const t3 = await open(agentA, "T3", { teamId: billing.id });
  await db.ticketActivity.create({
    data: {
      organizationId: org.id,
      ticketId: t3.id,
      actionType: "sla_breached",
      newValue: { kind: "first_response" },
      createdAt: new Date("2027-01-16T04:59:30Z"),
    },
  });
  // T4: opened at local midnight: the 16th.
  clock.set("2027-01-16T05:00:00Z");
  await open(agentA, "T4", {});

  // CSAT: A rated 4 on the 15th; B rated 2 on the 16th (local). The survey row may already exist
  // (sent on resolution by the mail subscriber): the customer's answer fills it in.
  const rate = (ticketId: string, agentId: string, rating: number, respondedAt: string) =>
    db.csatResponse.upsert({
      where: { ticketId },
      create: { organizationId: org.id, ticketId, agentId, rating, respondedAt: new Date(respondedAt) },
      update: { agentId, rating, respondedAt: new Date(respondedAt) },
    });
  await rate(t1.id, agentA.id, 4, "2027-01-15T09:00:00Z");
  await rate(t2.id, agentB.id, 2, "2027-01-16T06:00:00Z");
  return { org, billing, agentA, agentB };
}

const day = (d: string) => new Date(`${d}T00:00:00Z`);
const metricsOf = (orgId: string, date: string) =>
  db.dailyTicketMetrics.findMany({ where: { organizationId: orgId, date: day(date) } });
/** Per agent, all teams (team_id NULL); `teamId` for the rows of one team's tickets. */
const agentRows = (orgId: string, date: string, teamId: string | null = null) =>
  db.agentPerformance.findMany({ where: { organizationId: orgId, date: day(date), teamId } });

describe("desk.metrics-daily", { timeout: 120_000 }, () => {
  it("counts a workspace's local day (time zone boundaries), overall, per team and per agent with CSAT", async () => {
    const { org, billing, agentA, agentB } = await seedNewYorkDay();
    clock.set("2027-01-17T12:00:00Z");
    await recomputeDeskMetrics(deps, org.id, { from: "2027-01-14", to: "2027-01-16" });

    const d15 = await metricsOf(org.id, "2027-01-15");
    expect(d15).toHaveLength(2); // overall + Billing (T2 has no team: only in the overall row)
    const overall = d15.find((r) => r.teamId === null);
    expect(overall).toMatchObject({
      ticketsCreated: 2, // T2, T3 (T1 is the 14th, T4 the 16th in New York)
      ticketsResolved: 2,
      ticketsClosed: 1,
      avgFirstResponseMin: 60, // (90 + 30) / 2
      avgResolutionMin: 165, // (210 + 120) / 2
      slaBreaches: 1,
      timezone: "America/New_York",
      firstResponseCount: 2,
      csatRating4: 1, // T1, rated on the 15th
      csatRating2: 0,
    });
    // Both durations are in the day's histograms, whose median sits within 1 % of the exact one.
    expect(overall?.firstResponseCounts.reduce((a, b) => a + b, 0)).toBe(2);
    expect(overall?.resolutionCounts.reduce((a, b) => a + b, 0)).toBe(2);
    expect(Math.abs((overall?.firstResponseP50Sec as number) - 3600) / 3600).toBeLessThan(0.01);
    expect(d15.find((r) => r.teamId === billing.id)).toMatchObject({
      ticketsCreated: 1,
      ticketsResolved: 1,
      ticketsClosed: 1,
      avgFirstResponseMin: 90,
      avgResolutionMin: 210,
      slaBreaches: 1,
    });
    const d14 = await metricsOf(org.id, "2027-01-14");
    expect(d14.find((r) => r.teamId === null)).toMatchObject({ ticketsCreated: 1, ticketsResolved: 0 });
    expect(d14.find((r) => r.teamId === null)?.avgFirstResponseMin).toBeNull();
    const d16 = await metricsOf(org.id, "2027-01-16");
    expect(d16.find((r) => r.teamId === null)).toMatchObject({ ticketsCreated: 1, slaBreaches: 0 });

    const agents15 = await agentRows(org.id, "2027-01-15");
    expect(agents15).toHaveLength(2);
    expect(agents15.find((r) => r.agentId === agentA.id)).toMatchObject({
      ticketsHandled: 1,
      ticketsResolved: 1,
      avgResponseTimeMin: 90, // internal notes are not responses
      avgResolutionTimeMin: 210,
      customerSatisfaction: 4,
    });
    expect(agents15.find((r) => r.agentId === agentB.id)).toMatchObject({
      ticketsHandled: 1, // two replies on one ticket
      ticketsResolved: 1,
      avgResponseTimeMin: 25, // 30 since the ticket opened, then 20 since the customer's message
      avgResolutionTimeMin: 120,
      customerSatisfaction: null, // rated on the 16th
    });
    // Agent A's day on Billing tickets alone (T1); agent B's T2 has no team.
    expect(await agentRows(org.id, "2027-01-15", billing.id)).toEqual([
      expect.objectContaining({
        agentId: agentA.id,
        ticketsResolved: 1,
        firstResponseCount: 1,
        csatSum: 4,
        csatCount: 1,
      }),
    ]);
    const agents16 = await agentRows(org.id, "2027-01-16");
    expect(agents16).toEqual([
      expect.objectContaining({
        agentId: agentB.id,
        ticketsHandled: 0,
        ticketsResolved: 0,
        customerSatisfaction: 2,
      }),
    ]);

    // Rerunning (also two at once) converges on the same rows.
    const snapshot = async () =>
      (await db.dailyTicketMetrics.findMany({ where: { organizationId: org.id } }))
        .map(({ id: _id, createdAt: _c, computedAt: _t, ...rest }) => rest)
        .sort((a, b) =>
          `${a.date.toISOString()}${a.teamId}`.localeCompare(`${b.date.toISOString()}${b.teamId}`),
        );
    const before = await snapshot();
    await Promise.all([
      recomputeDeskMetrics(deps, org.id, { from: "2027-01-14", to: "2027-01-16" }),
      recomputeDeskMetrics(deps, org.id, { from: "2027-01-15", to: "2027-01-15" }),
    ]);
    expect(await snapshot()).toEqual(before);
    expect(await agentRows(org.id, "2027-01-15")).toHaveLength(2);
  });

  it("the hourly job rolls up each workspace's finished days in its own time zone", async () => {
    const ny = await makeStaffedOrg(db);
    await db.organization.update({ where: { id: ny.org.id }, data: { timezone: "America/New_York" } });
    const tokyo = await makeStaffedOrg(db);
    await db.organization.update({ where: { id: tokyo.org.id }, data: { timezone: "Asia/Tokyo" } });
    for (const { org, agent } of [ny, tokyo]) {
      clock.set("2027-03-01T12:00:00Z");
      await createTicket(deps, actor(agent), {
        orgId: org.id,
        subject: "Hello",
        description: "Help",
        requester: { email: "x@example.test" },
      });
    }
    clock.set("2027-03-02T00:20:00Z"); // NY: Mar 1 19:20 (today is the 1st); Tokyo: Mar 2 09:20
    expect(localDate(clock.now(), "America/New_York")).toBe("2027-03-01");
    await handleMetricsDaily(deps);

    const dates = async (orgId: string) =>
      (await db.dailyTicketMetrics.findMany({ where: { organizationId: orgId, teamId: null } }))
        .map((r) => r.date.toISOString().slice(0, 10))
        .sort();
    // The week before each workspace's today; today itself is always live.
    expect(await dates(ny.org.id)).toEqual([
      "2027-02-22",
      "2027-02-23",
      "2027-02-24",
      "2027-02-25",
      "2027-02-26",
      "2027-02-27",
      "2027-02-28",
    ]);
    expect((await dates(tokyo.org.id)).at(-1)).toBe("2027-03-01");
    expect((await metricsOf(tokyo.org.id, "2027-03-01"))[0]?.ticketsCreated).toBe(1); // 21:00 in Tokyo
    // NY's 1st is rolled up once it has ended there.
    clock.set("2027-03-02T05:20:00Z");
    await handleMetricsDaily(deps);
    expect((await metricsOf(ny.org.id, "2027-03-01"))[0]?.ticketsCreated).toBe(1);
  });
});
