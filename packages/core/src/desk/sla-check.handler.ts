import type { Db, DbOrTx } from "@quartet/db/client";
import type { Clock, Logger } from "../deps.ts";
import { createNotification } from "../notifications/notification.service.ts";
import * as repo from "./sla-check.repository.ts";

/** Tickets handled per kind and run; the cron runs every minute, so a backlog drains quickly. */
export const SLA_CHECK_BATCH = 500;

export interface SlaCheckCounts {
  breached: number;
  warned: number;
}

// The web app's ticket page: /w/<workspace slug>/desk/<ticket id>.
const ticketLink = (t: repo.SlaCandidate) => `/w/${t.organization.slug}/desk/${t.id}`;
const kindOf = (t: repo.SlaCandidate) => (t.firstResponseAt === null ? "first_response" : "resolution");

async function recipients(db: DbOrTx, t: repo.SlaCandidate) {
  if (t.assigneeId && (await repo.isActiveMember(db, t.organizationId, t.assigneeId))) return [t.assigneeId];
  return repo.findWorkspaceManagers(db, t.organizationId);
}

/**
 * `desk.sla-check` (cron, every minute). For OPEN tickets past their deadline, records the breach
 * exactly once: `slaBreached` flips false → true with a compare-and-set, and only the caller that
 * flipped it writes the `sla_breached` activity and the notifications, in the same transaction.
 * Before the deadline (WARNING_SHARE of the target elapsed, see sla.ts) it sends one warning the
 * same way via `slaWarnedAt`. Safe to run concurrently on several workers.
 */
export async function handleSlaCheck(deps: { db: Db; clock: Clock; log: Logger }): Promise<SlaCheckCounts> {
  const now = deps.clock.now();
  let breached = 0;
  let warned = 0;

  for (const t of await repo.findBreachCandidates(deps.db, now, SLA_CHECK_BATCH)) {
    const won = await deps.db.$transaction(async (tx) => {
      if (!(await repo.markBreached(tx, t.id, now))) return false;
      const kind = kindOf(t);
      await repo.insertSlaActivity(tx, {
        orgId: t.organizationId,
        ticketId: t.id,
        actionType: "sla_breached",
        newValue: { kind, dueAt: t.slaDueAt?.toISOString() ?? null },
        now,
      });
      const what = kind === "first_response" ? "first response" : "resolution";
      for (const userId of await recipients(tx, t)) {
        await createNotification(tx, {
          userId,
          organizationId: t.organizationId,
          type: "DESK_SLA_BREACHED",
          title: `SLA breached on #${t.number}`,
          message: `The ${what} deadline of #${t.number} “${t.subject}” has passed.`,
          link: ticketLink(t),
        });
      }
      return true;
    });
    if (won) breached++;
  }

  for (const t of await repo.findWarningCandidates(deps.db, now, SLA_CHECK_BATCH)) {
    if (!t.slaDueAt) continue;
    const dueAt = t.slaDueAt;
    const won = await deps.db.$transaction(async (tx) => {
      if (!(await repo.markWarned(tx, t.id, dueAt, now))) return false;
      const kind = kindOf(t);
      await repo.insertSlaActivity(tx, {
        orgId: t.organizationId,
        ticketId: t.id,
        actionType: "sla_warning",
        newValue: { kind, dueAt: dueAt.toISOString() },
        now,
      });
      const minutesLeft = Math.max(1, Math.round((dueAt.getTime() - now.getTime()) / 60_000));
      const what = kind === "first_response" ? "first response" : "resolution";
      for (const userId of await recipients(tx, t)) {
        await createNotification(tx, {
          userId,
          organizationId: t.organizationId,
          type: "DESK_SLA_WARNING",
          title: `SLA deadline soon on #${t.number}`,
          message: `The ${what} of #${t.number} “${t.subject}” is due in ${minutesLeft} min.`,
          link: ticketLink(t),
        });
      }
      return true;
    });
    if (won) warned++;
  }

  const counts = { breached, warned };
  deps.log.info({ job: "desk.sla-check", ...counts }, "sla check done");
  return counts;
}
