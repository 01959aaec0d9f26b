import { randomUUID } from "node:crypto";
import type { DbOrTx } from "@quartet/db/client";
import { Prisma } from "@quartet/db/types";
import { deskSlaRecomputeJob } from "@quartet/jobs/definitions";
import { enqueue } from "@quartet/jobs/queue";
import type { z } from "zod";
import { assertNotOverLimit, reserve } from "../../billing/entitlements.service.ts";
import type { Deps, UserActor } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import { requireMembership } from "../../orgs/org-access.service.ts";
import {
  type BusinessCalendar,
  computeDueDates,
  PRIORITIES,
  pausedIntervalsFromHistory,
  type SlaPolicyRules,
  type SlaPriority,
  type SlaTarget,
} from "./sla.ts";
import * as repo from "./sla-policy.repository.ts";
import {
  type CreateSlaPolicyInput,
  createSlaPolicyInput,
  type EscalationRule,
  effectiveTargetIssues,
  escalationRulesSchema,
  type ListSlaPoliciesInput,
  listSlaPoliciesInput,
  type SlaPolicyIdInput,
  scaledTarget,
  slaPolicyIdInput,
  type UpdateSlaPolicyInput,
  updateSlaPolicyInput,
} from "./sla-policy.schema.ts";

export type SlaTargetMode = "perPriority" | "scaled";

export interface SlaPolicyDto {
  id: string;
  name: string;
  description: string | null;
  /** The targets the clock uses per priority: own or base target × the priority's multiplier. */
  targets: Record<SlaPriority, SlaTarget>;
  /** perPriority: each priority has its own target; scaled: `baseTarget` × each multiplier. */
  targetMode: SlaTargetMode;
  /** The seed's single pair of targets (first_response_time, resolution_time). */
  baseTarget: SlaTarget;
  priorityMultipliers: Record<SlaPriority, number>;
  escalationRules: EscalationRule[];
  businessHoursOnly: boolean;
  businessHours: BusinessCalendar | null;
  isDefault: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const policyNotFound = () => new AppError("NOT_FOUND", "SLA policy not found.");

type StoredTargets = Partial<Record<SlaPriority, SlaTarget>>;

/** The per-priority targets stored on the row: all four, or none (scaled mode). */
function storedTargets(row: Pick<repo.SlaPolicyRow, "targets">): StoredTargets | null {
  const stored = (row.targets ?? {}) as StoredTargets;
  return PRIORITIES.every((p) => stored[p]) ? stored : null;
}

function storedMultipliers(row: Pick<repo.SlaPolicyRow, "priorityMultipliers">): Record<SlaPriority, number> {
  const raw = (row.priorityMultipliers ?? {}) as Record<string, unknown>;
  // The seed's JSON may use lower-case keys ({ "urgent": 0.25 }): read both.
  return Object.fromEntries(
    PRIORITIES.map((p) => {
      const v = raw[p] ?? raw[p.toLowerCase()];
      return [p, typeof v === "number" && v > 0 ? v : 1];
    }),
  ) as Record<SlaPriority, number>;
}

function storedRules(row: Pick<repo.SlaPolicyRow, "escalationRules">): EscalationRule[] {
  const parsed = escalationRulesSchema.safeParse(row.escalationRules ?? []);
  if (!parsed.success) return [];
  return parsed.data.filter((r): r is EscalationRule => typeof r.id === "string");
}

/** Targets per priority: own (else the base pair) × the priority's multiplier. */
function effectiveTargets(row: repo.SlaPolicyRow): Record<SlaPriority, SlaTarget> {
  const own = storedTargets(row);
  const base = { firstResponse: row.firstResponseTime, resolution: row.resolutionTime };
  const factors = storedMultipliers(row);
  return Object.fromEntries(PRIORITIES.map((p) => [p, scaledTarget(own?.[p] ?? base, factors[p])])) as Record<
    SlaPriority,
    SlaTarget
  >;
}

function toDto(row: repo.SlaPolicyRow): SlaPolicyDto {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    targets: effectiveTargets(row),
    targetMode: storedTargets(row) ? "perPriority" : "scaled",
    baseTarget: { firstResponse: row.firstResponseTime, resolution: row.resolutionTime },
    priorityMultipliers: storedMultipliers(row),
    escalationRules: storedRules(row),
    businessHoursOnly: row.businessHoursOnly,
    businessHours: (row.businessHours ?? null) as BusinessCalendar | null,
    isDefault: row.isDefault,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function policyRules(row: repo.SlaPolicyRow): SlaPolicyRules {
  return {
    businessHoursOnly: row.businessHoursOnly && row.businessHours !== null,
    businessHours: (row.businessHours ?? null) as BusinessCalendar | null,
    targets: effectiveTargets(row),
  };
}

/** The escalation rules a policy row carries (ids included), for desk.sla-check. */
export function policyEscalationRules(row: repo.SlaPolicyRow): EscalationRule[] {
  return storedRules(row);
}

const badRequest = (fields: Record<string, string>) => {
  const first = Object.values(fields)[0] ?? "Check the highlighted fields.";
  return new AppError("BAD_REQUEST", first, fields);
};

/**
 * Rules as stored: each with an id (kept from the input, new ones get one), and every team and
 * person they name checked against the workspace (field errors name the offending input).
 */
async function checkedRules(
  tx: DbOrTx,
  orgId: string,
  rules: z.output<typeof escalationRulesSchema>,
): Promise<EscalationRule[]> {
  const teamIds = new Set<string>();
  const userIds = new Set<string>();
  for (const rule of rules) {
    for (const a of rule.actions) {
      if ((a.type === "notify_team_leads" || a.type === "assign_team") && a.teamId) teamIds.add(a.teamId);
      if (a.type === "notify_user") userIds.add(a.userId);
    }
  }
  const teams = await repo.existingTeamIds(tx, orgId, [...teamIds]);
  const agents = await repo.activeAgentIds(tx, orgId, [...userIds]);
  const errors: Record<string, string> = {};
  const seen = new Set<string>();
  const out = rules.map((rule, r) => {
    rule.actions.forEach((a, n) => {
      const at = `escalationRules.${r}.actions.${n}`;
      if ((a.type === "notify_team_leads" || a.type === "assign_team") && a.teamId && !teams.has(a.teamId))
        errors[`${at}.teamId`] = "Choose a team of this workspace.";
      if (a.type === "notify_user" && !agents.has(a.userId))
        errors[`${at}.userId`] = "Choose an agent, admin or owner of this workspace.";
    });
    const id = rule.id && !seen.has(rule.id) ? rule.id : randomUUID();
    seen.add(id);
    return { ...rule, id };
  });
  if (Object.keys(errors).length > 0) throw badRequest(errors);
  return out;
}

/** Queues the recomputation of the deadlines a policy change moves, in the change's transaction. */
function queueRecompute(
  deps: Pick<Deps, "boss">,
  tx: DbOrTx,
  scope: { orgId: string; policyId: string | null; includeUnassigned: boolean },
) {
  return enqueue(deps.boss, tx, deskSlaRecomputeJob, scope);
}

export async function listSlaPolicies(
  deps: Deps,
  actor: UserActor,
  rawInput: ListSlaPoliciesInput,
): Promise<SlaPolicyDto[]> {
  const input = listSlaPoliciesInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor.userId, "MEMBER");
  return (await repo.listPolicies(deps.db, input.orgId)).map(toDto);
}

export async function getSlaPolicy(
  deps: Deps,
  actor: UserActor,
  rawInput: SlaPolicyIdInput,
): Promise<SlaPolicyDto> {
  const input = slaPolicyIdInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor.userId, "MEMBER");
  const row = await repo.findPolicy(deps.db, input.orgId, input.policyId);
  if (!row) throw policyNotFound();
  return toDto(row);
}

