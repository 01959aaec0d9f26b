import {
  getMetricsRebuildStatus,
  requestMetricsRebuild,
} from "@quartet/core/desk/reports/metrics-rebuild.service";
import {
  rebuildMetricsInput,
  rebuildStatusInput,
  reportCsvInput,
  reportRangeInput,
} from "@quartet/core/desk/reports/report.schema";
import { exportDeskReportCsv, getDeskReport } from "@quartet/core/desk/reports/report.service";
import { orgProcedure, router } from "../trpc.ts";

/**
 * Desk reports: agents and up read the figures of their workspace and export them as CSV; owners
 * rebuild the stored daily figures and follow the rebuild's progress.
 */
export const deskReportsRouter = router({
  overview: orgProcedure("AGENT")
    .input(reportRangeInput)
    .query(({ ctx, input }) => getDeskReport(ctx.deps, ctx.actor, input)),
  exportCsv: orgProcedure("AGENT")
    .input(reportCsvInput)
    .query(({ ctx, input }) => exportDeskReportCsv(ctx.deps, ctx.actor, input)),
  rebuild: orgProcedure("OWNER")
    .input(rebuildMetricsInput)
    .mutation(({ ctx, input }) => requestMetricsRebuild(ctx.deps, ctx.actor, input)),
  rebuildStatus: orgProcedure("OWNER")
    .input(rebuildStatusInput)
    .query(({ ctx, input }) => getMetricsRebuildStatus(ctx.deps, ctx.actor, input)),
});
