import type { ComponentProps } from "react";
import { cn } from "./lib/cn.ts";

export type BadgeVariant = "neutral" | "primary" | "success" | "warning" | "destructive" | "outline";

const variants: Record<BadgeVariant, string> = {
  neutral: "bg-muted text-muted-foreground",
  primary: "bg-primary-soft text-primary-soft-foreground",
  success: "bg-success-soft text-success-soft-foreground",
  warning: "bg-warning-soft text-warning-soft-foreground",
  destructive: "bg-destructive-soft text-destructive-soft-foreground",
  outline: "border border-border text-muted-foreground",
};

export function Badge({
  className,
  variant = "neutral",
  ...props
}: ComponentProps<"span"> & { variant?: BadgeVariant }) {
  return (
    <span
      className={cn(
        "inline-flex h-5 items-center gap-1 whitespace-nowrap rounded-full px-2 text-xs font-medium [&_svg]:size-3",
        variants[variant],
        className,
      )}
      {...props}
    />
  );
}

/** Small count bubble for nav items (unread notifications). */
export function CountBadge({
  count,
  className,
  label,
}: {
  count: number;
  className?: string;
  label?: string;
}) {
  if (count <= 0) return null;
  return (
    <span
      className={cn(
        "inline-flex h-4.5 min-w-4.5 items-center justify-center rounded-full bg-primary px-1 text-[0.6875rem] font-semibold tabular-nums text-primary-foreground",
        className,
      )}
    >
      <span aria-hidden={label ? true : undefined}>{count > 99 ? "99+" : count}</span>
      {label ? <span className="sr-only">{label}</span> : null}
    </span>
  );
}
