// Dates in the viewer's timezone: the thread's day separators, snooze presets ("tomorrow 9:00"
// there, not on the server) and the date-time field that states its zone.

const pad = (n: number) => String(n).padStart(2, "0");

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: number;
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock reading of `date` in `timeZone`. */
export function zonedParts(date: Date, timeZone: string): Parts {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      weekday: "short",
    });
    partsFormatters.set(timeZone, f);
  }
  const get = (type: string) => f.formatToParts(date).find((p) => p.type === type)?.value ?? "0";
  const weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  return {
    year: Number(get("year")),
    month: Number(get("month")),
    day: Number(get("day")),
    hour: Number(get("hour")) % 24,
    minute: Number(get("minute")),
    weekday: weekdays.indexOf(get("weekday")),
  };
}

/** "2026-12-09": the calendar day of `date` where the viewer is. */
export function dayKey(date: Date, timeZone: string): string {
  const p = zonedParts(date, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** The instant at which the clock in `timeZone` reads the given wall time (DST-aware). */
export function zonedTimeToDate(
  wall: { year: number; month: number; day: number; hour: number; minute: number },
  timeZone: string,
): Date {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  // The zone's offset at that moment, guessed then corrected once (a DST edge moves it).
  let guess = asUtc;
  for (let i = 0; i < 2; i++) {
    const p = zonedParts(new Date(guess), timeZone);
    const shown = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
    guess += asUtc - shown;
  }
  return new Date(guess);
}

/** A `datetime-local` value ("2026-12-10T09:00") read in `timeZone`, or null when incomplete. */
export function localInputToDate(value: string, timeZone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  return zonedTimeToDate({ year, month, day, hour, minute }, timeZone);
}

/** The `datetime-local` value showing `date` in `timeZone`. */
export function dateToLocalInput(date: Date, timeZone: string): string {
  const p = zonedParts(date, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

export type SnoozePreset = "laterToday" | "tomorrow" | "nextWeek";

/** Snooze choices: in 3 hours, tomorrow at 9:00 and next Monday at 9:00, the viewer's clock. */
export function snoozePresets(now: Date, timeZone: string): { key: SnoozePreset; until: Date }[] {
  const today = zonedParts(now, timeZone);
  const at9 = (daysAhead: number) => {
    // Noon UTC of the target day keeps the date right whatever the offset.
    const d = new Date(Date.UTC(today.year, today.month - 1, today.day + daysAhead, 12));
    return zonedTimeToDate(
      { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: 9, minute: 0 },
      timeZone,
    );
  };
  const untilMonday = (8 - today.weekday) % 7 || 7;
  return [
    { key: "laterToday", until: new Date(now.getTime() + 3 * 3600_000) },
    { key: "tomorrow", until: at9(1) },
    { key: "nextWeek", until: at9(untilMonday) },
  ];
}

/** Hours and minutes left until `closesAt` (never negative). */
export function timeLeft(closesAt: Date, now: Date): { hours: number; minutes: number; ms: number } {
  const ms = Math.max(0, closesAt.getTime() - now.getTime());
  const totalMinutes = Math.ceil(ms / 60_000);
  return { hours: Math.floor(totalMinutes / 60), minutes: totalMinutes % 60, ms };
}
