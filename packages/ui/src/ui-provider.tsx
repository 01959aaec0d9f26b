import { Direction } from "radix-ui";
import type { ReactNode } from "react";
import { useLanguage } from "./lib/i18n.ts";
import { ViewerProvider } from "./relative-time.tsx";
import { Toaster } from "./toaster.tsx";
import { TooltipProvider } from "./tooltip.tsx";

/**
 * Wrap each SPA once (inside its i18n setup): reading direction for Radix (menus, selects open
 * on the correct side in Arabic), tooltips, toasts and the viewer's timezone.
 */
export function UiProvider({ timeZone, children }: { timeZone?: string | null; children: ReactNode }) {
  const { dir } = useLanguage();
  return (
    <Direction.Provider dir={dir}>
      <TooltipProvider delayDuration={300}>
        <ViewerProvider timeZone={timeZone}>
          {children}
          <Toaster />
        </ViewerProvider>
      </TooltipProvider>
    </Direction.Provider>
  );
}
