import type { DbOrTx } from "@quartet/db/client";
import { findOrgTimezone, isKnownTimezone } from "./report.repository.ts";

// Workspace days: reports and rollups count events on the calendar day of the workspace's time
// zone, so "today" is the workspace's today whoever looks and wherever the server runs.

const DAY = 86_400_000;

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

/** The earlier of two ISO days. */
export function earlierDay(a: string, b: string): string {
  return a <= b ? a : b;
}

/** Every day of [from, to], in order. */
export function allDays(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** Sorted ISO days as runs of consecutive days, each an inclusive [from, to]. */
export function runsOf(days: readonly string[]): { from: string; to: string }[] {
  const runs: { from: string; to: string }[] = [];
  for (const day of days) {
    const last = runs.at(-1);
    if (last && addDays(last.to, 1) === day) last.to = day;
    else runs.push({ from: day, to: day });
  }
  return runs;
}

function intlKnows(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const knownZones = new Map<string, boolean>();

/**
 * The workspace's time zone, or UTC when the stored value is one PostgreSQL or the runtime doesn't
 * know (AT TIME ZONE would fail every query). Both the reports and the rollup jobs use this, so
 * the rollups are counted in the zone the reports read them in. Answers are remembered per process
 * (pg_timezone_names reads the zone files).
 */
export async function workspaceTimezone(db: DbOrTx, orgId: string): Promise<string> {
  const stored = (await findOrgTimezone(db, orgId)) ?? "UTC";
  let known = knownZones.get(stored);
  if (known === undefined) {
    known = intlKnows(stored) && (await isKnownTimezone(db, stored));
    knownZones.set(stored, known);
  }
  return known ? stored : "UTC";
}