/**
 * Creates a policy. It becomes the workspace default only when asked (`isDefault`), replacing the
 * previous default; tickets without a policy then follow it (recomputed by desk.sla-recompute).
 */
export async function createSlaPolicy(
  deps: Deps,
  actor: UserActor,
  rawInput: CreateSlaPolicyInput,
): Promise<SlaPolicyDto> {
  const input = createSlaPolicyInput.parse(rawInput);
  return deps.db.$transaction(async (tx) => {
    await requireMembership(tx, input.orgId, actor.userId, "ADMIN");
    await repo.lockWorkspacePolicies(tx, input.orgId);
    // The plan's SLA policy limit, counted under a per-workspace lock (billing).
    await reserve(tx, deps.clock, input.orgId, "desk.slaPolicies");
    const rules = await checkedRules(tx, input.orgId, input.escalationRules);
    const base = input.baseTarget ?? (input.targets?.MEDIUM as SlaTarget);
    const row = await repo.insertPolicy(tx, {
      organizationId: input.orgId,
      name: input.name,
      description: input.description ?? null,
      firstResponseTime: base.firstResponse,
      resolutionTime: base.resolution,
      targets: input.targets ?? {},
      priorityMultipliers: input.priorityMultipliers,
      escalationRules: rules,
      businessHoursOnly: input.businessHoursOnly,
      businessHours: input.businessHours ?? undefined,
      isDefault: input.isDefault,
    });
    if (input.isDefault) {
      await repo.unsetOtherDefaults(tx, input.orgId, row.id);
      await queueRecompute(deps, tx, { orgId: input.orgId, policyId: row.id, includeUnassigned: true });
    }
    return toDto(row);
  });
}

