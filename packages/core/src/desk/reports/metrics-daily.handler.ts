import type { Db } from "@quartet/db/client";
import type { Clock, Logger } from "../../deps.ts";
import * as repo from "./metrics-daily.repository.ts";
import { storedDays } from "./report.repository.ts";
import { addDays, earlierDay, localDate, runsOf, workspaceTimezone } from "./report-days.ts";
import { queryFacts } from "./report-facts.repository.ts";

const WORKSPACE_PAGE = 200;
/** Days computed per statement and transaction when a range is recomputed. */
export const RECOMPUTE_CHUNK_DAYS = 14;
/** How far back the hourly job looks for days to roll up (or to finish rolling up). */
export const CATCH_UP_DAYS = 7;

/**
 * Recomputes one workspace's rollups (DailyTicketMetrics, AgentPerformance) for the days of
 * [from, to], in its time zone, RECOMPUTE_CHUNK_DAYS at a time. Each chunk is computed, then its
 * rows are deleted and re-inserted in one transaction under a per-workspace lock, so reruns and
 * overlapping workers converge. `onChunk` hears how many days are done.
 */
export async function recomputeDeskMetrics(
  deps: { db: Db; clock: Clock },
  orgId: string,
  range: { from: string; to: string },
  onChunk?: (daysDone: number) => Promise<void>,
): Promise<{ days: number }> {
  if (!(range.from <= range.to)) throw new RangeError(`bad metrics range ${range.from}..${range.to}`);
  const timezone = await workspaceTimezone(deps.db, orgId);
  let done = 0;
  for (let from = range.from; from <= range.to; from = addDays(from, RECOMPUTE_CHUNK_DAYS)) {
    const last = addDays(from, RECOMPUTE_CHUNK_DAYS - 1);
    const to = earlierDay(last, range.to);
    // Taken before the facts are read: a day whose computedAt is past its end is complete.
    const computedAt = deps.clock.now();
    const facts = await queryFacts(deps.db, { orgId, timezone, from, to, teamId: null }, "rollup");
    await deps.db.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`desk.metrics:${orgId}`}, 0))::text AS locked`;
        await repo.replaceRollups(tx, { orgId, timezone, from, to, computedAt }, facts);
      },
      { timeout: 60_000, maxWait: 30_000 },
    );
    done += Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1;
    await onChunk?.(done);
  }
  return { days: done };
}

/**
 * `desk.metrics-daily` (hourly): for every workspace with tickets, rolls up the last
 * CATCH_UP_DAYS days before its today that the reports can't read from the rollups yet — most
 * hours nothing; just after the workspace's midnight, the day that just ended; after a pause of
 * the worker or a change of time zone, the days it missed.
 */
export async function handleMetricsDaily(deps: { db: Db; clock: Clock; log: Logger }): Promise<{
  workspaces: number;
  days: number;
}> {
  let workspaces = 0;
  let days = 0;
  let after: string | null = null;
  for (;;) {
    const page = await repo.findMetricsWorkspaces(deps.db, after, WORKSPACE_PAGE);
    for (const org of page) {
      const timezone = await workspaceTimezone(deps.db, org.id);
      const today = localDate(deps.clock.now(), timezone);
      const from = addDays(today, -CATCH_UP_DAYS);
      const to = addDays(today, -1);
      const have = new Set(await storedDays(deps.db, { orgId: org.id, timezone, from, to }));
      const missing: string[] = [];
      for (let d = from; d <= to; d = addDays(d, 1)) if (!have.has(d)) missing.push(d);
      for (const run of runsOf(missing)) days += (await recomputeDeskMetrics(deps, org.id, run)).days;
      if (missing.length > 0) workspaces++;
    }
    if (page.length < WORKSPACE_PAGE) break;
    after = page.at(-1)?.id ?? null;
  }
  deps.log.info({ job: "desk.metrics-daily", workspaces, days }, "desk metrics rolled up");
  return { workspaces, days };
}
