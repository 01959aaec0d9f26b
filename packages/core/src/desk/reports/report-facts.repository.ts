import type { DbOrTx } from "@quartet/db/client";
import { Prisma } from "@quartet/db/types";
import { bucketSql } from "./report-histogram.ts";

// The one place that turns tickets into report figures per workspace day. The reports run it live
// (for today and for days the rollups don't hold) and the rollup jobs run the same statement to
// fill DailyTicketMetrics and AgentPerformance, so a day read from the rollups is by construction
// the day computed live at the time the rollup was written.
//
// Events and the day they count on (the workspace's local day of the instant):
//   created      tickets.created_at
//   solved       COALESCE(resolved_at, closed_at) of a RESOLVED or CLOSED ticket — credited to the
//                assignee; its duration since creation; SLA eligible (had a policy) and met (no
//                breach recorded and not solved after the last deadline)
//   first reply  tickets.first_response_at — credited to the author of the first public agent
//                reply (or the assignee); its duration since creation
//   breach       an `sla_breached` activity; a ticket counts once per day
//   rating       a survey answered (csat_responses.responded_at) — credited to the survey's agent
//   replies      (rollups only) public agent replies: tickets handled, response minutes
//   closed       (rollups only) tickets.closed_at
// Deleted tickets and tickets merged into another never count.
//
// Index use: created_at, resolved_at, closed_at and first_response_at each have an
// (organization_id, …) index; activities (organization_id, action_type, created_at); surveys
// (organization_id, responded_at). Replies go through tickets touched since the range began
// (every reply bumps updated_at) and messages by (ticket_id, seq).

export interface FactsRange {
  orgId: string;
  /** An IANA zone PostgreSQL knows. */
  timezone: string;
  /** Inclusive ISO days in `timezone`. */
  from: string;
  to: string;
  /** Only this team's tickets (report reads); rollups are computed for every team at once. */
  teamId: string | null;
}

/**
 * "report": one row per day, and one per day and agent (the team filter applies to tickets).
 * "rollup": also per team and per team and agent, plus the replies and closings the rollup
 * tables keep for their own sake.
 */
export type FactsMode = "report" | "rollup";

export interface FactRow {
  day: string;
  /** Null on rows that cover every team (g_team = 1) and on the no-team bucket. */
  team_id: string | null;
  agent_id: string | null;
  /** 1 when the row covers every team. */
  g_team: number;
  /** 1 when the row covers every agent. */
  g_agent: number;
  created: number;
  resolved: number;
  closed: number;
  fr_count: number;
  /** Seconds, summed (for the rollups' averages). */
  fr_sum: number | null;
  res_sum: number | null;
  sla_eligible: number;
  sla_met: number;
  breaches: number;
  csat_1: number;
  csat_2: number;
  csat_3: number;
  csat_4: number;
  csat_5: number;
  handled: number;
  /** Average response seconds of the replies that answered the customer. */
  reply_avg: number | null;
  fr_buckets: number[] | null;
  fr_counts: number[] | null;
  res_buckets: number[] | null;
  res_counts: number[] | null;
}

const scope = (r: FactsRange) => Prisma.sql`
  t.organization_id = ${r.orgId}::uuid AND t.deleted_at IS NULL AND t.merged_into_id IS NULL
  ${r.teamId ? Prisma.sql`AND t.team_id = ${r.teamId}::uuid` : Prisma.empty}`;

const localDay = (r: FactsRange, col: Prisma.Sql) => Prisma.sql`((${col}) AT TIME ZONE ${r.timezone})::date`;
const inRange = (col: Prisma.Sql) => Prisma.sql`${col} >= b.lo AND ${col} < b.hi`;
const secs = (a: Prisma.Sql, b: Prisma.Sql) => Prisma.sql`EXTRACT(EPOCH FROM (${a} - ${b}))::float8`;
const solvedAt = Prisma.sql`COALESCE(t.resolved_at, t.closed_at)`;
/** A breach is whatever desk.sla-check recorded, or a solve after the last deadline it kept. */
const breached = Prisma.sql`(t.sla_breached OR (t.sla_due_at IS NOT NULL AND ${solvedAt} > t.sla_due_at))`;

// Every branch of the event union has these columns, in this order.
const none = Prisma.sql`NULL::uuid`;

