import type { AppRouter } from "@quartet/api/app-router";
import { createTrpcProvider, type inferRouterInputs, type inferRouterOutputs } from "@quartet/ui/lib/trpc";

export const { trpc, TrpcProvider, queryUtils } = createTrpcProvider<AppRouter>();

export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type RouterInputs = inferRouterInputs<AppRouter>;
