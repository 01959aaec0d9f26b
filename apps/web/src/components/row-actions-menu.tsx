import { Button } from "@quartet/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuTrigger } from "@quartet/ui/dropdown-menu";
import { Ellipsis } from "@quartet/ui/icons";
import type { ReactNode } from "react";

/** The "…" menu at the end of a table row; `label` names the row for screen readers. */
export function RowActionsMenu({ label, children }: { label: string; children: ReactNode }) {
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="icon-sm" aria-label={label}>
          <Ellipsis aria-hidden />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end">{children}</DropdownMenuContent>
    </DropdownMenu>
  );
}
