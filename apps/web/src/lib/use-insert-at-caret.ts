import { type RefObject, useLayoutEffect, useRef } from "react";

type TextField = HTMLTextAreaElement | HTMLInputElement;

/**
 * Inserts text at a controlled field's caret (or over `range`) and puts the caret after it. The
 * caret moves in a layout effect, right after React writes the new value and before the browser
 * handles the next key: moved a frame later, fast typing lands first and the caret jumps back
 * into the middle of it. `current` reads the field's value at the time of the call, so an insert
 * that waited for the server (a canned reply) keeps what was typed meanwhile.
 */
export function useInsertAtCaret(
  ref: RefObject<TextField | null>,
  current: () => string,
  set: (next: string) => void,
) {
  const caretAfter = useRef<number | null>(null);
  useLayoutEffect(() => {
    const at = caretAfter.current;
    if (at === null) return;
    caretAfter.current = null;
    ref.current?.focus();
    ref.current?.setSelectionRange(at, at);
  });
  return (insert: string, range?: { start: number; end: number }) => {
    const el = ref.current;
    const value = current();
    const start = Math.min(range?.start ?? el?.selectionStart ?? value.length, value.length);
    const end = Math.min(Math.max(range?.end ?? el?.selectionEnd ?? value.length, start), value.length);
    caretAfter.current = start + insert.length;
    set(value.slice(0, start) + insert + value.slice(end));
  };
}
