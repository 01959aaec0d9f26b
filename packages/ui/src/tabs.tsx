import { Tabs as TabsPrimitive } from "radix-ui";
import { type ComponentProps, type ReactNode, useEffect, useRef, useState } from "react";
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

type Overflow = "" | "start" | "end" | "both";

/**
 * Which inline edges of a horizontally scrolling element hide content (logical: RTL-aware, where
 * Chromium's scrollLeft runs from 0 to negative values).
 */
function overflowOf(el: HTMLElement): Overflow {
  const max = el.scrollWidth - el.clientWidth;
  if (max <= 1) return "";
  const pos = Math.abs(el.scrollLeft);
  const start = pos > 1;
  const end = pos < max - 1;
  return start && end ? "both" : start ? "start" : end ? "end" : "";
}

/**
 * Tabs that are links (one URL per tab). The app renders each link and passes `active`;
 * `renderLink` receives the classes to apply. On a narrow screen the bar scrolls sideways: a fade
 * marks each edge that hides tabs, and the active tab is scrolled into view.
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
  const ref = useRef<HTMLElement>(null);
  const [overflow, setOverflow] = useState<Overflow>("");
  const activeKey = items.find((i) => i.active)?.key;

  useEffect(() => {
    const nav = ref.current;
    if (!nav) return;
    const update = () => setOverflow(overflowOf(nav));
    update();
    nav.addEventListener("scroll", update, { passive: true });
    const observer = new ResizeObserver(update);
    observer.observe(nav);
    return () => {
      nav.removeEventListener("scroll", update);
      observer.disconnect();
    };
  }, []);

  useEffect(() => {
    const nav = ref.current;
    const active = nav?.querySelector<HTMLElement>('[aria-current="page"]');
    if (!nav || !active || activeKey === undefined) return;
    // Scroll the bar only (scrollIntoView would also move the page).
    const n = nav.getBoundingClientRect();
    const a = active.getBoundingClientRect();
    const fade = 32;
    if (a.left < n.left) nav.scrollBy({ left: a.left - n.left - fade });
    else if (a.right > n.right) nav.scrollBy({ left: a.right - n.right + fade });
  }, [activeKey]);

  const fade = "pointer-events-none absolute inset-y-0 z-10 w-10 from-background to-transparent";
  return (
    <div className={cn("relative", className)} data-overflow={overflow || undefined}>
      <nav
        ref={ref}
        aria-label={label}
        className="flex items-center gap-1 overflow-x-auto border-b [scrollbar-width:none]"
      >
        {items.map((item) => (
          <span key={item.key} className="contents">
            {item.render({
              className: cn(tabClasses, item.active && "border-primary text-foreground"),
              "aria-current": item.active ? "page" : undefined,
            })}
          </span>
        ))}
      </nav>
      {overflow === "start" || overflow === "both" ? (
        <span aria-hidden className={cn(fade, "start-0 bg-linear-to-r rtl:bg-linear-to-l")} />
      ) : null}
      {overflow === "end" || overflow === "both" ? (
        <span aria-hidden className={cn(fade, "end-0 bg-linear-to-l rtl:bg-linear-to-r")} />
      ) : null}
    </div>
  );
}
