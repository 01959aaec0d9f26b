import { type RefObject, useEffect, useRef } from "react";

/** True when typing in a field, where single-key shortcuts must not fire. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag === "INPUT") {
    const type = (target as HTMLInputElement).type;
    return !["checkbox", "radio", "button", "submit", "reset"].includes(type);
  }
  return false;
}

export interface HotkeyOptions {
  enabled?: boolean;
  /** Also fire while focus is in a text field (Escape usually wants this). */
  allowInInputs?: boolean;
}

/**
 * Runs `handler` on a single key (e.g. "/", "?", "j", "Escape") without modifiers other than Shift.
 */
export function useHotkey(
  key: string,
  handler: (event: KeyboardEvent) => void,
  options: HotkeyOptions = {},
): void {
  const ref = useRef(handler);
  ref.current = handler;
  const { enabled = true, allowInInputs = false } = options;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.metaKey || event.ctrlKey || event.altKey || event.isComposing)
        return;
      if (event.key !== key) return;
      if (!allowInInputs && isTypingTarget(event.target)) return;
      ref.current(event);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [key, enabled, allowInInputs]);
}

/** Marks the page's search box; `/` focuses the first visible one (see useSearchShortcut). */
export const SEARCH_ATTRIBUTE = "data-shortcut-search";

export function focusSearch(): boolean {
  const el = document.querySelector<HTMLElement>(`[${SEARCH_ATTRIBUTE}]`);
  if (!el) return false;
  el.focus();
  if (el instanceof HTMLInputElement) el.select();
  return true;
}

/** `/` focuses the page's search field, if the page has one. */
export function useSearchShortcut(): void {
  useHotkey("/", (event) => {
    if (focusSearch()) event.preventDefault();
  });
}

/** Marks rows that `j` / `k` move between inside a list container. */
export const LIST_ITEM_ATTRIBUTE = "data-list-item";

/** `j` / `k` move focus to the next / previous `[data-list-item]` inside the container. */
export function useListNavigation(container: RefObject<HTMLElement | null>, enabled = true): void {
  const move = (delta: number) => (event: KeyboardEvent) => {
    const root = container.current;
    if (!root) return;
    const items = [...root.querySelectorAll<HTMLElement>(`[${LIST_ITEM_ATTRIBUTE}]`)];
    if (items.length === 0) return;
    const current = items.findIndex(
      (el) => el === document.activeElement || el.contains(document.activeElement),
    );
    const next =
      current === -1
        ? delta > 0
          ? 0
          : items.length - 1
        : Math.min(items.length - 1, Math.max(0, current + delta));
    items[next]?.focus();
    items[next]?.scrollIntoView({ block: "nearest" });
    event.preventDefault();
  };
  useHotkey("j", move(1), { enabled });
  useHotkey("k", move(-1), { enabled });
}
