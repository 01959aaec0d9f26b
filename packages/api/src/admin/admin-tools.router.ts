import { toolsAnalytics, toolsAnalyticsInput } from "@quartet/core/tools/analytics/tools-analytics.service";
import { adminProcedure, router } from "../trpc.ts";

/** Tools usage for the admin console: runs, failures, time and volume per tool, and a daily series. */
export const adminToolsRouter = router({
  analytics: adminProcedure
    .input(toolsAnalyticsInput)
    .query(({ ctx, input }) => toolsAnalytics(ctx.deps, input)),
});
