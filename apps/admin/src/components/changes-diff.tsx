import { useTranslation } from "@quartet/ui/lib/i18n";
import { useViewer } from "@quartet/ui/relative-time";

type Json = unknown;

function isRecord(v: Json): v is Record<string, Json> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

// Internal ids that add noise next to the value they point at.
const HIDDEN = new Set(["noteId", "dayPassId", "orgId"]);

/** Codes and ids read best in mono; sentences (notes, reasons) in the normal face. */
const mono = (text: string) => (/\s/.test(text) || text.length > 40 ? "font-sans" : "font-mono");

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function show(v: Json, dateTime?: (d: Date) => string): string {
  if (v === null || v === undefined) return "∅";
  if (typeof v === "string") return dateTime && ISO_TIME.test(v) ? dateTime(new Date(v)) : v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}

/**
 * An audit row's `changes` ({ before, after, reason }) as a readable diff: one line per field,
 * the old value struck through and the new one highlighted; anything else shown as JSON.
 */
export function ChangesDiff({ changes }: { changes: Json }) {
  const { t } = useTranslation("admin");
  const viewer = useViewer();
  const dt = (d: Date) => viewer.dateTime(d);
  if (!isRecord(changes)) {
    return changes == null ? (
      <span className="text-muted-foreground">—</span>
    ) : (
      <code className="text-xs">{show(changes)}</code>
    );
  }
  const before = isRecord(changes.before) ? changes.before : {};
  const after = isRecord(changes.after) ? changes.after : {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !HIDDEN.has(k));
  const reason = typeof changes.reason === "string" && changes.reason ? changes.reason : null;
  const extra = Object.keys(changes).filter((k) => !["before", "after", "reason"].includes(k));
  return (
    <div className="grid min-w-48 gap-1 text-xs">
      {keys.map((k) => {
        const had = k in before;
        const has = k in after;
        const same = had && has && show(before[k], dt) === show(after[k], dt);
        return (
          <div key={k} className="flex flex-wrap items-baseline gap-x-1.5 gap-y-0.5">
            <span className="text-muted-foreground">{t(`fields.${k}`, { defaultValue: k })}:</span>
            {had && !same ? (
              <del
                className={`rounded bg-destructive-soft px-1 text-destructive-soft-foreground decoration-1 ${mono(show(before[k], dt))}`}
              >
                <span className="sr-only">{t("audit.was")} </span>
                {show(before[k], dt)}
              </del>
            ) : null}
            {had && has && !same ? (
              <span aria-hidden className="text-muted-foreground rtl:rotate-180">
                →
              </span>
            ) : null}
            {has ? (
              <ins
                className={`whitespace-pre-wrap break-words no-underline ${mono(show(after[k], dt))} ${
                  same ? "" : "rounded bg-success-soft px-1 text-success-soft-foreground"
                }`}
              >
                <span className="sr-only">{t("audit.now")} </span>
                {show(after[k], dt)}
              </ins>
            ) : null}
          </div>
        );
      })}
      {reason ? (
        <div className="text-muted-foreground">
          {t("audit.reason")}: <q className="italic text-foreground">{reason}</q>
        </div>
      ) : null}
      {extra.map((k) => (
        <div key={k} className="text-muted-foreground">
          {k}: <code>{show(changes[k])}</code>
        </div>
      ))}
      {keys.length === 0 && !reason && extra.length === 0 ? (
        <span className="text-muted-foreground">—</span>
      ) : null}
    </div>
  );
}
