import type { BillingProvider } from "@quartet/integrations/billing/billing-provider";
import type { Deps } from "../deps.ts";

// The offline provider (the default when no Stripe key is set): the checkout is a page of the web
// app (/billing/checkout/:id, packages/http billing.plugin.ts) where the person pays, declines or
// pays with a card that fails at renewal; the lifecycle job charges renewals. It emits the same
// normalized events as Stripe's webhooks (billing-events.service.ts). Our database is the record,
// so cancel / resume / plan changes need no remote call.

export const offlineCheckoutPath = (checkoutId: string) => `/billing/checkout/${checkoutId}`;

export function createOfflineProvider(webUrl: string): BillingProvider {
  return {
    name: "OFFLINE",
    async createCheckout(request) {
      return { sessionId: null, url: `${webUrl}${offlineCheckoutPath(request.checkoutId)}` };
    },
    async createPortal({ returnUrl }) {
      // No hosted portal offline: the Settings → Billing page is where cards would be managed.
      return { url: returnUrl };
    },
    async setCancelAtPeriodEnd() {},
    async changePlan() {},
  };
}

/** The configured provider, or the offline one. */
export const billingProviderOf = (deps: Pick<Deps, "billing" | "config">): BillingProvider =>
  deps.billing ?? createOfflineProvider(deps.config.webUrl);
