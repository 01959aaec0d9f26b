import type { RouterInputs, RouterOutputs } from "../../lib/trpc.ts";

// Types and helpers of the payment procedures (router `billing`: checkout, portal, cancel, resume,
// plan change, subscription, payment history); the reads of plans and usage are `billingOverview`.

export type PaidPlan = RouterInputs["billing"]["changePlan"]["plan"];
export type Interval = RouterInputs["billing"]["changePlan"]["interval"];
export type PaymentRow = RouterOutputs["billing"]["payments"]["items"][number];
export type SubscriptionView = NonNullable<RouterOutputs["billing"]["subscription"]>;

/**
 * Opens a provider page (checkout, portal) in a new tab so this page — and what the person was
 * doing — stays; returns false when the browser blocked the tab.
 */
export function openProviderPage(url: string): boolean {
  const tab = window.open(url, "_blank");
  if (!tab) return false;
  try {
    tab.opener = null;
  } catch {
    // cross-origin already
  }
  return true;
}
