import { useCallback } from "react";
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
