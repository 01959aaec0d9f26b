import { useDebounced } from "@quartet/ui/lib/use-debounced";
import { useCallback, useEffect, useState } from "react";
import { useSearchParams } from "react-router";

/**
 * A list page's state in its URL (shareable, kept on reload): `setParam` writes one key (null
 * removes it) without adding a history entry. The search box text is `query`; its debounced,
 * trimmed value `q` is what to search for, mirrored to `?q=`.
 */
export function useListParams() {
  const [params, setParams] = useSearchParams();
  const [query, setQuery] = useState(params.get("q") ?? "");
  const q = useDebounced(query.trim(), 250);
  const setParam = useCallback(
    (key: string, value: string | null) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (value) next.set(key, value);
          else next.delete(key);
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  useEffect(() => setParam("q", q || null), [q, setParam]);
  return { params, setParams, setParam, query, setQuery, q };
}
