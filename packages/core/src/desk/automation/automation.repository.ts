import type { DbOrTx } from "@quartet/db/client";
import type { Prisma } from "@quartet/db/types";
import { type KeysetCursor, rowsAfterDesc } from "../../keyset-cursor.ts";

// The only code that reads or writes automation rules and their execution log. Every query is
// scoped by organizationId except the cron scan, which walks every workspace on purpose.

export const ruleSelect = {
  id: true,
  organizationId: true,
  name: true,
  description: true,
  trigger: true,
  conditions: true,
  actions: true,
  priority: true,
  enabled: true,
  stopProcessing: true,
  triggerCount: true,
  lastTriggeredAt: true,
  createdAt: true,
  updatedAt: true,
} as const;
export type RuleRow = Prisma.AutomationRuleGetPayload<{ select: typeof ruleSelect }>;

// Run order: lowest priority first, then oldest (not `as const`: Prisma takes mutable arrays).
const runOrder: Prisma.AutomationRuleOrderByWithRelationInput[] = [{ priority: "asc" }, { createdAt: "asc" }];

/** Cheap check on the (organization, trigger, enabled, priority) index before enqueuing anything. */
export async function hasEnabledRule(db: DbOrTx, orgId: string, triggers: string[]): Promise<boolean> {
  const row = await db.automationRule.findFirst({
    where: { organizationId: orgId, trigger: { in: triggers }, enabled: true },
    select: { id: true },
  });
  return row !== null;
}

export function listRuleRows(db: DbOrTx, orgId: string) {
  return db.automationRule.findMany({
    where: { organizationId: orgId },
    select: ruleSelect,
    orderBy: runOrder,
  });
}

export function findRuleRow(db: DbOrTx, orgId: string, ruleId: string) {
  return db.automationRule.findFirst({ where: { id: ruleId, organizationId: orgId }, select: ruleSelect });
}

export function enabledRulesFor(db: DbOrTx, orgId: string, triggers: string[]) {
  return db.automationRule.findMany({
    where: { organizationId: orgId, trigger: { in: triggers }, enabled: true },
    select: ruleSelect,
    orderBy: runOrder,
  });
}

export async function nextPriority(db: DbOrTx, orgId: string): Promise<number> {
  const agg = await db.automationRule.aggregate({
    where: { organizationId: orgId },
    _max: { priority: true },
  });
  return (agg._max.priority ?? -1) + 1;
}

export interface RuleData {
  name: string;
  description: string | null;
  trigger: string;
  conditions: Prisma.InputJsonObject;
  actions: Prisma.InputJsonArray;
  stopProcessing: boolean;
  enabled: boolean;
}

export function insertRule(
  db: DbOrTx,
  data: RuleData & { orgId: string; priority: number; createdById: string; now: Date },
) {
  const { orgId, now, ...rest } = data;
  return db.automationRule.create({
    data: { ...rest, organizationId: orgId, createdAt: now, updatedAt: now },
    select: ruleSelect,
  });
}

/** Returns false when the rule isn't in this workspace. */
export async function updateRuleRow(
  db: DbOrTx,
  orgId: string,
  ruleId: string,
  data: Partial<RuleData> & { now: Date },
): Promise<boolean> {
  const { now, ...rest } = data;
  const { count } = await db.automationRule.updateMany({
    where: { id: ruleId, organizationId: orgId },
    data: { ...rest, updatedAt: now },
  });
  return count > 0;
}

export async function deleteRuleRow(db: DbOrTx, orgId: string, ruleId: string): Promise<boolean> {
  const { count } = await db.automationRule.deleteMany({ where: { id: ruleId, organizationId: orgId } });
  return count > 0;
}

