import { useTranslation } from "@quartet/ui/lib/i18n";

type Json = unknown;

function isRecord(v: Json): v is Record<string, Json> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

// Internal ids that add noise next to the value they point at.
const HIDDEN = new Set(["noteId"]);

/** Codes and ids read best in mono; sentences (notes, reasons) in the normal face. */
const mono = (text: string) => (/\s/.test(text) || text.length > 40 ? "font-sans" : "font-mono");

function show(v: Json): string {
  if (v === null || v === undefined) return "∅";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}

/**
 * An audit row's `changes` ({ before, after, reason }) as a readable diff: one line per field,
 * the old value struck through and the new one highlighted; anything else shown as JSON.
 */
export function ChangesDiff({ changes }: { changes: Json }) {
  const { t } = useTranslation("admin");
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
        const same = had && has && show(before[k]) === show(after[k]);
        return (
          <div key={k} className="flex flex-wrap items-baseline gap-x-1.5 gap-y-0.5">
            <span className="text-muted-foreground">{t(`fields.${k}`, { defaultValue: k })}:</span>
            {had && !same ? (
              <del
                className={`rounded bg-destructive-soft px-1 text-destructive-soft-foreground decoration-1 ${mono(show(before[k]))}`}
              >
                <span className="sr-only">{t("audit.was")} </span>
                {show(before[k])}
              </del>
            ) : null}
            {had && has && !same ? (
              <span aria-hidden className="text-muted-foreground rtl:rotate-180">
                →
              </span>
            ) : null}
            {has ? (
              <ins
                className={`whitespace-pre-wrap break-words no-underline ${mono(show(after[k]))} ${
                  same ? "" : "rounded bg-success-soft px-1 text-success-soft-foreground"
                }`}
              >
                <span className="sr-only">{t("audit.now")} </span>
                {show(after[k])}
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
