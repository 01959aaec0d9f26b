import { randomUUID } from "node:crypto";
import type { TicketPriority } from "@quartet/db/enums";
import { makeStaffedOrg, makeUser } from "@quartet/db/testing/factories";
import type { Prisma } from "@quartet/db/types";
import { describe, expect, it } from "vitest";
import { createTestClock } from "../../testing/deps.ts";
import { actor, useTestEnv } from "../../testing/integration.ts";
import { handleMetricsDaily, recomputeDeskMetrics } from "./metrics-daily.handler.ts";
import type { DeskReport } from "./report.schema.ts";
import { getDeskReport } from "./report.service.ts";

// Reports read past days from the rollups and only today (and days the rollups don't hold) live.
// The strongest check: over ranges mixing both, on a busy randomised desk, the report equals the
// one computed entirely live.

const clock = createTestClock("2026-03-18T15:00:00-04:00");
const { db, deps } = await useTestEnv({ clock });

// New York: DST starts on 2026-03-08 (a 23-hour day) inside the seeded weeks.
const TZ = "America/New_York";
/** "Now" in these tests: 18 March, 15:00 in New York — its today is the 18th. */
const NOW = new Date("2026-03-18T15:00:00-04:00");
const START = Date.parse("2026-03-01T00:00:00-05:00");
const DAY = 86_400_000;

/** A small deterministic generator (Park–Miller), so failures reproduce. */
function prng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 16_807) % 2_147_483_647;
    return s / 2_147_483_647;
  };
}

let ticketNumber = 0;

/**
 * A busy New York desk over 1–18 March: ~260 tickets in two teams or none, assigned to five people
 * (one has since left) or nobody, answered, resolved or closed without resolving, some with SLA
 * policies and breaches, rated or not, a few deleted or merged. Nothing happens after NOW.
 */
