import type { DbOrTx, Tx } from "@quartet/db/client";
import { addDays } from "./report-days.ts";
import type { FactRow } from "./report-facts.repository.ts";
import { addBuckets, emptyHistogram, percentile } from "./report-histogram.ts";

// Writes the report rollups of a range of workspace days from the facts that
// report-facts.repository.ts computed for it (the statement the live reports run).

const dateOf = (day: string) => new Date(`${day}T00:00:00Z`);
const perMinute = (sum: number | null, count: number) =>
  sum === null || count === 0 ? null : sum / count / 60;
const arrays = (buckets: number[] | null, counts: number[] | null) => ({
  buckets: buckets ?? [],
  counts: (counts ?? []).map(Number),
});

/**
 * Replaces the workspace's DailyTicketMetrics and AgentPerformance rows of [from, to]: one overall
 * DailyTicketMetrics row per day (team_id NULL, written even on a quiet day: it marks the day as
 * rolled up), one per team with activity; one AgentPerformance row per agent with figures (all
 * teams: team_id NULL) and one per agent and team.
 */
export async function replaceRollups(
  tx: Tx,
  r: { orgId: string; timezone: string; from: string; to: string; computedAt: Date },
  facts: FactRow[],
): Promise<void> {
  await tx.$executeRaw`DELETE FROM daily_ticket_metrics
    WHERE organization_id = ${r.orgId}::uuid AND date BETWEEN ${r.from}::date AND ${r.to}::date`;
  await tx.$executeRaw`DELETE FROM agent_performance
    WHERE organization_id = ${r.orgId}::uuid AND date BETWEEN ${r.from}::date AND ${r.to}::date`;

  const common = { organizationId: r.orgId, computedAt: r.computedAt };
  const daily = facts
    .filter((f) => f.g_agent === 1)
    .map((f) => {
      const fr = arrays(f.fr_buckets, f.fr_counts);
      const res = arrays(f.res_buckets, f.res_counts);
      const frH = addBuckets(emptyHistogram(), fr.buckets, fr.counts);
      const resH = addBuckets(emptyHistogram(), res.buckets, res.counts);
      return {
        ...common,
        date: dateOf(f.day),
        teamId: f.g_team === 1 ? null : f.team_id,
        timezone: r.timezone,
        ticketsCreated: f.created,
        ticketsResolved: f.resolved,
        ticketsClosed: f.closed,
        avgFirstResponseMin: perMinute(f.fr_sum, f.fr_count),
        avgResolutionMin: perMinute(f.res_sum, f.resolved),
        slaBreaches: f.breaches,
        firstResponseCount: f.fr_count,
        slaEligible: f.sla_eligible,
        slaMet: f.sla_met,
        csatRating1: f.csat_1,
        csatRating2: f.csat_2,
        csatRating3: f.csat_3,
        csatRating4: f.csat_4,
        csatRating5: f.csat_5,
        firstResponseBuckets: fr.buckets,
        firstResponseCounts: fr.counts,
        resolutionBuckets: res.buckets,
        resolutionCounts: res.counts,
        firstResponseP50Sec: percentile(frH, 0.5),
        firstResponseP90Sec: percentile(frH, 0.9),
        resolutionP50Sec: percentile(resH, 0.5),
        resolutionP90Sec: percentile(resH, 0.9),
      };
    });
  const withOverall = new Set(daily.filter((d) => d.teamId === null).map((d) => d.date.getTime()));
  for (let day = r.from; day <= r.to; day = addDays(day, 1)) {
    if (!withOverall.has(dateOf(day).getTime())) {
      daily.push({
        ...common,
        date: dateOf(day),
        teamId: null,
        timezone: r.timezone,
        ticketsCreated: 0,
        ticketsResolved: 0,
        ticketsClosed: 0,
        avgFirstResponseMin: null,
        avgResolutionMin: null,
        slaBreaches: 0,
        firstResponseCount: 0,
        slaEligible: 0,
        slaMet: 0,
        csatRating1: 0,
        csatRating2: 0,
        csatRating3: 0,
        csatRating4: 0,
        csatRating5: 0,
        firstResponseBuckets: [],
        firstResponseCounts: [],
        resolutionBuckets: [],
        resolutionCounts: [],
        firstResponseP50Sec: null,
        firstResponseP90Sec: null,
        resolutionP50Sec: null,
        resolutionP90Sec: null,
      });
    }
  }
  await tx.dailyTicketMetrics.createMany({ data: daily });

  const perAgent = facts.filter((f) => f.g_agent === 0 && f.agent_id !== null);
  // Credits can name someone whose account is gone (a survey keeps its agent id): skip them, as
  // the reports do.
  const agentIds = [...new Set(perAgent.map((f) => f.agent_id as string))];
  const existing = new Set(
    agentIds.length === 0
      ? []
      : (await tx.user.findMany({ where: { id: { in: agentIds } }, select: { id: true } })).map((u) => u.id),
  );
  await tx.agentPerformance.createMany({
    data: perAgent
      .filter((f) => existing.has(f.agent_id as string))
      .map((f) => {
        const fr = arrays(f.fr_buckets, f.fr_counts);
        const res = arrays(f.res_buckets, f.res_counts);
        const csatCount = f.csat_1 + f.csat_2 + f.csat_3 + f.csat_4 + f.csat_5;
        const csatSum = f.csat_1 + 2 * f.csat_2 + 3 * f.csat_3 + 4 * f.csat_4 + 5 * f.csat_5;
        return {
          ...common,
          date: dateOf(f.day),
          agentId: f.agent_id as string,
          teamId: f.g_team === 1 ? null : f.team_id,
          ticketsHandled: f.handled,
          ticketsResolved: f.resolved,
          avgResponseTimeMin: f.reply_avg === null ? null : f.reply_avg / 60,
          avgResolutionTimeMin: perMinute(f.res_sum, f.resolved),
          customerSatisfaction: csatCount === 0 ? null : csatSum / csatCount,
          firstResponseCount: f.fr_count,
          csatSum,
          csatCount,
          firstResponseBuckets: fr.buckets,
          firstResponseCounts: fr.counts,
          resolutionBuckets: res.buckets,
          resolutionCounts: res.counts,
        };
      }),
  });
}

/** Live workspaces that have ever had a ticket, in pages by id. */
export function findMetricsWorkspaces(db: DbOrTx, afterId: string | null, take: number) {
  return db.organization.findMany({
    where: {
      deletedAt: null,
      deskTickets: { some: {} },
      ...(afterId ? { id: { gt: afterId } } : {}),
    },
    select: { id: true },
    orderBy: { id: "asc" },
    take,
  });
}
