import { useTranslation } from "@quartet/ui/lib/i18n";
import { useMemo } from "react";

// Number, money and UTC bucket formatting of the billing screens, in the reader's language.

export function useBillingFormat() {
  const { i18n } = useTranslation("admin");
  const locale = i18n.resolvedLanguage ?? "en";
  return useMemo(() => {
    const money = new Intl.NumberFormat(locale, { style: "currency", currency: "USD" });
    const moneyCompact = new Intl.NumberFormat(locale, {
      style: "currency",
      currency: "USD",
      notation: "compact",
      maximumFractionDigits: 1,
    });
    const number = new Intl.NumberFormat(locale);
    const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
    const day = new Intl.DateTimeFormat(locale, { timeZone: "UTC", day: "numeric", month: "short" });
    const dayLong = new Intl.DateTimeFormat(locale, { timeZone: "UTC", dateStyle: "medium" });
    const month = new Intl.DateTimeFormat(locale, { timeZone: "UTC", month: "short", year: "2-digit" });
    const monthLong = new Intl.DateTimeFormat(locale, { timeZone: "UTC", month: "long", year: "numeric" });
    /** "2026-03-05" or "2026-03" as a UTC date. */
    const bucketDate = (bucket: string) =>
      new Date(`${bucket.length === 7 ? `${bucket}-01` : bucket}T00:00:00Z`);
    return {
      locale,
      money: (v: number) => money.format(v),
      moneyCompact: (v: number) => moneyCompact.format(v),
      number: (v: number) => number.format(v),
      percent: (v: number) => percent.format(v),
      /** Axis label of a bucket (short) and its long form (tables, summaries). */
      bucket: (b: string, long = false) =>
        b.length === 7
          ? (long ? monthLong : month).format(bucketDate(b))
          : (long ? dayLong : day).format(bucketDate(b)),
    };
  }, [locale]);
}

/** RFC 4180 CSV: fields with a comma, quote or line break are quoted, quotes doubled. */
export function toCsv(rows: (string | number)[][]): string {
  const cell = (v: string | number) => {
    const s = String(v);
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return `${rows.map((r) => r.map(cell).join(",")).join("\r\n")}\r\n`;
}

/** Saves `text` as a file (UTF-8 with a BOM, so spreadsheet apps read accents and Arabic right). */
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
