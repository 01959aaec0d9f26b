import { billingOverviewInput, couponCheckInput } from "@quartet/core/billing/billing-overview.schema";
import {
  billingOverview,
  checkCoupon,
  myBilling,
  planCatalogue,
} from "@quartet/core/billing/billing-overview.service";
import { authedProcedure, orgProcedure, publicProcedure, router } from "../trpc.ts";

/**
 * The read side of billing in the customer app: plans and prices (public pricing page), a
 * workspace's plan and usage (Settings → Billing, any member reads; OWNER / ADMIN act through the
 * `billing` payment procedures), the person's tier and Day Pass, and coupon checks.
 */
export const billingOverviewRouter = router({
  plans: publicProcedure.query(() => planCatalogue()),
  overview: orgProcedure("MEMBER")
    .input(billingOverviewInput)
    .query(({ ctx, input }) => billingOverview(ctx.deps, ctx.actor, input)),
  me: authedProcedure.query(({ ctx }) => myBilling(ctx.deps, ctx.actor)),
  checkCoupon: authedProcedure
    .input(couponCheckInput)
    .mutation(({ ctx, input }) => checkCoupon(ctx.deps, ctx.actor, input)),
});
