import type { DbOrTx, Tx } from "@quartet/db/client";

// The day `date` (YYYY-MM-DD) in the workspace's time zone, as a [lo, hi) pair of instants, and the
// tickets that can have an event in it. Every event counted below (creation, first reply,
// resolution, closing, a message) stamps tickets.updated_at, so `updated_at >= lo` narrows the day's
// work to recently touched tickets through the (organization_id, updated_at) index.

/**
 * Replaces the workspace's DailyTicketMetrics rows for one local day: one overall row (team_id
 * NULL, written even on a quiet day) and one per team with activity. Aggregated in SQL.
 */
export async function replaceDailyTicketMetrics(tx: Tx, orgId: string, date: string, tz: string) {
  await tx.$executeRaw`DELETE FROM daily_ticket_metrics WHERE organization_id = ${orgId}::uuid AND date = ${date}::date`;
  return tx.$executeRaw`
    WITH b AS (
      SELECT (${date}::date)::timestamp AT TIME ZONE ${tz} AS lo,
             ((${date}::date) + 1)::timestamp AT TIME ZONE ${tz} AS hi
    ),
    facts AS (
      SELECT t.team_id,
        (t.created_at >= b.lo AND t.created_at < b.hi)::int AS created,
        (t.resolved_at >= b.lo AND t.resolved_at < b.hi)::int AS resolved,
        (t.closed_at >= b.lo AND t.closed_at < b.hi)::int AS closed,
        CASE WHEN t.first_response_at >= b.lo AND t.first_response_at < b.hi
          THEN extract(epoch FROM t.first_response_at - t.created_at) / 60 END AS first_response_min,
        CASE WHEN t.resolved_at >= b.lo AND t.resolved_at < b.hi
          THEN extract(epoch FROM t.resolved_at - t.created_at) / 60 END AS resolution_min,
        0 AS breaches
      FROM tickets t CROSS JOIN b
      WHERE t.organization_id = ${orgId}::uuid AND t.updated_at >= b.lo
        AND t.deleted_at IS NULL AND t.merged_into_id IS NULL
      UNION ALL
      SELECT t.team_id, 0, 0, 0, NULL, NULL, 1
      FROM ticket_activities a CROSS JOIN b
      JOIN tickets t ON t.id = a.ticket_id AND t.deleted_at IS NULL
      WHERE a.organization_id = ${orgId}::uuid AND a.action_type = 'sla_breached'
        AND a.created_at >= b.lo AND a.created_at < b.hi
    ),
    agg AS (
      SELECT CASE WHEN GROUPING(team_id) = 1 THEN NULL ELSE team_id END AS team_id,
        sum(created)::int AS created, sum(resolved)::int AS resolved, sum(closed)::int AS closed,
        avg(first_response_min)::float8 AS first_response_min, avg(resolution_min)::float8 AS resolution_min,
        sum(breaches)::int AS breaches, GROUPING(team_id) AS overall
      FROM facts
      GROUP BY GROUPING SETS ((), (team_id))
    )
    INSERT INTO daily_ticket_metrics (id, organization_id, date, team_id, tickets_created, tickets_resolved,
      tickets_closed, avg_first_response_min, avg_resolution_min, sla_breaches, created_at)
    SELECT gen_random_uuid(), ${orgId}::uuid, ${date}::date, team_id, COALESCE(created, 0),
      COALESCE(resolved, 0), COALESCE(closed, 0), first_response_min, resolution_min, COALESCE(breaches, 0), now()
    FROM agg
    -- The team grouping's NULL-team bucket (tickets without a team) is already in the overall row.
    WHERE overall = 1 OR team_id IS NOT NULL`;
}

/**
 * Replaces the workspace's AgentPerformance rows for one local day, one per agent who replied,
 * resolved or was rated that day: tickets handled (public replies), resolved (as assignee), average
 * response minutes (each public reply that answers the customer: since their last message, or
 * since the ticket opened), average resolution minutes, and CSAT (responses rated that day).
 */
