import { randomUUID } from "node:crypto";
import type { Tx } from "@quartet/db/client";
import type { Prisma } from "@quartet/db/types";
import { overLimitIds } from "../../billing/entitlements.service.ts";
import type { Deps } from "../../deps.ts";
import { createNotification } from "../../notifications/notification.service.ts";
import * as ticketRepo from "../tickets/ticket.repository.ts";
import { applyTicketUpdate, type TicketChangeContext } from "../tickets/ticket.service.ts";
import { publishTicketEvent } from "../tickets/ticket-events.ts";
import { evaluateConditions, type TicketFacts } from "./automation.conditions.ts";
import * as repo from "./automation.repository.ts";
import {
  type ActionRunRecord,
  type AutomationAction,
  automationActionSchema,
  renderTemplate,
  type StoredConditions,
  storedConditionsSchema,
} from "./automation.schema.ts";
import { postWebhook } from "./automation.webhook.ts";

/** What a `desk.automation` job carries: one ticket event, reduced to what rules need. */
export interface AutomationJobPayload {
  orgId: string;
  ticketId: string;
  /** Rule triggers this event fires (e.g. ticket.updated + ticket.field_changed). */
  triggers: string[];
  /** For ticket.updated: the fields that changed (ticket.field_changed rules watch one). */
  changedFields: string[];
  depth: number;
  eventType: string;
  at: string;
}

export type AutomationDeps = Pick<Deps, "db" | "boss" | "clock" | "log" | "config" | "events">;

// Rules run with the ticket row locked and may post notifications: give them Prisma's longer timeout.
const TX_OPTIONS = { maxWait: 15_000, timeout: 15_000 } as const;
/** Tickets handled per pending_for rule and scan; the cron runs every 5 minutes. */
export const PENDING_SCAN_BATCH = 500;

interface RunContext {
  trigger: string;
  /** Automation hops that led to the event; actions run one hop deeper. */
  depth: number;
  /** One execution per (rule, key): the job id for events, the pending period for the scan. */
  dedupeKey: string;
  /** Extra check against the fresh ticket (the scan re-checks the ticket is still in the same pending period). */
  stillApplies?: (ticket: repo.RuleTicket) => boolean;
}

type RunOutcome = "not_matched" | "matched" | "already_ran" | "failed" | "skipped_ticket";

class ActionFailure extends Error {
  constructor(
    readonly records: ActionRunRecord[],
    readonly failure: unknown,
  ) {
    super(failure instanceof Error ? failure.message : String(failure));
  }
}

/** A condition no ticket meets (is_empty on status, which is always set). */
const NEVER = { field: "status", operator: "is_empty" } as const;

function storedConditions(rule: repo.RuleRow): StoredConditions {
  const raw = (rule.conditions ?? {}) as Record<string, unknown>;
  const parsed = storedConditionsSchema.safeParse(raw);
  return {
    // Unreadable conditions never match (an "any" with no rules would be true for every ticket).
    ...(parsed.success ? parsed.data : { match: "any", rules: [NEVER] }),
    triggerField: typeof raw.triggerField === "string" ? raw.triggerField : null,
    pendingHours: typeof raw.pendingHours === "number" ? raw.pendingHours : null,
  };
}

function storedActions(rule: repo.RuleRow): AutomationAction[] {
  const list = Array.isArray(rule.actions) ? rule.actions : [];
  // Stored actions were validated at save; anything unreadable is dropped rather than half-run.
  return list.flatMap((a) => {
    const parsed = automationActionSchema.safeParse(a);
    return parsed.success ? [parsed.data] : [];
  });
}

function factsOf(t: repo.RuleTicket): TicketFacts {
  return {
    status: t.status,
    priority: t.priority,
    channel: t.channel,
    subject: t.subject,
    description: t.description,
    tags: t.tags,
    assigneeId: t.assigneeId,
    teamId: t.teamId,
    requesterEmail: t.contact.email,
    customFields: (t.customFields ?? {}) as Record<string, unknown>,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
  };
}

function templateValues(t: repo.RuleTicket): Record<string, string> {
  return {
    "ticket.number": `#${t.number}`,
    "ticket.subject": t.subject,
    "requester.name": t.contact.name?.trim() || t.contact.email || "",
    "requester.email": t.contact.email ?? "",
  };
}

