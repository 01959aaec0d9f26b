import { useSyncExternalStore } from "react";

/** The person's choice; "system" follows prefers-color-scheme live. */
export type ThemePreference = "light" | "dark" | "system";

const STORAGE_KEY = "quartet.theme";
const listeners = new Set<() => void>();
const media = typeof window !== "undefined" ? window.matchMedia("(prefers-color-scheme: dark)") : null;

export function getThemePreference(): ThemePreference {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    if (value === "light" || value === "dark" || value === "system") return value;
  } catch {
    // storage can be blocked (private mode); fall back to the system
  }
  return "system";
}

export function resolvedTheme(pref = getThemePreference()): "light" | "dark" {
  if (pref === "system") return media?.matches ? "dark" : "light";
  return pref;
}

/** Puts `.light` or `.dark` on <html>; call once before the first render. */
export function applyTheme(): void {
  const root = document.documentElement;
  const theme = resolvedTheme();
  root.classList.toggle("dark", theme === "dark");
  root.classList.toggle("light", theme === "light");
}

export function setThemePreference(pref: ThemePreference): void {
  try {
    localStorage.setItem(STORAGE_KEY, pref);
  } catch {
    // ignore: the choice then lasts for this page only
  }
  applyTheme();
  for (const l of listeners) l();
}

media?.addEventListener("change", () => {
  if (getThemePreference() === "system") applyTheme();
  for (const l of listeners) l();
});

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useTheme(): {
  preference: ThemePreference;
  theme: "light" | "dark";
  setPreference: typeof setThemePreference;
} {
  const preference = useSyncExternalStore(subscribe, getThemePreference, () => "system" as const);
  const theme = useSyncExternalStore(
    subscribe,
    () => resolvedTheme(),
    () => "light" as const,
  );
  return { preference, theme, setPreference: setThemePreference };
}