/**
 * Updates a policy. `isDefault: true` makes it the workspace default and unsets the previous one in
 * the same transaction (a default is replaced, never just unset). When the clock or the targets
 * change, the deadlines of its open tickets are recomputed by a desk.sla-recompute job queued in
 * this transaction (names, descriptions and escalation rules move no deadline).
 */
export async function updateSlaPolicy(
  deps: Deps,
  actor: UserActor,
  rawInput: UpdateSlaPolicyInput,
): Promise<SlaPolicyDto> {
  const input = updateSlaPolicyInput.parse(rawInput);
  return deps.db.$transaction(async (tx) => {
    await requireMembership(tx, input.orgId, actor.userId, "ADMIN");
    await repo.lockWorkspacePolicies(tx, input.orgId);
    const current = await repo.findPolicy(tx, input.orgId, input.policyId);
    if (!current) throw policyNotFound();
    // A policy a downgrade left beyond the plan's limit is read-only (billing).
    await assertNotOverLimit({ db: tx, clock: deps.clock }, input.orgId, "desk.slaPolicies", current.id);
    const businessHoursOnly = input.businessHoursOnly ?? current.businessHoursOnly;
    const businessHours = input.businessHours === undefined ? current.businessHours : input.businessHours;
    if (businessHoursOnly && businessHours == null) {
      throw badRequest({ businessHours: "Set the business hours, or make the policy run 24/7." });
    }
    const targets = input.targets === undefined ? storedTargets(current) : input.targets;
    const base =
      input.baseTarget ??
      (input.targets
        ? input.targets.MEDIUM
        : { firstResponse: current.firstResponseTime, resolution: current.resolutionTime });
    const multipliers = input.priorityMultipliers ?? storedMultipliers(current);
    const issues = effectiveTargetIssues(targets, base, multipliers);
    if (Object.keys(issues).length > 0) throw badRequest(issues);

    const data: Prisma.SLAPolicyUncheckedUpdateInput = { businessHoursOnly };
    if (input.name !== undefined) data.name = input.name;
    if (input.description !== undefined) data.description = input.description;
    if (input.targets !== undefined) data.targets = input.targets ?? {};
    if (input.targets !== undefined || input.baseTarget !== undefined) {
      data.firstResponseTime = base.firstResponse;
      data.resolutionTime = base.resolution;
    }
    if (input.priorityMultipliers !== undefined) data.priorityMultipliers = input.priorityMultipliers;
    if (input.escalationRules !== undefined) {
      data.escalationRules = await checkedRules(tx, input.orgId, input.escalationRules);
    }
    if (input.businessHours !== undefined) {
      data.businessHours = input.businessHours === null ? Prisma.DbNull : input.businessHours;
    }
    if (input.isDefault) data.isDefault = true;
    const row = await repo.updatePolicy(tx, current.id, data);
    if (input.isDefault) await repo.unsetOtherDefaults(tx, input.orgId, row.id);
    const clockChanged =
      JSON.stringify(policyRules(row)) !== JSON.stringify(policyRules(current)) ||
      (row.isDefault && !current.isDefault);
    if (clockChanged) {
      await queueRecompute(deps, tx, {
        orgId: input.orgId,
        policyId: row.id,
        includeUnassigned: row.isDefault,
      });
    }
    return toDto(row);
  });
}

/**
 * Deletes a policy. The default can only go when it is the last one (make another the default
 * first); its tickets lose it (ON DELETE SET NULL), follow the default and are recomputed by a
 * desk.sla-recompute job queued in the same transaction.
 */
export async function deleteSlaPolicy(
  deps: Deps,
  actor: UserActor,
  rawInput: SlaPolicyIdInput,
): Promise<{ id: string }> {
  const input = slaPolicyIdInput.parse(rawInput);
  return deps.db.$transaction(async (tx) => {
    await requireMembership(tx, input.orgId, actor.userId, "ADMIN");
    await repo.lockWorkspacePolicies(tx, input.orgId);
    const current = await repo.findPolicy(tx, input.orgId, input.policyId);
    if (!current) throw policyNotFound();
    if (current.isDefault && (await repo.countPolicies(tx, input.orgId)) > 1) {
      throw new AppError(
        "PRECONDITION_FAILED",
        "Make another policy the default before deleting this one.",
        undefined,
        "DEFAULT_SLA_POLICY",
      );
    }
    await repo.deletePolicy(tx, current.id);
    await queueRecompute(deps, tx, { orgId: input.orgId, policyId: null, includeUnassigned: true });
    return { id: current.id };
  });
}

