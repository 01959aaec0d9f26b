import { adminActorOf } from "@quartet/core/platform/admin-audit.schema";
import {
  flagCreateInput,
  flagIdInput,
  flagPreviewInput,
  flagUpdateInput,
} from "@quartet/core/platform/settings/feature-flag.schema";
import {
  createFlag,
  deleteFlag,
  listFlags,
  previewFlag,
  updateFlag,
} from "@quartet/core/platform/settings/feature-flag.service";
import { adminProcedure, router } from "../trpc.ts";

export const adminFlagsRouter = router({
  list: adminProcedure.query(({ ctx }) => listFlags(ctx.deps, adminActorOf(ctx))),
  create: adminProcedure
    .input(flagCreateInput)
    .mutation(({ ctx, input }) => createFlag(ctx.deps, adminActorOf(ctx), input)),
  update: adminProcedure
    .input(flagUpdateInput)
    .mutation(({ ctx, input }) => updateFlag(ctx.deps, adminActorOf(ctx), input)),
  delete: adminProcedure
    .input(flagIdInput)
    .mutation(({ ctx, input }) => deleteFlag(ctx.deps, adminActorOf(ctx), input)),
  preview: adminProcedure
    .input(flagPreviewInput)
    .query(({ ctx, input }) => previewFlag(ctx.deps, adminActorOf(ctx), input)),
});