async function seedBusyDesk() {
  const staff = await makeStaffedOrg(db);
  const { org, owner, admin, agent } = staff;
  await db.organization.update({ where: { id: org.id }, data: { timezone: TZ } });
  const agent2 = await makeUser(db, { name: "Bea Second" });
  const leaver = await makeUser(db, { name: "Lee Leaver" });
  await db.membership.create({ data: { organizationId: org.id, userId: agent2.id, role: "AGENT" } });
  await db.membership.create({
    data: { organizationId: org.id, userId: leaver.id, role: "AGENT", disabled: true },
  });
  const billing = await db.team.create({ data: { organizationId: org.id, name: "Billing" } });
  const tech = await db.team.create({ data: { organizationId: org.id, name: "Tech" } });
  for (const [team, user] of [
    [billing, agent],
    [billing, agent2],
    [tech, admin],
  ] as const) {
    await db.teamMember.create({ data: { organizationId: org.id, teamId: team.id, userId: user.id } });
  }
  const policy = await db.sLAPolicy.create({
    data: { organizationId: org.id, name: "Std", firstResponseTime: 60, resolutionTime: 480 },
  });
  const contact = await db.contact.create({ data: { organizationId: org.id, email: `c-${org.id}@x.test` } });

  const rand = prng(20_260_318);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const people = [owner, admin, agent, agent2, leaver];
  const now = NOW.getTime();
  // Rows are built first and written with one createMany per table (fast enough under load).
  const tickets: Prisma.TicketCreateManyInput[] = [];
  const messages: Prisma.TicketMessageCreateManyInput[] = [];
  const activities: Prisma.TicketActivityCreateManyInput[] = [];
  const surveys: Prisma.CsatResponseCreateManyInput[] = [];
  for (let i = 0; i < 260; i++) {
    const id = randomUUID();
    const created = START + Math.floor(rand() * 17.6 * DAY);
    const frAt = rand() < 0.8 ? created + Math.exp(rand() * 11) * 1000 : null; // 1 s … 16 h
    const solvedAt = rand() < 0.65 ? (frAt ?? created) + Math.exp(rand() * 12.5) * 1000 : null; // … 3 d
    const solved = solvedAt !== null && solvedAt <= now;
    const closedOnly = solved && rand() < 0.3;
    const hasPolicy = rand() < 0.5;
    const breached = hasPolicy && rand() < 0.25;
    const responder = pick(people);
    tickets.push({
      id,
      organizationId: org.id,
      number: ++ticketNumber,
      subject: `Ticket ${i}`,
      description: "Help",
      contactId: contact.id,
      status: solved ? (closedOnly ? "CLOSED" : "RESOLVED") : pick(["OPEN", "OPEN", "PENDING"] as const),
      priority: pick(["LOW", "MEDIUM", "HIGH", "URGENT"] as TicketPriority[]),
      teamId: pick([null, billing.id, tech.id]),
      assigneeId: pick([null, ...people.map((p) => p.id)]),
      firstResponseAt: frAt !== null && frAt <= now ? new Date(frAt) : null,
      resolvedAt: solved && !closedOnly ? new Date(solvedAt) : null,
      closedAt: solved && closedOnly ? new Date(solvedAt) : null,
      slaPolicyId: hasPolicy ? policy.id : null,
      slaDueAt: hasPolicy ? new Date(created + 8 * 3600_000) : null,
      slaBreached: breached,
      deletedAt: rand() < 0.03 ? new Date(created + 60_000) : null,
      mergedIntoId: tickets.length > 0 && rand() < 0.03 ? pick(tickets).id : null,
      createdAt: new Date(created),
      statusChangedAt: new Date(created),
    });
    if (frAt !== null && frAt <= now) {
      if (rand() < 0.3) {
        messages.push({
          organizationId: org.id,
          ticketId: id,
          authorUserId: pick(people).id,
          message: "note",
          isInternal: true,
          createdAt: new Date(frAt - 1000),
        });
      }
      messages.push({
        organizationId: org.id,
        ticketId: id,
        authorUserId: responder.id,
        message: "reply",
        createdAt: new Date(frAt),
      });
    }
    if (breached && created + 3600_000 <= now) {
      activities.push({
        organizationId: org.id,
        ticketId: id,
        actionType: "sla_breached",
        createdAt: new Date(created + 3600_000),
      });
    }
    if (solved && rand() < 0.6) {
      const respondedAt = solvedAt + rand() * 10 * 3600_000;
      const answered = respondedAt <= now && rand() < 0.85;
      surveys.push({
        organizationId: org.id,
        ticketId: id,
        contactId: contact.id,
        agentId: pick(people).id,
        rating: answered ? 1 + Math.floor(rand() * 5) : null,
        respondedAt: answered ? new Date(respondedAt) : null,
        sentAt: new Date(solvedAt),
      });
    }
  }
  // Merged tickets point at earlier ones: insert them all, then link.
  await db.ticket.createMany({ data: tickets.map((t) => ({ ...t, mergedIntoId: null })) });
  for (const t of tickets.filter((x) => x.mergedIntoId)) {
    await db.ticket.update({ where: { id: t.id as string }, data: { mergedIntoId: t.mergedIntoId } });
  }
  // Messages in order, so their sequence follows their time within a ticket.
  messages.sort((x, y) => (x.createdAt as Date).getTime() - (y.createdAt as Date).getTime());
  await db.ticketMessage.createMany({ data: messages });
  await db.ticketActivity.createMany({ data: activities });
  await db.csatResponse.createMany({ data: surveys });
  return { ...staff, agent2, leaver, billing, tech };
}

/** The report without the one field that says where its days came from. */
const figures = (r: DeskReport) => ({ ...r, range: { ...r.range, storedDays: undefined } });