/** Tickets per transaction in desk.sla-recompute. */
export const SLA_RECOMPUTE_BATCH = 200;

/**
 * `desk.sla-recompute`: recomputes the SLA of every active ticket in scope, `batchSize` tickets per
 * transaction (locked, then recomputed from their state: a rerun converges), walking ids in order
 * so a workspace of any size finishes in bounded transactions. Returns the number recomputed.
 */
export async function handleSlaRecompute(
  deps: Pick<Deps, "db" | "clock" | "log">,
  rawPayload: z.input<typeof deskSlaRecomputeJob.schema>,
  batchSize = SLA_RECOMPUTE_BATCH,
): Promise<{ tickets: number; batches: number }> {
  const scope = deskSlaRecomputeJob.schema.parse(rawPayload);
  let afterId: string | null = null;
  let tickets = 0;
  let batches = 0;
  for (;;) {
    const ids: string[] = await deps.db.$transaction(
      async (tx) => {
        const batch = await repo.lockActiveTicketBatch(tx, scope, afterId, batchSize);
        const now = deps.clock.now();
        for (const id of batch) await applySla(tx, id, now);
        return batch;
      },
      { maxWait: 15_000, timeout: 120_000 },
    );
    if (ids.length === 0) break;
    tickets += ids.length;
    batches++;
    afterId = ids.at(-1) as string;
    if (ids.length < batchSize) break;
  }
  deps.log.info({ job: "desk.sla-recompute", orgId: scope.orgId, tickets, batches }, "sla recompute done");
  return { tickets, batches };
}

/**
 * The SLA fields of a ticket about to be created (the workspace default policy, no pause, no
 * response yet), so ticket creation needs no extra write; null when the workspace has no policy.
 */
export async function slaForNewTicket(
  tx: DbOrTx,
  orgId: string,
  priority: SlaPriority,
  now: Date,
): Promise<{ slaPolicyId: string; slaDueAt: Date; slaWarnAt: Date } | null> {
  const policy = await repo.findDefaultPolicy(tx, orgId);
  if (!policy) return null;
  const due = computeDueDates(
    policyRules(policy),
    { createdAt: now, priority, firstResponseAt: null },
    [],
    now,
  );
  return { slaPolicyId: policy.id, slaDueAt: due.slaDueAt, slaWarnAt: due.slaWarnAt };
}

const asStatus = (v: unknown): string | null => (typeof v === "string" ? v : null);

/**
 * Recomputes a ticket's SLA deadline (`slaDueAt`) and warning time (`slaWarnAt`) from its policy
 * (its own, else the workspace default, which it then adopts), priority, first response and the
 * time it spent PENDING. Call inside the transaction that changed the ticket. A moved deadline
 * re-arms the warning; a recorded breach stays recorded.
 */
export async function applySla(
  tx: DbOrTx,
  ticketId: string,
  now: Date,
): Promise<{ slaDueAt: Date | null; slaWarnAt: Date | null }> {
  const ticket = await repo.findTicketForSla(tx, ticketId);
  if (!ticket) throw new AppError("NOT_FOUND", "Ticket not found.");
  const policy =
    (ticket.slaPolicyId ? await repo.findPolicy(tx, ticket.organizationId, ticket.slaPolicyId) : null) ??
    (await repo.findDefaultPolicy(tx, ticket.organizationId));
  let slaDueAt: Date | null = null;
  let slaWarnAt: Date | null = null;
  if (policy && (ticket.status === "OPEN" || ticket.status === "PENDING")) {
    const history = await repo.findStatusChanges(tx, ticket.id);
    const paused = pausedIntervalsFromHistory(
      history.map((h) => ({ at: h.createdAt, from: asStatus(h.oldValue), to: asStatus(h.newValue) })),
    );
    const due = computeDueDates(
      policyRules(policy),
      { createdAt: ticket.createdAt, priority: ticket.priority, firstResponseAt: ticket.firstResponseAt },
      paused,
      now,
    );
    slaDueAt = due.slaDueAt;
    slaWarnAt = due.slaWarnAt;
  } else if (policy) {
    // Resolved or closed: the clock has stopped; keep the last deadline for reports.
    slaDueAt = ticket.slaDueAt;
    slaWarnAt = ticket.slaWarnAt;
  }
  await repo.setTicketSla(tx, ticket.id, {
    slaPolicyId: policy?.id ?? null,
    slaDueAt,
    slaWarnAt,
    resetWarning: (slaDueAt?.getTime() ?? null) !== (ticket.slaDueAt?.getTime() ?? null),
    updatedAt: ticket.updatedAt,
  });
  return { slaDueAt, slaWarnAt };
}
