import { DropdownMenuTrigger } from "@quartet/ui/dropdown-menu";
import { ChevronsUpDown } from "@quartet/ui/icons";
import { cn } from "@quartet/ui/lib/cn";
import type { ReactNode } from "react";

/** A full-width sidebar row that opens a menu (the workspace switcher, the account menu). */
export function SidebarMenuTrigger({ children }: { children: ReactNode }) {
  return (
    <DropdownMenuTrigger
      className={cn(
        "flex h-11 w-full items-center gap-2.5 rounded-md px-2 text-start transition-colors",
        "hover:bg-sidebar-active/70 focus-visible:outline-2 focus-visible:outline-ring data-[state=open]:bg-sidebar-active",
      )}
    >
      {children}
      <ChevronsUpDown className="size-4 shrink-0 text-muted-foreground" aria-hidden />
    </DropdownMenuTrigger>
  );
}
