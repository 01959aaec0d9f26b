import { cn } from "@quartet/ui/lib/cn";
import type { ReactNode } from "react";

/** Label / value pairs in two columns (one on phones), for profile-style facts. */
export function DetailList({
  items,
  className,
}: {
  items: { label: ReactNode; value: ReactNode; key: string }[];
  className?: string;
}) {
  return (
    <dl className={cn("grid gap-y-3 text-sm sm:grid-cols-[10rem_1fr] sm:gap-x-4 sm:gap-y-2.5", className)}>
      {items.map((item) => (
        <div key={item.key} className="grid gap-0.5 sm:contents">
          <dt className="text-muted-foreground">{item.label}</dt>
          <dd className="min-w-0 break-words">{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}
