import type { TicketPriority, TicketStatus } from "@quartet/db/enums";
import { makeStaffedOrg, makeUser } from "@quartet/db/testing/factories";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { actor, appError, useTestEnv } from "../../testing/integration.ts";
import { exportDeskReportCsv, getDeskReport } from "./report.service.ts";
import { MAX_RELATIVE_ERROR } from "./report-histogram.ts";

const { db, deps } = await useTestEnv();

// The workspace lives in New York (UTC−5 in January): a ticket created at 23:30 local on the 10th
// is on the 11th in UTC, and must count on the 10th.
const TZ = "America/New_York";
/** A New York wall-clock time in January 2026 as an instant. */
const ny = (day: number, hm: string) => new Date(`2026-01-${String(day).padStart(2, "0")}T${hm}:00-05:00`);
const HOUR = 3600;

/** A duration read off the histograms: within 1 % of the exact value (and rounded to the second). */
const approx = (seconds: number) => ({
  asymmetricMatch: (v: unknown) =>
    typeof v === "number" && Math.abs(v - seconds) <= seconds * MAX_RELATIVE_ERROR + 1,
  toAsymmetricMatcher: () => `≈${seconds}`,
});

let ticketNumber = 0;

async function seedTicket(
  orgId: string,
  contactId: string,
  t: {
    createdAt: Date;
    status?: TicketStatus;
    priority?: TicketPriority;
    assigneeId?: string | null;
    teamId?: string | null;
    firstResponseAt?: Date | null;
    resolvedAt?: Date | null;
    closedAt?: Date | null;
    slaPolicyId?: string | null;
    slaDueAt?: Date | null;
    slaBreached?: boolean;
    deletedAt?: Date | null;
  },
) {
  const times = [t.createdAt, t.firstResponseAt, t.resolvedAt, t.closedAt].filter((d): d is Date => !!d);
  const updatedAt = new Date(Math.max(...times.map((d) => d.getTime())));
  return db.ticket.create({
    data: {
      organizationId: orgId,
      number: ++ticketNumber,
      subject: `Ticket ${ticketNumber}`,
      description: "Help",
      contactId,
      status: t.status ?? "OPEN",
      priority: t.priority ?? "MEDIUM",
      assigneeId: t.assigneeId ?? null,
      teamId: t.teamId ?? null,
      firstResponseAt: t.firstResponseAt ?? null,
      resolvedAt: t.resolvedAt ?? null,
      closedAt: t.closedAt ?? null,
      slaPolicyId: t.slaPolicyId ?? null,
      slaDueAt: t.slaDueAt ?? null,
      slaBreached: t.slaBreached ?? false,
      deletedAt: t.deletedAt ?? null,
      createdAt: t.createdAt,
      statusChangedAt: t.createdAt,
      updatedAt,
    },
  });
}

async function reply(
  ticket: { id: string; organizationId: string },
  authorUserId: string,
  at: Date,
  internal = false,
) {
  await db.ticketMessage.create({
    data: {
      organizationId: ticket.organizationId,
      ticketId: ticket.id,
      authorUserId,
      message: internal ? "note" : "reply",
      isInternal: internal,
      createdAt: at,
    },
  });
}

async function csat(
  ticket: { id: string; organizationId: string; contactId: string },
  agentId: string,
  rating: number | null,
  respondedAt: Date | null,
) {
  await db.csatResponse.create({
    data: {
      organizationId: ticket.organizationId,
      ticketId: ticket.id,
      contactId: ticket.contactId,
      agentId,
      rating,
      respondedAt,
      sentAt: respondedAt ?? ny(13, "09:00"),
    },
  });
}

