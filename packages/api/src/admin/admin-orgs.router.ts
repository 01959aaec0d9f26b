import { adminActorOf } from "@quartet/core/platform/admin-audit.schema";
import { orgIdInput, orgListInput } from "@quartet/core/platform/admin-orgs.schema";
import { getOrg, listOrgs } from "@quartet/core/platform/admin-orgs.service";
import { adminProcedure, router } from "../trpc.ts";

export const adminOrgsRouter = router({
  list: adminProcedure
    .input(orgListInput)
    .query(({ ctx, input }) => listOrgs(ctx.deps, adminActorOf(ctx), input)),
  get: adminProcedure.input(orgIdInput).query(({ ctx, input }) => getOrg(ctx.deps, adminActorOf(ctx), input)),
});
