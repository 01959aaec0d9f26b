import { cn } from "@quartet/ui/lib/cn";

/**
 * A determinate progress bar (0–100) with what is happening beside it; the value is on the
 * element (aria-valuenow) so assistive technology and tests read the same number.
 */
export function ProgressBar({
  label,
  value,
  status,
  testId,
  tone = "primary",
}: {
  label: string;
  value: number;
  status: string;
  testId?: string;
  tone?: "primary" | "success";
}) {
  const percent = Math.max(0, Math.min(100, Math.round(value)));
  return (
    <div className="grid gap-2">
      <div className="flex items-baseline justify-between gap-3 text-sm">
        <span className="font-medium" aria-live="polite">
          {status}
        </span>
        <span className="text-muted-foreground tabular-nums">{percent} %</span>
      </div>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        data-testid={testId}
        className="h-2.5 w-full overflow-hidden rounded-full bg-muted"
      >
        <div
          className={cn(
            "h-full rounded-full transition-[width] duration-300 ease-out",
            tone === "success" ? "bg-success" : "bg-primary",
          )}
          style={{ width: `${percent}%` }}
        />
      </div>
    </div>
  );
}
