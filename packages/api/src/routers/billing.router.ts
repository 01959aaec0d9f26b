import {
  billingOrgInput,
  changePlanInput,
  paymentsInput,
  startCheckoutInput,
  startDayPassCheckoutInput,
} from "@quartet/core/billing/billing.schema";
import {
  cancelSubscription,
  changePlan,
  getSubscriptionView,
  listPayments,
  openPortal,
  resumeSubscription,
  startCheckout,
  startDayPassCheckout,
} from "@quartet/core/billing/checkout.service";
import { authedProcedure, orgProcedure, router } from "../trpc.ts";

/**
 * Payments (issue 9): checkout for a workspace plan or a person's Day Pass, the provider's portal,
 * cancel / resume / plan changes, and the payments list. Money moves only for OWNER/ADMIN; members
 * see the subscription and the payments. Offline (no Stripe key) every URL is our own.
 */
export const billingRouter = router({
  subscription: orgProcedure("MEMBER")
    .input(billingOrgInput)
    .query(({ ctx, input }) => getSubscriptionView(ctx.deps, ctx.actor, input)),
  startCheckout: orgProcedure("ADMIN")
    .input(startCheckoutInput)
    .mutation(({ ctx, input }) => startCheckout(ctx.deps, ctx.actor, input)),
  startDayPassCheckout: authedProcedure
    .input(startDayPassCheckoutInput)
    .mutation(({ ctx, input }) => startDayPassCheckout(ctx.deps, ctx.actor, input)),
  openPortal: orgProcedure("ADMIN")
    .input(billingOrgInput)
    .mutation(({ ctx, input }) => openPortal(ctx.deps, ctx.actor, input)),
  cancel: orgProcedure("ADMIN")
    .input(billingOrgInput)
    .mutation(({ ctx, input }) => cancelSubscription(ctx.deps, ctx.actor, input)),
  resume: orgProcedure("ADMIN")
    .input(billingOrgInput)
    .mutation(({ ctx, input }) => resumeSubscription(ctx.deps, ctx.actor, input)),
  changePlan: orgProcedure("ADMIN")
    .input(changePlanInput)
    .mutation(({ ctx, input }) => changePlan(ctx.deps, ctx.actor, input)),
  payments: orgProcedure("MEMBER")
    .input(paymentsInput)
    .query(({ ctx, input }) => listPayments(ctx.deps, ctx.actor, input)),
});
