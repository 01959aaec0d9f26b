import {
  createOrgInput,
  deleteOrgInput,
  orgIdInput,
  transferOwnershipInput,
  updateOrgInput,
} from "@quartet/core/orgs/org.schema";
import {
  createOrg,
  deleteOrg,
  getOrg,
  leaveOrg,
  listMyOrgs,
  transferOwnership,
  updateOrg,
} from "@quartet/core/orgs/org.service";
import { authedProcedure, orgProcedure, router } from "../trpc.ts";

export const orgsRouter = router({
  list: authedProcedure.query(({ ctx }) => listMyOrgs(ctx.deps, ctx.actor)),
  create: authedProcedure
    .input(createOrgInput)
    .mutation(({ ctx, input }) => createOrg(ctx.deps, ctx.actor, input)),
  get: orgProcedure("MEMBER")
    .input(orgIdInput)
    .query(({ ctx, input }) => getOrg(ctx.deps, ctx.actor, input)),
  update: orgProcedure("ADMIN")
    .input(updateOrgInput)
    .mutation(({ ctx, input }) => updateOrg(ctx.deps, ctx.actor, input)),
  leave: orgProcedure("MEMBER")
    .input(orgIdInput)
    .mutation(({ ctx, input }) => leaveOrg(ctx.deps, ctx.actor, input)),
  delete: orgProcedure("OWNER")
    .input(deleteOrgInput)
    .mutation(({ ctx, input }) => deleteOrg(ctx.deps, ctx.actor, input)),
  transferOwnership: orgProcedure("OWNER")
    .input(transferOwnershipInput)
    .mutation(({ ctx, input }) => transferOwnership(ctx.deps, ctx.actor, input)),
});
