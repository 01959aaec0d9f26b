import type { Prisma } from "@quartet/db/types";
import { assertNotOverLimit, overLimitIds, reserve } from "../../billing/entitlements.service.ts";
import type { Deps, UserActor } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import { decodeCursor, encodeCursor } from "../../keyset-cursor.ts";
import { atLeast, requireMembership } from "../../orgs/org-access.service.ts";
import type { AutomationTrigger, WatchableField } from "./automation.catalog.ts";
import * as repo from "./automation.repository.ts";
import {
  type ActionRunRecord,
  type AutomationExecutionItem,
  type AutomationRuleItem,
  automationActionSchema,
  type Conditions,
  type CreateRuleInput,
  createRuleInput,
  type ListExecutionsInput,
  listExecutionsInput,
  type ReorderRulesInput,
  type RuleIdInput,
  reorderRulesInput,
  type SetRuleEnabledInput,
  setRuleEnabledInput,
  storedConditionsSchema,
  type UpdateRuleInput,
  updateRuleInput,
} from "./automation.schema.ts";

const ruleNotFound = () => new AppError("NOT_FOUND", "Automation rule not found.");
const FAILURE_WINDOW_MS = 7 * 24 * 3_600_000;

function toItem(
  row: repo.RuleRow,
  failures: number,
  canSeeSecrets: boolean,
  lockedByPlan = false,
): AutomationRuleItem {
  const raw = (row.conditions ?? {}) as Record<string, unknown>;
  const parsed = storedConditionsSchema.safeParse(raw);
  const conditions: Conditions = parsed.success ? parsed.data : { match: "all", rules: [] };
  const actions = (Array.isArray(row.actions) ? row.actions : []).flatMap((a) => {
    const p = automationActionSchema.safeParse(a);
    if (!p.success) return [];
    // Agents may read rules, but a webhook's signing secret is for the admins who manage it.
    return [p.data.type === "webhook" && !canSeeSecrets ? { ...p.data, secret: "" } : p.data];
  });
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    trigger: row.trigger as AutomationTrigger,
    triggerField: typeof raw.triggerField === "string" ? (raw.triggerField as WatchableField) : null,
    pendingHours: typeof raw.pendingHours === "number" ? raw.pendingHours : null,
    conditions,
    actions,
    priority: row.priority,
    enabled: row.enabled,
    stopProcessing: row.stopProcessing,
    triggerCount: row.triggerCount,
    lastTriggeredAt: row.lastTriggeredAt,
    recentFailures: failures,
    lockedByPlan,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

type RuleBody = Omit<ReturnType<typeof createRuleInput.parse>, "orgId">;

/**
 * Checks what zod can't: teams, agents and notified people belong to this workspace, and webhook
 * URLs use https (unless private targets are allowed). Errors name the exact field of the editor.
 */
async function assertReferences(deps: Deps, orgId: string, body: RuleBody) {
  const errors: Record<string, string> = {};
  const teamRefs: [string, string][] = [];
  const userRefs: [string, string][] = [];
  body.actions.forEach((a, i) => {
    if (a.type === "set_team" && a.teamId) teamRefs.push([`actions.${i}.teamId`, a.teamId]);
    if (a.type === "set_assignee" && a.assigneeId) userRefs.push([`actions.${i}.assigneeId`, a.assigneeId]);
    if (a.type === "notify") {
      for (const r of a.recipients) if (r !== "assignee") userRefs.push([`actions.${i}.recipients`, r]);
    }
    if (a.type === "webhook" && !deps.config.allowPrivateWebhookTargets && !a.url.startsWith("https://")) {
      errors[`actions.${i}.url`] = "Give a full https:// URL.";
    }
  });
  body.conditions.rules.forEach((r, i) => {
    const values = Array.isArray(r.value) ? r.value : typeof r.value === "string" ? [r.value] : [];
    if (r.field === "teamId") for (const v of values) teamRefs.push([`conditions.rules.${i}.value`, v]);
    if (r.field === "assigneeId") for (const v of values) userRefs.push([`conditions.rules.${i}.value`, v]);
  });
  const teams = await repo.existingTeamIds(
    deps.db,
    orgId,
    teamRefs.map(([, id]) => id),
  );
  const agents = await repo.activeAgentIds(
    deps.db,
    orgId,
    userRefs.map(([, id]) => id),
  );
  for (const [path, id] of teamRefs) if (!teams.has(id)) errors[path] ??= "Choose a team of this workspace.";
  for (const [path, id] of userRefs)
    if (!agents.has(id)) errors[path] ??= "Choose an agent of this workspace.";
  if (Object.keys(errors).length > 0) {
    throw new AppError("BAD_REQUEST", "Some parts of the rule need fixing.", errors);
  }
}

function ruleData(body: RuleBody): repo.RuleData {
  // The trigger's parameters live with the conditions (AutomationRule has no column for them).
  const conditions: Record<string, unknown> = { match: body.conditions.match, rules: body.conditions.rules };
  if (body.trigger === "ticket.field_changed") conditions.triggerField = body.triggerField;
  if (body.trigger === "ticket.pending_for") conditions.pendingHours = body.pendingHours;
  return {
    name: body.name,
    description: body.description ?? null,
    trigger: body.trigger,
    conditions: conditions as Prisma.InputJsonObject,
    actions: body.actions as unknown as Prisma.InputJsonArray,
    stopProcessing: body.stopProcessing,
    enabled: body.enabled,
  };
}

async function loadItem(deps: Deps, orgId: string, ruleId: string, canSeeSecrets: boolean) {
  const row = await repo.findRuleRow(deps.db, orgId, ruleId);
  if (!row) throw ruleNotFound();
  const since = new Date(deps.clock.now().getTime() - FAILURE_WINDOW_MS);
  const failures = await repo.failureCounts(deps.db, orgId, since);
  const locked = await overLimitIds(deps, orgId, "desk.automationRules");
  return toItem(row, failures.get(row.id) ?? 0, canSeeSecrets, locked.has(row.id));
}

/** The workspace's rules in run order, with their run count, last run and recent failures. AGENT+. */
export async function listRules(
  deps: Deps,
  actor: UserActor,
  input: { orgId: string },
): Promise<AutomationRuleItem[]> {
  const membership = await requireMembership(deps.db, input.orgId, actor.userId, "AGENT");
  const rows = await repo.listRuleRows(deps.db, input.orgId);
  const since = new Date(deps.clock.now().getTime() - FAILURE_WINDOW_MS);
  const failures = await repo.failureCounts(deps.db, input.orgId, since);
  const locked = await overLimitIds(deps, input.orgId, "desk.automationRules");
  const admin = atLeast(membership.role, "ADMIN");
  return rows.map((r) => toItem(r, failures.get(r.id) ?? 0, admin, locked.has(r.id)));
}

export async function getRule(deps: Deps, actor: UserActor, input: RuleIdInput): Promise<AutomationRuleItem> {
  const membership = await requireMembership(deps.db, input.orgId, actor.userId, "AGENT");
  return loadItem(deps, input.orgId, input.ruleId, atLeast(membership.role, "ADMIN"));
}

/** ADMIN+ adds a rule; it runs after the existing ones until reordered. */
export async function createRule(
  deps: Deps,
  actor: UserActor,
  rawInput: CreateRuleInput,
): Promise<AutomationRuleItem> {
  const { orgId, ...body } = createRuleInput.parse(rawInput);
  await requireMembership(deps.db, orgId, actor.userId, "ADMIN");
  await assertReferences(deps, orgId, body);
  const row = await deps.db.$transaction(async (tx) => {
    // The plan's rule limit, counted under a per-workspace lock (billing).
    await reserve(tx, deps.clock, orgId, "desk.automationRules");
    return repo.insertRule(tx, {
      ...ruleData(body),
      orgId,
      priority: await repo.nextPriority(tx, orgId),
      createdById: actor.userId,
      now: deps.clock.now(),
    });
  });
  return toItem(row, 0, true);
}

/** ADMIN+ replaces a rule's definition (its place in the order, counters and log stay). */
export async function updateRule(
  deps: Deps,
  actor: UserActor,
  rawInput: UpdateRuleInput,
): Promise<AutomationRuleItem> {
  const { orgId, ruleId, ...body } = updateRuleInput.parse(rawInput);
  await requireMembership(deps.db, orgId, actor.userId, "ADMIN");
  if (!(await repo.findRuleRow(deps.db, orgId, ruleId))) throw ruleNotFound();
  await assertNotOverLimit(deps, orgId, "desk.automationRules", ruleId);
  await assertReferences(deps, orgId, body);
  if (!(await repo.updateRuleRow(deps.db, orgId, ruleId, { ...ruleData(body), now: deps.clock.now() }))) {
    throw ruleNotFound();
  }
  return loadItem(deps, orgId, ruleId, true);
}

/** ADMIN+ deletes a rule and its execution log. */
export async function deleteRule(
  deps: Deps,
  actor: UserActor,
  input: RuleIdInput,
): Promise<{ ruleId: string }> {
  await requireMembership(deps.db, input.orgId, actor.userId, "ADMIN");
  if (!(await repo.deleteRuleRow(deps.db, input.orgId, input.ruleId))) throw ruleNotFound();
  return { ruleId: input.ruleId };
}

export async function setRuleEnabled(
  deps: Deps,
  actor: UserActor,
  rawInput: SetRuleEnabledInput,
): Promise<AutomationRuleItem> {
  const input = setRuleEnabledInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor.userId, "ADMIN");
  if (input.enabled) await assertNotOverLimit(deps, input.orgId, "desk.automationRules", input.ruleId);
  const found = await repo.updateRuleRow(deps.db, input.orgId, input.ruleId, {
    enabled: input.enabled,
    now: deps.clock.now(),
  });
  if (!found) throw ruleNotFound();
  return loadItem(deps, input.orgId, input.ruleId, true);
}

