import {
  grantCompPlanInput,
  grantDayPassInput,
  orgBillingInput,
} from "@quartet/core/billing/billing-admin.schema";
import {
  grantCompPlan,
  grantDayPassByAdmin,
  orgBilling,
  revenueOverview,
} from "@quartet/core/billing/billing-admin.service";
import { adminActorOf } from "@quartet/core/platform/admin-audit.schema";
import { adminProcedure, router } from "../trpc.ts";

/** Revenue and a workspace's billing in the admin console; grants are audited with their reason. */
export const adminBillingRouter = router({
  revenue: adminProcedure.query(({ ctx }) => revenueOverview(ctx.deps, adminActorOf(ctx))),
  org: adminProcedure
    .input(orgBillingInput)
    .query(({ ctx, input }) => orgBilling(ctx.deps, adminActorOf(ctx), input)),
  grantCompPlan: adminProcedure
    .input(grantCompPlanInput)
    .mutation(({ ctx, input }) => grantCompPlan(ctx.deps, adminActorOf(ctx), input)),
  grantDayPass: adminProcedure
    .input(grantDayPassInput)
    .mutation(({ ctx, input }) => grantDayPassByAdmin(ctx.deps, adminActorOf(ctx), input)),
});
