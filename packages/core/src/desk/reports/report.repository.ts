import type { DbOrTx } from "@quartet/db/client";
import { Prisma } from "@quartet/db/types";

// Desk reports, aggregated live in SQL (today is always current; DailyTicketMetrics is the
// worker's nightly snapshot, not read here).
//
// Day boundaries are the workspace's: `day::timestamp AT TIME ZONE tz` is local midnight as an
// instant, and `instant AT TIME ZONE tz` is the local wall clock whose ::date is the local day.
//
// Index use: created_at ranges use tickets(organization_id, created_at). Resolutions and first
// responses have no (organization_id, resolved_at / first_response_at) index, but every change to
// a ticket bumps updated_at, so `updated_at >= lo` is a safe superset filter that the
// (organization_id[, status], updated_at) indexes serve; the exact range test runs on what's left.

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

const lo = (q: ReportQuery) => Prisma.sql`((${q.from}::date)::timestamp AT TIME ZONE ${q.timezone})`;
const hi = (q: ReportQuery) => Prisma.sql`(((${q.to}::date) + 1)::timestamp AT TIME ZONE ${q.timezone})`;
const localDay = (q: ReportQuery, col: Prisma.Sql) => Prisma.sql`((${col}) AT TIME ZONE ${q.timezone})::date`;

/** Live tickets of the workspace (and team): merged duplicates would count their survivor twice. */
const ticketScope = (q: ReportQuery) => Prisma.sql`
  t.organization_id = ${q.orgId}::uuid AND t.deleted_at IS NULL AND t.merged_into_id IS NULL
  ${q.teamId ? Prisma.sql`AND t.team_id = ${q.teamId}::uuid` : Prisma.empty}`;

/** A ticket is solved when resolved, or closed without passing through RESOLVED. */
const solvedAt = Prisma.sql`COALESCE(t.resolved_at, t.closed_at)`;

const solvedInRange = (q: ReportQuery) => Prisma.sql`
  ${ticketScope(q)} AND t.status IN ('RESOLVED', 'CLOSED') AND t.updated_at >= ${lo(q)}
  AND ${solvedAt} >= ${lo(q)} AND ${solvedAt} < ${hi(q)}`;

const respondedInRange = (q: ReportQuery) => Prisma.sql`
  ${ticketScope(q)} AND t.updated_at >= ${lo(q)}
  AND t.first_response_at >= ${lo(q)} AND t.first_response_at < ${hi(q)}`;

/** A breach is whatever desk.sla-check recorded, or a resolution after the last deadline it kept. */
const breached = Prisma.sql`(t.sla_breached OR (t.sla_due_at IS NOT NULL AND ${solvedAt} > t.sla_due_at))`;

const secs = (a: Prisma.Sql, b: Prisma.Sql) => Prisma.sql`EXTRACT(EPOCH FROM (${a} - ${b}))::float8`;
const p50 = (x: Prisma.Sql) => Prisma.sql`percentile_cont(0.5) WITHIN GROUP (ORDER BY ${x})`;

const firstResponseSecs = secs(Prisma.sql`t.first_response_at`, Prisma.sql`t.created_at`);
const resolutionSecs = secs(solvedAt, Prisma.sql`t.created_at`);

export interface SeriesRow {
  /** ISO day, or null on the row that totals the whole range. */
  day: string | null;
  created: number;
  resolved: number;
  fr_count: number;
  fr_p50: number | null;
  fr_p90: number | null;
  res_p50: number | null;
  res_p90: number | null;
  /** Resolved in range with an SLA policy, and those of them not breached. */
  sla_eligible: number;
  sla_met: number;
  breaches: number;
}

/**
 * One row per day of the range (zeros included), in order, then one row (day null) for the whole
 * range: GROUPING SETS computes both from a single scan (a range median is not a median of daily
 * medians, so the totals can't be summed from the days).
 */
