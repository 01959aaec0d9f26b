import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { browserTimeZone, type DateInput, formatDateTime, formatRelativeTime } from "./lib/time.ts";

interface Viewer {
  /** IANA zone the viewer reads times in (their profile's, else the browser's). */
  timeZone: string;
}

const ViewerContext = createContext<Viewer | null>(null);

export function ViewerProvider({ timeZone, children }: { timeZone?: string | null; children: ReactNode }) {
  const value = useMemo(() => ({ timeZone: timeZone || browserTimeZone() }), [timeZone]);
  return <ViewerContext.Provider value={value}>{children}</ViewerContext.Provider>;
}

/** The viewer's locale and timezone, and formatters bound to them. */
export function useViewer() {
  const ctx = useContext(ViewerContext);
  const { i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? "en";
  const timeZone = ctx?.timeZone ?? browserTimeZone();
  return useMemo(
    () => ({
      locale,
      timeZone,
      dateTime: (
        d: DateInput,
        opts?: { dateStyle?: "full" | "long" | "medium" | "short"; timeStyle?: "short" | "medium" | null },
      ) => formatDateTime(d, { locale, timeZone, ...opts }),
      relative: (d: DateInput, style: Intl.RelativeTimeFormatStyle = "long") =>
        formatRelativeTime(d, { locale, style }),
    }),
    [locale, timeZone],
  );
}

/** Ticks every 30 s so "2 min ago" stays true while a page is open. */
function useNow(intervalMs = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const id = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}

/** "3 min ago" with the exact date and time (viewer's timezone) on hover and for screen readers. */
export function RelativeTime({
  date,
  style = "long",
  className,
}: {
  date: DateInput;
  style?: Intl.RelativeTimeFormatStyle;
  className?: string;
}) {
  const viewer = useViewer();
  const now = useNow();
  const d = date instanceof Date ? date : new Date(date);
  const absolute = viewer.dateTime(d, { dateStyle: "medium", timeStyle: "short" });
  return (
    <time dateTime={d.toISOString()} title={`${absolute} (${viewer.timeZone})`} className={className}>
      {formatRelativeTime(d, { locale: viewer.locale, now, style })}
    </time>
  );
}