// Each test seeds a busy desk and computes reports many times over: generous under a loaded CI.
describe("reports from the rollups", { timeout: 180_000 }, () => {
  it("over ranges mixing rolled-up days and today, equals the report computed entirely live", async () => {
    clock.set(NOW);
    const { org, agent, billing, tech } = await seedBusyDesk();
    await recomputeDeskMetrics(deps, org.id, { from: "2026-02-20", to: "2026-03-17" });

    const ranges = [
      { from: "2026-03-01", to: "2026-03-18", stored: 17 }, // 17 rolled-up days + today
      { from: "2026-03-05", to: "2026-03-25", stored: 13 }, // today and days to come are live
      { from: "2026-03-08", to: "2026-03-08", stored: 1 }, // the DST day
      { from: "2026-03-18", to: "2026-03-18", stored: 0 },
      { from: "2025-03-19", to: "2026-03-18", stored: 26 }, // a year: only rolled-up days are stored
    ];
    let compared = 0;
    for (const { stored, ...range } of ranges) {
      for (const teamId of [null, billing.id, tech.id]) {
        const input = { orgId: org.id, ...range, teamId };
        const auto = await getDeskReport(deps, actor(agent), input);
        const live = await getDeskReport(deps, actor(agent), input, { source: "live" });
        expect(auto.range.storedDays).toBe(stored);
        expect(live.range.storedDays).toBe(0);
        expect(figures(auto)).toEqual(figures(live));
        compared++;
      }
    }
    expect(compared).toBe(15);

    // The comparison is not vacuous: the desk is busy and every part of the report is filled in.
    const month = await getDeskReport(deps, actor(agent), {
      orgId: org.id,
      from: "2026-03-01",
      to: "2026-03-18",
    });
    expect(month.totals.created).toBeGreaterThan(200);
    expect(month.totals.resolved).toBeGreaterThan(100);
    expect(month.totals.firstResponse.count).toBeGreaterThan(150);
    expect(month.totals.sla.breaches).toBeGreaterThan(5);
    expect(month.csat.count).toBeGreaterThan(30);
    expect(month.agents.filter((a) => a.medianFirstResponse !== null).length).toBeGreaterThanOrEqual(5);
    expect(month.agents.map((a) => a.name)).toContain("Lee Leaver"); // left, still credited
  });

  it("reads past days from the rollups: a changed rollup row changes the report, today stays live", async () => {
    clock.set(NOW);
    const { org, agent, agent2 } = await seedBusyDesk();
    await recomputeDeskMetrics(deps, org.id, { from: "2026-03-01", to: "2026-03-17" });
    const input = { orgId: org.id, from: "2026-03-01", to: "2026-03-18" };
    const before = await getDeskReport(deps, actor(agent), input);

    const day = new Date("2026-03-03T00:00:00Z");
    await db.dailyTicketMetrics.updateMany({
      where: { organizationId: org.id, date: day, teamId: null },
      data: { ticketsCreated: { increment: 1000 }, csatRating5: { increment: 10 } },
    });
    await db.agentPerformance.updateMany({
      where: { organizationId: org.id, date: day, agentId: agent2.id, teamId: null },
      data: { ticketsResolved: { increment: 7 } },
    });
    const after = await getDeskReport(deps, actor(agent), input);
    const created = (r: DeskReport, date: string) => r.daily.find((d) => d.date === date)?.created;
    expect(created(after, "2026-03-03")).toBe((created(before, "2026-03-03") as number) + 1000);
    expect(after.totals.created).toBe(before.totals.created + 1000);
    expect(after.csat.count).toBe(before.csat.count + 10);
    const resolvedBy = (r: DeskReport) => r.agents.find((a) => a.userId === agent2.id)?.resolved as number;
    expect(resolvedBy(after)).toBe(resolvedBy(before) + 7);
    // The live computation doesn't read them.
    const live = await getDeskReport(deps, actor(agent), input, { source: "live" });
    expect(figures(live)).toEqual(figures(before));

    // Today is never read from a rollup, even one that exists.
    await db.dailyTicketMetrics.updateMany({
      where: { organizationId: org.id, date: day },
      data: { ticketsCreated: { decrement: 1000 } },
    });
    const ticketsToday = await db.ticket.count({
      where: {
        organizationId: org.id,
        deletedAt: null,
        mergedIntoId: null,
        createdAt: { gte: new Date("2026-03-18T00:00:00-04:00") },
      },
    });
    await db.dailyTicketMetrics.create({
      data: {
        organizationId: org.id,
        date: new Date("2026-03-18T00:00:00Z"),
        timezone: TZ,
        computedAt: new Date("2026-03-19T12:00:00Z"),
        ticketsCreated: 999,
      },
    });
    const today = await getDeskReport(deps, actor(agent), {
      orgId: org.id,
      from: "2026-03-18",
      to: "2026-03-18",
    });
    expect(today.range.storedDays).toBe(0);
    expect(today.totals.created).toBe(ticketsToday);
  });

  it("computes live the days the rollups miss, or hold only as a snapshot taken during the day", async () => {
    clock.set(NOW);
    const { org, agent } = await seedBusyDesk();
    const input = { orgId: org.id, from: "2026-03-01", to: "2026-03-18" };
    // Nothing rolled up yet (e.g. before the job first ran): all live, and right.
    const none = await getDeskReport(deps, actor(agent), input);
    expect(none.range.storedDays).toBe(0);

    // Yesterday rolled up at noon, while it was still going on; the 5th missing.
    clock.set("2026-03-17T12:00:00-04:00");
    await recomputeDeskMetrics(deps, org.id, { from: "2026-03-17", to: "2026-03-17" });
    clock.set(NOW);
    await recomputeDeskMetrics(deps, org.id, { from: "2026-03-01", to: "2026-03-16" });
    await db.dailyTicketMetrics.deleteMany({
      where: { organizationId: org.id, date: new Date("2026-03-05T00:00:00Z") },
    });
    // A ticket that came in that evening, after the snapshot.
    const contact = await db.contact.findFirstOrThrow({ where: { organizationId: org.id } });
    await db.ticket.create({
      data: {
        organizationId: org.id,
        number: ++ticketNumber,
        subject: "Late",
        description: "Help",
        contactId: contact.id,
        createdAt: new Date("2026-03-17T21:00:00-04:00"),
      },
    });
    const mixed = await getDeskReport(deps, actor(agent), input);
    expect(mixed.range.storedDays).toBe(15); // 1st–16th less the 5th
    const live = await getDeskReport(deps, actor(agent), input, { source: "live" });
    expect(figures(mixed)).toEqual(figures(live));
    expect(figures(mixed)).not.toEqual(figures(none)); // the late ticket counts
  });

  it("ignores rollups counted in another time zone after the workspace's zone changes", async () => {
    clock.set(NOW);
    const { org, agent } = await seedBusyDesk();
    await recomputeDeskMetrics(deps, org.id, { from: "2026-03-01", to: "2026-03-17" });
    await db.organization.update({ where: { id: org.id }, data: { timezone: "Asia/Tokyo" } });
    const input = { orgId: org.id, from: "2026-03-01", to: "2026-03-18" };
    const tokyo = await getDeskReport(deps, actor(agent), input);
    expect(tokyo.range).toMatchObject({ timezone: "Asia/Tokyo", storedDays: 0 });
    expect(figures(tokyo)).toEqual(
      figures(await getDeskReport(deps, actor(agent), input, { source: "live" })),
    );
    // Rolled up again in Tokyo days, they are read again.
    await recomputeDeskMetrics(deps, org.id, { from: "2026-03-01", to: "2026-03-18" });
    clock.set("2026-03-19T12:00:00+09:00"); // Tokyo's today is the 19th
    const again = await getDeskReport(deps, actor(agent), input);
    expect(again.range.storedDays).toBe(18);
    expect(figures(again)).toEqual(
      figures(await getDeskReport(deps, actor(agent), input, { source: "live" })),
    );
  });

  it("the hourly job rolls up, per workspace zone, the past week's days not rolled up yet", async () => {
    clock.set(NOW);
    const { org } = await seedBusyDesk();
    const tokyo = await makeStaffedOrg(db);
    await db.organization.update({ where: { id: tokyo.org.id }, data: { timezone: "Asia/Tokyo" } });
    const contact = await db.contact.create({ data: { organizationId: tokyo.org.id, email: "t@x.test" } });
    await db.ticket.create({
      data: {
        organizationId: tokyo.org.id,
        number: ++ticketNumber,
        subject: "Konnichiwa",
        description: "Help",
        contactId: contact.id,
        createdAt: new Date("2026-03-16T23:30:00Z"), // the 17th in Tokyo
      },
    });
    await recomputeDeskMetrics(deps, org.id, { from: "2026-03-13", to: "2026-03-14" });
    const kept = await db.dailyTicketMetrics.findFirstOrThrow({
      where: { organizationId: org.id, date: new Date("2026-03-13T00:00:00Z"), teamId: null },
    });

    clock.set("2026-03-18T20:20:00Z"); // New York: 18th 16:20; Tokyo: 19th 05:20
    await handleMetricsDaily(deps);
    const days = async (orgId: string) =>
      (
        await db.dailyTicketMetrics.findMany({
          where: { organizationId: orgId, teamId: null },
          orderBy: { date: "asc" },
        })
      ).map((r) => r.date.toISOString().slice(0, 10));
    expect(await days(org.id)).toEqual([
      "2026-03-11",
      "2026-03-12",
      "2026-03-13",
      "2026-03-14",
      "2026-03-15",
      "2026-03-16",
      "2026-03-17",
    ]);
    expect(await days(tokyo.org.id)).toEqual([
      "2026-03-12",
      "2026-03-13",
      "2026-03-14",
      "2026-03-15",
      "2026-03-16",
      "2026-03-17",
      "2026-03-18",
    ]);
    const tokyo17 = await db.dailyTicketMetrics.findFirstOrThrow({
      where: { organizationId: tokyo.org.id, date: new Date("2026-03-17T00:00:00Z"), teamId: null },
    });
    expect(tokyo17).toMatchObject({ ticketsCreated: 1, timezone: "Asia/Tokyo" });
    // Days already rolled up after they ended are left alone.
    const same = await db.dailyTicketMetrics.findFirstOrThrow({
      where: { organizationId: org.id, date: new Date("2026-03-13T00:00:00Z"), teamId: null },
    });
    expect(same.id).toBe(kept.id);
    // An hour later there is nothing to do.
    clock.advance(3600_000);
    expect(await handleMetricsDaily(deps)).toMatchObject({ days: 0 });
  });
});
