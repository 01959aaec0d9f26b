import type { Tx } from "@quartet/db/client";
import type { TicketPriority } from "@quartet/db/enums";
import type { Prisma } from "@quartet/db/types";
import { notifyAgent } from "../notifications/desk-notify.service.ts";
import * as ticketRepo from "../tickets/ticket.repository.ts";
import { applyTicketUpdate, type TicketChangeContext } from "../tickets/ticket.service.ts";
import type { TicketEventDeps } from "../tickets/ticket-events.ts";
import { PRIORITIES } from "./sla.ts";
import * as repo from "./sla-escalation.repository.ts";
import * as policyRepo from "./sla-policy.repository.ts";
import type { EscalationAction } from "./sla-policy.schema.ts";
import { policyEscalationRules } from "./sla-policy.service.ts";

// SLA escalation: when desk.sla-check records a warning or a breach, the rules of the ticket's
// policy for that level run once (a unique sla_escalations row per ticket, level and target,
// claimed in the same transaction). Field changes go through applyTicketUpdate, so they are in
// the ticket's activity and automation and notifications see them; people are told through
// notifyAgent (their notification preferences apply).

export type EscalationLevel = "warning" | "breach";
export type EscalationTarget = "first_response" | "resolution";

/** What one action did, as stored on the escalation and in the activity. */
export type EscalationActionResult = {
  ruleId: string;
  type: EscalationAction["type"];
  outcome: "done" | "skipped";
  /** Why it was skipped (e.g. no_team, no_leads, not_a_member, unchanged). */
  reason?: string;
  userIds?: string[];
  teamId?: string;
  priority?: TicketPriority;
  tag?: string;
};

export interface EscalationInput {
  orgId: string;
  ticketId: string;
  policyId: string | null;
  level: EscalationLevel;
  target: EscalationTarget;
  dueAt: Date | null;
  now: Date;
}

const TITLES: Record<EscalationLevel, (n: number) => string> = {
  warning: (n) => `Escalation: SLA deadline soon on #${n}`,
  breach: (n) => `Escalation: SLA breached on #${n}`,
};
const WHAT: Record<EscalationTarget, string> = { first_response: "first response", resolution: "resolution" };

function raisedPriority(current: TicketPriority, to: "NEXT" | "MEDIUM" | "HIGH" | "URGENT"): TicketPriority {
  const rank = PRIORITIES.indexOf(current);
  if (to === "NEXT") return PRIORITIES[Math.min(rank + 1, PRIORITIES.length - 1)] as TicketPriority;
  return PRIORITIES.indexOf(to) > rank ? to : current;
}

/**
 * Runs the escalation rules of the ticket's policy for `level` and `target`, once: returns the
 * action results, or null when there was nothing to run or another run already did it. Call in
 * the transaction that recorded the warning or the breach, so both commit or neither does.
 */
