import { ChevronDown } from "lucide-react";
import type { ComponentProps } from "react";
import { inputClasses } from "./input.tsx";
import { cn } from "./lib/cn.ts";

/**
 * Native <select> with the same look: best for long lists (timezones) and on phones, and
 * scriptable with a plain selectOption in tests.
 */
export function NativeSelect({ className, children, ...props }: ComponentProps<"select">) {
  return (
    <div className="relative">
      <select className={cn(inputClasses, "appearance-none pe-8", className)} {...props}>
        {children}
      </select>
      <ChevronDown
        className="pointer-events-none absolute end-2.5 top-1/2 size-4 -translate-y-1/2 text-muted-foreground"
        aria-hidden
      />
    </div>
  );
}
