import { TZDate } from "@date-fns/tz";
import { addDays, addMilliseconds, format, getDay } from "date-fns";

// SLA clock maths. Pure: no database, no `new Date()` — every instant comes from the caller.
// A business calendar is wall-clock hours in one IANA time zone; each interval is converted to
// real instants day by day, so a 09:00–17:00 day stays 8 real hours across a DST change and a
// day that spans the change (e.g. 00:00–24:00) has its real 23 or 25 hours.

export const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const PRIORITIES = ["LOW", "MEDIUM", "HIGH", "URGENT"] as const;
export type SlaPriority = (typeof PRIORITIES)[number];

/** "HH:mm" wall-clock times; `end` may be "24:00" (midnight at the end of the day). */
export interface TimeInterval {
  start: string;
  end: string;
}

export interface BusinessCalendar {
  /** IANA zone, e.g. "Europe/Paris". */
  timezone: string;
  /** Open intervals per weekday (missing or empty = closed all day). */
  weekly: Partial<Record<Weekday, readonly TimeInterval[]>>;
  /** Closed days, ISO dates ("2026-12-25") in the calendar's zone. */
  holidays: readonly string[];
}

export interface SlaTarget {
  /** Minutes. */
  firstResponse: number;
  /** Minutes. */
  resolution: number;
}

export interface SlaPolicyRules {
  businessHoursOnly: boolean;
  /** Required when businessHoursOnly is true. */
  businessHours: BusinessCalendar | null;
  targets: Record<SlaPriority, SlaTarget>;
}

export interface SlaTicketState {
  createdAt: Date;
  priority: SlaPriority;
  firstResponseAt: Date | null;
}

/** A span during which the SLA clock is stopped (the ticket was PENDING); `end` null = still paused. */
export interface PausedInterval {
  start: Date;
  end: Date | null;
}

export interface SlaDueDates {
  firstResponseDueAt: Date;
  resolutionDueAt: Date;
  /** The deadline that matters now: first response until it happens, then resolution. */
  slaDueAt: Date;
  /** When WARNING_SHARE of the current target has elapsed on the SLA clock. */
  slaWarnAt: Date;
}

/** Share of the current target after which the warning goes out. */
export const WARNING_SHARE = 0.8;

const MINUTE = 60_000;
/** Ten years of days without a single open minute means the calendar is unusable. */
const MAX_DAYS = 3_700;

function parseHm(hm: string): [number, number] {
  const m = /^(\d{2}):(\d{2})$/.exec(hm);
  if (!m) throw new RangeError(`Invalid time "${hm}", expected HH:mm`);
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 24 || min > 59 || (h === 24 && min !== 0)) throw new RangeError(`Invalid time "${hm}"`);
  return [h, min];
}

/** The instant of wall-clock time `hm` on local date y-m-d in `tz` ("24:00" = next midnight). */
function wallInstant(y: number, m: number, d: number, hm: string, tz: string): number {
  const [h, min] = parseHm(hm);
  return new TZDate(y, m, d, h, min, tz).getTime();
}

/** Open spans [start, end) in ms on one local calendar day. */
function openSpans(day: TZDate, cal: BusinessCalendar): Array<[number, number]> {
  if (cal.holidays.includes(format(day, "yyyy-MM-dd"))) return [];
  const intervals = cal.weekly[WEEKDAYS[getDay(day)] as Weekday] ?? [];
  const y = day.getFullYear();
  const m = day.getMonth();
  const d = day.getDate();
  return intervals
    .map((i): [number, number] => [
      wallInstant(y, m, d, i.start, cal.timezone),
      wallInstant(y, m, d, i.end, cal.timezone),
    ])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
}

/** Yields open spans from the local day containing `from` onwards, clipped to start at `from`. */
function* spansFrom(from: Date, cal: BusinessCalendar): Generator<[number, number]> {
  const start = new TZDate(from.getTime(), cal.timezone);
  let day = new TZDate(start.getFullYear(), start.getMonth(), start.getDate(), cal.timezone);
  let emptyDays = 0;
  const t0 = from.getTime();
  while (emptyDays < MAX_DAYS) {
    let any = false;
    for (const [s, e] of openSpans(day, cal)) {
      any = true;
      if (e <= t0) continue;
      yield [Math.max(s, t0), e];
    }
    emptyDays = any ? 0 : emptyDays + 1;
    day = addDays(day, 1);
  }
  throw new RangeError("The business calendar has no open hours.");
}

/** `minutes` of open business time after `start` (start itself if minutes is 0). */
export function addBusinessMinutes(start: Date, minutes: number, calendar: BusinessCalendar): Date {
  if (minutes < 0) throw new RangeError("minutes must be >= 0");
  let remaining = minutes * MINUTE;
  if (remaining === 0) return new Date(start.getTime());
  for (const [s, e] of spansFrom(start, calendar)) {
    if (e - s >= remaining) return new Date(s + remaining);
    remaining -= e - s;
  }
  /* c8 ignore next */
  throw new RangeError("unreachable");
}

