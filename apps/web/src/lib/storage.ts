// Small per-device memories: the last workspace opened and an invitation being accepted across
// sign-up and email verification. Storage can be blocked; everything here is best effort.

function get(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function set(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // ignore
  }
}

export const lastWorkspace = {
  get: () => get("quartet.lastWorkspace"),
  set: (slug: string) => set("quartet.lastWorkspace", slug),
};

/**
 * Workspace ids by slug, as last seen: lets a reload ask for a workspace's data in the same
 * request as the session and the workspace list. Only a hint: the server checks membership.
 */
export const workspaceIds = {
  get: (slug: string): string | null => {
    try {
      return (JSON.parse(get("quartet.workspaceIds") ?? "{}") as Record<string, string>)[slug] ?? null;
    } catch {
      return null;
    }
  },
  set: (orgs: readonly { slug: string; id: string }[]) =>
    set("quartet.workspaceIds", JSON.stringify(Object.fromEntries(orgs.map((o) => [o.slug, o.id])))),
};

/** An invitation token kept while the invitee signs up and verifies their email. */
export const pendingInvite = {
  get: () => get("quartet.pendingInvite"),
  set: (token: string) => set("quartet.pendingInvite", token),
  clear: () => set("quartet.pendingInvite", null),
};

/** Only same-app paths: never an absolute URL or a protocol-relative one (open redirects). */
export function safeNext(next: string | null | undefined, fallback = "/"): string {
  if (!next?.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return fallback;
  return next;
}

/** Where to go after signing in when nothing asked for a specific page. */
export function afterSignInPath(next: string | null | undefined): string {
  const invite = pendingInvite.get();
  if (!next && invite) return `/invite?token=${encodeURIComponent(invite)}`;
  return safeNext(next);
}