/** The scenario the expectations below are computed from by hand (see each comment). */
async function seedDesk() {
  const staff = await makeStaffedOrg(db);
  const { org, admin, agent, member } = staff;
  await db.organization.update({ where: { id: org.id }, data: { timezone: TZ } });
  // A name that needs CSV quoting and would run as a formula in a spreadsheet.
  const odd = await makeUser(db, { name: '=Doe, "JJ"' });
  await db.membership.create({ data: { organizationId: org.id, userId: odd.id, role: "AGENT" } });
  const billing = await db.team.create({ data: { organizationId: org.id, name: "Billing" } });
  await db.teamMember.create({ data: { organizationId: org.id, teamId: billing.id, userId: agent.id } });
  const policy = await db.sLAPolicy.create({
    data: {
      organizationId: org.id,
      name: "Std",
      firstResponseTime: 60,
      resolutionTime: 480,
      isDefault: true,
    },
  });
  const contact = await db.contact.create({ data: { organizationId: org.id, email: `c-${org.id}@x.test` } });
  const seed = (t: Parameters<typeof seedTicket>[2]) => seedTicket(org.id, contact.id, t);

  // T1: 10th 09:00, answered in 30 min by the agent, resolved in 2 h, SLA met, CSAT 5.
  const t1 = await seed({
    createdAt: ny(10, "09:00"),
    firstResponseAt: ny(10, "09:30"),
    resolvedAt: ny(10, "11:00"),
    status: "RESOLVED",
    assigneeId: agent.id,
    slaPolicyId: policy.id,
    slaDueAt: ny(10, "17:00"),
  });
  await reply(t1, admin.id, ny(10, "09:10"), true); // an internal note is not a response
  await reply(t1, agent.id, ny(10, "09:30"));
  await csat(t1, agent.id, 5, ny(11, "10:00"));

  // T2: 10th 23:30 local (11th in UTC), answered in 1 h, resolved in 6 h, breach recorded, CSAT 3.
  const t2 = await seed({
    createdAt: ny(10, "23:30"),
    firstResponseAt: ny(11, "00:30"),
    resolvedAt: ny(11, "05:30"),
    status: "CLOSED",
    closedAt: ny(11, "06:00"),
    assigneeId: agent.id,
    slaPolicyId: policy.id,
    slaDueAt: ny(11, "03:00"),
    slaBreached: true,
  });
  await reply(t2, agent.id, ny(11, "00:30"));
  await db.ticketActivity.create({
    data: { organizationId: org.id, ticketId: t2.id, actionType: "sla_breached", createdAt: ny(11, "03:00") },
  });
  await csat(t2, agent.id, 3, ny(11, "12:00"));

  // T3: 11th 08:00, answered in 2 h by the admin, resolved in 24 h after its deadline (a breach
  // the SLA job never saw), CSAT 4 for the admin.
  const t3 = await seed({
    createdAt: ny(11, "08:00"),
    firstResponseAt: ny(11, "10:00"),
    resolvedAt: ny(12, "08:00"),
    status: "RESOLVED",
    assigneeId: admin.id,
    slaPolicyId: policy.id,
    slaDueAt: ny(12, "00:00"),
  });
  await reply(t3, admin.id, ny(11, "10:00"));
  await csat(t3, admin.id, 4, ny(12, "09:00"));

  // T4: created the 9th (before the range), answered the 10th after 12 h, resolved the 13th after
  // 84 h, no SLA policy (not counted in SLA %); its survey is unanswered.
  const t4 = await seed({
    createdAt: ny(9, "20:00"),
    firstResponseAt: ny(10, "08:00"),
    resolvedAt: ny(13, "08:00"),
    status: "RESOLVED",
    assigneeId: agent.id,
  });
  await reply(t4, agent.id, ny(10, "08:00"));
  await csat(t4, agent.id, null, null);

  // Backlog: T5 open HIGH (Billing, agent), T6 pending URGENT 14th 22:00 local = 15th UTC (Billing),
  // T7 open LOW created just after the range (15th 00:30 local).
  await seed({ createdAt: ny(13, "10:00"), priority: "HIGH", assigneeId: agent.id, teamId: billing.id });
  await seed({ createdAt: ny(14, "22:00"), status: "PENDING", priority: "URGENT", teamId: billing.id });
  await seed({ createdAt: ny(15, "00:30"), priority: "LOW" });
  // Never counted: a deleted ticket, and another workspace's ticket.
  await seed({ createdAt: ny(12, "10:00"), deletedAt: ny(12, "11:00") });
  const other = await makeStaffedOrg(db);
  const otherContact = await db.contact.create({ data: { organizationId: other.org.id, email: "o@x.test" } });
  await seedTicket(other.org.id, otherContact.id, { createdAt: ny(12, "10:00") });

  return { ...staff, org, admin, agent, member, odd, billing, other };
}

const range = { from: "2026-01-10", to: "2026-01-14" };