/** The ticket as a webhook receiver sees it (no conversation: it may contain internal notes). */
function webhookTicket(t: repo.RuleTicket, webUrl: string) {
  return {
    id: t.id,
    number: t.number,
    subject: t.subject,
    status: t.status,
    priority: t.priority,
    channel: t.channel,
    tags: t.tags,
    assigneeId: t.assigneeId,
    teamId: t.teamId,
    requester: { email: t.contact.email, name: t.contact.name },
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
    url: `${webUrl}/w/${t.organization.slug}/desk/${t.id}`,
  };
}

/** A reply or note written by a rule: no author user, one activity, and the usual event. */
async function addRuleMessage(
  tx: Tx,
  deps: AutomationDeps,
  ctx: TicketChangeContext,
  ticketId: string,
  body: string,
  isInternal: boolean,
) {
  const now = deps.clock.now();
  const message = await ticketRepo.insertMessage(tx, {
    orgId: ctx.orgId,
    ticketId,
    authorUserId: null,
    authorContactId: null,
    message: body,
    isInternal,
    now,
  });
  await ticketRepo.updateTicketRow(tx, ticketId, { updatedAt: now });
  await ticketRepo.insertActivities(tx, [
    {
      orgId: ctx.orgId,
      ticketId,
      actorId: null,
      actionType: isInternal ? "internal_note_added" : "replied",
      newValue: { messageId: message.id },
      metadata: { source: "automation" },
      now,
    },
  ]);
  // Published as an agent message so the mail subscriber sends a public reply to the requester.
  await publishTicketEvent(tx, deps, {
    type: "ticket.message_added",
    orgId: ctx.orgId,
    ticketId,
    actorUserId: null,
    source: "automation",
    depth: ctx.depth,
    at: now,
    messageId: message.id,
    isInternal,
    author: "agent",
  });
}

/**
 * Runs the database actions of one rule inside its transaction, in order. Webhooks are returned
 * to be called after the commit: an HTTP call can't be rolled back, and a slow receiver must not
 * hold the ticket's row lock.
 */
async function runDbActions(
  tx: Tx,
  deps: AutomationDeps,
  rule: repo.RuleRow,
  ticket: repo.RuleTicket,
  depth: number,
): Promise<{ records: ActionRunRecord[]; webhooks: Extract<AutomationAction, { type: "webhook" }>[] }> {
  const ctx: TicketChangeContext = {
    orgId: rule.organizationId,
    actorUserId: null,
    source: "automation",
    depth,
  };
  const records: ActionRunRecord[] = [];
  const webhooks: Extract<AutomationAction, { type: "webhook" }>[] = [];
  for (const action of storedActions(rule)) {
    try {
      switch (action.type) {
        case "set_priority":
          await applyTicketUpdate(tx, deps, ctx, ticket.id, { priority: action.priority });
          break;
        case "set_status":
          await applyTicketUpdate(tx, deps, ctx, ticket.id, { status: action.status });
          break;
        case "set_team":
          await applyTicketUpdate(tx, deps, ctx, ticket.id, { teamId: action.teamId });
          break;
        case "set_assignee":
          await applyTicketUpdate(tx, deps, ctx, ticket.id, { assigneeId: action.assigneeId });
          break;
        case "add_tag":
        case "remove_tag": {
          const current = await ticketRepo.lockTicket(tx, ctx.orgId, ticket.id);
          const tags = current?.tags ?? [];
          const next =
            action.type === "add_tag"
              ? tags.includes(action.tag)
                ? tags
                : [...tags, action.tag]
              : tags.filter((t) => t !== action.tag);
          await applyTicketUpdate(tx, deps, ctx, ticket.id, { tags: next });
          break;
        }
        case "add_internal_note":
          await addRuleMessage(
            tx,
            deps,
            ctx,
            ticket.id,
            renderTemplate(action.body, templateValues(ticket)),
            true,
          );
          break;
        case "send_reply":
          await addRuleMessage(
            tx,
            deps,
            ctx,
            ticket.id,
            renderTemplate(action.body, templateValues(ticket)),
            false,
          );
          break;
        case "notify": {
          const wanted = action.recipients.map((r) => (r === "assignee" ? ticket.assigneeId : r));
          const ids = [...new Set(wanted.filter((id): id is string => !!id))];
          // People who left the workspace since the rule was saved are skipped, not an error.
          const active = await repo.activeAgentIds(tx, ctx.orgId, ids);
          for (const userId of ids.filter((id) => active.has(id))) {
            await createNotification(tx, {
              userId,
              organizationId: ctx.orgId,
              type: "DESK_AUTOMATION",
              title: `${rule.name}: #${ticket.number}`,
              message: renderTemplate(action.message, templateValues(ticket)),
              link: `/w/${ticket.organization.slug}/desk/${ticket.id}`,
            });
          }
          break;
        }
        case "webhook":
          webhooks.push(action);
          continue; // recorded once it has run
      }
      records.push({ type: action.type, ok: true });
    } catch (error) {
      records.push({ type: action.type, ok: false });
      throw new ActionFailure(records, error);
    }
  }
  return { records, webhooks };
}

