import { useDebounced } from "@quartet/ui/lib/use-debounced";
import { useCallback, useEffect, useState } from "react";
import { useSearchParams } from "react-router";

/**
 * List filters kept in the URL, so a filtered view survives reload, back/forward and can be shared.
 * Empty values are removed from the URL.
 */
export function useUrlFilters<K extends string>(keys: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const values = Object.fromEntries(keys.map((k) => [k, params.get(k) ?? ""])) as Record<K, string>;
  const set = useCallback(
    (patch: Partial<Record<K, string>>) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(patch) as [K, string | undefined][]) {
            if (v) next.set(k, v);
            else next.delete(k);
          }
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  const clear = useCallback(
    () => set(Object.fromEntries(keys.map((k) => [k, ""])) as Record<K, string>),
    [keys, set],
  );
  return { values, set, clear, active: keys.some((k) => values[k]) };
}

export type UrlFilters<K extends string> = ReturnType<typeof useUrlFilters<K>>;

/**
 * A search box bound to the filter `key`: the box shows what is typed at once; the trimmed text
 * (`value`) reaches the URL, and so the query, once typing pauses.
 */
export function useSearchText<K extends string>(filters: UrlFilters<K>, key: K) {
  const [text, setText] = useState(filters.values[key]);
  const value = useDebounced(text.trim());
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the debounced text goes to the URL
  useEffect(() => filters.set({ [key]: value } as Partial<Record<K, string>>), [value]);
  // Empties the box too: its text would otherwise be written back to the URL.
  const clearAll = () => {
    setText("");
    filters.clear();
  };
  return { text, setText, value, clearAll };
}
