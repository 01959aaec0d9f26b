import type { DbOrTx } from "@quartet/db/client";

// Reads for the agent conveniences (see ticket-agent.service.ts). Every query is scoped by organizationId.

/** The workspace's tags with how many (not deleted) tickets carry each, most used first. */
export function listWorkspaceTags(db: DbOrTx, orgId: string, prefix: string | null, limit: number) {
  return db.$queryRaw<{ tag: string; count: number }[]>`
    SELECT tag, count(*)::int AS count
    FROM tickets t, unnest(t.tags) AS tag
    WHERE t.organization_id = ${orgId}::uuid
      AND t.deleted_at IS NULL
      AND (${prefix}::text IS NULL OR starts_with(tag, ${prefix}::text))
    GROUP BY tag
    ORDER BY count DESC, tag ASC
    LIMIT ${limit}`;
}

/** The workspace's ticket with this number, as a search hit needs it. */
export function findTicketByNumber(db: DbOrTx, orgId: string, number: number) {
  return db.ticket.findFirst({
    where: { organizationId: orgId, number, deletedAt: null },
    select: {
      id: true,
      number: true,
      status: true,
      priority: true,
      updatedAt: true,
      subject: true,
      description: true,
    },
  });
}
