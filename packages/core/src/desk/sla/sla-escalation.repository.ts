import type { DbOrTx } from "@quartet/db/client";
import type { Prisma } from "@quartet/db/types";

// SLA escalations: the once-only claim per ticket, level and target, and what the actions need.

/**
 * Claims the escalation of a ticket at one level of one target: INSERT … ON CONFLICT DO NOTHING on
 * the unique (ticket, level, target). Returns the new row's id for exactly one caller, however many
 * race (a concurrent insert waits for the first one's commit, then finds the conflict), and null
 * on a retry after a commit.
 */
export async function claimEscalation(
  db: DbOrTx,
  row: {
    orgId: string;
    ticketId: string;
    policyId: string;
    level: string;
    target: string;
    dueAt: Date | null;
    now: Date;
  },
): Promise<string | null> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    INSERT INTO sla_escalations (id, organization_id, ticket_id, policy_id, level, target, due_at, created_at)
    VALUES (gen_random_uuid(), ${row.orgId}::uuid, ${row.ticketId}::uuid, ${row.policyId}::uuid,
            ${row.level}, ${row.target}, ${row.dueAt}, ${row.now})
    ON CONFLICT (ticket_id, level, target) DO NOTHING
    RETURNING id::text AS id`;
  return rows[0]?.id ?? null;
}

export function recordEscalationActions(db: DbOrTx, id: string, actions: Prisma.InputJsonValue) {
  return db.slaEscalation.update({ where: { id }, data: { actions }, select: { id: true } });
}

/** What notifications about an escalated ticket say and link to. */
export function findTicketForEscalation(db: DbOrTx, orgId: string, ticketId: string) {
  return db.ticket.findFirst({
    where: { id: ticketId, organizationId: orgId },
    select: { id: true, number: true, subject: true, organization: { select: { slug: true } } },
  });
}

export function findTeamName(db: DbOrTx, orgId: string, teamId: string) {
  return db.team.findFirst({
    where: { id: teamId, organizationId: orgId },
    select: { id: true, name: true },
  });
}

/** Active members who lead `teamId` (role LEAD in the team). */
export async function findTeamLeadIds(db: DbOrTx, orgId: string, teamId: string): Promise<string[]> {
  const rows = await db.teamMember.findMany({
    where: {
      organizationId: orgId,
      teamId,
      roleInTeam: "LEAD",
      user: { deletedAt: null, memberships: { some: { organizationId: orgId, disabled: false } } },
    },
    select: { userId: true },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((r) => r.userId);
}

export function insertEscalationActivity(
  db: DbOrTx,
  row: { orgId: string; ticketId: string; newValue: Prisma.InputJsonValue; now: Date },
) {
  return db.ticketActivity.create({
    data: {
      organizationId: row.orgId,
      ticketId: row.ticketId,
      actorId: null,
      actionType: "sla_escalated",
      newValue: row.newValue,
      metadata: { source: "system" },
      createdAt: row.now,
    },
    select: { id: true },
  });
}

export function setEscalationActivityValue(db: DbOrTx, activityId: string, newValue: Prisma.InputJsonValue) {
  return db.ticketActivity.update({ where: { id: activityId }, data: { newValue }, select: { id: true } });
}
