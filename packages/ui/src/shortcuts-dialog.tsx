import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "./dialog.tsx";
import { Kbd } from "./kbd.tsx";
import { useHotkey, useSearchShortcut } from "./lib/shortcuts.ts";

export interface Shortcut {
  keys: string[];
  label: string;
}

/**
 * Global keys: `/` focuses the page's search, `?` opens this list, Esc closes dialogs and menus
 * (Radix handles Esc). Pass app-specific shortcuts in `extra`.
 */
export function ShortcutsDialog({
  extra = [],
  open: controlledOpen,
  onOpenChange,
}: {
  extra?: Shortcut[];
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
}) {
  const { t } = useTranslation("ui");
  const [localOpen, setLocalOpen] = useState(false);
  const open = controlledOpen ?? localOpen;
  const setOpen = (next: boolean) => {
    setLocalOpen(next);
    onOpenChange?.(next);
  };
  useSearchShortcut();
  useHotkey("?", (event) => {
    event.preventDefault();
    setOpen(true);
  });
  const shortcuts: Shortcut[] = [
    { keys: ["/"], label: t("shortcuts.search") },
    { keys: ["?"], label: t("shortcuts.help") },
    { keys: ["Esc"], label: t("shortcuts.close") },
    { keys: ["j"], label: t("shortcuts.next") },
    { keys: ["k"], label: t("shortcuts.previous") },
    ...extra,
  ];
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogContent size="sm">
        <DialogHeader>
          <DialogTitle>{t("shortcutsTitle")}</DialogTitle>
          <DialogDescription>{t("shortcutsDescription")}</DialogDescription>
        </DialogHeader>
        <ul className="grid gap-1">
          {shortcuts.map((s) => (
            <li
              key={s.keys.join("+")}
              className="flex items-center justify-between gap-4 rounded-md px-1 py-1.5 text-sm"
            >
              <span>{s.label}</span>
              <span className="flex gap-1" dir="ltr">
                {s.keys.map((k) => (
                  <Kbd key={k}>{k}</Kbd>
                ))}
              </span>
            </li>
          ))}
        </ul>
      </DialogContent>
    </Dialog>
  );
}
