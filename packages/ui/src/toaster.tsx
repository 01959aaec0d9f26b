import { lazy, type ReactNode, Suspense, useEffect } from "react";
import type { ExternalToast } from "sonner";
import { useLanguage } from "./lib/i18n.ts";
import { useTheme } from "./lib/theme.ts";

// Sonner (9 KB gzip) is not part of any screen's first download: it loads right after the first
// render, and a toast asked for earlier waits until the toaster is on screen.

let sonner: Promise<typeof import("sonner")> | undefined;
const loadSonner = () => {
  sonner ??= import("sonner");
  return sonner;
};
let markMounted: () => void = () => {};
const mounted = new Promise<void>((resolve) => {
  markMounted = resolve;
});

type Show = (message: ReactNode, options?: ExternalToast) => void;
const show =
  (kind: "success" | "error" | "info"): Show =>
  (message, options) =>
    void mounted.then(loadSonner).then(({ toast }) => toast[kind](message, options));

/** Toasts for "done", "undo" and what went wrong. */
export const toast = { success: show("success"), error: show("error"), info: show("info") };

const Sonner = lazy(async () => {
  const { Toaster: SonnerToaster } = await loadSonner();
  return {
    default: function MountedToaster(props: React.ComponentProps<typeof SonnerToaster>) {
      useEffect(() => markMounted(), []);
      return <SonnerToaster {...props} />;
    },
  };
});

/** Follows the theme and the reading direction. */
export function Toaster() {
  const { theme } = useTheme();
  const { dir } = useLanguage();
  return (
    <Suspense fallback={null}>
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
    </Suspense>
  );
}