/**
 * Runs one rule against one ticket. In one transaction: re-reads the ticket, evaluates the
 * conditions, claims the (rule, dedupeKey) execution row FIRST (a retried job finds it and skips),
 * runs the actions and bumps the rule's counters. A failing action rolls all of that back and the
 * failure is recorded on its own. Non-matching runs write nothing (they would flood the log).
 */
export async function runRuleOnTicket(
  deps: AutomationDeps,
  rule: repo.RuleRow,
  ticketId: string,
  run: RunContext,
): Promise<RunOutcome> {
  const orgId = rule.organizationId;
  const executionId = randomUUID();
  // Filled inside the transaction: what to call once it has committed.
  const after: {
    records: ActionRunRecord[];
    webhooks: Extract<AutomationAction, { type: "webhook" }>[];
    ticket: repo.RuleTicket | null;
  } = { records: [], webhooks: [], ticket: null };
  let outcome: RunOutcome;
  try {
    outcome = await deps.db.$transaction(async (tx): Promise<RunOutcome> => {
      // Lock first: the facts we evaluate are the ones the actions change.
      if (!(await ticketRepo.lockTicket(tx, orgId, ticketId))) return "skipped_ticket";
      const ticket = await repo.findTicketForRules(tx, orgId, ticketId);
      if (!ticket || ticket.deletedAt || ticket.mergedIntoId) return "skipped_ticket";
      if (run.stillApplies && !run.stillApplies(ticket)) return "not_matched";
      const now = deps.clock.now();
      if (!evaluateConditions(storedConditions(rule), factsOf(ticket), now)) return "not_matched";
      const claimed = await repo.claimExecution(tx, {
        id: executionId,
        orgId,
        ruleId: rule.id,
        ticketId,
        trigger: run.trigger,
        outcome: "matched",
        actionsRun: [],
        dedupeKey: run.dedupeKey,
        depth: run.depth,
        now,
      });
      if (!claimed) return "already_ran";
      const result = await runDbActions(tx, deps, rule, ticket, run.depth + 1);
      await repo.finishExecution(tx, executionId, {
        outcome: "matched",
        actionsRun: result.records as unknown as Prisma.InputJsonArray,
        error: null,
      });
      await repo.bumpRuleStats(tx, rule.id, now);
      after.records = result.records;
      after.webhooks = result.webhooks;
      if (result.webhooks.length) after.ticket = await repo.findTicketForRules(tx, orgId, ticketId);
      return "matched";
    }, TX_OPTIONS);
  } catch (error) {
    const records = error instanceof ActionFailure ? error.records : [];
    const message =
      (error instanceof ActionFailure ? error.message : (error as Error)?.message) ?? String(error);
    deps.log.warn(
      { job: "desk.automation", ruleId: rule.id, ticketId, err: message },
      "automation rule failed",
    );
    await deps.db.$transaction(async (tx) => {
      const now = deps.clock.now();
      const claimed = await repo.claimExecution(tx, {
        id: executionId,
        orgId,
        ruleId: rule.id,
        ticketId,
        trigger: run.trigger,
        outcome: "failed",
        actionsRun: records as unknown as Prisma.InputJsonArray,
        error: message.slice(0, 2000),
        dedupeKey: run.dedupeKey,
        depth: run.depth,
        now,
      });
      if (claimed) await repo.bumpRuleStats(tx, rule.id, now);
    });
    return "failed";
  }

  if (outcome === "matched" && after.webhooks.length && after.ticket) {
    await callWebhooks(deps, rule, run, executionId, after.records, after.webhooks, after.ticket);
  }
  return outcome;
}

