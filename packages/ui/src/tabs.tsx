import { Tabs as TabsPrimitive } from "radix-ui";
import type { ComponentProps, ReactNode } from "react";
import { cn } from "./lib/cn.ts";

export const Tabs = TabsPrimitive.Root;

export function TabsList({ className, ...props }: ComponentProps<typeof TabsPrimitive.List>) {
  return (
    <TabsPrimitive.List
      className={cn("flex items-center gap-1 overflow-x-auto border-b", className)}
      {...props}
    />
  );
}

const tabClasses =
  "relative -mb-px inline-flex h-9 shrink-0 items-center gap-1.5 whitespace-nowrap border-b-2 border-transparent px-2.5 text-sm font-medium text-muted-foreground transition-colors hover:text-foreground focus-visible:outline-2 focus-visible:outline-ring";

export function TabsTrigger({ className, ...props }: ComponentProps<typeof TabsPrimitive.Trigger>) {
  return (
    <TabsPrimitive.Trigger
      className={cn(
        tabClasses,
        "data-[state=active]:border-primary data-[state=active]:text-foreground",
        className,
      )}
      {...props}
    />
  );
}

export function TabsContent({ className, ...props }: ComponentProps<typeof TabsPrimitive.Content>) {
  return <TabsPrimitive.Content className={cn("pt-5 outline-none", className)} {...props} />;
}

/**
 * Tabs that are links (one URL per tab). The app renders each link and passes `active`;
 * `renderLink` receives the classes to apply.
 */
export function NavTabs({
  items,
  label,
  className,
}: {
  items: {
    key: string;
    active: boolean;
    render: (props: { className: string; "aria-current"?: "page" }) => ReactNode;
  }[];
  label: string;
  className?: string;
}) {
  return (
    <nav aria-label={label} className={cn("flex items-center gap-1 overflow-x-auto border-b", className)}>
      {items.map((item) => (
        <span key={item.key} className="contents">
          {item.render({
            className: cn(tabClasses, item.active && "border-primary text-foreground"),
            "aria-current": item.active ? "page" : undefined,
          })}
        </span>
      ))}
    </nav>
  );
}
