import { LIST_ITEM_ATTRIBUTE } from "@quartet/ui/lib/shortcuts";
import type { KeyboardEvent } from "react";

/**
 * Props for a table row that opens a page: focusable (j/k move between rows), Enter opens it,
 * and a click anywhere on the row follows its link.
 */
export function rowLinkProps(open: () => void) {
  return {
    [LIST_ITEM_ATTRIBUTE]: "",
    tabIndex: 0,
    className:
      "cursor-pointer focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-ring",
    onClick: (e: { target: EventTarget; metaKey?: boolean; ctrlKey?: boolean }) => {
      // Let real links inside the row (and modified clicks) do their own thing.
      if (e.target instanceof Element && e.target.closest("a,button")) return;
      open();
    },
    onKeyDown: (e: KeyboardEvent) => {
      if (e.key === "Enter" && e.target === e.currentTarget) open();
    },
  };
}
