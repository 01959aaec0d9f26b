import { useEffect } from "react";

// A public page's description and canonical address for search engines (the title is set by
// useDocumentTitle). Restored when the page goes, so the app's other screens don't inherit them.

function upsert<K extends "meta" | "link">(tag: K, match: string, attrs: Record<string, string>) {
  let el = document.head.querySelector<HTMLElement>(`${tag}[${match}]`);
  const created = !el;
  const previous = el ? Object.fromEntries(Object.keys(attrs).map((k) => [k, el!.getAttribute(k)])) : null;
  if (!el) {
    el = document.createElement(tag);
    document.head.append(el);
  }
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  return () => {
    if (created) el!.remove();
    else
      for (const [k, v] of Object.entries(previous ?? {})) {
        if (v === null) el!.removeAttribute(k);
        else el!.setAttribute(k, v);
      }
  };
}

export function usePageMeta({
  description,
  canonicalPath,
}: {
  description: string | null | undefined;
  canonicalPath: string;
}): void {
  useEffect(() => {
    if (!description) return;
    const url = new URL(canonicalPath, window.location.origin).toString();
    const undo = [
      upsert("meta", 'name="description"', { name: "description", content: description }),
      upsert("meta", 'property="og:description"', { property: "og:description", content: description }),
      upsert("meta", 'property="og:url"', { property: "og:url", content: url }),
      upsert("link", 'rel="canonical"', { rel: "canonical", href: url }),
    ];
    return () => {
      for (const fn of undo.reverse()) fn();
    };
  }, [description, canonicalPath]);
}
