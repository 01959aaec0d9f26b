import type { ComponentProps } from "react";
import { useTranslation } from "react-i18next";
import { cn } from "./lib/cn.ts";
import { Skeleton } from "./skeleton.tsx";

/**
 * Lists are tables with a sticky header. The wrapper scrolls sideways on narrow screens; give it
 * a max height (e.g. `className="max-h-[60vh]"`) to make the header stick inside it.
 */
export function Table({
  className,
  wrapperClassName,
  ...props
}: ComponentProps<"table"> & { wrapperClassName?: string }) {
  return (
    <div className={cn("relative w-full overflow-auto rounded-lg border bg-card", wrapperClassName)}>
      <table
        className={cn("w-full caption-bottom border-separate border-spacing-0 text-sm", className)}
        {...props}
      />
    </div>
  );
}

export function TableHeader({ className, ...props }: ComponentProps<"thead">) {
  return <thead className={cn("sticky top-0 z-10 bg-subtle", className)} {...props} />;
}

export function TableBody({ className, ...props }: ComponentProps<"tbody">) {
  return <tbody className={cn("[&>tr:last-child>td]:border-b-0", className)} {...props} />;
}

export function TableRow({ className, ...props }: ComponentProps<"tr">) {
  return (
    <tr
      className={cn("transition-colors hover:bg-subtle/70 focus-visible:bg-accent", className)}
      {...props}
    />
  );
}

export function TableHead({ className, ...props }: ComponentProps<"th">) {
  return (
    <th
      className={cn(
        "h-9 whitespace-nowrap border-b bg-subtle px-3 text-start align-middle text-xs font-medium text-muted-foreground",
        className,
      )}
      {...props}
    />
  );
}

export function TableCell({ className, ...props }: ComponentProps<"td">) {
  return <td className={cn("border-b px-3 py-2.5 align-middle", className)} {...props} />;
}

export function TableCaption({ className, ...props }: ComponentProps<"caption">) {
  return <caption className={cn("py-3 text-sm text-muted-foreground", className)} {...props} />;
}

/** Placeholder rows with the table's shape while it loads. */
export function TableSkeleton({
  columns,
  rows = 4,
  className,
}: {
  columns: number;
  rows?: number;
  className?: string;
}) {
  const { t } = useTranslation("ui");
  return (
    <div
      className={cn("overflow-hidden rounded-lg border bg-card", className)}
      role="status"
      aria-live="polite"
    >
      <span className="sr-only">{t("loading")}</span>
      <div className="flex h-9 items-center gap-6 border-b bg-subtle px-3">
        {Array.from({ length: columns }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders
          <Skeleton key={i} className="h-2.5 w-16" />
        ))}
      </div>
      {Array.from({ length: rows }, (_, r) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders
        <div key={r} className="flex h-12 items-center gap-6 border-b px-3 last:border-b-0">
          {Array.from({ length: columns }, (_, c) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders
            <Skeleton key={c} className={cn("h-3", c === 0 ? "w-40" : "w-20")} />
          ))}
        </div>
      ))}
    </div>
  );
}