export function seriesWithTotal(db: DbOrTx, q: ReportQuery): Promise<SeriesRow[]> {
  const byDayAndTotal = (alias: string) =>
    Prisma.sql`GROUP BY GROUPING SETS ((${Prisma.raw(alias)}.day), ())`;
  return db.$queryRaw<SeriesRow[]>`
    WITH slots AS (
      SELECT d::date AS day FROM generate_series(${q.from}::date, ${q.to}::date, interval '1 day') AS d
      UNION ALL SELECT NULL::date
    ),
    created AS (
      SELECT c.day, count(*)::int AS n
      FROM (SELECT ${localDay(q, Prisma.sql`t.created_at`)} AS day FROM tickets t
            WHERE ${ticketScope(q)} AND t.created_at >= ${lo(q)} AND t.created_at < ${hi(q)}) c
      ${byDayAndTotal("c")}
    ),
    solved AS (
      SELECT s.day, count(*)::int AS n,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY s.secs) AS p50,
             percentile_cont(0.9) WITHIN GROUP (ORDER BY s.secs) AS p90,
             count(*) FILTER (WHERE s.has_policy)::int AS sla_eligible,
             count(*) FILTER (WHERE s.has_policy AND NOT s.breached)::int AS sla_met
      FROM (SELECT ${localDay(q, solvedAt)} AS day, ${resolutionSecs} AS secs,
                   t.sla_policy_id IS NOT NULL AS has_policy, ${breached} AS breached
            FROM tickets t WHERE ${solvedInRange(q)}) s
      ${byDayAndTotal("s")}
    ),
    responded AS (
      SELECT r.day, count(*)::int AS n,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY r.secs) AS p50,
             percentile_cont(0.9) WITHIN GROUP (ORDER BY r.secs) AS p90
      FROM (SELECT ${localDay(q, Prisma.sql`t.first_response_at`)} AS day, ${firstResponseSecs} AS secs
            FROM tickets t WHERE ${respondedInRange(q)}) r
      ${byDayAndTotal("r")}
    ),
    breaches AS (
      SELECT b.day, count(DISTINCT b.ticket_id)::int AS n
      FROM (SELECT ${localDay(q, Prisma.sql`a.created_at`)} AS day, a.ticket_id
            FROM ticket_activities a JOIN tickets t ON t.id = a.ticket_id
            WHERE a.organization_id = ${q.orgId}::uuid AND a.action_type = 'sla_breached'
              AND a.created_at >= ${lo(q)} AND a.created_at < ${hi(q)} AND ${ticketScope(q)}) b
      ${byDayAndTotal("b")}
    )
    SELECT to_char(slots.day, 'YYYY-MM-DD') AS day,
           COALESCE(c.n, 0) AS created, COALESCE(s.n, 0) AS resolved,
           COALESCE(r.n, 0) AS fr_count, r.p50 AS fr_p50, r.p90 AS fr_p90,
           s.p50 AS res_p50, s.p90 AS res_p90,
           COALESCE(s.sla_eligible, 0) AS sla_eligible, COALESCE(s.sla_met, 0) AS sla_met,
           COALESCE(b.n, 0) AS breaches
    FROM slots
    LEFT JOIN created c ON c.day IS NOT DISTINCT FROM slots.day
    LEFT JOIN solved s ON s.day IS NOT DISTINCT FROM slots.day
    LEFT JOIN responded r ON r.day IS NOT DISTINCT FROM slots.day
    LEFT JOIN breaches b ON b.day IS NOT DISTINCT FROM slots.day
    ORDER BY slots.day NULLS LAST`;
}

export interface BacklogRow {
  status: "OPEN" | "PENDING";
  priority: "LOW" | "MEDIUM" | "HIGH" | "URGENT";
  n: number;
}

/** Unsolved tickets right now, by status and priority (the range does not apply). */
export function backlog(db: DbOrTx, q: ReportQuery): Promise<BacklogRow[]> {
  return db.$queryRaw<BacklogRow[]>`
    SELECT t.status::text AS status, t.priority::text AS priority, count(*)::int AS n
    FROM tickets t
    WHERE ${ticketScope(q)} AND t.status IN ('OPEN', 'PENDING')
    GROUP BY 1, 2`;
}

export interface CsatRow {
  rating: number;
  n: number;
}

