import type { LucideIcon } from "lucide-react";
import type { ReactNode } from "react";
import { cn } from "./lib/cn.ts";

export interface EmptyStateProps {
  icon?: LucideIcon;
  /** What this place is for. */
  title: ReactNode;
  description?: ReactNode;
  /** The one action that fills it. */
  action?: ReactNode;
  className?: string;
  /** h3 inside a page; h1 when the empty state is the whole page (not found). */
  headingLevel?: "h1" | "h2" | "h3";
}

export function EmptyState({
  icon: Icon,
  title,
  description,
  action,
  className,
  headingLevel: Heading = "h3",
}: EmptyStateProps) {
  return (
    <div
      className={cn(
        "flex flex-col items-center justify-center gap-3 rounded-lg border border-dashed bg-subtle/50 px-6 py-12 text-center",
        className,
      )}
    >
      {Icon ? (
        <div className="flex size-10 items-center justify-center rounded-full bg-muted text-muted-foreground">
          <Icon className="size-5" aria-hidden />
        </div>
      ) : null}
      <div className="grid max-w-sm gap-1">
        <Heading className="text-base font-semibold">{title}</Heading>
        {description ? <p className="text-sm text-muted-foreground">{description}</p> : null}
      </div>
      {action ? <div className="mt-1">{action}</div> : null}
    </div>
  );
}
