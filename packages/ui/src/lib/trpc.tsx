import { TRPC_MAX_BATCH_SIZE } from "@quartet/api/batch-limit";
import { transformer } from "@quartet/api/transformer";
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import {
  type CreateTRPCReactBase,
  createTRPCQueryUtils,
  createTRPCReact,
  httpBatchLink,
  splitLink,
} from "@trpc/react-query";
import type { AnyRouter } from "@trpc/server";
import type { ReactNode } from "react";
import { errorCode, errorReason, isUnauthorized } from "./errors.ts";
import { browserSubscriptionLink } from "./trpc-sse-link.ts";

export type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";

export type UnauthorizedSource = "query" | "mutation";

export interface TrpcProviderProps {
  children: ReactNode;
  /**
   * Called when a request answers UNAUTHORIZED. Queries only do that when the session is gone;
   * a mutation may (a wrong password, say), so the app should re-check the session for those.
   */
  onUnauthorized?: (source: UnauthorizedSource, error: unknown) => void;
  /**
   * Called when a mutation is refused by the workspace's plan (reason PLAN_LIMIT, details in
   * `error.data.details`, the mutation's input as `variables`): the app shows its upgrade dialog,
   * never a bare 402.
   */
  onPlanLimit?: (error: unknown, variables: unknown) => void;
}

/** Client errors (4xx) won't change on retry; network and 5xx errors get two more tries. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  const code = errorCode(error);
  if (code && code !== "INTERNAL_SERVER_ERROR" && code !== "TIMEOUT") return false;
  return failureCount < 2;
}

/**
 * Builds the typed tRPC hooks and a provider (React Query client + batched link with the shared
 * transformer of @quartet/api, which keeps Dates as Dates) for one router. Each SPA calls it once
 * with its router type:
 *
 *   export const { trpc, TrpcProvider } = createTrpcProvider<AppRouter>();
 */
export function createTrpcProvider<TRouter extends AnyRouter>({ url = "/trpc" }: { url?: string } = {}) {
  const trpc = createTRPCReact<TRouter>();
  // The decorated proxy's intersection type can't be resolved for a generic router; the base
  // members (Provider, createClient) are the same for every router.
  const base = trpc as unknown as CreateTRPCReactBase<TRouter, unknown>;

  // One cache and one client per SPA, made here rather than in the provider so that route
  // loaders can start the first screen's requests (queryUtils) before any component renders.
  let onUnauthorized: TrpcProviderProps["onUnauthorized"];
  let onPlanLimit: TrpcProviderProps["onPlanLimit"];
  const queryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error) => {
        if (isUnauthorized(error)) onUnauthorized?.("query", error);
      },
    }),
    mutationCache: new MutationCache({
      onError: (error, variables) => {
        if (isUnauthorized(error)) onUnauthorized?.("mutation", error);
        else if (errorReason(error) === "PLAN_LIMIT") onPlanLimit?.(error, variables);
      },
    }),
    defaultOptions: {
      queries: { retry: shouldRetry, staleTime: 10_000, refetchOnWindowFocus: true },
      mutations: { retry: false },
    },
  });
  const client = base.createClient({
    links: [
      splitLink({
        // Subscriptions (the live channel) are Server-Sent Events read by the browser's EventSource:
        // it sends the session cookie (same origin) and, on a reconnect, the last event id it got.
        condition: (op) => op.type === "subscription",
        true: browserSubscriptionLink(url),
        // biome-ignore lint/suspicious/noExplicitAny: the link's transformer option depends on the concrete router
        false: httpBatchLink<any>({
          url,
          transformer,
          // The servers refuse batches over TRPC_MAX_BATCH_SIZE calls; the link splits at that size.
          maxItems: TRPC_MAX_BATCH_SIZE,
          fetch: (input, init) => fetch(input, { ...(init as RequestInit), credentials: "same-origin" }),
        }),
      }),
    ],
  });
  /** Prefetch / ensureData outside React (route loaders), into the cache the hooks read. */
  const queryUtils = createTRPCQueryUtils<TRouter>({ queryClient, client });

  // biome-ignore lint/correctness/noComponentHookFactories: the factory runs once per SPA at module scope
  function TrpcProvider({ children, onUnauthorized: handler, onPlanLimit: planLimit }: TrpcProviderProps) {
    onUnauthorized = handler;
    onPlanLimit = planLimit;
    return (
      <base.Provider client={client} queryClient={queryClient}>
        <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
      </base.Provider>
    );
  }

  return { trpc, TrpcProvider, queryUtils };
}
