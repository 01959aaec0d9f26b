import { stringify } from "csv-stringify/sync";
import type { Deps, UserActor } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import { requireMembership } from "../../orgs/org-access.service.ts";
import * as repo from "./report.repository.ts";
import {
  type AgentReportRow,
  type DailyReportPoint,
  type DeskReport,
  daysBetween,
  type ReportCsv,
  type ReportCsvInput,
  type ReportRangeInput,
  reportCsvInput,
  reportRangeInput,
} from "./report.schema.ts";
import { addDays, allDays, earlierDay, localDate, runsOf, workspaceTimezone } from "./report-days.ts";
import { queryFacts } from "./report-facts.repository.ts";
import {
  addBuckets,
  addBucketsText,
  emptyHistogram,
  fromDense,
  type Histogram,
  percentile,
} from "./report-histogram.ts";

const secondsOrNull = (v: number | null) => (v === null ? null : Math.round(Number(v)));
const round1 = (v: number) => Math.round(v * 10) / 10;
const round2 = (v: number) => Math.round(v * 100) / 100;

/** Checks the caller (AGENT+) and the team, and resolves the workspace's time zone. */
async function prepare(
  deps: Deps,
  actor: UserActor,
  input: { orgId: string; from: string; to: string; teamId?: string | null },
): Promise<repo.ReportQuery> {
  await requireMembership(deps.db, input.orgId, actor.userId, "AGENT");
  const teamId = input.teamId ?? null;
  if (teamId && !(await repo.teamExists(deps.db, input.orgId, teamId))) {
    throw new AppError("NOT_FOUND", "Team not found.", { teamId: "Choose a team of this workspace." });
  }
  const timezone = await workspaceTimezone(deps.db, input.orgId);
  return { orgId: input.orgId, from: input.from, to: input.to, timezone, teamId };
}

/** Where the days of a report come from. */
export interface ReportOptions {
  /**
   * "auto" (the default): past days from the rollups where they hold the day, the rest (today,
   * days the rollups miss) live. "live": every day live, ignoring the rollups (benchmarks, checks).
   */
  source?: "auto" | "live";
}

interface DayFigures {
  created: number;
  resolved: number;
  frCount: number;
  frP50: number | null;
  frP90: number | null;
  resP50: number | null;
  resP90: number | null;
  slaEligible: number;
  slaMet: number;
  breaches: number;
  csat: [number, number, number, number, number];
}

interface AgentFigures {
  resolved: number;
  frCount: number;
  csatSum: number;
  csatCount: number;
  fr: number[];
  res: number[];
}

const emptyAgent = (): AgentFigures => ({
  resolved: 0,
  frCount: 0,
  csatSum: 0,
  csatCount: 0,
  fr: [],
  res: [],
});

/** Adds a histogram into a dense tally. */
function tally(into: number[], h: Histogram): void {
  for (const [b, n] of h) into[b] = (into[b] ?? 0) + n;
}

