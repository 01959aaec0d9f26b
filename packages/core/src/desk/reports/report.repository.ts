import type { DbOrTx } from "@quartet/db/client";
import { Prisma } from "@quartet/db/types";

// Desk reports: reads of the rollups (DailyTicketMetrics, AgentPerformance) and of the state of
// the desk right now (backlog, roster). What happened on a day is computed by
// report-facts.repository.ts, live or when the rollups are written.

export interface ReportQuery {
  orgId: string;
  /** Inclusive ISO days in `timezone`. */
  from: string;
  to: string;
  timezone: string;
  teamId: string | null;
}

export async function findOrgTimezone(db: DbOrTx, orgId: string): Promise<string | null> {
  const org = await db.organization.findFirst({
    where: { id: orgId, deletedAt: null },
    select: { timezone: true },
  });
  return org?.timezone ?? null;
}

export async function teamExists(db: DbOrTx, orgId: string, teamId: string): Promise<boolean> {
  return (await db.team.count({ where: { id: teamId, organizationId: orgId } })) > 0;
}

/** Is `tz` a zone PostgreSQL knows (so AT TIME ZONE can't fail on a stale workspace value)? */
export async function isKnownTimezone(db: DbOrTx, tz: string): Promise<boolean> {
  const rows = await db.$queryRaw<{ ok: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM pg_timezone_names WHERE name = ${tz}) AS ok`;
  return rows[0]?.ok ?? false;
}

/**
 * The days of [from, to] whose rollups can be trusted: the overall row (team_id NULL) exists, was
 * counted in `timezone`, and was computed after the day had ended (a snapshot taken during the
 * day misses its end). Other days are computed live.
 */
export async function storedDays(
  db: DbOrTx,
  q: { orgId: string; timezone: string; from: string; to: string },
): Promise<string[]> {
  const rows = await db.$queryRaw<{ day: string }[]>`
    SELECT to_char(d.date, 'YYYY-MM-DD') AS day FROM daily_ticket_metrics d
    WHERE d.organization_id = ${q.orgId}::uuid AND d.team_id IS NULL
      AND d.date BETWEEN ${q.from}::date AND ${q.to}::date
      AND d.timezone = ${q.timezone}
      AND d.computed_at >= ((d.date + 1)::timestamp AT TIME ZONE ${q.timezone})
    ORDER BY d.date`;
  return rows.map((r) => r.day);
}

const teamIs = (teamId: string | null) =>
  teamId ? Prisma.sql`team_id = ${teamId}::uuid` : Prisma.sql`team_id IS NULL`;

export interface DailyRollupRow {
  day: string;
  created: number;
  resolved: number;
  fr_count: number;
  fr_p50: number | null;
  fr_p90: number | null;
  res_p50: number | null;
  res_p90: number | null;
  sla_eligible: number;
  sla_met: number;
  breaches: number;
  csat_1: number;
  csat_2: number;
  csat_3: number;
  csat_4: number;
  csat_5: number;
  /** Histogram arrays in PostgreSQL's text form ("{1,2,3}"): see addBucketsText. */
  fr_buckets: string;
  fr_counts: string;
  res_buckets: string;
  res_counts: string;
}

/**
 * The stored rows of `days` for the team (or the overall rows), histograms included; a team's quiet
 * day has none. The histogram arrays come as text and are summed in the service: at a year of a busy
 * desk that is a few hundred thousand numbers, parsed faster that way than as arrays or unnested
 * and summed in SQL.
 */
export function dailyRollups(
  db: DbOrTx,
  q: { orgId: string; teamId: string | null },
  days: string[],
): Promise<DailyRollupRow[]> {
  return db.$queryRaw<DailyRollupRow[]>`
    SELECT to_char(date, 'YYYY-MM-DD') AS day, tickets_created AS created, tickets_resolved AS resolved,
      first_response_count AS fr_count, first_response_p50_sec AS fr_p50, first_response_p90_sec AS fr_p90,
      resolution_p50_sec AS res_p50, resolution_p90_sec AS res_p90, sla_eligible, sla_met,
      sla_breaches AS breaches, csat_rating_1 AS csat_1, csat_rating_2 AS csat_2, csat_rating_3 AS csat_3,
      csat_rating_4 AS csat_4, csat_rating_5 AS csat_5,
      first_response_buckets::text AS fr_buckets, first_response_counts::text AS fr_counts,
      resolution_buckets::text AS res_buckets, resolution_counts::text AS res_counts
    FROM daily_ticket_metrics
    WHERE organization_id = ${q.orgId}::uuid AND ${teamIs(q.teamId)} AND date = ANY(${days}::date[])`;
}

export interface AgentRollupRow {
  agent_id: string;
  resolved: number;
  fr_count: number;
  csat_sum: number;
  csat_count: number;
  fr_buckets: string;
  fr_counts: string;
  res_buckets: string;
  res_counts: string;
}

/** Per agent and day of `days` (all teams, or the team's tickets), histograms as text. */
export function agentRollups(
  db: DbOrTx,
  q: { orgId: string; teamId: string | null },
  days: string[],
): Promise<AgentRollupRow[]> {
  return db.$queryRaw<AgentRollupRow[]>`
    SELECT agent_id::text AS agent_id, tickets_resolved AS resolved, first_response_count AS fr_count,
      csat_sum, csat_count,
      first_response_buckets::text AS fr_buckets, first_response_counts::text AS fr_counts,
      resolution_buckets::text AS res_buckets, resolution_counts::text AS res_counts
    FROM agent_performance
    WHERE organization_id = ${q.orgId}::uuid AND ${teamIs(q.teamId)} AND date = ANY(${days}::date[])`;
}

export interface OpenRow {
  status: "OPEN" | "PENDING";
  priority: "LOW" | "MEDIUM" | "HIGH" | "URGENT";
  assignee_id: string | null;
  n: number;
}

/**
 * Unsolved tickets right now (the range does not apply) per status, priority and assignee (a few
 * dozen groups, folded in the service), from the open-ticket partial index alone.
 */
export function openTickets(db: DbOrTx, q: { orgId: string; teamId: string | null }): Promise<OpenRow[]> {
  return db.$queryRaw<OpenRow[]>`
    SELECT t.status::text AS status, t.priority::text AS priority, t.assignee_id::text AS assignee_id,
      count(*)::int AS n
    FROM tickets t
    WHERE t.organization_id = ${q.orgId}::uuid AND t.deleted_at IS NULL AND t.merged_into_id IS NULL
      AND t.status IN ('OPEN', 'PENDING')
      ${q.teamId ? Prisma.sql`AND t.team_id = ${q.teamId}::uuid` : Prisma.empty}
    GROUP BY t.status, t.priority, t.assignee_id`;
}

export interface PersonRow {
  user_id: string;
  name: string | null;
  email: string;
}

/** The workspace's agents (OWNER, ADMIN, AGENT), or the team's enabled members. */
export function roster(db: DbOrTx, q: { orgId: string; teamId: string | null }): Promise<PersonRow[]> {
  return q.teamId
    ? db.$queryRaw<PersonRow[]>`
        SELECT u.id::text AS user_id, u.name, u.email FROM team_members tm
        JOIN memberships m ON m.user_id = tm.user_id AND m.organization_id = tm.organization_id
        JOIN users u ON u.id = tm.user_id
        WHERE tm.team_id = ${q.teamId}::uuid AND NOT m.disabled`
    : db.$queryRaw<PersonRow[]>`
        SELECT u.id::text AS user_id, u.name, u.email FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.organization_id = ${q.orgId}::uuid AND NOT m.disabled AND m.role IN ('OWNER', 'ADMIN', 'AGENT')`;
}

/** Names of people credited with figures who are not on the roster (e.g. since left). */
export function people(db: DbOrTx, ids: string[]): Promise<PersonRow[]> {
  return db.$queryRaw<PersonRow[]>`
    SELECT u.id::text AS user_id, u.name, u.email FROM users u WHERE u.id = ANY(${ids}::uuid[])`;
}