function events(r: FactsRange, mode: FactsMode): Prisma.Sql {
  const branches = [
    Prisma.sql`
      SELECT ${localDay(r, Prisma.sql`t.created_at`)} AS day, t.team_id, ${none} AS agent_id, 'c' AS kind,
             NULL::float8 AS secs, 0 AS eligible, 0 AS met, ${none} AS ticket_id, NULL::int AS rating
      FROM tickets t CROSS JOIN b WHERE ${scope(r)} AND ${inRange(Prisma.sql`t.created_at`)}`,
    Prisma.sql`
      SELECT ${localDay(r, solvedAt)}, t.team_id, t.assignee_id, 's', ${secs(solvedAt, Prisma.sql`t.created_at`)},
             (t.sla_policy_id IS NOT NULL)::int, (t.sla_policy_id IS NOT NULL AND NOT ${breached})::int, ${none}, NULL
      FROM tickets t CROSS JOIN b
      WHERE ${scope(r)} AND t.status IN ('RESOLVED', 'CLOSED')
        AND ((${inRange(Prisma.sql`t.resolved_at`)}) OR (t.resolved_at IS NULL AND ${inRange(Prisma.sql`t.closed_at`)}))`,
    Prisma.sql`
      SELECT ${localDay(r, Prisma.sql`t.first_response_at`)}, t.team_id, COALESCE(fr.author_user_id, t.assignee_id), 'f',
             ${secs(Prisma.sql`t.first_response_at`, Prisma.sql`t.created_at`)}, 0, 0, ${none}, NULL
      FROM tickets t CROSS JOIN b
      LEFT JOIN LATERAL (
        SELECT m.author_user_id FROM ticket_messages m
        WHERE m.ticket_id = t.id AND m.author_user_id IS NOT NULL AND NOT m.is_internal
        ORDER BY m.seq LIMIT 1
      ) fr ON true
      WHERE ${scope(r)} AND ${inRange(Prisma.sql`t.first_response_at`)}`,
    Prisma.sql`
      SELECT ${localDay(r, Prisma.sql`a.created_at`)}, t.team_id, ${none}, 'b', NULL, 0, 0, a.ticket_id, NULL
      FROM ticket_activities a CROSS JOIN b JOIN tickets t ON t.id = a.ticket_id
      WHERE a.organization_id = ${r.orgId}::uuid AND a.action_type = 'sla_breached'
        AND ${inRange(Prisma.sql`a.created_at`)} AND ${scope(r)}`,
    Prisma.sql`
      SELECT ${localDay(r, Prisma.sql`c.responded_at`)}, t.team_id, c.agent_id, 'r', NULL, 0, 0, ${none}, c.rating
      FROM csat_responses c CROSS JOIN b JOIN tickets t ON t.id = c.ticket_id
      WHERE c.organization_id = ${r.orgId}::uuid AND c.rating BETWEEN 1 AND 5
        AND ${inRange(Prisma.sql`c.responded_at`)} AND ${scope(r)}`,
  ];
  if (mode === "rollup") {
    branches.push(
      Prisma.sql`
        SELECT ${localDay(r, Prisma.sql`t.closed_at`)}, t.team_id, ${none}, 'x', NULL, 0, 0, ${none}, NULL
        FROM tickets t CROSS JOIN b WHERE ${scope(r)} AND ${inRange(Prisma.sql`t.closed_at`)}`,
      // A public agent reply answers the customer when it opens the conversation or follows a
      // customer's message; a second reply in a row is not a response.
      Prisma.sql`
        SELECT ${localDay(r, Prisma.sql`m.created_at`)}, t.team_id, m.author_user_id, 'm',
               CASE WHEN prev.id IS NULL THEN ${secs(Prisma.sql`m.created_at`, Prisma.sql`t.created_at`)}
                    WHEN prev.author_contact_id IS NOT NULL THEN ${secs(Prisma.sql`m.created_at`, Prisma.sql`prev.created_at`)}
               END,
               0, 0, m.ticket_id, NULL
        FROM tickets t CROSS JOIN b
        JOIN ticket_messages m ON m.ticket_id = t.id
        LEFT JOIN LATERAL (
          SELECT p.id, p.author_contact_id, p.created_at FROM ticket_messages p
          WHERE p.ticket_id = m.ticket_id AND NOT p.is_internal AND p.seq < m.seq
          ORDER BY p.seq DESC LIMIT 1
        ) prev ON true
        WHERE ${scope(r)} AND t.updated_at >= b.lo AND t.created_at < b.hi
          AND NOT m.is_internal AND m.author_user_id IS NOT NULL AND ${inRange(Prisma.sql`m.created_at`)}`,
    );
  }
  return Prisma.join(branches, " UNION ALL ");
}

/**
 * The figures of every day of the range (days without events have no row), grouped as `mode`
 * says. Histogram arrays are ascending bucket indexes with their counts (report-histogram.ts).
 */