async function buildReport(
  deps: Deps,
  q: repo.ReportQuery,
  options: ReportOptions = {},
): Promise<DeskReport> {
  const db = deps.db;
  // Today (the workspace's) and later are always live; earlier days come from the rollups when
  // they hold them.
  const today = localDate(deps.clock.now(), q.timezone);
  const lastPast = earlierDay(q.to, addDays(today, -1));
  const stored =
    options.source === "live" || lastPast < q.from
      ? []
      : await repo.storedDays(db, { orgId: q.orgId, timezone: q.timezone, from: q.from, to: lastPast });
  const storedSet = new Set(stored);
  const days = allDays(q.from, q.to);
  const liveRuns = runsOf(days.filter((d) => !storedSet.has(d)));
  const scope = { orgId: q.orgId, teamId: q.teamId };
  const fromRollups = stored.length > 0;

  const [dailyRows, agentRows, liveFacts, open, rosterRows] = await Promise.all([
    fromRollups ? repo.dailyRollups(db, scope, stored) : [],
    fromRollups ? repo.agentRollups(db, scope, stored) : [],
    Promise.all(
      liveRuns.map((run) =>
        queryFacts(db, { orgId: q.orgId, timezone: q.timezone, teamId: q.teamId, ...run }, "report"),
      ),
    ),
    repo.openTickets(db, scope),
    repo.roster(db, scope),
  ]);

  // Per day: stored rows as they are, live days from their facts (percentiles from the day's own
  // histograms, the same function that computed the stored ones).
  const byDay = new Map<string, DayFigures>();
  // Dense tallies while summing (many rows), histograms for the percentiles.
  const frTally: number[] = [];
  const resTally: number[] = [];
  for (const r of dailyRows) {
    addBucketsText(frTally, r.fr_buckets, r.fr_counts);
    addBucketsText(resTally, r.res_buckets, r.res_counts);
    byDay.set(r.day, {
      created: r.created,
      resolved: r.resolved,
      frCount: r.fr_count,
      frP50: r.fr_p50,
      frP90: r.fr_p90,
      resP50: r.res_p50,
      resP90: r.res_p90,
      slaEligible: r.sla_eligible,
      slaMet: r.sla_met,
      breaches: r.breaches,
      csat: [r.csat_1, r.csat_2, r.csat_3, r.csat_4, r.csat_5],
    });
  }
  const agents = new Map<string, AgentFigures>();
  const agent = (id: string) => {
    let a = agents.get(id);
    if (!a) {
      a = emptyAgent();
      agents.set(id, a);
    }
    return a;
  };
  for (const r of agentRows) {
    const a = agent(r.agent_id);
    a.resolved += r.resolved;
    a.frCount += r.fr_count;
    a.csatSum += r.csat_sum;
    a.csatCount += r.csat_count;
    addBucketsText(a.fr, r.fr_buckets, r.fr_counts);
    addBucketsText(a.res, r.res_buckets, r.res_counts);
  }
  for (const row of liveFacts.flat()) {
    const fr = addBuckets(emptyHistogram(), row.fr_buckets, row.fr_counts);
    const res = addBuckets(emptyHistogram(), row.res_buckets, row.res_counts);
    if (row.g_agent === 1) {
      byDay.set(row.day, {
        created: row.created,
        resolved: row.resolved,
        frCount: row.fr_count,
        frP50: percentile(fr, 0.5),
        frP90: percentile(fr, 0.9),
        resP50: percentile(res, 0.5),
        resP90: percentile(res, 0.9),
        slaEligible: row.sla_eligible,
        slaMet: row.sla_met,
        breaches: row.breaches,
        csat: [row.csat_1, row.csat_2, row.csat_3, row.csat_4, row.csat_5],
      });
      tally(frTally, fr);
      tally(resTally, res);
    } else if (row.agent_id) {
      const a = agent(row.agent_id);
      a.resolved += row.resolved;
      a.frCount += row.fr_count;
      a.csatSum += row.csat_1 + 2 * row.csat_2 + 3 * row.csat_3 + 4 * row.csat_4 + 5 * row.csat_5;
      a.csatCount += row.csat_1 + row.csat_2 + row.csat_3 + row.csat_4 + row.csat_5;
      tally(a.fr, fr);
      tally(a.res, res);
    }
  }

  const totalFr = fromDense(frTally);
  const totalRes = fromDense(resTally);
  const daily = days.map((date): DailyReportPoint => {
    const d = byDay.get(date);
    return {
      date,
      created: d?.created ?? 0,
      resolved: d?.resolved ?? 0,
      firstResponse: {
        median: secondsOrNull(d?.frP50 ?? null),
        p90: secondsOrNull(d?.frP90 ?? null),
        count: d?.frCount ?? 0,
      },
      resolution: {
        median: secondsOrNull(d?.resP50 ?? null),
        p90: secondsOrNull(d?.resP90 ?? null),
        count: d?.resolved ?? 0,
      },
      breaches: d?.breaches ?? 0,
    };
  });
  const sum = (f: (d: DayFigures) => number) => [...byDay.values()].reduce((n, d) => n + f(d), 0);
  const slaEligible = sum((d) => d.slaEligible);
  const slaMet = sum((d) => d.slaMet);
  const distribution = [1, 2, 3, 4, 5].map((rating) => ({
    rating,
    count: sum((d) => d.csat[rating - 1] as number),
  }));
  const csatCount = distribution.reduce((n, d) => n + d.count, 0);
  const csatSum = distribution.reduce((n, d) => n + d.rating * d.count, 0);

  const byStatus = { OPEN: 0, PENDING: 0 };
  const byPriority = { LOW: 0, MEDIUM: 0, HIGH: 0, URGENT: 0 };
  const assignedOpen = new Map<string, number>();
  for (const row of open) {
    byStatus[row.status] += row.n;
    byPriority[row.priority] += row.n;
    if (row.assignee_id) assignedOpen.set(row.assignee_id, (assignedOpen.get(row.assignee_id) ?? 0) + row.n);
  }

  // The agent table: the roster, plus anyone credited with figures in range or holding open
  // tickets (e.g. someone who has since left).
  const names = new Map(rosterRows.map((p) => [p.user_id, p]));
  const credited = [...agents.entries()]
    .filter(([, a]) => a.resolved + a.frCount + a.csatCount > 0)
    .map(([id]) => id);
  const ids = new Set([...names.keys(), ...credited, ...assignedOpen.keys()]);
  const unknown = [...ids].filter((id) => !names.has(id));
  if (unknown.length > 0) for (const p of await repo.people(db, unknown)) names.set(p.user_id, p);

  const agentTable = [...ids]
    .filter((id) => names.has(id))
    .map((id): AgentReportRow => {
      const p = names.get(id) as repo.PersonRow;
      const a = agents.get(id) ?? emptyAgent();
      return {
        userId: id,
        name: p.name,
        email: p.email,
        assignedOpen: assignedOpen.get(id) ?? 0,
        resolved: a.resolved,
        medianFirstResponse: secondsOrNull(percentile(fromDense(a.fr), 0.5)),
        medianResolution: secondsOrNull(percentile(fromDense(a.res), 0.5)),
        csatAverage: a.csatCount > 0 ? round2(a.csatSum / a.csatCount) : null,
        csatCount: a.csatCount,
      };
    })
    .sort((x, y) => {
      if (x.resolved !== y.resolved) return y.resolved - x.resolved;
      if (x.assignedOpen !== y.assignedOpen) return y.assignedOpen - x.assignedOpen;
      const xn = (x.name ?? x.email).toLowerCase();
      const yn = (y.name ?? y.email).toLowerCase();
      if (xn !== yn) return xn < yn ? -1 : 1;
      return x.userId < y.userId ? -1 : x.userId > y.userId ? 1 : 0;
    });

  return {
    range: {
      from: q.from,
      to: q.to,
      days: daysBetween(q.from, q.to),
      timezone: q.timezone,
      teamId: q.teamId,
      storedDays: stored.length,
    },
    totals: {
      created: sum((d) => d.created),
      resolved: sum((d) => d.resolved),
      firstResponse: {
        median: secondsOrNull(percentile(totalFr, 0.5)),
        p90: secondsOrNull(percentile(totalFr, 0.9)),
        count: sum((d) => d.frCount),
      },
      resolution: {
        median: secondsOrNull(percentile(totalRes, 0.5)),
        p90: secondsOrNull(percentile(totalRes, 0.9)),
        count: sum((d) => d.resolved),
      },
      sla: {
        eligible: slaEligible,
        met: slaMet,
        metPercent: slaEligible > 0 ? round1((100 * slaMet) / slaEligible) : null,
        breaches: sum((d) => d.breaches),
      },
    },
    daily,
    backlog: { total: byStatus.OPEN + byStatus.PENDING, byStatus, byPriority },
    csat: { average: csatCount > 0 ? round2(csatSum / csatCount) : null, count: csatCount, distribution },
    agents: agentTable,
  };
}