/**
 * ADMIN+ sets the run order: `ruleIds` lists every rule of the workspace, first to run first. A
 * list that doesn't match the current rules (someone added or deleted one meanwhile) is refused
 * rather than half-applied.
 */
export async function reorderRules(
  deps: Deps,
  actor: UserActor,
  rawInput: ReorderRulesInput,
): Promise<AutomationRuleItem[]> {
  const input = reorderRulesInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor.userId, "ADMIN");
  await deps.db.$transaction(async (tx) => {
    const current = new Set(await repo.lockRuleIds(tx, input.orgId));
    const same = current.size === input.ruleIds.length && input.ruleIds.every((id) => current.has(id));
    if (!same) {
      throw new AppError(
        "CONFLICT",
        "The rules changed since you loaded them. Reload and try again.",
        { ruleIds: "Out of date." },
        "STALE_ORDER",
      );
    }
    for (const [index, id] of input.ruleIds.entries()) await repo.setPriority(tx, input.orgId, id, index);
  });
  return listRules(deps, actor, { orgId: input.orgId });
}

/** A rule's execution log, newest first, keyset-paginated. AGENT+. */
export async function listExecutions(
  deps: Deps,
  actor: UserActor,
  rawInput: ListExecutionsInput,
): Promise<{ items: AutomationExecutionItem[]; nextCursor: string | null }> {
  const input = listExecutionsInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor.userId, "AGENT");
  if (!(await repo.findRuleRow(deps.db, input.orgId, input.ruleId))) throw ruleNotFound();
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const rows = await repo.listExecutionRows(deps.db, input.orgId, input.ruleId, after, input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: r.id,
      createdAt: r.createdAt,
      trigger: r.trigger,
      outcome: r.outcome as AutomationExecutionItem["outcome"],
      actionsRun: (Array.isArray(r.actionsRun) ? r.actionsRun : []) as unknown as ActionRunRecord[],
      error: r.error,
      depth: r.depth,
      ticket: r.ticket,
    })),
    nextCursor: rows.length > input.limit && last ? encodeCursor({ at: last.createdAt, id: last.id }) : null,
  };
}