/** Locks the workspace's rules (reorder runs one at a time) and returns their ids. */
export async function lockRuleIds(db: DbOrTx, orgId: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT id FROM automation_rules WHERE organization_id = ${orgId}::uuid FOR UPDATE`;
  return rows.map((r) => r.id);
}

export async function setPriority(db: DbOrTx, orgId: string, ruleId: string, priority: number) {
  await db.automationRule.updateMany({ where: { id: ruleId, organizationId: orgId }, data: { priority } });
}

/** Failed executions per rule since `since` (the list's "needs attention" figure). */
export async function failureCounts(db: DbOrTx, orgId: string, since: Date): Promise<Map<string, number>> {
  const rows = await db.automationExecution.groupBy({
    by: ["ruleId"],
    where: { organizationId: orgId, outcome: "failed", createdAt: { gte: since } },
    _count: { _all: true },
  });
  return new Map(rows.map((r) => [r.ruleId, r._count._all]));
}

/** Active members of the workspace among `userIds` with the Agent role or higher. */
export async function activeAgentIds(db: DbOrTx, orgId: string, userIds: string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db.membership.findMany({
    where: {
      organizationId: orgId,
      userId: { in: userIds },
      disabled: false,
      role: { in: ["AGENT", "ADMIN", "OWNER"] },
    },
    select: { userId: true },
  });
  return new Set(rows.map((r) => r.userId));
}

export async function existingTeamIds(db: DbOrTx, orgId: string, teamIds: string[]): Promise<Set<string>> {
  if (teamIds.length === 0) return new Set();
  const rows = await db.team.findMany({
    where: { organizationId: orgId, id: { in: teamIds } },
    select: { id: true },
  });
  return new Set(rows.map((r) => r.id));
}

// ---------------------------------------------------------------------------------------------
// Engine
// ---------------------------------------------------------------------------------------------

/** The ticket as conditions, templates and webhooks see it. */
export function findTicketForRules(db: DbOrTx, orgId: string, ticketId: string) {
  return db.ticket.findFirst({
    where: { id: ticketId, organizationId: orgId },
    select: {
      id: true,
      number: true,
      subject: true,
      description: true,
      status: true,
      priority: true,
      channel: true,
      tags: true,
      assigneeId: true,
      teamId: true,
      customFields: true,
      mergedIntoId: true,
      deletedAt: true,
      createdAt: true,
      updatedAt: true,
      statusChangedAt: true,
      contact: { select: { id: true, name: true, email: true } },
      organization: { select: { slug: true } },
    },
  });
}
export type RuleTicket = NonNullable<Awaited<ReturnType<typeof findTicketForRules>>>;

/**
 * Claims (rule, dedupeKey): INSERT … ON CONFLICT (rule_id, dedupe_key) DO NOTHING. False when the
 * key was already claimed, i.e. this rule already ran for this job/event (a retried job).
 */
export async function claimExecution(
  db: DbOrTx,
  row: {
    id: string;
    orgId: string;
    ruleId: string;
    ticketId: string;
    trigger: string;
    outcome: "matched" | "failed";
    actionsRun: Prisma.InputJsonArray;
    error?: string | null;
    dedupeKey: string;
    depth: number;
    now: Date;
  },
): Promise<boolean> {
  const { count } = await db.automationExecution.createMany({
    data: [
      {
        id: row.id,
        organizationId: row.orgId,
        ruleId: row.ruleId,
        ticketId: row.ticketId,
        trigger: row.trigger,
        outcome: row.outcome,
        actionsRun: row.actionsRun,
        error: row.error ?? null,
        dedupeKey: row.dedupeKey,
        depth: row.depth,
        createdAt: row.now,
      },
    ],
    skipDuplicates: true,
  });
  return count === 1;
}

export async function finishExecution(
  db: DbOrTx,
  id: string,
  data: { outcome: "matched" | "failed"; actionsRun: Prisma.InputJsonArray; error: string | null },
) {
  await db.automationExecution.update({ where: { id }, data, select: { id: true } });
}

export async function bumpRuleStats(db: DbOrTx, ruleId: string, now: Date) {
  await db.automationRule.update({
    where: { id: ruleId },
    data: { triggerCount: { increment: 1 }, lastTriggeredAt: now },
    select: { id: true },
  });
}

/** Every enabled time-based rule, all workspaces (the cron's work list). */
export function enabledPendingRules(db: DbOrTx) {
  return db.automationRule.findMany({
    where: { trigger: "ticket.pending_for", enabled: true, organization: { deletedAt: null } },
    select: ruleSelect,
    orderBy: [{ organizationId: "asc" }, ...runOrder],
  });
}

/** Tickets pending since `before` or earlier (served by the (status, statusChangedAt) index). */
export function pendingTicketsSince(db: DbOrTx, orgId: string, before: Date, take: number) {
  return db.ticket.findMany({
    where: {
      organizationId: orgId,
      status: "PENDING",
      statusChangedAt: { lte: before },
      deletedAt: null,
      mergedIntoId: null,
    },
    select: { id: true, statusChangedAt: true },
    orderBy: [{ statusChangedAt: "asc" }, { id: "asc" }],
    take,
  });
}

export async function claimedKeys(db: DbOrTx, ruleId: string, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db.automationExecution.findMany({
    where: { ruleId, dedupeKey: { in: keys } },
    select: { dedupeKey: true },
  });
  return new Set(rows.map((r) => r.dedupeKey ?? ""));
}

// ---------------------------------------------------------------------------------------------
// Execution log
// ---------------------------------------------------------------------------------------------

export const executionSelect = {
  id: true,
  createdAt: true,
  trigger: true,
  outcome: true,
  actionsRun: true,
  error: true,
  depth: true,
  ticket: { select: { id: true, number: true, subject: true } },
} as const;

/** Newest first, keyset on (createdAt, id). */
export function listExecutionRows(
  db: DbOrTx,
  orgId: string,
  ruleId: string,
  after: KeysetCursor | null,
  take: number,
) {
  return db.automationExecution.findMany({
    where: {
      organizationId: orgId,
      ruleId,
      ...(after ? rowsAfterDesc("createdAt", after) : {}),
    },
    select: executionSelect,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
  });
}
