import { adminActorOf } from "@quartet/core/platform/admin-audit.schema";
import {
  configAuditInput,
  configListInput,
  configUpdateInput,
} from "@quartet/core/platform/settings/app-config.schema";
import {
  listConfig,
  listConfigAudit,
  updateConfig,
} from "@quartet/core/platform/settings/app-config.service";
import { adminProcedure, router } from "../trpc.ts";

export const adminConfigRouter = router({
  list: adminProcedure
    .input(configListInput)
    .query(({ ctx, input }) => listConfig(ctx.deps, adminActorOf(ctx), input)),
  update: adminProcedure
    .input(configUpdateInput)
    .mutation(({ ctx, input }) => updateConfig(ctx.deps, adminActorOf(ctx), input)),
  audit: adminProcedure
    .input(configAuditInput)
    .query(({ ctx, input }) => listConfigAudit(ctx.deps, adminActorOf(ctx), input)),
});