export function queryFacts(db: DbOrTx, r: FactsRange, mode: FactsMode): Promise<FactRow[]> {
  const sets =
    mode === "rollup"
      ? [["day"], ["day", "team_id"], ["day", "agent_id"], ["day", "team_id", "agent_id"]]
      : [["day"], ["day", "agent_id"]];
  const grouping = (extra: string[]) =>
    Prisma.raw(`GROUPING SETS (${sets.map((s) => `(${[...s, ...extra].join(", ")})`).join(", ")})`);
  const teamCols =
    mode === "rollup"
      ? Prisma.raw("team_id, GROUPING(team_id) AS g_team")
      : Prisma.raw("NULL::uuid AS team_id, 1 AS g_team");
  return db.$queryRaw<FactRow[]>`
    WITH b AS (
      SELECT (${r.from}::date)::timestamp AT TIME ZONE ${r.timezone} AS lo,
             ((${r.to}::date) + 1)::timestamp AT TIME ZONE ${r.timezone} AS hi
    ),
    ev AS (${events(r, mode)}),
    scalars AS (
      SELECT day, ${teamCols}, agent_id, GROUPING(agent_id) AS g_agent,
        count(*) FILTER (WHERE kind = 'c')::int AS created,
        count(*) FILTER (WHERE kind = 's')::int AS resolved,
        count(*) FILTER (WHERE kind = 'x')::int AS closed,
        count(*) FILTER (WHERE kind = 'f')::int AS fr_count,
        sum(secs) FILTER (WHERE kind = 'f') AS fr_sum,
        sum(secs) FILTER (WHERE kind = 's') AS res_sum,
        COALESCE(sum(eligible) FILTER (WHERE kind = 's'), 0)::int AS sla_eligible,
        COALESCE(sum(met) FILTER (WHERE kind = 's'), 0)::int AS sla_met,
        count(DISTINCT ticket_id) FILTER (WHERE kind = 'b')::int AS breaches,
        count(*) FILTER (WHERE kind = 'r' AND rating = 1)::int AS csat_1,
        count(*) FILTER (WHERE kind = 'r' AND rating = 2)::int AS csat_2,
        count(*) FILTER (WHERE kind = 'r' AND rating = 3)::int AS csat_3,
        count(*) FILTER (WHERE kind = 'r' AND rating = 4)::int AS csat_4,
        count(*) FILTER (WHERE kind = 'r' AND rating = 5)::int AS csat_5,
        count(DISTINCT ticket_id) FILTER (WHERE kind = 'm')::int AS handled,
        avg(secs) FILTER (WHERE kind = 'm') AS reply_avg
      FROM ev
      GROUP BY ${grouping([])}
    ),
    hb AS (
      SELECT day, ${teamCols}, agent_id, GROUPING(agent_id) AS g_agent, kind, bucket, count(*)::int AS n
      FROM (SELECT ev.*, ${bucketSql(Prisma.sql`ev.secs`)} AS bucket FROM ev WHERE kind IN ('f', 's')) e
      GROUP BY ${grouping(["kind", "bucket"])}
    ),
    hist AS (
      SELECT day, team_id, agent_id, g_team, g_agent,
        array_agg(bucket ORDER BY bucket) FILTER (WHERE kind = 'f') AS fr_buckets,
        array_agg(n ORDER BY bucket) FILTER (WHERE kind = 'f') AS fr_counts,
        array_agg(bucket ORDER BY bucket) FILTER (WHERE kind = 's') AS res_buckets,
        array_agg(n ORDER BY bucket) FILTER (WHERE kind = 's') AS res_counts
      FROM hb GROUP BY day, team_id, agent_id, g_team, g_agent
    )
    SELECT to_char(s.day, 'YYYY-MM-DD') AS day, s.team_id::text AS team_id, s.agent_id::text AS agent_id,
      s.g_team::int AS g_team, s.g_agent::int AS g_agent,
      s.created, s.resolved, s.closed, s.fr_count, s.fr_sum, s.res_sum, s.sla_eligible, s.sla_met,
      s.breaches, s.csat_1, s.csat_2, s.csat_3, s.csat_4, s.csat_5, s.handled, s.reply_avg,
      h.fr_buckets, h.fr_counts, h.res_buckets, h.res_counts
    FROM scalars s
    LEFT JOIN hist h ON h.day = s.day AND h.team_id IS NOT DISTINCT FROM s.team_id
      AND h.agent_id IS NOT DISTINCT FROM s.agent_id AND h.g_team = s.g_team AND h.g_agent = s.g_agent
    -- The no-team and no-agent buckets of the per-team / per-agent groupings are not rows of
    -- their own: their events are in the rows that cover every team / agent.
    WHERE (s.g_team = 1 OR s.team_id IS NOT NULL) AND (s.g_agent = 1 OR s.agent_id IS NOT NULL)
    ORDER BY s.day`;
}
