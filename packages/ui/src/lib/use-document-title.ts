import { useEffect } from "react";

/** "<title> · <app>" in the browser tab, e.g. "Tickets · Quartet"; the app name alone without one. */
export function useDocumentTitle(title: string | null | undefined, app = "Quartet"): void {
  useEffect(() => {
    document.title = title ? `${title} · ${app}` : app;
  }, [title, app]);
}