export async function replaceAgentPerformance(tx: Tx, orgId: string, date: string, tz: string) {
  await tx.$executeRaw`DELETE FROM agent_performance WHERE organization_id = ${orgId}::uuid AND date = ${date}::date`;
  return tx.$executeRaw`
    WITH b AS (
      SELECT (${date}::date)::timestamp AT TIME ZONE ${tz} AS lo,
             ((${date}::date) + 1)::timestamp AT TIME ZONE ${tz} AS hi
    ),
    touched AS (
      SELECT t.id, t.created_at, t.resolved_at, t.assignee_id FROM tickets t CROSS JOIN b
      WHERE t.organization_id = ${orgId}::uuid AND t.updated_at >= b.lo
        AND t.deleted_at IS NULL AND t.merged_into_id IS NULL
    ),
    replies AS (
      SELECT m.author_user_id AS agent_id, m.ticket_id,
        CASE WHEN prev.id IS NULL THEN extract(epoch FROM m.created_at - t.created_at) / 60
             WHEN prev.author_contact_id IS NOT NULL THEN extract(epoch FROM m.created_at - prev.created_at) / 60
        END AS response_min
      FROM touched t CROSS JOIN b
      JOIN ticket_messages m ON m.ticket_id = t.id
      LEFT JOIN LATERAL (
        SELECT p.id, p.author_contact_id, p.created_at FROM ticket_messages p
        WHERE p.ticket_id = m.ticket_id AND p.is_internal = false AND p.seq < m.seq
        ORDER BY p.seq DESC LIMIT 1
      ) prev ON true
      WHERE m.is_internal = false AND m.author_user_id IS NOT NULL
        AND m.created_at >= b.lo AND m.created_at < b.hi
    ),
    resolutions AS (
      SELECT t.assignee_id AS agent_id, extract(epoch FROM t.resolved_at - t.created_at) / 60 AS resolution_min
      FROM touched t CROSS JOIN b
      WHERE t.assignee_id IS NOT NULL AND t.resolved_at >= b.lo AND t.resolved_at < b.hi
    ),
    ratings AS (
      SELECT c.agent_id, c.rating FROM csat_responses c CROSS JOIN b
      WHERE c.organization_id = ${orgId}::uuid AND c.agent_id IS NOT NULL AND c.rating IS NOT NULL
        AND c.responded_at >= b.lo AND c.responded_at < b.hi
    ),
    facts AS (
      SELECT agent_id, ticket_id AS handled_ticket, response_min, NULL::float8 AS resolution_min,
        0 AS resolved, NULL::int AS rating FROM replies
      UNION ALL SELECT agent_id, NULL, NULL, resolution_min, 1, NULL FROM resolutions
      UNION ALL SELECT agent_id, NULL, NULL, NULL, 0, rating FROM ratings
    )
    INSERT INTO agent_performance (id, organization_id, date, agent_id, tickets_handled, tickets_resolved,
      avg_response_time_min, avg_resolution_time_min, customer_satisfaction, created_at)
    SELECT gen_random_uuid(), ${orgId}::uuid, ${date}::date, f.agent_id,
      count(DISTINCT f.handled_ticket)::int, sum(f.resolved)::int, avg(f.response_min)::float8,
      avg(f.resolution_min)::float8, avg(f.rating)::float8, now()
    FROM facts f
    JOIN users u ON u.id = f.agent_id
    GROUP BY f.agent_id`;
}

/** Live workspaces that have ever had a ticket, with their time zone, in pages by id. */
export function findMetricsWorkspaces(db: DbOrTx, afterId: string | null, take: number) {
  return db.organization.findMany({
    where: {
      deletedAt: null,
      deskTickets: { some: {} },
      ...(afterId ? { id: { gt: afterId } } : {}),
    },
    select: { id: true, timezone: true },
    orderBy: { id: "asc" },
    take,
  });
}

export function findWorkspaceTimezone(db: DbOrTx, orgId: string) {
  return db.organization.findUnique({ where: { id: orgId }, select: { timezone: true } });
}
