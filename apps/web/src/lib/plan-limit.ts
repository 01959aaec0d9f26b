import { errorDetails } from "@quartet/ui/lib/errors";
import { useSyncExternalStore } from "react";

// A mutation refused by the workspace's plan (reason PLAN_LIMIT) anywhere in the app: the tRPC
// client's error path puts it here and the signed-in shell shows the upgrade dialog for it.

export interface PlanLimitFacts {
  key: string;
  limit: number;
  current: number;
  requested: number;
  plan: "FREE" | "PRO" | "BUSINESS";
  upgradeTo: "PRO" | "BUSINESS" | null;
  /** The workspace the refused mutation was for, when its input named one. */
  orgId: string | null;
  /** Bumped per refusal, so the same limit hit twice opens the dialog again. */
  seq: number;
}

let current: PlanLimitFacts | null = null;
let seq = 0;
const listeners = new Set<() => void>();
const emit = () => {
  for (const listener of listeners) listener();
};

export function reportPlanLimit(error: unknown, variables: unknown): void {
  const details = errorDetails(error) as Omit<PlanLimitFacts, "orgId" | "seq"> | null;
  if (!details?.key) return;
  const orgId =
    variables && typeof variables === "object" && typeof (variables as { orgId?: unknown }).orgId === "string"
      ? (variables as { orgId: string }).orgId
      : null;
  current = { ...details, orgId, seq: ++seq };
  emit();
}

export function dismissPlanLimit(): void {
  current = null;
  emit();
}

export function usePlanLimit(): PlanLimitFacts | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
  );
}
