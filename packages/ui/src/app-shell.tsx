import { type LucideIcon, Menu } from "lucide-react";
import { Slot } from "radix-ui";
import { type ComponentProps, type ReactNode, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "./button.tsx";
import { Dialog, SheetContent } from "./dialog.tsx";
import { cn } from "./lib/cn.ts";

export interface AppShellProps {
  /** Top of the sidebar: the workspace switcher. */
  switcher: ReactNode;
  /** Navigation sections (NavSection + NavItem). */
  nav: ReactNode;
  /** Bottom of the sidebar: the signed-in person's menu. */
  footer?: ReactNode;
  /** Shown in the phone top bar next to the menu button. */
  mobileTitle?: ReactNode;
  /** Right side of the phone top bar (e.g. notifications). */
  mobileActions?: ReactNode;
  /** Changes on navigation (e.g. the pathname) so the phone menu closes after a tap. */
  navKey?: string;
  children: ReactNode;
}

/**
 * The signed-in layout: a left sidebar (workspace switcher, navigation by module, person menu),
 * collapsing into a sheet under 768 px, and the page content.
 */
export function AppShell({
  switcher,
  nav,
  footer,
  mobileTitle,
  mobileActions,
  navKey,
  children,
}: AppShellProps) {
  const { t } = useTranslation("ui");
  const [open, setOpen] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: navKey is the trigger
  useEffect(() => setOpen(false), [navKey]);

  const sidebar = (
    <>
      <div className="p-2">{switcher}</div>
      <nav aria-label={t("navigation")} className="flex-1 overflow-y-auto px-2 pb-2">
        {nav}
      </nav>
      {footer ? <div className="border-t p-2">{footer}</div> : null}
    </>
  );

  return (
    <div className="min-h-dvh bg-background">
      <a
        href="#main"
        className="sr-only z-[60] rounded-md bg-primary px-3 py-2 text-primary-foreground focus:not-sr-only focus:fixed focus:start-3 focus:top-3"
      >
        {t("skipToContent")}
      </a>
      <aside className="fixed inset-y-0 start-0 z-30 hidden w-sidebar flex-col border-e bg-sidebar text-sidebar-foreground md:flex">
        {sidebar}
      </aside>
      <Dialog open={open} onOpenChange={setOpen}>
        <SheetContent title={t("navigation")}>{sidebar}</SheetContent>
      </Dialog>
      <div className="flex min-h-dvh min-w-0 flex-col md:ps-sidebar">
        <header className="sticky top-0 z-20 flex h-topbar items-center gap-2 border-b bg-background/90 px-2 backdrop-blur md:hidden">
          <Button variant="ghost" size="icon" aria-label={t("openMenu")} onClick={() => setOpen(true)}>
            <Menu aria-hidden />
          </Button>
          <div className="min-w-0 flex-1 truncate font-semibold">{mobileTitle}</div>
          {mobileActions}
        </header>
        <main id="main" tabIndex={-1} className="flex-1 outline-none">
          {children}
        </main>
      </div>
    </div>
  );
}

export function NavSection({
  label,
  children,
  className,
}: {
  label?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <div className={cn("mt-4 first:mt-1", className)}>
      {label ? <div className="px-2 pb-1 text-xs font-medium text-muted-foreground">{label}</div> : null}
      <ul className="grid gap-0.5">{children}</ul>
    </div>
  );
}

/**
 * One navigation link. Pass the router's link as the child (`asChild` is implied):
 *   <NavItem icon={Users} active={…}><Link to="…">Members</Link></NavItem>
 */
export function NavItem({
  icon: Icon,
  active = false,
  badge,
  children,
  className,
}: {
  icon?: LucideIcon;
  active?: boolean;
  badge?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <li>
      <Slot.Root
        aria-current={active ? "page" : undefined}
        className={cn(
          "flex h-8 items-center gap-2.5 rounded-md px-2 text-sm font-medium text-sidebar-foreground transition-colors",
          "hover:bg-sidebar-active/70 hover:text-foreground focus-visible:outline-2 focus-visible:outline-ring",
          active && "bg-sidebar-active text-foreground",
          className,
        )}
      >
        {Icon ? (
          <Icon
            className={cn("size-4 shrink-0", active ? "text-primary" : "text-muted-foreground")}
            aria-hidden
          />
        ) : null}
        <Slot.Slottable>{children}</Slot.Slottable>
        {badge ? <span className="ms-auto">{badge}</span> : null}
      </Slot.Root>
    </li>
  );
}

/** Page content width and padding. */
export function Page({ className, ...props }: ComponentProps<"div">) {
  return <div className={cn("mx-auto w-full max-w-page px-4 py-6 sm:px-6 md:py-8", className)} {...props} />;
}

/** A clear page title, an optional line of context, and the page's one primary action. */
export function PageHeader({
  title,
  description,
  actions,
  className,
}: {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  className?: string;
}) {
  return (
    <header className={cn("mb-6 flex flex-wrap items-start justify-between gap-x-4 gap-y-3", className)}>
      <div className="grid min-w-0 gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        {description ? <p className="text-base text-muted-foreground">{description}</p> : null}
      </div>
      {actions ? <div className="flex flex-wrap items-center gap-2">{actions}</div> : null}
    </header>
  );
}

/** A titled block within a page (settings sections, danger zone). */
export function Section({
  title,
  description,
  children,
  className,
  tone = "default",
}: {
  title: ReactNode;
  description?: ReactNode;
  children: ReactNode;
  className?: string;
  tone?: "default" | "danger";
}) {
  return (
    <section className={cn("grid gap-4 py-6 first:pt-0 md:grid-cols-[16rem_1fr] md:gap-8", className)}>
      <div className="grid content-start gap-1">
        <h2 className={cn("text-lg font-semibold", tone === "danger" && "text-destructive-soft-foreground")}>
          {title}
        </h2>
        {description ? <p className="text-sm text-muted-foreground">{description}</p> : null}
      </div>
      <div className="min-w-0">{children}</div>
    </section>
  );
}
