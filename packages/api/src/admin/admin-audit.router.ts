import { adminActorOf, auditListInput } from "@quartet/core/platform/admin-audit.schema";
import { listAuditLogs } from "@quartet/core/platform/admin-audit.service";
import { adminProcedure, router } from "../trpc.ts";

export const adminAuditRouter = router({
  list: adminProcedure
    .input(auditListInput)
    .query(({ ctx, input }) => listAuditLogs(ctx.deps, adminActorOf(ctx), input)),
});
