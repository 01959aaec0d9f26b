import type { Db } from "@quartet/db/client";
import type { Clock, Logger } from "../../deps.ts";
import * as repo from "./metrics-daily.repository.ts";

const WORKSPACE_PAGE = 200;
const DAY = 86_400_000;
/** Longest range one recompute call accepts (a year of days, one transaction each). */
export const MAX_RECOMPUTE_DAYS = 366;

/** An IANA zone Postgres and Intl both understand; a bad stored value falls back to UTC. */
export function safeTimezone(tz: string | null | undefined): string {
  if (!tz) return "UTC";
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return tz;
  } catch {
    return "UTC";
  }
}

/** The calendar date (YYYY-MM-DD) of `instant` in `tz`. */
export function localDate(instant: Date, tz: string): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: tz,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(instant);
}

/** `date` ± `days`, on the calendar (no time zone involved). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

/**
 * Recomputes one workspace's DailyTicketMetrics and AgentPerformance for one local day: in one
 * transaction the day's rows are deleted and re-inserted (the NULL team_id of the overall row
 * makes the unique index useless for an upsert), so reruns and overlapping workers converge.
 */
export async function recomputeDay(db: Db, orgId: string, date: string, tz: string): Promise<void> {
  await db.$transaction(async (tx) => {
    // Two workers on the same (workspace, day) take turns instead of interleaving delete/insert.
    await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`desk.metrics:${orgId}:${date}`}, 0))::text AS locked`;
    await repo.replaceDailyTicketMetrics(tx, orgId, date, tz);
    await repo.replaceAgentPerformance(tx, orgId, date, tz);
  });
}

/** Recomputes every day of [from, to] (YYYY-MM-DD, inclusive) for one workspace, in its time zone. */
export async function recomputeDeskMetrics(
  db: Db,
  orgId: string,
  range: { from: string; to: string },
): Promise<{ days: number }> {
  const span = Math.round((Date.parse(range.to) - Date.parse(range.from)) / DAY);
  if (!(span >= 0 && span < MAX_RECOMPUTE_DAYS)) {
    throw new RangeError(
      `metrics range must be 1..${MAX_RECOMPUTE_DAYS} days, got ${range.from}..${range.to}`,
    );
  }
  const tz = safeTimezone((await repo.findWorkspaceTimezone(db, orgId))?.timezone);
  for (let i = 0; i <= span; i++) await recomputeDay(db, orgId, addDays(range.from, i), tz);
  return { days: span + 1 };
}

/**
 * `desk.metrics-daily` (cron 00:20 UTC): for every workspace with tickets, recomputes yesterday and
 * today in the workspace's own time zone (yesterday is final by now wherever 00:20 UTC falls;
 * today gives the reports a fresh partial figure).
 */
export async function handleMetricsDaily(deps: { db: Db; clock: Clock; log: Logger }): Promise<{
  workspaces: number;
}> {
  const now = deps.clock.now();
  let workspaces = 0;
  let after: string | null = null;
  for (;;) {
    const page = await repo.findMetricsWorkspaces(deps.db, after, WORKSPACE_PAGE);
    for (const org of page) {
      const tz = safeTimezone(org.timezone);
      const today = localDate(now, tz);
      await recomputeDay(deps.db, org.id, addDays(today, -1), tz);
      await recomputeDay(deps.db, org.id, today, tz);
      workspaces++;
    }
    if (page.length < WORKSPACE_PAGE) break;
    after = page.at(-1)?.id ?? null;
  }
  deps.log.info({ job: "desk.metrics-daily", workspaces }, "desk metrics recomputed");
  return { workspaces };
}
