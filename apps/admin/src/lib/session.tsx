import { useTranslation } from "@quartet/ui/lib/i18n";
import { toast } from "@quartet/ui/toaster";
import { useEffect } from "react";
import { useLocation, useNavigate } from "react-router";
import { trpc } from "./trpc.ts";

// The tRPC provider lives above the router's hooks' reach of the query client, so an UNAUTHORIZED
// answer is announced here and handled by <UnauthorizedRedirect/> inside both.
type Listener = (source: "query" | "mutation") => void;
const listeners = new Set<Listener>();

export function announceUnauthorized(source: "query" | "mutation"): void {
  for (const l of listeners) l(source);
}

/** Where to go after signing in: the page that sent us to sign-in, if it is one of ours. */
export function signInPath(from: string): string {
  return from && from !== "/" && !from.startsWith("/sign-in")
    ? `/sign-in?next=${encodeURIComponent(from)}`
    : "/sign-in";
}

export function safeNext(next: string | null): string {
  return next?.startsWith("/") && !next.startsWith("//") && !next.startsWith("/sign-in") ? next : "/users";
}

/**
 * A query answering UNAUTHORIZED means the console session is gone (expired, revoked, or the
 * account was locked): forget it and go to sign-in, remembering the page. A mutation may answer
 * UNAUTHORIZED for other reasons (a wrong password), so for those the session is only re-checked.
 */
export function UnauthorizedRedirect() {
  const utils = trpc.useUtils();
  const navigate = useNavigate();
  const location = useLocation();
  const { t } = useTranslation("admin");
  useEffect(() => {
    const onUnauthorized: Listener = (source) => {
      if (source === "mutation") {
        void utils.auth.session.invalidate();
        return;
      }
      if (location.pathname.startsWith("/sign-in")) return;
      utils.auth.session.setData(undefined, null);
      toast.info(t("auth.sessionEnded"), { id: "session-ended" });
      navigate(signInPath(location.pathname + location.search), { replace: true });
    };
    listeners.add(onUnauthorized);
    return () => {
      listeners.delete(onUnauthorized);
    };
  }, [utils, navigate, location, t]);
  return null;
}

/** The signed-in administrator (the guard renders the console only when there is one). */
export function useAdmin() {
  const session = trpc.auth.session.useQuery(undefined, { staleTime: 60_000 });
  return session.data?.user ?? null;
}
