import {
  sandboxOverviewInput,
  sandboxReactInput,
  sandboxReceiptsInput,
  sandboxThreadInput,
  sendSandboxInput,
} from "@quartet/core/inbox/sandbox/sandbox.schema";
import {
  sandboxOverview,
  sandboxReact,
  sandboxReceipts,
  sandboxThread,
  sendAsSandboxCustomer,
} from "@quartet/core/inbox/sandbox/sandbox.service";
import { orgProcedure, router } from "../trpc.ts";

/**
 * The sandbox page: any member of the workspace can play a customer of its offline channel (the
 * messages land in the shared inbox like a platform's, through the same ingest path).
 */
export const inboxSandboxRouter = router({
  overview: orgProcedure("MEMBER")
    .input(sandboxOverviewInput)
    .query(({ ctx, input }) => sandboxOverview(ctx.deps, ctx.actor, input)),
  thread: orgProcedure("MEMBER")
    .input(sandboxThreadInput)
    .query(({ ctx, input }) => sandboxThread(ctx.deps, ctx.actor, input)),
  send: orgProcedure("MEMBER")
    .input(sendSandboxInput)
    .mutation(({ ctx, input }) => sendAsSandboxCustomer(ctx.deps, ctx.actor, input)),
  receipts: orgProcedure("MEMBER")
    .input(sandboxReceiptsInput)
    .mutation(({ ctx, input }) => sandboxReceipts(ctx.deps, ctx.actor, input)),
  react: orgProcedure("MEMBER")
    .input(sandboxReactInput)
    .mutation(({ ctx, input }) => sandboxReact(ctx.deps, ctx.actor, input)),
});
