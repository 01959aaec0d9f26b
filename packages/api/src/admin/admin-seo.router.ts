import { adminActorOf } from "@quartet/core/platform/admin-audit.schema";
import {
  listSeoSubmissions,
  resubmitSeoSubmission,
  seoListInput,
  seoResubmitInput,
} from "@quartet/core/platform/seo/seo-submission.service";
import { adminProcedure, router } from "../trpc.ts";

export const adminSeoRouter = router({
  list: adminProcedure
    .input(seoListInput)
    .query(({ ctx, input }) => listSeoSubmissions(ctx.deps, adminActorOf(ctx), input)),
  resubmit: adminProcedure
    .input(seoResubmitInput)
    .mutation(({ ctx, input }) => resubmitSeoSubmission(ctx.deps, adminActorOf(ctx), input)),
});