/** After the commit: each webhook in turn; a failure marks the execution failed (effects stay). */
async function callWebhooks(
  deps: AutomationDeps,
  rule: repo.RuleRow,
  run: RunContext,
  executionId: string,
  records: ActionRunRecord[],
  webhooks: Extract<AutomationAction, { type: "webhook" }>[],
  ticket: repo.RuleTicket,
) {
  const all = [...records];
  let error: string | null = null;
  const payload = {
    event: run.trigger,
    rule: { id: rule.id, name: rule.name },
    ticket: webhookTicket(ticket, deps.config.webUrl),
  };
  for (const hook of webhooks) {
    try {
      const result = await postWebhook(hook.url, hook.secret, payload, deps.clock.now(), {
        allowPrivateTargets: deps.config.allowPrivateWebhookTargets === true,
      });
      all.push({ type: "webhook", ok: true, detail: String(result.status) });
    } catch (e) {
      error = (e as Error).message;
      all.push({ type: "webhook", ok: false, detail: error });
      break;
    }
  }
  await repo.finishExecution(deps.db, executionId, {
    outcome: error ? "failed" : "matched",
    actionsRun: all as unknown as Prisma.InputJsonArray,
    error,
  });
}

/**
 * `desk.automation`: the enabled rules for the event's triggers, by priority then age, each in its
 * own transaction against the fresh ticket. A matching rule with stopProcessing ends the chain.
 * Idempotent: every execution is keyed by the job id, so a retried job skips what already ran.
 */
export async function handleAutomation(
  deps: AutomationDeps,
  payload: AutomationJobPayload,
  job: { id: string },
): Promise<{ matched: number; failed: number }> {
  // Rules a downgrade left beyond the plan's limit don't run (billing: read-only until upgraded).
  const locked = await overLimitIds(deps, payload.orgId, "desk.automationRules");
  const rules = (await repo.enabledRulesFor(deps.db, payload.orgId, payload.triggers)).filter(
    (r) => !locked.has(r.id),
  );
  let matched = 0;
  let failed = 0;
  for (const rule of rules) {
    if (rule.trigger === "ticket.field_changed") {
      const watched = storedConditions(rule).triggerField;
      if (!watched || !payload.changedFields.includes(watched)) continue;
    }
    const outcome = await runRuleOnTicket(deps, rule, payload.ticketId, {
      trigger: rule.trigger,
      depth: payload.depth,
      dedupeKey: job.id,
    });
    if (outcome === "skipped_ticket") break;
    if (outcome === "failed") failed++;
    if (outcome === "matched") matched++;
    if ((outcome === "matched" || outcome === "already_ran") && rule.stopProcessing) break;
  }
  return { matched, failed };
}

const pendingKey = (ticketId: string, since: Date) => `pending:${ticketId}:${since.toISOString()}`;

/**
 * `desk.automation-scan` (cron, every 5 minutes): for each enabled `ticket.pending_for` rule, the
 * tickets pending for at least its N hours. One firing per pending period: the dedupe key carries
 * the period's start (statusChangedAt), so two workers or two scans can't fire it twice, and a
 * ticket that goes back to pending later starts a new period.
 */
export async function handleAutomationScan(deps: AutomationDeps): Promise<{ fired: number }> {
  const now = deps.clock.now();
  let fired = 0;
  const lockedByOrg = new Map<string, Set<string>>();
  for (const rule of await repo.enabledPendingRules(deps.db)) {
    let locked = lockedByOrg.get(rule.organizationId);
    if (!locked) {
      locked = await overLimitIds(deps, rule.organizationId, "desk.automationRules");
      lockedByOrg.set(rule.organizationId, locked);
    }
    if (locked.has(rule.id)) continue;
    const hours = storedConditions(rule).pendingHours;
    if (!hours) continue;
    const before = new Date(now.getTime() - hours * 3_600_000);
    const tickets = await repo.pendingTicketsSince(deps.db, rule.organizationId, before, PENDING_SCAN_BATCH);
    const seen = await repo.claimedKeys(
      deps.db,
      rule.id,
      tickets.map((t) => pendingKey(t.id, t.statusChangedAt)),
    );
    for (const t of tickets) {
      const key = pendingKey(t.id, t.statusChangedAt);
      if (seen.has(key)) continue;
      const outcome = await runRuleOnTicket(deps, rule, t.id, {
        trigger: "ticket.pending_for",
        depth: 0,
        dedupeKey: key,
        stillApplies: (fresh) =>
          fresh.status === "PENDING" && fresh.statusChangedAt.getTime() === t.statusChangedAt.getTime(),
      });
      if (outcome === "matched") fired++;
    }
  }
  deps.log.info({ job: "desk.automation-scan", fired }, "automation scan done");
  return { fired };
}
