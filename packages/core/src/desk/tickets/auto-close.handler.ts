import type { Deps } from "../../deps.ts";
import { getDeskSettings } from "../settings/desk-settings.repository.ts";
import { DESK_SETTINGS_DEFAULTS } from "../settings/desk-settings.schema.ts";
import * as repo from "./auto-close.repository.ts";
import { lockTicket } from "./ticket.repository.ts";
import { applyTicketUpdate } from "./ticket.service.ts";

/** Tickets fetched per query; each is closed in its own short transaction. */
export const AUTO_CLOSE_BATCH = 200;
const DAY = 86_400_000;

export type AutoCloseDeps = Pick<Deps, "db" | "boss" | "clock" | "log" | "config" | "events">;

/**
 * `desk.auto-close` (cron, hourly): RESOLVED tickets whose workspace's auto-close wait has passed
 * since resolvedAt become CLOSED (closedAt, autoClosedAt, an `auto_closed` activity and
 * `ticket.updated` from source "system"). Each ticket goes through applyTicketUpdate under its row
 * lock, after re-checking it is still RESOLVED and still due: a ticket the customer reopened
 * meanwhile (addCustomerReply) is skipped, and a second worker racing on the same ticket finds it
 * CLOSED and does nothing, so a ticket is closed once.
 */
export async function handleAutoClose(deps: AutoCloseDeps): Promise<{ closed: number; skipped: number }> {
  const now = deps.clock.now();
  let closed = 0;
  let skipped = 0;
  let after: { resolvedAt: Date; id: string } | undefined;
  for (;;) {
    const batch = await repo.findAutoCloseCandidates(deps.db, {
      now,
      defaultDays: DESK_SETTINGS_DEFAULTS.autoCloseDays,
      take: AUTO_CLOSE_BATCH,
      after,
    });
    for (const candidate of batch) {
      const done = await deps.db.$transaction(async (tx) => {
        const ticket = await lockTicket(tx, candidate.organizationId, candidate.id);
        if (ticket?.status !== "RESOLVED" || !ticket.resolvedAt) return false;
        // Read again under the lock: the wait may have changed, or the ticket been reopened and re-resolved.
        const { autoCloseDays: days } = await getDeskSettings(tx, candidate.organizationId);
        if (days <= 0 || ticket.resolvedAt.getTime() > now.getTime() - days * DAY) return false;
        const changes = await applyTicketUpdate(
          tx,
          deps,
          { orgId: candidate.organizationId, actorUserId: null, source: "system", depth: 0 },
          ticket.id,
          { status: "CLOSED" },
        );
        if (changes.length === 0) return false;
        await repo.markAutoClosed(tx, {
          orgId: candidate.organizationId,
          ticketId: ticket.id,
          days,
          resolvedAt: ticket.resolvedAt,
          now,
        });
        return true;
      });
      if (done) closed++;
      else skipped++;
    }
    const last = batch.at(-1);
    if (!last || batch.length < AUTO_CLOSE_BATCH) break;
    after = { resolvedAt: last.resolvedAt, id: last.id };
  }
  deps.log.info({ job: "desk.auto-close", closed, skipped }, "auto-close done");
  return { closed, skipped };
}
