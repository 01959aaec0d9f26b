// Signals between the tRPC client (outside the router) and the signed-in layout.

type Listener = (source: "query" | "mutation") => void;
const listeners = new Set<Listener>();

export function onUnauthorized(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function emitUnauthorized(source: "query" | "mutation"): void {
  for (const l of listeners) l(source);
}

/**
 * Set while the person ends their session on purpose (sign out, delete account), so the layout
 * says that instead of "You've been signed out". `message` replaces the default toast.
 */
export const signOutIntent: { current: boolean; message?: string } = { current: false };
