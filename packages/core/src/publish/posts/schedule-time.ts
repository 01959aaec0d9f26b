import { TZDate } from "@date-fns/tz";
import { addDays } from "date-fns";
import { AppError } from "../../errors.ts";

// Publish times: people pick a wall-clock time in a time zone (the workspace's, theirs, a posting
// set's); we store the UTC instant. @date-fns/tz does the zone maths, so 09:00 in Europe/Paris is
// 08:00Z in winter and 07:00Z in summer, and a recurring post stays at 09:00 across DST.

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock parts of `at` in `timeZone`. */
export function zonedParts(at: Date, timeZone: string) {
  const z = new TZDate(at.getTime(), timeZone);
  return {
    year: z.getFullYear(),
    month: z.getMonth() + 1,
    day: z.getDate(),
    hour: z.getHours(),
    minute: z.getMinutes(),
    /** ISO weekday: 1 = Monday … 7 = Sunday. */
    isoDay: z.getDay() === 0 ? 7 : z.getDay(),
  };
}

const pad = (n: number) => String(n).padStart(2, "0");

/** "YYYY-MM-DD" and "HH:mm" of `at` in `timeZone`. */
export function toLocal(at: Date, timeZone: string): { date: string; time: string } {
  const p = zonedParts(at, timeZone);
  return { date: `${p.year}-${pad(p.month)}-${pad(p.day)}`, time: `${pad(p.hour)}:${pad(p.minute)}` };
}

/**
 * The instant of a wall-clock date and time in a zone. A time the clocks skip (02:30 on the night
 * they go forward) doesn't exist: BAD_REQUEST on `field` rather than a silent shift.
 */
export function fromLocal(date: string, time: string, timeZone: string, field = "publishAt"): Date {
  const d = DATE.exec(date);
  const t = TIME.exec(time);
  if (!d || !t)
    throw new AppError("BAD_REQUEST", "Pick a date and a time.", { [field]: "Pick a date and a time." });
  const [year, month, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
  const [hour, minute] = [Number(t[1]), Number(t[2])];
  const at = new Date(new TZDate(year, month - 1, day, hour, minute, timeZone).getTime());
  const back = zonedParts(at, timeZone);
  if (back.year !== year || back.month !== month || back.day !== day) {
    const message = `${date} is not a date.`;
    throw new AppError("BAD_REQUEST", message, { [field]: message });
  }
  if (back.hour !== hour || back.minute !== minute) {
    const message = `${time} doesn't exist on ${date} in ${timeZone} (the clocks go forward). Pick another time.`;
    throw new AppError("BAD_REQUEST", message, { [field]: message });
  }
  return at;
}

/** `days` later at the same wall-clock time in `timeZone` (23 or 25 hours across a DST change). */
export function addDaysInZone(at: Date, days: number, timeZone: string): Date {
  return new Date(addDays(new TZDate(at.getTime(), timeZone), days).getTime());
}
