import { z } from "zod";
import { AppError } from "./errors.ts";

// PostgreSQL text can't hold U+0000 (NUL): a NUL in any string reaching a query fails with 22021
// and the caller would get a 500. The request boundary (every tRPC procedure's raw input, every
// JSON body, query and route parameter) refuses it with `assertNoNul`; schemas declare their text
// fields with `text()` so code that parses without going through the boundary refuses it too.

/** What a person sees under the field. */
export const NUL_FIELD_MESSAGE = "Remove the invisible NUL character (U+0000) from this text.";

/** The error's sentence (forms show the field message under each field). */
export const NUL_MESSAGE =
  "Some text contains an invisible NUL character (U+0000), which can't be saved. Remove it and try again.";

/** Machine-readable reason on the error, for clients that translate it. */
export const NUL_REASON = "INVALID_CHARACTER";

const NUL = "\u0000";

/** `z.string()` that refuses NUL, for every free-text field of an input schema. */
export function text() {
  return z.string().refine((value) => !value.includes(NUL), { message: NUL_FIELD_MESSAGE, abort: true });
}

/** A plain record: `{}`, `Object.create(null)`, or what routers build on a null-prototype object. */
/**
 * `z.string()` that drops NUL instead of refusing it, for text we must take as it was sent (an
 * inbound mail can't be answered "fix your text").
 */
export function strippedText() {
  return z.string().overwrite((value) => (value.includes(NUL) ? value.replaceAll(NUL, "") : value));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null || Object.getPrototypeOf(proto) === null;
}

/**
 * The field paths (`a.b.0`, or `_` for the value itself) of every string, or object key, that
 * holds a NUL in a decoded input: JSON values plus what superjson decodes (Map, Set). Walks with an
 * explicit stack, so deeply nested input can't overflow the call stack. Stops after `limit` paths.
 */
export function nulPaths(value: unknown, limit = 20): string[] {
  // Each entry points at its parent, so a path is only spelled out for the fields that hold a NUL.
  interface Entry {
    value: unknown;
    key: string | null;
    parent: Entry | null;
  }
  const found = new Set<string>();
  const pathOf = (entry: Entry, lastKey?: string) => {
    const parts: string[] = lastKey === undefined ? [] : [lastKey];
    for (let at: Entry | null = entry; at && at.key !== null; at = at.parent) parts.push(at.key);
    return parts.length > 0 ? parts.reverse().join(".").replaceAll(NUL, "\\0") : "_";
  };
  const stack: Entry[] = [{ value, key: null, parent: null }];
  const seen = new WeakSet<object>(); // decoded inputs may share (or loop back to) an object
  while (stack.length > 0 && found.size < limit) {
    const entry = stack.pop() as Entry;
    const current = entry.value;
    if (current !== null && typeof current === "object") {
      if (seen.has(current)) continue;
      seen.add(current);
    }
    if (typeof current === "string") {
      if (current.includes(NUL)) found.add(pathOf(entry));
    } else if (Array.isArray(current) || current instanceof Set) {
      let index = 0;
      for (const item of current) stack.push({ value: item, key: String(index++), parent: entry });
    } else if (current instanceof Map || isPlainObject(current)) {
      const entries = current instanceof Map ? current.entries() : Object.entries(current);
      for (const [rawKey, item] of entries) {
        const key = String(rawKey);
        if (typeof rawKey === "string" && rawKey.includes(NUL)) found.add(pathOf(entry, key));
        stack.push({ value: item, key, parent: entry });
      }
    }
  }
  return [...found].slice(0, limit);
}

/** Refuses a decoded input holding a NUL anywhere: BAD_REQUEST with one message per field. */
export function assertNoNul(value: unknown): void {
  const paths = nulPaths(value);
  if (paths.length === 0) return;
  const fieldErrors: Record<string, string> = {};
  for (const path of paths) fieldErrors[path] = NUL_FIELD_MESSAGE;
  throw new AppError("BAD_REQUEST", NUL_MESSAGE, fieldErrors, NUL_REASON);
}
