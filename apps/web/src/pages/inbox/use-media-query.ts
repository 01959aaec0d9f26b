import { useSyncExternalStore } from "react";

/** True while the media query matches (the pane layout picks what to mount, not just what to show). */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const list = window.matchMedia(query);
      list.addEventListener("change", onChange);
      return () => list.removeEventListener("change", onChange);
    },
    () => window.matchMedia(query).matches,
    () => false,
  );
}

/** Tailwind's md (768 px) and xl (1280 px) breakpoints. */
export const MD = "(min-width: 48rem)";
export const XL = "(min-width: 80rem)";
