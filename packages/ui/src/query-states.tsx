import type { ReactNode } from "react";
import { ErrorState } from "./error-state.tsx";

/** The parts of a query result (TanStack / tRPC `useQuery`, `useInfiniteQuery`) that QueryStates reads. */
export type QueryStatesQuery<T> = { isFetching: boolean; refetch: () => unknown } & (
  | { status: "pending"; error: unknown }
  | { status: "error"; error: unknown }
  | { status: "success"; data: T }
);

/**
 * A data view's loading and error states (the error with a retry), then `children` with the data.
 * `renderError` gets the standard error view to wrap, or can show something else (a "not found").
 */
export function QueryStates<T>({
  query,
  loading,
  compactError,
  renderError,
  children,
}: {
  query: QueryStatesQuery<T>;
  loading: ReactNode;
  compactError?: boolean;
  renderError?: (error: unknown, errorState: ReactNode) => ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (query.status === "pending") return loading;
  if (query.status === "error") {
    const errorState = (
      <ErrorState
        compact={compactError}
        error={query.error}
        onRetry={() => query.refetch()}
        retrying={query.isFetching}
      />
    );
    return renderError ? renderError(query.error, errorState) : errorState;
  }
  return children(query.data);
}
