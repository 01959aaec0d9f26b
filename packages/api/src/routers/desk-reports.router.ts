import { reportCsvInput, reportRangeInput } from "@quartet/core/desk/reports/report.schema";
import { exportDeskReportCsv, getDeskReport } from "@quartet/core/desk/reports/report.service";
import { orgProcedure, router } from "../trpc.ts";

/** Desk reports: agents and up read the figures of their workspace and export them as CSV. */
export const deskReportsRouter = router({
  overview: orgProcedure("AGENT")
    .input(reportRangeInput)
    .query(({ ctx, input }) => getDeskReport(ctx.deps, ctx.actor, input)),
  exportCsv: orgProcedure("AGENT")
    .input(reportCsvInput)
    .query(({ ctx, input }) => exportDeskReportCsv(ctx.deps, ctx.actor, input)),
});