/** Open business minutes in [a, b) (0 when b <= a). May be fractional. */
export function businessMinutesBetween(a: Date, b: Date, calendar: BusinessCalendar): number {
  const end = b.getTime();
  if (end <= a.getTime()) return 0;
  let total = 0;
  for (const [s, e] of spansFrom(a, calendar)) {
    if (s >= end) break;
    total += Math.min(e, end) - s;
  }
  return total / MINUTE;
}

interface Clock24x7OrCalendar {
  add(start: Date, minutes: number): Date;
  between(a: Date, b: Date): number;
}

function clockFor(policy: Pick<SlaPolicyRules, "businessHoursOnly" | "businessHours">): Clock24x7OrCalendar {
  const cal = policy.businessHours;
  if (!policy.businessHoursOnly || !cal) {
    return {
      add: (start, minutes) => addMilliseconds(start, minutes * MINUTE),
      between: (a, b) => Math.max(0, b.getTime() - a.getTime()) / MINUTE,
    };
  }
  return {
    add: (start, minutes) => addBusinessMinutes(start, minutes, cal),
    between: (a, b) => businessMinutesBetween(a, b, cal),
  };
}

/** Sorted, merged pauses after `from`; an open pause ends at `now` (the clock resumes from now). */
function normalisePauses(paused: readonly PausedInterval[], from: Date, now: Date): Array<[number, number]> {
  const spans = paused
    .map((p): [number, number] => [
      Math.max(p.start.getTime(), from.getTime()),
      (p.end ?? (now > p.start ? now : p.start)).getTime(),
    ])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push([...span]);
  }
  return merged;
}

/** The instant `minutes` of SLA clock after `start`, the clock stopped during `pauses`. */
function dueAfter(
  clock: Clock24x7OrCalendar,
  start: Date,
  minutes: number,
  pauses: ReadonlyArray<[number, number]>,
): Date {
  let cursor = start;
  let remaining = minutes;
  for (const [ps, pe] of pauses) {
    if (pe <= cursor.getTime()) continue;
    if (ps > cursor.getTime()) {
      const candidate = clock.add(cursor, remaining);
      if (candidate.getTime() <= ps) return candidate;
      remaining -= clock.between(cursor, new Date(ps));
    }
    cursor = new Date(pe);
  }
  return clock.add(cursor, Math.max(0, remaining));
}

/**
 * First-response and resolution deadlines of a ticket under a policy, counted from its creation on
 * the policy's clock (business hours or 24/7), with the clock stopped during `pausedIntervals`.
 * A pause still open is assumed to end `now`, so the dates are what they'd be if it resumed now.
 */
export function computeDueDates(
  policy: SlaPolicyRules,
  ticket: SlaTicketState,
  pausedIntervals: readonly PausedInterval[],
  now: Date,
): SlaDueDates {
  const clock = clockFor(policy);
  const target = policy.targets[ticket.priority];
  const pauses = normalisePauses(pausedIntervals, ticket.createdAt, now);
  const firstResponseDueAt = dueAfter(clock, ticket.createdAt, target.firstResponse, pauses);
  const resolutionDueAt = dueAfter(clock, ticket.createdAt, target.resolution, pauses);
  const onFirstResponse = ticket.firstResponseAt === null;
  const currentTarget = onFirstResponse ? target.firstResponse : target.resolution;
  return {
    firstResponseDueAt,
    resolutionDueAt,
    slaDueAt: onFirstResponse ? firstResponseDueAt : resolutionDueAt,
    slaWarnAt: dueAfter(clock, ticket.createdAt, currentTarget * WARNING_SHARE, pauses),
  };
}

/** Statuses during which the SLA clock doesn't run: waiting on the customer, or done. */
const STOPPED = new Set(["PENDING", "RESOLVED", "CLOSED"]);

/**
 * Pauses from a ticket's status history (`status_changed` old → new, oldest first): the clock stops
 * while the ticket is PENDING, and also while RESOLVED/CLOSED, so a reopened ticket carries on
 * with the time it had left instead of being breached at once.
 */
export function pausedIntervalsFromHistory(
  changes: ReadonlyArray<{ at: Date; from: string | null; to: string | null }>,
): PausedInterval[] {
  const out: PausedInterval[] = [];
  let open: Date | null = null;
  for (const c of changes) {
    const stopped = c.to !== null && STOPPED.has(c.to);
    if (stopped && open === null) open = c.at;
    else if (!stopped && open !== null) {
      out.push({ start: open, end: c.at });
      open = null;
    }
  }
  if (open !== null) out.push({ start: open, end: null });
  return out;
}
