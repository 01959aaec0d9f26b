import { cn } from "./lib/cn.ts";

/**
 * A usage bar against a plan limit: share of the limit in use, amber from 80 %, red at or over it;
 * an unlimited one (`limit` null) shows a faint sliver when anything is used.
 */
export function UsageMeter({
  current,
  limit,
  label,
}: {
  current: number;
  limit: number | null;
  label: string;
}) {
  const ratio = limit === null ? 0 : limit === 0 ? (current > 0 ? 1 : 0) : current / limit;
  const percent = Math.min(100, Math.round(ratio * 100));
  const tone =
    limit !== null && current >= limit ? "bg-destructive" : ratio >= 0.8 ? "bg-warning" : "bg-primary";
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={limit ?? current}
      aria-valuenow={current}
      className="h-2 w-full overflow-hidden rounded-full bg-muted"
    >
      <div
        className={cn("h-full rounded-full transition-[width]", limit === null ? "bg-primary/40" : tone)}
        style={{ width: `${limit === null ? Math.min(100, current > 0 ? 8 : 0) : percent}%` }}
      />
    </div>
  );
}
