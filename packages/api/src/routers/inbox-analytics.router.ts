import { analyticsSummaryInput } from "@quartet/core/inbox/analytics/analytics.schema";
import { analyticsSummary } from "@quartet/core/inbox/analytics/analytics.service";
import { orgProcedure, router } from "../trpc.ts";

/** Inbox analytics: daily series, per channel and per agent (agents and above, like Desk reports). */
export const inboxAnalyticsRouter = router({
  summary: orgProcedure("AGENT")
    .input(analyticsSummaryInput)
    .query(({ ctx, input }) => analyticsSummary(ctx.deps, ctx.actor, input)),
});