/**
 * The Desk report for a range of workspace days (AGENT+): daily created vs resolved, first
 * response and resolution medians/p90, SLA met %, backlog now, CSAT and a per-agent table.
 * Past days are read from the rollups, today live (see buildReport).
 */
export async function getDeskReport(
  deps: Deps,
  actor: UserActor,
  rawInput: ReportRangeInput,
  options: ReportOptions = {},
): Promise<DeskReport> {
  const input = reportRangeInput.parse(rawInput);
  return buildReport(deps, await prepare(deps, actor, input), options);
}

/** Minutes with one decimal for spreadsheets; empty when nothing was measured. */
const minutesCell = (seconds: number | null) => (seconds === null ? "" : round1(seconds / 60));

/**
 * A CSV of the daily series or of the per-agent table, with a header row. Cells that a
 * spreadsheet would run as a formula (=, +, -, @ …) are escaped: names come from users.
 */
export async function exportDeskReportCsv(
  deps: Deps,
  actor: UserActor,
  rawInput: ReportCsvInput,
): Promise<ReportCsv> {
  const input = reportCsvInput.parse(rawInput);
  const report = await buildReport(deps, await prepare(deps, actor, input));
  const options = { header: true, escape_formulas: true, record_delimiter: "\r\n" } as const;
  const fileName = `desk-report-${input.kind}-${input.from}_${input.to}.csv`;
  if (input.kind === "daily") {
    const csv = stringify(
      report.daily.map((d) => ({
        date: d.date,
        created: d.created,
        resolved: d.resolved,
        first_response_median_min: minutesCell(d.firstResponse.median),
        first_response_p90_min: minutesCell(d.firstResponse.p90),
        resolution_median_min: minutesCell(d.resolution.median),
        resolution_p90_min: minutesCell(d.resolution.p90),
        sla_breaches: d.breaches,
      })),
      {
        ...options,
        columns: [
          "date",
          "created",
          "resolved",
          "first_response_median_min",
          "first_response_p90_min",
          "resolution_median_min",
          "resolution_p90_min",
          "sla_breaches",
        ],
      },
    );
    return { fileName, csv };
  }
  const csv = stringify(
    report.agents.map((a) => ({
      agent: a.name ?? "",
      email: a.email,
      assigned_open: a.assignedOpen,
      resolved: a.resolved,
      median_first_response_min: minutesCell(a.medianFirstResponse),
      median_resolution_min: minutesCell(a.medianResolution),
      csat_average: a.csatAverage ?? "",
      csat_count: a.csatCount,
    })),
    {
      ...options,
      columns: [
        "agent",
        "email",
        "assigned_open",
        "resolved",
        "median_first_response_min",
        "median_resolution_min",
        "csat_average",
        "csat_count",
      ],
    },
  );
  return { fileName, csv };
}
