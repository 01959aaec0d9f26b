import type { DbOrTx } from "@quartet/db/client";
import { Prisma } from "@quartet/db/types";

export const slaPolicySelect = {
  id: true,
  organizationId: true,
  name: true,
  description: true,
  firstResponseTime: true,
  resolutionTime: true,
  businessHoursOnly: true,
  businessHours: true,
  targets: true,
  priorityMultipliers: true,
  escalationRules: true,
  isDefault: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.SLAPolicySelect;

export type SlaPolicyRow = Prisma.SLAPolicyGetPayload<{ select: typeof slaPolicySelect }>;

/** Serialises default-policy changes of one workspace until the transaction ends. */
export async function lockWorkspacePolicies(tx: DbOrTx, orgId: string): Promise<void> {
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`desk.sla_default:${orgId}`}, 0))::text AS locked`;
}

export function listPolicies(db: DbOrTx, orgId: string): Promise<SlaPolicyRow[]> {
  return db.sLAPolicy.findMany({
    where: { organizationId: orgId },
    select: slaPolicySelect,
    orderBy: [{ isDefault: "desc" }, { name: "asc" }, { id: "asc" }],
  });
}

export function findPolicy(db: DbOrTx, orgId: string, policyId: string): Promise<SlaPolicyRow | null> {
  return db.sLAPolicy.findFirst({ where: { id: policyId, organizationId: orgId }, select: slaPolicySelect });
}

export function findDefaultPolicy(db: DbOrTx, orgId: string): Promise<SlaPolicyRow | null> {
  return db.sLAPolicy.findFirst({
    where: { organizationId: orgId, isDefault: true },
    select: slaPolicySelect,
    orderBy: { createdAt: "asc" },
  });
}

export function countPolicies(db: DbOrTx, orgId: string): Promise<number> {
  return db.sLAPolicy.count({ where: { organizationId: orgId } });
}

export function insertPolicy(
  db: DbOrTx,
  data: Omit<Prisma.SLAPolicyUncheckedCreateInput, "id" | "createdAt" | "updatedAt">,
): Promise<SlaPolicyRow> {
  return db.sLAPolicy.create({ data, select: slaPolicySelect });
}

export function updatePolicy(
  db: DbOrTx,
  policyId: string,
  data: Prisma.SLAPolicyUncheckedUpdateInput,
): Promise<SlaPolicyRow> {
  return db.sLAPolicy.update({ where: { id: policyId }, data, select: slaPolicySelect });
}

export function unsetOtherDefaults(db: DbOrTx, orgId: string, keepId: string) {
  return db.sLAPolicy.updateMany({
    where: { organizationId: orgId, isDefault: true, id: { not: keepId } },
    data: { isDefault: false },
  });
}

export function deletePolicy(db: DbOrTx, policyId: string) {
  return db.sLAPolicy.delete({ where: { id: policyId } });
}

// ── Ticket side (applySla) ─────────────────────────────────────────────────────────────────

export function findTicketForSla(db: DbOrTx, ticketId: string) {
  return db.ticket.findUnique({
    where: { id: ticketId },
    select: {
      id: true,
      organizationId: true,
      status: true,
      priority: true,
      createdAt: true,
      firstResponseAt: true,
      slaPolicyId: true,
      slaDueAt: true,
      slaWarnAt: true,
      updatedAt: true,
    },
  });
}

/** The ticket's status changes, oldest first (activity rows written by the ticket service). */
export function findStatusChanges(db: DbOrTx, ticketId: string) {
  return db.ticketActivity.findMany({
    where: { ticketId, actionType: "status_changed" },
    select: { createdAt: true, oldValue: true, newValue: true },
    orderBy: { seq: "asc" },
  });
}

export function setTicketSla(
  db: DbOrTx,
  ticketId: string,
  data: {
    slaPolicyId: string | null;
    slaDueAt: Date | null;
    slaWarnAt: Date | null;
    resetWarning: boolean;
    /** Written back as it was: an SLA recomputation is not an edit of the ticket. */
    updatedAt: Date;
  },
) {
  return db.ticket.update({
    where: { id: ticketId },
    data: {
      updatedAt: data.updatedAt,
      slaPolicyId: data.slaPolicyId,
      slaDueAt: data.slaDueAt,
      slaWarnAt: data.slaWarnAt,
      ...(data.resetWarning ? { slaWarnedAt: null } : {}),
    },
    select: { id: true },
  });
}

/**
 * One batch of the active tickets (OPEN or PENDING, not deleted or merged) that follow `policyId`,
 * or have no policy when `includeUnassigned` (they follow the default), after id `afterId`, in id
 * order, locked FOR UPDATE in that order (so two recomputations can't deadlock and a ticket update
 * waits for the batch). Returns the ids.
 */
export async function lockActiveTicketBatch(
  db: DbOrTx,
  scope: { orgId: string; policyId: string | null; includeUnassigned: boolean },
  afterId: string | null,
  take: number,
): Promise<string[]> {
  const onPolicy = scope.policyId ? Prisma.sql`sla_policy_id = ${scope.policyId}::uuid` : Prisma.sql`false`;
  const unassigned = scope.includeUnassigned ? Prisma.sql`sla_policy_id IS NULL` : Prisma.sql`false`;
  const after = afterId ? Prisma.sql`AND id > ${afterId}::uuid` : Prisma.empty;
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT id FROM tickets
    WHERE organization_id = ${scope.orgId}::uuid AND status IN ('OPEN', 'PENDING')
      AND deleted_at IS NULL AND merged_into_id IS NULL
      AND (${onPolicy} OR ${unassigned}) ${after}
    ORDER BY id
    LIMIT ${take}
    FOR UPDATE`;
  return rows.map((r) => r.id);
}

/** Team ids of the workspace among `ids`. */
export async function existingTeamIds(db: DbOrTx, orgId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.team.findMany({
    where: { organizationId: orgId, id: { in: ids } },
    select: { id: true },
  });
  return new Set(rows.map((r) => r.id));
}

/** Those of `ids` who are active agents, admins or owners of the workspace. */
export async function activeAgentIds(db: DbOrTx, orgId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.membership.findMany({
    where: {
      organizationId: orgId,
      userId: { in: ids },
      disabled: false,
      role: { in: ["AGENT", "ADMIN", "OWNER"] },
      user: { deletedAt: null },
    },
    select: { userId: true },
  });
  return new Set(rows.map((r) => r.userId));
}
