import { tzOffset } from "@date-fns/tz";

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

const DAY_MS = 86_400_000;

/**
 * The instant of wall-clock time `h:min` on the local day `dayUtc` (that date's midnight in UTC
 * terms) in `tz`; 24:00 is the next midnight. The zone's offset is read for a first guess, then at
 * the guessed instant, so a day that changes offset (DST) gets the offset in force at that time.
 * In a skipped hour (spring forward) the result moves forward by the skipped length, as clocks do.
 */
export function wallInstant(dayUtc: number, [h, min]: readonly [number, number], tz: string): number {
  const wall = dayUtc + (h * 60 + min) * MINUTE;
  const guess = wall - tzOffset(tz, new Date(wall)) * MINUTE;
  return wall - tzOffset(tz, new Date(guess)) * MINUTE;
}

/** Midnight (UTC terms) of the local calendar day that contains instant `t` in `tz`. */
function localDayOf(t: number, tz: string): number {
  const local = t + tzOffset(tz, new Date(t)) * MINUTE;
  return local - (((local % DAY_MS) + DAY_MS) % DAY_MS);
}

const pad = (n: number) => String(n).padStart(2, "0");
/** "2026-12-25" for a local day given as its UTC-terms midnight. */
function isoDay(dayUtc: number): string {
  const d = new Date(dayUtc);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** A calendar prepared once per computation: parsed intervals per weekday, holidays in a set. */
interface PreparedCalendar {
  timezone: string;
  /** Indexed like WEEKDAYS (0 = Sunday): [start, end] as [hours, minutes] pairs. */
  weekly: ReadonlyArray<ReadonlyArray<readonly [readonly [number, number], readonly [number, number]]>>;
  holidays: ReadonlySet<string>;
}

function prepare(cal: BusinessCalendar): PreparedCalendar {
  return {
    timezone: cal.timezone,
    weekly: WEEKDAYS.map((d) =>
      (cal.weekly[d] ?? []).map((i) => [parseHm(i.start), parseHm(i.end)] as const),
    ),
    holidays: new Set(cal.holidays),
  };
}

/**
 * Open spans [start, end) in ms on one local calendar day (given as its UTC-terms midnight).
 * `offset` is the zone's offset (minutes) for the whole day when it doesn't change that day.
 */
function openSpans(dayUtc: number, cal: PreparedCalendar, offset: number | null): Array<[number, number]> {
  const intervals = cal.weekly[new Date(dayUtc).getUTCDay()] ?? [];
  if (intervals.length === 0 || cal.holidays.has(isoDay(dayUtc))) return [];
  const at = (hm: readonly [number, number]) =>
    offset === null ? wallInstant(dayUtc, hm, cal.timezone) : dayUtc + (hm[0] * 60 + hm[1] - offset) * MINUTE;
  return intervals
    .map(([start, end]): [number, number] => [at(start), at(end)])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
}

/**
 * Yields open spans from the local day containing `from` onwards, clipped to start at `from`,
 * one day at a time: walking N days costs N days, whatever the caller does with the spans.
 */
function* spansFrom(from: number, cal: PreparedCalendar): Generator<[number, number]> {
  const tz = cal.timezone;
  let day = localDayOf(from, tz);
  // The offset at the day's start is the previous day's end one: one zone lookup per day.
  let startOffset = tzOffset(tz, new Date(day - tzOffset(tz, new Date(day)) * MINUTE));
  let emptyDays = 0;
  while (emptyDays < MAX_DAYS) {
    const endOffset = tzOffset(tz, new Date(day + DAY_MS - startOffset * MINUTE));
    let any = false;
    for (const [s, e] of openSpans(day, cal, endOffset === startOffset ? startOffset : null)) {
      any = true;
      if (e <= from) continue;
      yield [Math.max(s, from), e];
    }
    emptyDays = any ? 0 : emptyDays + 1;
    day += DAY_MS;
    startOffset = endOffset;
  }
  throw new RangeError("The business calendar has no open hours.");
}

/** `minutes` of open business time after `start` (start itself if minutes is 0). */
export function addBusinessMinutes(start: Date, minutes: number, calendar: BusinessCalendar): Date {
  if (minutes < 0) throw new RangeError("minutes must be >= 0");
  if (minutes === 0) return new Date(start.getTime());
  const t0 = start.getTime();
  return instantsAfter(spansFrom(t0, prepare(calendar)), t0, [minutes * MINUTE])[0] as Date;
}

/** Open business minutes in [a, b) (0 when b <= a). May be fractional. */
export function businessMinutesBetween(a: Date, b: Date, calendar: BusinessCalendar): number {
  const end = b.getTime();
  if (end <= a.getTime()) return 0;
  let total = 0;
  for (const [s, e] of spansFrom(a.getTime(), prepare(calendar))) {
    if (s >= end) break;
    total += Math.min(e, end) - s;
  }
  return total / MINUTE;
}

/** The spans during which the policy's clock runs from `from` on: business hours, or all the time. */
function clockSpans(
  policy: Pick<SlaPolicyRules, "businessHoursOnly" | "businessHours">,
  from: number,
): Iterable<[number, number]> {
  const cal = policy.businessHoursOnly ? policy.businessHours : null;
  return cal ? spansFrom(from, prepare(cal)) : [[from, Number.POSITIVE_INFINITY]];
}

/**
 * The running spans with the (sorted, merged) pauses cut out. One pass over each sequence: every
 * span and every pause is looked at a bounded number of times.
 */
function* withoutPauses(
  spans: Iterable<[number, number]>,
  pauses: ReadonlyArray<readonly [number, number]>,
): Generator<[number, number]> {
  let i = 0;
  for (const [spanStart, end] of spans) {
    let s = spanStart;
    while (s < end) {
      while (i < pauses.length && (pauses[i] as readonly [number, number])[1] <= s) i++;
      const pause = pauses[i];
      if (!pause || pause[0] >= end) {
        yield [s, end];
        break;
      }
      if (pause[0] > s) yield [s, pause[0]];
      s = pause[1];
    }
  }
}

/**
 * The instants at which `amounts` (ms of running clock, in any order) have elapsed, walking the
 * spans once for all of them. An amount of 0 is `start` itself.
 */
function instantsAfter(spans: Iterable<[number, number]>, start: number, amounts: readonly number[]): Date[] {
  const order = amounts.map((ms, idx) => ({ ms, idx })).sort((a, b) => a.ms - b.ms);
  const out: Date[] = new Array(amounts.length);
  let k = 0;
  while (k < order.length && (order[k] as { ms: number }).ms <= 0) {
    out[(order[k] as { idx: number }).idx] = new Date(start);
    k++;
  }
  if (k === order.length) return out;
  let elapsed = 0;
  for (const [s, e] of spans) {
    const length = e - s;
    while (k < order.length && elapsed + length >= (order[k] as { ms: number }).ms) {
      const { ms, idx } = order[k] as { ms: number; idx: number };
      out[idx] = new Date(s + (ms - elapsed));
      k++;
    }
    if (k === order.length) return out;
    elapsed += length;
  }
  /* c8 ignore next */
  throw new RangeError("unreachable");
}

/** Sorted, merged pauses after `from`; an open pause ends at `now` (the clock resumes from now). */
export function normalisePauses(
  paused: readonly PausedInterval[],
  from: Date,
  now: Date,
): Array<[number, number]> {
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
  const target = policy.targets[ticket.priority];
  const pauses = normalisePauses(pausedIntervals, ticket.createdAt, now);
  const onFirstResponse = ticket.firstResponseAt === null;
  const currentTarget = onFirstResponse ? target.firstResponse : target.resolution;
  // One walk of the clock from creation for the three deadlines: linear in days and pauses.
  const start = ticket.createdAt.getTime();
  const [firstResponseDueAt, resolutionDueAt, slaWarnAt] = instantsAfter(
    withoutPauses(clockSpans(policy, start), pauses),
    start,
    [target.firstResponse * MINUTE, target.resolution * MINUTE, currentTarget * WARNING_SHARE * MINUTE],
  ) as [Date, Date, Date];
  return {
    firstResponseDueAt,
    resolutionDueAt,
    slaDueAt: onFirstResponse ? firstResponseDueAt : resolutionDueAt,
    slaWarnAt,
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