describe("desk reports", () => {
  it("builds the daily series in the workspace's time zone, with zero days present", async () => {
    const { org, agent } = await seedDesk();
    const report = await getDeskReport(deps, actor(agent), { orgId: org.id, ...range });

    expect(report.range).toEqual({ ...range, days: 5, timezone: TZ, teamId: null, storedDays: 0 });
    expect(report.daily.map((d) => [d.date, d.created, d.resolved, d.breaches])).toEqual([
      ["2026-01-10", 2, 1, 0], // T1, T2 (23:30 local) created; T1 resolved
      ["2026-01-11", 1, 1, 1], // T3 created; T2 resolved; T2's breach
      ["2026-01-12", 0, 1, 0], // only the deleted ticket was created: zero
      ["2026-01-13", 1, 1, 0], // T5; T4 resolved
      ["2026-01-14", 1, 0, 0], // T6 at 22:00 local
    ]);
    const [d10, d11, d12] = report.daily;
    // 10th: first responses of T1 (30 min) and T4 (12 h): median 6 h 15 min, p90 = 1800 + 0.9 × 41400.
    expect(d10?.firstResponse).toEqual({ median: approx(22_500), p90: approx(39_060), count: 2 });
    expect(d10?.resolution).toEqual({ median: approx(2 * HOUR), p90: approx(2 * HOUR), count: 1 });
    // 11th: T2 (1 h) and T3 (2 h).
    expect(d11?.firstResponse).toEqual({ median: approx(5400), p90: approx(6840), count: 2 });
    expect(d11?.resolution.median).toEqual(approx(6 * HOUR));
    expect(d12?.firstResponse).toEqual({ median: null, p90: null, count: 0 });
    expect(d12?.resolution.median).toEqual(approx(24 * HOUR));
  });

  it("computes range medians and p90, SLA met %, breaches, backlog now and CSAT", async () => {
    const { org, agent } = await seedDesk();
    const report = await getDeskReport(deps, actor(agent), { orgId: org.id, ...range });

    expect(report.totals.created).toBe(5);
    expect(report.totals.resolved).toBe(4);
    // Resolutions 2 h, 6 h, 24 h, 84 h: median 15 h; p90 at rank 2.7 = 24 h + 0.7 × 60 h.
    expect(report.totals.resolution).toEqual({ median: approx(15 * HOUR), p90: approx(66 * HOUR), count: 4 });
    // First responses 30 min, 1 h, 2 h, 12 h: median 1 h 30; p90 = 2 h + 0.7 × 10 h.
    expect(report.totals.firstResponse).toEqual({ median: approx(5400), p90: approx(9 * HOUR), count: 4 });
    // T1 met; T2 breached (recorded) and T3 resolved after its deadline; T4 had no policy.
    expect(report.totals.sla).toEqual({ eligible: 3, met: 1, metPercent: 33.3, breaches: 1 });
    expect(report.backlog).toEqual({
      total: 3,
      byStatus: { OPEN: 2, PENDING: 1 },
      byPriority: { LOW: 1, MEDIUM: 0, HIGH: 1, URGENT: 1 },
    });
    expect(report.csat).toEqual({
      average: 4,
      count: 3,
      distribution: [
        { rating: 1, count: 0 },
        { rating: 2, count: 0 },
        { rating: 3, count: 1 },
        { rating: 4, count: 1 },
        { rating: 5, count: 1 },
      ],
    });
  });

  it("has a per-agent table with first responses credited to the replier and CSAT per agent", async () => {
    const { org, owner, admin, agent, member, odd } = await seedDesk();
    const { agents } = await getDeskReport(deps, actor(agent), { orgId: org.id, ...range });
    const row = (id: string) => agents.find((a) => a.userId === id);

    expect(agents[0]?.userId).toBe(agent.id); // most resolved first
    expect(row(agent.id)).toMatchObject({
      assignedOpen: 1,
      resolved: 3,
      medianFirstResponse: approx(HOUR), // 30 min, 1 h, 12 h
      medianResolution: approx(6 * HOUR), // 2 h, 6 h, 84 h
      csatAverage: 4,
      csatCount: 2,
    });
    expect(row(admin.id)).toMatchObject({
      assignedOpen: 0,
      resolved: 1,
      medianFirstResponse: approx(2 * HOUR),
      medianResolution: approx(24 * HOUR),
      csatAverage: 4,
      csatCount: 1,
    });
    expect(row(owner.id)).toMatchObject({ resolved: 0, medianFirstResponse: null, csatAverage: null });
    expect(row(odd.id)?.name).toBe('=Doe, "JJ"');
    expect(row(member.id)).toBeUndefined(); // members aren't agents
  });

  it("filters by team: tickets of the team and its members only", async () => {
    const { org, agent, billing } = await seedDesk();
    const report = await getDeskReport(deps, actor(agent), { orgId: org.id, ...range, teamId: billing.id });
    expect(report.totals.created).toBe(2);
    expect(report.daily.map((d) => d.created)).toEqual([0, 0, 0, 1, 1]);
    expect(report.totals.resolved).toBe(0);
    expect(report.totals.sla.metPercent).toBeNull();
    expect(report.backlog).toMatchObject({ total: 2, byPriority: { HIGH: 1, URGENT: 1, LOW: 0 } });
    expect(report.agents.map((a) => [a.userId, a.assignedOpen])).toEqual([[agent.id, 1]]);
  });

  it("exports the daily series and the agent table as CSV that parses back to the same numbers", async () => {
    const { org, agent, odd } = await seedDesk();
    const daily = await exportDeskReportCsv(deps, actor(agent), { orgId: org.id, ...range, kind: "daily" });
    expect(daily.fileName).toBe("desk-report-daily-2026-01-10_2026-01-14.csv");
    const dailyRows = parse(daily.csv, { columns: true }) as Record<string, string>[];
    const report = await getDeskReport(deps, actor(agent), { orgId: org.id, ...range });
    expect(dailyRows).toHaveLength(5);
    expect(
      dailyRows.map((r) => [r.date, Number(r.created), Number(r.resolved), Number(r.sla_breaches)]),
    ).toEqual(report.daily.map((d) => [d.date, d.created, d.resolved, d.breaches]));
    // Minutes with one decimal: 375, 651 and 120 within the histograms' 1 %.
    const minutes = (cell: string | undefined) => Number(cell) * 60;
    expect(minutes(dailyRows[0]?.first_response_median_min)).toEqual(approx(375 * 60));
    expect(minutes(dailyRows[0]?.first_response_p90_min)).toEqual(approx(651 * 60));
    expect(minutes(dailyRows[0]?.resolution_median_min)).toEqual(approx(120 * 60));
    expect(dailyRows[2]?.first_response_median_min).toBe(""); // nothing measured that day

    const agents = await exportDeskReportCsv(deps, actor(agent), { orgId: org.id, ...range, kind: "agents" });
    expect(agents.csv.split("\r\n")[0]).toBe(
      "agent,email,assigned_open,resolved,median_first_response_min,median_resolution_min,csat_average,csat_count",
    );
    const agentRows = parse(agents.csv, { columns: true }) as Record<string, string>[];
    expect(agentRows).toHaveLength(report.agents.length);
    const mine = agentRows.find((r) => r.email === agent.email);
    expect(mine).toMatchObject({ assigned_open: "1", resolved: "3", csat_average: "4", csat_count: "2" });
    expect(minutes(mine?.median_first_response_min)).toEqual(approx(60 * 60));
    expect(minutes(mine?.median_resolution_min)).toEqual(approx(360 * 60));
    // Quoted (comma, quotes) and defused as a formula, yet the same text after the quote.
    expect(agentRows.find((r) => r.email === odd.email)?.agent).toBe(`'=Doe, "JJ"`);
  });

  it("is for agents and up, inside the workspace, and refuses bad ranges field by field", async () => {
    const { org, agent, member, other } = await seedDesk();
    expect((await appError(getDeskReport(deps, actor(member), { orgId: org.id, ...range }))).code).toBe(
      "FORBIDDEN",
    );
    expect((await appError(getDeskReport(deps, actor(other.agent), { orgId: org.id, ...range }))).code).toBe(
      "NOT_FOUND",
    );
    const otherTeam = await db.team.create({ data: { organizationId: other.org.id, name: "Theirs" } });
    const teamErr = await appError(
      getDeskReport(deps, actor(agent), { orgId: org.id, ...range, teamId: otherTeam.id }),
    );
    expect(teamErr.code).toBe("NOT_FOUND");
    expect(teamErr.fieldErrors).toEqual({ teamId: "Choose a team of this workspace." });

    await expect(
      getDeskReport(deps, actor(agent), { orgId: org.id, from: "2026-01-10", to: "2026-01-09" }),
    ).rejects.toThrow(/on or after the start/);
    await expect(
      getDeskReport(deps, actor(agent), { orgId: org.id, from: "2025-01-01", to: "2026-01-02" }),
    ).rejects.toThrow(/at most 366 days/);
    // 366 days is fine.
    const year = await getDeskReport(deps, actor(agent), {
      orgId: org.id,
      from: "2025-01-12",
      to: "2026-01-12",
    });
    expect(year.daily).toHaveLength(366);
    expect(year.totals.created).toBe(1 + 2 + 1); // T4 (9th), T1, T2 (10th), T3 (11th)
  });

  it("a day in a DST change week still has one row per local day", async () => {
    const { org, agent } = await seedDesk();
    // New York springs forward on 2026-03-08 (a 23-hour day).
    const report = await getDeskReport(deps, actor(agent), {
      orgId: org.id,
      from: "2026-03-07",
      to: "2026-03-09",
    });
    expect(report.daily.map((d) => d.date)).toEqual(["2026-03-07", "2026-03-08", "2026-03-09"]);
  });

  it("falls back to UTC days when the stored workspace zone is unknown to the database", async () => {
    const { org, agent } = await seedDesk();
    await db.organization.update({ where: { id: org.id }, data: { timezone: "Mars/Olympus_Mons" } });
    const report = await getDeskReport(deps, actor(agent), { orgId: org.id, ...range });
    expect(report.range.timezone).toBe("UTC");
    // In UTC, T4 (20:00 New York on the 9th) is on the 10th, T2 (23:30 on the 10th) on the 11th
    // and T6 (22:00 on the 14th) on the 15th, outside the range.
    expect(report.daily.map((d) => d.created)).toEqual([2, 2, 0, 1, 0]);
  });
});
