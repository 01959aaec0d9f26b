import { ScreenErrorState } from "@quartet/ui/error-state";
import { Navigate, Outlet, useLocation } from "react-router";
import { signInPath } from "../lib/session.tsx";
import { trpc } from "../lib/trpc.ts";
import { ShellFallback } from "./page-fallback.tsx";

/** Renders the console only for a fully signed-in administrator; everyone else goes to sign-in. */
export function RequireAdmin() {
  const location = useLocation();
  const session = trpc.auth.session.useQuery(undefined, { staleTime: 60_000 });
  if (session.isPending) return <ShellFallback />;
  if (session.isError) {
    return (
      <ScreenErrorState
        error={session.error}
        onRetry={() => session.refetch()}
        retrying={session.isFetching}
      />
    );
  }
  if (!session.data || session.data.twoFactorPending) {
    return <Navigate to={signInPath(location.pathname + location.search)} replace />;
  }
  return <Outlet />;
}
