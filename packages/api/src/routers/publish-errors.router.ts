import { listErrorsInput, retryInput } from "@quartet/core/publish/errors/error.schema";
import { listErrors, retryPost } from "@quartet/core/publish/errors/error.service";
import { orgProcedure, router } from "../trpc.ts";

/** Publish → Errors: posts that failed with the provider's reason, and one-click retry. */
export const publishErrorsRouter = router({
  list: orgProcedure("MEMBER")
    .input(listErrorsInput)
    .query(({ ctx, input }) => listErrors(ctx.deps, ctx.actor, input)),
  retry: orgProcedure("MEMBER")
    .input(retryInput)
    .mutation(({ ctx, input }) => retryPost(ctx.deps, ctx.actor, input)),
});
