import type { Plan } from "@quartet/db/enums";
import { AppError } from "../errors.ts";
import type { EntitlementKey, Limit } from "./plans.ts";

/** What the upgrade dialog needs: which limit, how far it is, and the plan that lifts it. */
export interface PlanLimitDetails {
  [k: string]: unknown;
  key: EntitlementKey;
  /** The plan's limit (null never happens here: unlimited never refuses); 0 for a switched-off feature. */
  limit: Exclude<Limit, null>;
  /** Use before this request (rows that exist, or the period's counter). */
  current: number;
  /** What this request asked for. */
  requested: number;
  /** The workspace's plan now. */
  plan: Plan;
  /** The cheapest plan that allows it; null when none does. */
  upgradeTo: Plan | null;
}

/**
 * A refusal because of the workspace's plan: HTTP 402 / tRPC PAYMENT_REQUIRED with reason
 * `PLAN_LIMIT` and the details in `data.details`, so the client shows an upgrade dialog.
 */
export class PlanLimitError extends AppError {
  override readonly details: PlanLimitDetails;

  constructor(message: string, details: PlanLimitDetails) {
    super("PAYMENT_REQUIRED", message, undefined, "PLAN_LIMIT");
    this.name = "PlanLimitError";
    this.details = details;
  }
}
