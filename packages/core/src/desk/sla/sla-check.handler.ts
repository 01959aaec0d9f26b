import type { Deps } from "../../deps.ts";
import { publishTicketEvent } from "../tickets/ticket-events.ts";
import * as repo from "./sla-check.repository.ts";
import { runEscalations } from "./sla-escalation.service.ts";

/** Tickets handled per kind and run; the cron runs every minute, so a backlog drains quickly. */
export const SLA_CHECK_BATCH = 500;

export interface SlaCheckCounts {
  breached: number;
  warned: number;
  /** Warnings and breaches whose policy's escalation rules ran (once per ticket, level and target). */
  escalated: number;
}

export type SlaCheckDeps = Pick<Deps, "db" | "boss" | "clock" | "log" | "config" | "events">;

const kindOf = (t: repo.SlaCandidate) => (t.firstResponseAt === null ? "first_response" : "resolution");

/**
 * `desk.sla-check` (cron, every minute). For OPEN tickets past their deadline, records the breach
 * exactly once: `slaBreached` flips false → true with a compare-and-set, and only the caller that
 * flipped it writes the `sla_breached` activity and publishes `ticket.sla_breached`, in the same
 * transaction. Before the deadline (WARNING_SHARE of the target elapsed, see sla.ts) it publishes
 * one `ticket.sla_warning` the same way via `slaWarnedAt`. Publishing (rather than notifying here)
 * lets automation rules react and agents' notification preferences apply (desk-notify.service.ts).
 * The same transaction runs the policy's escalation rules for that level (sla-escalation.service.ts),
 * guarded by a unique row per ticket, level and target. Safe to run concurrently on several workers.
 */
export async function handleSlaCheck(deps: SlaCheckDeps): Promise<SlaCheckCounts> {
  const now = deps.clock.now();
  let breached = 0;
  let warned = 0;
  let escalated = 0;
  const event = (t: repo.SlaCandidate, type: "ticket.sla_breached" | "ticket.sla_warning") =>
    ({
      type,
      orgId: t.organizationId,
      ticketId: t.id,
      actorUserId: null,
      source: "system",
      depth: 0,
      at: now,
    }) as const;

  for (const t of await repo.findBreachCandidates(deps.db, now, SLA_CHECK_BATCH)) {
    const won = await deps.db.$transaction(async (tx) => {
      if (!(await repo.markBreached(tx, t.id, now))) return null;
      await repo.insertSlaActivity(tx, {
        orgId: t.organizationId,
        ticketId: t.id,
        actionType: "sla_breached",
        newValue: { kind: kindOf(t), dueAt: t.slaDueAt?.toISOString() ?? null },
        now,
      });
      await publishTicketEvent(tx, deps, event(t, "ticket.sla_breached"));
      const ran = await runEscalations(tx, deps, {
        orgId: t.organizationId,
        ticketId: t.id,
        policyId: t.slaPolicyId,
        level: "breach",
        target: kindOf(t),
        dueAt: t.slaDueAt,
        now,
      });
      return { escalated: ran !== null };
    });
    if (won) breached++;
    if (won?.escalated) escalated++;
  }

  for (const t of await repo.findWarningCandidates(deps.db, now, SLA_CHECK_BATCH)) {
    if (!t.slaDueAt) continue;
    const dueAt = t.slaDueAt;
    const won = await deps.db.$transaction(async (tx) => {
      if (!(await repo.markWarned(tx, t.id, dueAt, now))) return null;
      await repo.insertSlaActivity(tx, {
        orgId: t.organizationId,
        ticketId: t.id,
        actionType: "sla_warning",
        newValue: { kind: kindOf(t), dueAt: dueAt.toISOString() },
        now,
      });
      await publishTicketEvent(tx, deps, event(t, "ticket.sla_warning"));
      const ran = await runEscalations(tx, deps, {
        orgId: t.organizationId,
        ticketId: t.id,
        policyId: t.slaPolicyId,
        level: "warning",
        target: kindOf(t),
        dueAt,
        now,
      });
      return { escalated: ran !== null };
    });
    if (won) warned++;
    if (won?.escalated) escalated++;
  }

  const counts = { breached, warned, escalated };
  deps.log.info({ job: "desk.sla-check", ...counts }, "sla check done");
  return counts;
}
