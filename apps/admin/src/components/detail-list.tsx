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
    <dl className={cn("grid gap-x-4 gap-y-2.5 text-sm sm:grid-cols-[10rem_1fr]", className)}>
      {items.map((item) => (
        <div key={item.key} className="contents">
          <dt className="text-muted-foreground">{item.label}</dt>
          <dd className="min-w-0 break-words">{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}
