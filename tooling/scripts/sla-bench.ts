import { TZDate } from "@date-fns/tz";
import {
  type BusinessCalendar,
  computeDueDates,
  normalisePauses,
  type PausedInterval,
  type SlaDueDates,
  type SlaPolicyRules,
  type SlaTicketState,
  WARNING_SHARE,
  WEEKDAYS,
  type Weekday,
} from "@quartet/core/desk/sla/sla";
import { addDays, addMilliseconds, format, getDay } from "date-fns";

// `pnpm bench:sla` — a benchmark, not a test. Times computeDueDates (the SLA deadlines of one ticket
// with pauses, on a business-hours calendar) against the algorithm it replaced, kept below as the
// baseline: that one walked the calendar from each pause to the deadline (pauses × target length),
// the current one walks business time once (pauses + days).
//
//   SLA_BENCH_SKIP_BASELINE=1   only time the current algorithm (the baseline takes ~a minute)

const MINUTE = 60_000;
const DAY = 1440;

// ── The previous algorithm, verbatim but for names (the baseline) ──────────────────────────────

namespace Baseline {
  const MAX_DAYS = 3_700;
  function parseHm(hm: string): [number, number] {
    const m = /^(\d{2}):(\d{2})$/.exec(hm);
    if (!m) throw new RangeError(`Invalid time "${hm}", expected HH:mm`);
    return [Number(m[1]), Number(m[2])];
  }
  function wallInstant(y: number, m: number, d: number, hm: string, tz: string): number {
    const [h, min] = parseHm(hm);
    return new TZDate(y, m, d, h, min, tz).getTime();
  }
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
  function addBusinessMinutes(start: Date, minutes: number, calendar: BusinessCalendar): Date {
    let remaining = minutes * MINUTE;
    if (remaining === 0) return new Date(start.getTime());
    for (const [s, e] of spansFrom(start, calendar)) {
      if (e - s >= remaining) return new Date(s + remaining);
      remaining -= e - s;
    }
    throw new RangeError("unreachable");
  }
  function businessMinutesBetween(a: Date, b: Date, calendar: BusinessCalendar): number {
    const end = b.getTime();
    if (end <= a.getTime()) return 0;
    let total = 0;
    for (const [s, e] of spansFrom(a, calendar)) {
      if (s >= end) break;
      total += Math.min(e, end) - s;
    }
    return total / MINUTE;
  }
  interface Clock {
    add(start: Date, minutes: number): Date;
    between(a: Date, b: Date): number;
  }
  function clockFor(policy: SlaPolicyRules): Clock {
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
  function dueAfter(
    clock: Clock,
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
}

// ── Scenarios ──────────────────────────────────────────────────────────────────────────────────

const nineToFive = [{ start: "09:00", end: "17:00" }];
const paris: BusinessCalendar = {
  timezone: "Europe/Paris",
  weekly: { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive },
  holidays: ["2026-12-25", "2027-01-01", "2027-05-01", "2027-12-25", "2028-01-01"],
};

/** A ticket answered at once, on a resolution target of `days` × 24 h of business time. */
function scenario(days: number, pauseCount: number) {
  const minutes = days * DAY;
  const target = { firstResponse: 60, resolution: minutes };
  const policy: SlaPolicyRules = {
    businessHoursOnly: true,
    businessHours: paris,
    targets: { LOW: target, MEDIUM: target, HIGH: target, URGENT: target },
  };
  const createdAt = new Date("2026-11-25T09:00:00Z");
  const ticket: SlaTicketState = { createdAt, priority: "MEDIUM", firstResponseAt: createdAt };
  // Business time runs 8 h a weekday: the deadline is ~ days × 3 × 7/5 calendar days away.
  // Pauses of 2 h spread over that span, the last one still open.
  const spanMs = days * 3 * 1.4 * DAY * MINUTE;
  const step = spanMs / (pauseCount + 1);
  const pauses: PausedInterval[] = Array.from({ length: pauseCount }, (_, i) => {
    const start = new Date(createdAt.getTime() + step * (i + 1));
    return { start, end: i === pauseCount - 1 ? null : new Date(start.getTime() + 2 * 60 * MINUTE) };
  });
  const now = new Date((pauses.at(-1) as PausedInterval).start.getTime() + 3 * 60 * MINUTE);
  return { label: `${pauseCount} pauses, ${days}-day target`, policy, ticket, pauses, now };
}

type Compute = typeof computeDueDates;

function time(fn: Compute, s: ReturnType<typeof scenario>, runs: number): { ms: number; due: SlaDueDates } {
  const samples: number[] = [];
  let due = fn(s.policy, s.ticket, s.pauses, s.now);
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    due = fn(s.policy, s.ticket, s.pauses, s.now);
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return { ms: samples[Math.floor(samples.length / 2)] as number, due };
}

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(2)} ms`);
const skipBaseline = process.env.SLA_BENCH_SKIP_BASELINE === "1";

console.log("computeDueDates on a 09:00–17:00 weekday calendar (Europe/Paris), median of the runs\n");
console.log(
  `${"scenario".padEnd(30)}${"before".padStart(12)}${"after".padStart(12)}${"speed-up".padStart(12)}`,
);
for (const [s, baselineRuns] of [
  [scenario(30, 20), 3],
  [scenario(365, 200), 1],
] as const) {
  const after = time(computeDueDates, s, 50);
  let before: { ms: number; due: SlaDueDates } | null = null;
  if (!skipBaseline) {
    before = time(Baseline.computeDueDates, s, baselineRuns);
    for (const key of ["firstResponseDueAt", "resolutionDueAt", "slaDueAt", "slaWarnAt"] as const) {
      if (before.due[key].getTime() !== after.due[key].getTime()) {
        throw new Error(
          `${s.label}: ${key} differs: ${before.due[key].toISOString()} vs ${after.due[key].toISOString()}`,
        );
      }
    }
  }
  console.log(
    `${s.label.padEnd(30)}${(before ? fmt(before.ms) : "skipped").padStart(12)}${fmt(after.ms).padStart(12)}${(before ? `${Math.round(before.ms / after.ms)}×` : "").padStart(12)}`,
  );
}
console.log("\nSame deadlines from both algorithms (checked).");
