/**
 * Times are shown in the viewer's timezone (their profile's, else the browser's) with relative
 * hints ("3 min ago", "in 2 h") from Intl.RelativeTimeFormat.
 */
export type DateInput = Date | string | number;

const toDate = (d: DateInput) => (d instanceof Date ? d : new Date(d));

export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

/** "3 minutes ago", "in 2 hours", "now"; short style gives "3 min ago". */
export function formatRelativeTime(
  date: DateInput,
  options: { locale: string; now?: Date; style?: Intl.RelativeTimeFormatStyle } = { locale: "en" },
): string {
  const now = options.now ?? new Date();
  const seconds = Math.round((toDate(date).getTime() - now.getTime()) / 1000);
  const rtf = new Intl.RelativeTimeFormat(options.locale, {
    numeric: "auto",
    style: options.style ?? "long",
  });
  const abs = Math.abs(seconds);
  if (abs < 45) return rtf.format(0, "second");
  for (const [unit, size] of UNITS) {
    // Round up to the bigger unit a bit early ("50 min ago" reads better as "1 hour ago").
    if (abs >= size * 0.9 || unit === "minute") {
      const value = Math.round(seconds / size);
      return rtf.format(value === 0 ? Math.sign(seconds) : value, unit);
    }
  }
  return rtf.format(0, "second");
}

export function formatDateTime(
  date: DateInput,
  options: {
    locale: string;
    timeZone?: string;
    dateStyle?: "full" | "long" | "medium" | "short";
    timeStyle?: "full" | "long" | "medium" | "short" | null;
  },
): string {
  const timeZone = options.timeZone && isValidTimeZone(options.timeZone) ? options.timeZone : undefined;
  return new Intl.DateTimeFormat(options.locale, {
    dateStyle: options.dateStyle ?? "medium",
    ...(options.timeStyle === null ? {} : { timeStyle: options.timeStyle ?? "short" }),
    timeZone,
  }).format(toDate(date));
}

export function formatDate(date: DateInput, options: { locale: string; timeZone?: string }): string {
  return formatDateTime(date, { ...options, timeStyle: null });
}

/** "GMT+02:00" for a zone right now. */
export function timeZoneOffset(tz: string, at = new Date()): string {
  try {
    const parts = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      timeZoneName: "longOffset",
    }).formatToParts(at);
    const name = parts.find((p) => p.type === "timeZoneName")?.value ?? "GMT";
    return name === "GMT" ? "GMT+00:00" : name;
  } catch {
    return "GMT+00:00";
  }
}

function offsetMinutes(offset: string): number {
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(offset);
  if (!m) return 0;
  const v = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === "-" ? -v : v;
}

export interface TimeZoneOption {
  value: string;
  label: string;
  offset: string;
}

let cachedZones: TimeZoneOption[] | null = null;

/** Every IANA zone the browser knows, sorted by UTC offset then name, labelled "(GMT+01:00) Europe/Paris". */
export function listTimeZones(): TimeZoneOption[] {
  if (cachedZones) return cachedZones;
  let zones: string[];
  try {
    zones = Intl.supportedValuesOf("timeZone");
  } catch {
    zones = [];
  }
  if (!zones.includes("UTC")) zones = ["UTC", ...zones];
  cachedZones = zones
    .map((value) => {
      const offset = timeZoneOffset(value);
      return { value, offset, label: `(${offset}) ${value.replaceAll("_", " ")}` };
    })
    .sort((a, b) => offsetMinutes(a.offset) - offsetMinutes(b.offset) || a.value.localeCompare(b.value));
  return cachedZones;
}
