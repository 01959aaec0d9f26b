import type { DbOrTx } from "@quartet/db/client";
import type { Prisma } from "@quartet/db/types";

const candidateSelect = {
  id: true,
  organizationId: true,
  number: true,
  subject: true,
  assigneeId: true,
  slaDueAt: true,
  slaPolicyId: true,
  firstResponseAt: true,
} as const satisfies Prisma.TicketSelect;

export type SlaCandidate = Prisma.TicketGetPayload<{ select: typeof candidateSelect }>;

/** Only OPEN tickets run the clock: PENDING is paused, RESOLVED/CLOSED have stopped it. */
const onTheClock = { status: "OPEN", deletedAt: null, mergedIntoId: null } as const;

export function findBreachCandidates(db: DbOrTx, now: Date, take: number): Promise<SlaCandidate[]> {
  return db.ticket.findMany({
    where: { ...onTheClock, slaBreached: false, slaDueAt: { lte: now } },
    select: candidateSelect,
    orderBy: { slaDueAt: "asc" },
    take,
  });
}

export function findWarningCandidates(db: DbOrTx, now: Date, take: number): Promise<SlaCandidate[]> {
  return db.ticket.findMany({
    where: {
      ...onTheClock,
      slaBreached: false,
      slaWarnedAt: null,
      slaWarnAt: { lte: now },
      slaDueAt: { gt: now },
    },
    select: candidateSelect,
    orderBy: { slaWarnAt: "asc" },
    take,
  });
}

// The two compare-and-sets are raw UPDATEs so the ticket's updatedAt (list order) stays as it was:
// Prisma's @updatedAt would stamp it on every update.

/** Compare-and-set: true for exactly one caller, however many race on the same ticket. */
export async function markBreached(db: DbOrTx, ticketId: string, now: Date): Promise<boolean> {
  const count = await db.$executeRaw`
    UPDATE tickets SET sla_breached = true
    WHERE id = ${ticketId}::uuid AND status = 'OPEN' AND deleted_at IS NULL AND merged_into_id IS NULL
      AND sla_breached = false AND sla_due_at <= ${now}`;
  return count === 1;
}

/** Compare-and-set on slaWarnedAt, for the deadline the caller saw (a moved deadline re-arms). */
export async function markWarned(db: DbOrTx, ticketId: string, dueAt: Date, now: Date): Promise<boolean> {
  const count = await db.$executeRaw`
    UPDATE tickets SET sla_warned_at = ${now}
    WHERE id = ${ticketId}::uuid AND status = 'OPEN' AND deleted_at IS NULL AND merged_into_id IS NULL
      AND sla_breached = false AND sla_warned_at IS NULL AND sla_warn_at <= ${now}
      AND sla_due_at = ${dueAt}`;
  return count === 1;
}

export async function insertSlaActivity(
  db: DbOrTx,
  row: { orgId: string; ticketId: string; actionType: string; newValue: Prisma.InputJsonValue; now: Date },
): Promise<void> {
  await db.ticketActivity.create({
    data: {
      organizationId: row.orgId,
      ticketId: row.ticketId,
      actorId: null,
      actionType: row.actionType,
      newValue: row.newValue,
      createdAt: row.now,
    },
  });
}
