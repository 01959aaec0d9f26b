import { CopyButton } from "@quartet/ui/copy-button";
import { cn } from "@quartet/ui/lib/cn";

/**
 * An address customers use (inbound email, help-center link), shown left-to-right in every
 * language with a copy button; `label` names it for screen readers and the copy button.
 */
export function CopyableAddress({
  label,
  value,
  copyLabel,
  testId,
  className,
}: {
  label: string;
  value: string;
  copyLabel: string;
  testId?: string;
  className?: string;
}) {
  return (
    <div className={cn("flex min-w-0 items-center gap-2", className)}>
      <span className="sr-only">{label}</span>
      <code
        dir="ltr"
        data-testid={testId}
        className="min-w-0 flex-1 truncate rounded-md border bg-subtle px-2 py-1 text-start font-mono text-xs"
        title={value}
      >
        {value}
      </code>
      <CopyButton
        value={value}
        label={copyLabel}
        aria-label={`${copyLabel}: ${label}`}
        className="shrink-0"
      />
    </div>
  );
}
