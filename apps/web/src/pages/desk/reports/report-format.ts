import { useLanguage, useTranslation } from "@quartet/ui/lib/i18n";
import { useCallback } from "react";

// Formatting and small date helpers of the reports page (pure functions, plus one hook).

const DAY_MS = 86_400_000;

/**
 * Which duration string to use and its numbers: "1 h 20 min", "3 d 4 h", "45 s" — two units at
 * most, the largest first.
 */
export function durationParts(seconds: number): { key: string; values: Record<string, number> } {
  const total = Math.max(0, Math.round(seconds));
  if (total < 60) return { key: "seconds", values: { s: total } };
  const minutes = Math.round(total / 60);
  if (minutes < 60) return { key: "minutes", values: { m: minutes } };
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h < 48) return m === 0 ? { key: "hours", values: { h } } : { key: "hoursMinutes", values: { h, m } };
  const d = Math.floor(h / 24);
  const rest = h % 24;
  return rest === 0 ? { key: "days", values: { d } } : { key: "daysHours", values: { d, h: rest } };
}

/** A formatter for durations in seconds, with the reader's language and digits; null reads "—". */
export function useDurationFormat(): (seconds: number | null) => string {
  const { t } = useTranslation();
  const { language } = useLanguage();
  return useCallback(
    (seconds: number | null) => {
      if (seconds === null) return t("reports.kpi.none");
      const { key, values } = durationParts(seconds);
      const nf = new Intl.NumberFormat(language);
      const formatted = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, nf.format(v)]));
      return t(`reports.duration.${key}`, formatted);
    },
    [t, language],
  );
}

const UNITS = [1, 60, 3600, 86_400];
const STEPS = [1, 2, 5, 10, 15, 30, 60, 120];

/**
 * Axis ticks for durations (seconds) on round values of one unit (s, min, h or d), at most 5
 * intervals, so labels never repeat the way rounded fractional ticks do ("1 s, 1 s, 1 s").
 */
export function durationTicks(maxSeconds: number): number[] {
  const max = Math.max(1, maxSeconds);
  const unit = [...UNITS].reverse().find((u) => max / u >= 2) ?? 1;
  const step = (STEPS.find((n) => max / unit / n <= 5) ?? Math.ceil(max / unit / 5)) * unit;
  const ticks = [0];
  while ((ticks.at(-1) as number) < max) ticks.push((ticks.at(-1) as number) + step);
  return ticks;
}

/** Today as an ISO day in `timeZone` (the workspace's, so presets match the server's days). */
export function todayIn(timeZone: string, now = new Date()): string {
  try {
    return new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}

/** `iso` moved by `days` calendar days. */
export function shiftDay(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** A real calendar day written YYYY-MM-DD (2026-02-30 is not one). */
export function isIsoDay(v: string | null | undefined): v is string {
  if (!v || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const time = Date.parse(`${v}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === v;
}

/** A calendar day for people ("25 Nov 2026"); `short` drops the year (chart axes). */
export function formatDay(iso: string, locale: string, short = false): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: "UTC",
    day: "numeric",
    month: "short",
    ...(short ? {} : { year: "numeric" }),
  }).format(new Date(`${iso}T00:00:00Z`));
}

/** Saves text as a file: a UTF-8 BOM so spreadsheet apps read accented and Arabic names right. */
export function downloadText(fileName: string, text: string, type = "text/csv;charset=utf-8"): void {
  const url = URL.createObjectURL(new Blob(["\uFEFF", text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
