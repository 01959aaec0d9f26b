import { Toaster as Sonner } from "sonner";
import { useLanguage } from "./lib/i18n.ts";
import { useTheme } from "./lib/theme.ts";

export { toast } from "sonner";

/** Toasts for "done" and "undo"; follows the theme and the reading direction. */
export function Toaster() {
  const { theme } = useTheme();
  const { dir } = useLanguage();
  return (
    <Sonner
      theme={theme}
      dir={dir}
      position={dir === "rtl" ? "bottom-left" : "bottom-right"}
      closeButton
      toastOptions={{
        classNames: {
          toast: "!bg-popover !text-popover-foreground !border-border !shadow-lg !rounded-lg !font-sans",
          description: "!text-muted-foreground",
        },
      }}
    />
  );
}