export async function runEscalations(
  tx: Tx,
  deps: TicketEventDeps,
  input: EscalationInput,
): Promise<EscalationActionResult[] | null> {
  if (!input.policyId) return null;
  const policy = await policyRepo.findPolicy(tx, input.orgId, input.policyId);
  if (!policy) return null;
  const rules = policyEscalationRules(policy).filter(
    (r) => r.level === input.level && (r.target === "any" || r.target === input.target),
  );
  if (rules.length === 0) return null;
  const claimed = await repo.claimEscalation(tx, { ...input, policyId: policy.id });
  if (!claimed) return null;
  const ticket = await repo.findTicketForEscalation(tx, input.orgId, input.ticketId);
  if (!ticket) return null;

  // The summary goes in the activity first, so the field changes below follow it in the timeline.
  const activity = await repo.insertEscalationActivity(tx, {
    orgId: input.orgId,
    ticketId: input.ticketId,
    newValue: { level: input.level, target: input.target, actions: [] },
    now: input.now,
  });

  const ctx: TicketChangeContext = { orgId: input.orgId, actorUserId: null, source: "system", depth: 0 };
  const notify = async (userIds: string[], why: string) => {
    for (const userId of new Set(userIds)) {
      await notifyAgent(tx, deps, {
        orgId: input.orgId,
        userId,
        type: input.level === "breach" ? "desk.sla_breached" : "desk.sla_warning",
        title: TITLES[input.level](ticket.number),
        message:
          input.level === "breach"
            ? `The ${WHAT[input.target]} deadline of #${ticket.number} “${ticket.subject}” has passed. ${why}`
            : `The ${WHAT[input.target]} of #${ticket.number} “${ticket.subject}” is due soon. ${why}`,
        link: `/w/${ticket.organization.slug}/desk/${ticket.id}`,
      });
    }
  };

  const results: EscalationActionResult[] = [];
  for (const rule of rules) {
    for (const action of rule.actions) {
      const base = { ruleId: rule.id, type: action.type };
      // Re-read (and lock) the ticket before each action: an earlier one may have changed it.
      const current = await ticketRepo.lockTicket(tx, input.orgId, input.ticketId);
      if (!current) return results;
      switch (action.type) {
        case "notify_team_leads": {
          const teamId = action.teamId ?? current.teamId;
          const team = teamId ? await repo.findTeamName(tx, input.orgId, teamId) : null;
          if (!team) {
            results.push({ ...base, outcome: "skipped", reason: "no_team" });
            break;
          }
          const leads = await repo.findTeamLeadIds(tx, input.orgId, team.id);
          if (leads.length === 0) {
            results.push({ ...base, outcome: "skipped", reason: "no_leads", teamId: team.id });
            break;
          }
          await notify(leads, `You are told as a lead of ${team.name}.`);
          results.push({ ...base, outcome: "done", teamId: team.id, userIds: leads });
          break;
        }
        case "notify_user": {
          const active = await policyRepo.activeAgentIds(tx, input.orgId, [action.userId]);
          if (!active.has(action.userId)) {
            results.push({ ...base, outcome: "skipped", reason: "not_a_member" });
            break;
          }
          await notify([action.userId], "An escalation rule of the SLA policy names you.");
          results.push({ ...base, outcome: "done", userIds: [action.userId] });
          break;
        }
        case "assign_team": {
          if (!(await repo.findTeamName(tx, input.orgId, action.teamId))) {
            results.push({ ...base, outcome: "skipped", reason: "no_team" });
            break;
          }
          const patch = {
            teamId: action.teamId,
            ...(action.unassign ? { assigneeId: null } : {}),
          };
          const changes = await applyTicketUpdate(tx, deps, ctx, current.id, patch);
          results.push({
            ...base,
            outcome: changes.length > 0 ? "done" : "skipped",
            ...(changes.length > 0 ? {} : { reason: "unchanged" }),
            teamId: action.teamId,
          });
          break;
        }
        case "raise_priority": {
          const next = raisedPriority(current.priority, action.to);
          if (next === current.priority) {
            results.push({ ...base, outcome: "skipped", reason: "unchanged", priority: next });
            break;
          }
          await applyTicketUpdate(tx, deps, ctx, current.id, { priority: next });
          results.push({ ...base, outcome: "done", priority: next });
          break;
        }
        case "add_tag": {
          if (current.tags.includes(action.tag)) {
            results.push({ ...base, outcome: "skipped", reason: "unchanged", tag: action.tag });
            break;
          }
          await applyTicketUpdate(tx, deps, ctx, current.id, { tags: [...current.tags, action.tag] });
          results.push({ ...base, outcome: "done", tag: action.tag });
          break;
        }
      }
    }
  }
  const log = results as unknown as Prisma.InputJsonValue;
  await repo.recordEscalationActions(tx, claimed, log);
  await repo.setEscalationActivityValue(tx, activity.id, {
    level: input.level,
    target: input.target,
    actions: log,
  });
  return results;
}
