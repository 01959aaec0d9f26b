import { deskSetupInput } from "@quartet/core/desk/setup/desk-setup.schema";
import { getDeskSetup } from "@quartet/core/desk/setup/desk-setup.service";
import { orgProcedure, router } from "../trpc.ts";

/** The Desk steps of the workspace home's "Getting started", computed from the workspace's data. */
export const deskSetupRouter = router({
  get: orgProcedure("MEMBER")
    .input(deskSetupInput)
    .query(({ ctx, input }) => getDeskSetup(ctx.deps, ctx.actor, input)),
});