/** Survey answers received in range, per rating. */
export function csatDistribution(db: DbOrTx, q: ReportQuery): Promise<CsatRow[]> {
  return db.$queryRaw<CsatRow[]>`
    SELECT c.rating::int AS rating, count(*)::int AS n
    FROM csat_responses c JOIN tickets t ON t.id = c.ticket_id
    WHERE c.organization_id = ${q.orgId}::uuid AND c.rating IS NOT NULL
      AND c.responded_at >= ${lo(q)} AND c.responded_at < ${hi(q)} AND ${ticketScope(q)}
    GROUP BY 1`;
}

export interface AgentRow {
  user_id: string;
  name: string | null;
  email: string;
  assigned_open: number;
  resolved: number;
  fr_p50: number | null;
  res_p50: number | null;
  csat_avg: number | null;
  csat_count: number;
}

/**
 * Per agent: the workspace's agents (or the team's members) plus anyone with figures in range
 * (e.g. someone who has since left). First response is credited to whoever sent the first public
 * agent reply, resolution to the assignee, CSAT to the agent recorded on the survey.
 */
export function agentRows(db: DbOrTx, q: ReportQuery): Promise<AgentRow[]> {
  const roster = q.teamId
    ? Prisma.sql`SELECT tm.user_id FROM team_members tm
        JOIN memberships m ON m.user_id = tm.user_id AND m.organization_id = tm.organization_id
       WHERE tm.team_id = ${q.teamId}::uuid AND NOT m.disabled`
    : Prisma.sql`SELECT m.user_id FROM memberships m
       WHERE m.organization_id = ${q.orgId}::uuid AND NOT m.disabled AND m.role IN ('OWNER', 'ADMIN', 'AGENT')`;
  return db.$queryRaw<AgentRow[]>`
    WITH roster AS (${roster}),
    open_assigned AS (
      SELECT t.assignee_id AS uid, count(*)::int AS n FROM tickets t
      WHERE ${ticketScope(q)} AND t.status IN ('OPEN', 'PENDING') AND t.assignee_id IS NOT NULL
      GROUP BY 1
    ),
    solved AS (
      SELECT t.assignee_id AS uid, count(*)::int AS n, ${p50(resolutionSecs)} AS p50
      FROM tickets t WHERE ${solvedInRange(q)} AND t.assignee_id IS NOT NULL
      GROUP BY 1
    ),
    responded AS (
      SELECT COALESCE(fr.author_user_id, t.assignee_id) AS uid, ${p50(firstResponseSecs)} AS p50
      FROM tickets t
      LEFT JOIN LATERAL (
        SELECT m.author_user_id FROM ticket_messages m
        WHERE m.ticket_id = t.id AND m.author_user_id IS NOT NULL AND NOT m.is_internal
        ORDER BY m.seq LIMIT 1
      ) fr ON true
      WHERE ${respondedInRange(q)}
      GROUP BY 1
    ),
    csat AS (
      SELECT c.agent_id AS uid, avg(c.rating)::float8 AS avg, count(*)::int AS n
      FROM csat_responses c JOIN tickets t ON t.id = c.ticket_id
      WHERE c.organization_id = ${q.orgId}::uuid AND c.rating IS NOT NULL AND c.agent_id IS NOT NULL
        AND c.responded_at >= ${lo(q)} AND c.responded_at < ${hi(q)} AND ${ticketScope(q)}
      GROUP BY 1
    ),
    ids AS (
      SELECT user_id AS uid FROM roster
      UNION SELECT uid FROM open_assigned UNION SELECT uid FROM solved
      UNION SELECT uid FROM responded WHERE uid IS NOT NULL UNION SELECT uid FROM csat
    )
    SELECT u.id AS user_id, u.name, u.email,
           COALESCE(o.n, 0) AS assigned_open, COALESCE(s.n, 0) AS resolved,
           r.p50 AS fr_p50, s.p50 AS res_p50, c.avg AS csat_avg, COALESCE(c.n, 0) AS csat_count
    FROM ids JOIN users u ON u.id = ids.uid
    LEFT JOIN open_assigned o ON o.uid = ids.uid
    LEFT JOIN solved s ON s.uid = ids.uid
    LEFT JOIN responded r ON r.uid = ids.uid
    LEFT JOIN csat c ON c.uid = ids.uid
    ORDER BY COALESCE(s.n, 0) DESC, COALESCE(o.n, 0) DESC, lower(COALESCE(u.name, u.email)), u.id`;
}
