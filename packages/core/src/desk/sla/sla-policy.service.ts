import type { DbOrTx } from "@quartet/db/client";
import { Prisma } from "@quartet/db/types";
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
  type ListSlaPoliciesInput,
  listSlaPoliciesInput,
  type SlaPolicyIdInput,
  slaPolicyIdInput,
  type UpdateSlaPolicyInput,
  updateSlaPolicyInput,
} from "./sla-policy.schema.ts";

export interface SlaPolicyDto {
  id: string;
  name: string;
  description: string | null;
  targets: Record<SlaPriority, SlaTarget>;
  businessHoursOnly: boolean;
  businessHours: BusinessCalendar | null;
  isDefault: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const policyNotFound = () => new AppError("NOT_FOUND", "SLA policy not found.");

/** Targets from the row: the per-priority JSON, falling back to the seed's single pair of columns. */
function rowTargets(row: repo.SlaPolicyRow): Record<SlaPriority, SlaTarget> {
  const stored = (row.targets ?? {}) as Partial<Record<SlaPriority, SlaTarget>>;
  const fallback = { firstResponse: row.firstResponseTime, resolution: row.resolutionTime };
  return Object.fromEntries(PRIORITIES.map((p) => [p, stored[p] ?? fallback])) as Record<
    SlaPriority,
    SlaTarget
  >;
}

function toDto(row: repo.SlaPolicyRow): SlaPolicyDto {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    targets: rowTargets(row),
    businessHoursOnly: row.businessHoursOnly,
    businessHours: (row.businessHours ?? null) as BusinessCalendar | null,
    isDefault: row.isDefault,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function policyRules(row: repo.SlaPolicyRow): SlaPolicyRules {
  const dto = toDto(row);
  return {
    businessHoursOnly: dto.businessHoursOnly && dto.businessHours !== null,
    businessHours: dto.businessHours,
    targets: dto.targets,
  };
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

/** Creates a policy; the workspace's first policy (or one created with isDefault) becomes the default. */
export async function createSlaPolicy(
  deps: Deps,
  actor: UserActor,
  rawInput: CreateSlaPolicyInput,
): Promise<SlaPolicyDto> {
  const input = createSlaPolicyInput.parse(rawInput);
  return deps.db.$transaction(async (tx) => {
    await requireMembership(tx, input.orgId, actor.userId, "ADMIN");
    await repo.lockWorkspacePolicies(tx, input.orgId);
    const isDefault = input.isDefault || (await repo.countPolicies(tx, input.orgId)) === 0;
    const row = await repo.insertPolicy(tx, {
      organizationId: input.orgId,
      name: input.name,
      description: input.description ?? null,
      firstResponseTime: input.targets.MEDIUM.firstResponse,
      resolutionTime: input.targets.MEDIUM.resolution,
      targets: input.targets,
      businessHoursOnly: input.businessHoursOnly,
      businessHours: input.businessHours ?? undefined,
      isDefault,
    });
    if (isDefault) {
      await repo.unsetOtherDefaults(tx, input.orgId, row.id);
      await reapplyPolicy(tx, input.orgId, row.id, true, deps.clock.now());
    }
    return toDto(row);
  });
}

/**
 * Updates a policy. `isDefault: true` makes it the workspace default and unsets the previous one in
 * the same transaction (a default is replaced, never just unset). Open tickets on it are recomputed.
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
    const businessHoursOnly = input.businessHoursOnly ?? current.businessHoursOnly;
    const businessHours = input.businessHours === undefined ? current.businessHours : input.businessHours;
    if (businessHoursOnly && businessHours == null) {
      throw new AppError("BAD_REQUEST", "Set the business hours, or make the policy run 24/7.", {
        businessHours: "Set the business hours, or make the policy run 24/7.",
      });
    }
    const data: Prisma.SLAPolicyUncheckedUpdateInput = { businessHoursOnly };
    if (input.name !== undefined) data.name = input.name;
    if (input.description !== undefined) data.description = input.description;
    if (input.targets !== undefined) {
      data.targets = input.targets;
      data.firstResponseTime = input.targets.MEDIUM.firstResponse;
      data.resolutionTime = input.targets.MEDIUM.resolution;
    }
    if (input.businessHours !== undefined) {
      data.businessHours = input.businessHours === null ? Prisma.DbNull : input.businessHours;
    }
    if (input.isDefault) data.isDefault = true;
    const row = await repo.updatePolicy(tx, current.id, data);
    if (input.isDefault) await repo.unsetOtherDefaults(tx, input.orgId, row.id);
    await reapplyPolicy(tx, input.orgId, row.id, row.isDefault, deps.clock.now());
    return toDto(row);
  });
}

/**
 * Deletes a policy. The default can only go when it is the last one (make another the default
 * first); its tickets move to the default policy and are recomputed.
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
    const affected = await repo.findActiveTicketIdsForPolicy(tx, input.orgId, current.id, current.isDefault);
    await repo.deletePolicy(tx, current.id);
    const now = deps.clock.now();
    for (const ticketId of affected) await applySla(tx, ticketId, now);
    return { id: current.id };
  });
}

async function reapplyPolicy(tx: DbOrTx, orgId: string, policyId: string, isDefault: boolean, now: Date) {
  for (const ticketId of await repo.findActiveTicketIdsForPolicy(tx, orgId, policyId, isDefault)) {
    await applySla(tx, ticketId, now);
  }
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
