import type { DbOrTx } from "@quartet/db/client";

export interface AutoCloseCandidate {
  id: string;
  organizationId: string;
  resolvedAt: Date;
  autoCloseDays: number;
}

/**
 * Resolved tickets whose workspace's wait (desk_settings.auto_close_days, `defaultDays` without a
 * row; 0 = never) has run out, across every live workspace, oldest first, keyset after `after`.
 * Served by the (status, resolved_at) index.
 */
export function findAutoCloseCandidates(
  db: DbOrTx,
  opts: { now: Date; defaultDays: number; take: number; after?: { resolvedAt: Date; id: string } },
): Promise<AutoCloseCandidate[]> {
  const after = opts.after ?? { resolvedAt: new Date(0), id: "00000000-0000-0000-0000-000000000000" };
  return db.$queryRaw<AutoCloseCandidate[]>`
    SELECT t.id::text AS id, t.organization_id::text AS "organizationId", t.resolved_at AS "resolvedAt",
           COALESCE(s.auto_close_days, ${opts.defaultDays}::int) AS "autoCloseDays"
    FROM tickets t
    JOIN organizations o ON o.id = t.organization_id AND o.deleted_at IS NULL
    LEFT JOIN desk_settings s ON s.organization_id = t.organization_id
    WHERE t.status = 'RESOLVED' AND t.deleted_at IS NULL AND t.merged_into_id IS NULL
      AND t.resolved_at IS NOT NULL
      AND COALESCE(s.auto_close_days, ${opts.defaultDays}::int) > 0
      AND t.resolved_at <= ${opts.now}::timestamptz
            - make_interval(days => COALESCE(s.auto_close_days, ${opts.defaultDays}::int))
      AND (t.resolved_at, t.id) > (${after.resolvedAt}::timestamptz, ${after.id}::uuid)
    ORDER BY t.resolved_at, t.id
    LIMIT ${opts.take}`;
}

/** Stamps the auto-close (status and closedAt were set by applyTicketUpdate in the same transaction). */
export async function markAutoClosed(
  db: DbOrTx,
  row: { orgId: string; ticketId: string; days: number; resolvedAt: Date; now: Date },
): Promise<void> {
  await db.ticket.update({
    where: { id: row.ticketId },
    data: { autoClosedAt: row.now },
    select: { id: true },
  });
  await db.ticketActivity.create({
    data: {
      organizationId: row.orgId,
      ticketId: row.ticketId,
      actorId: null,
      actionType: "auto_closed",
      oldValue: "RESOLVED",
      newValue: "CLOSED",
      metadata: { source: "system", autoCloseDays: row.days, resolvedAt: row.resolvedAt.toISOString() },
      createdAt: row.now,
    },
  });
}
