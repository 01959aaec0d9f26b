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

const knownZones = new Map<string, boolean>();

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
  const stored = (await repo.findOrgTimezone(deps.db, input.orgId)) ?? "UTC";
  // A zone PostgreSQL doesn't know would fail every query: fall back to UTC rather than a 500.
  // pg_timezone_names reads the zone files, so each answer is remembered for the process.
  let known = knownZones.get(stored);
  if (known === undefined) {
    known = await repo.isKnownTimezone(deps.db, stored);
    knownZones.set(stored, known);
  }
  const timezone = known ? stored : "UTC";
  return { orgId: input.orgId, from: input.from, to: input.to, timezone, teamId };
}

async function buildReport(deps: Deps, q: repo.ReportQuery): Promise<DeskReport> {
  const [series, backlogRows, csatRows, agentRows] = await Promise.all([
    repo.seriesWithTotal(deps.db, q),
    repo.backlog(deps.db, q),
    repo.csatDistribution(deps.db, q),
    repo.agentRows(deps.db, q),
  ]);

  const daily = series.filter((row) => row.day !== null);
  const totals = series.find((row) => row.day === null) as repo.SeriesRow;
  const byStatus = { OPEN: 0, PENDING: 0 };
  const byPriority = { LOW: 0, MEDIUM: 0, HIGH: 0, URGENT: 0 };
  for (const row of backlogRows) {
    byStatus[row.status] += row.n;
    byPriority[row.priority] += row.n;
  }

  const distribution = [1, 2, 3, 4, 5].map((rating) => ({
    rating,
    count: csatRows.find((r) => r.rating === rating)?.n ?? 0,
  }));
  const csatCount = distribution.reduce((sum, d) => sum + d.count, 0);
  const csatSum = distribution.reduce((sum, d) => sum + d.rating * d.count, 0);

  return {
    range: {
      from: q.from,
      to: q.to,
      days: daysBetween(q.from, q.to),
      timezone: q.timezone,
      teamId: q.teamId,
    },
    totals: {
      created: totals.created,
      resolved: totals.resolved,
      firstResponse: {
        median: secondsOrNull(totals.fr_p50),
        p90: secondsOrNull(totals.fr_p90),
        count: totals.fr_count,
      },
      resolution: {
        median: secondsOrNull(totals.res_p50),
        p90: secondsOrNull(totals.res_p90),
        count: totals.resolved,
      },
      sla: {
        eligible: totals.sla_eligible,
        met: totals.sla_met,
        metPercent: totals.sla_eligible > 0 ? round1((100 * totals.sla_met) / totals.sla_eligible) : null,
        breaches: totals.breaches,
      },
    },
    daily: daily.map(
      (d): DailyReportPoint => ({
        date: d.day as string,
        created: d.created,
        resolved: d.resolved,
        firstResponse: { median: secondsOrNull(d.fr_p50), p90: secondsOrNull(d.fr_p90), count: d.fr_count },
        resolution: { median: secondsOrNull(d.res_p50), p90: secondsOrNull(d.res_p90), count: d.resolved },
        breaches: d.breaches,
      }),
    ),
    backlog: { total: byStatus.OPEN + byStatus.PENDING, byStatus, byPriority },
    csat: { average: csatCount > 0 ? round2(csatSum / csatCount) : null, count: csatCount, distribution },
    agents: agentRows.map(
      (a): AgentReportRow => ({
        userId: a.user_id,
        name: a.name,
        email: a.email,
        assignedOpen: a.assigned_open,
        resolved: a.resolved,
        medianFirstResponse: secondsOrNull(a.fr_p50),
        medianResolution: secondsOrNull(a.res_p50),
        csatAverage: a.csat_avg === null ? null : round2(a.csat_avg),
        csatCount: a.csat_count,
      }),
    ),
  };
}

/**
 * The Desk report for a range of workspace days (AGENT+): daily created vs resolved, first
 * response and resolution medians/p90, SLA met %, backlog now, CSAT and a per-agent table.
 */
export async function getDeskReport(
  deps: Deps,
  actor: UserActor,
  rawInput: ReportRangeInput,
): Promise<DeskReport> {
  const input = reportRangeInput.parse(rawInput);
  return buildReport(deps, await prepare(deps, actor, input));
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
