import {
  createSlaPolicyInput,
  listSlaPoliciesInput,
  slaPolicyIdInput,
  updateSlaPolicyInput,
} from "@quartet/core/desk/sla/sla-policy.schema";
import {
  createSlaPolicy,
  deleteSlaPolicy,
  getSlaPolicy,
  listSlaPolicies,
  updateSlaPolicy,
} from "@quartet/core/desk/sla/sla-policy.service";
import { orgProcedure, router } from "../trpc.ts";

/** Desk SLA policies: members read them (agents see deadlines), admins and owners manage them. */
export const deskSlaRouter = router({
  list: orgProcedure("MEMBER")
    .input(listSlaPoliciesInput)
    .query(({ ctx, input }) => listSlaPolicies(ctx.deps, ctx.actor, input)),
  get: orgProcedure("MEMBER")
    .input(slaPolicyIdInput)
    .query(({ ctx, input }) => getSlaPolicy(ctx.deps, ctx.actor, input)),
  create: orgProcedure("ADMIN")
    .input(createSlaPolicyInput)
    .mutation(({ ctx, input }) => createSlaPolicy(ctx.deps, ctx.actor, input)),
  update: orgProcedure("ADMIN")
    .input(updateSlaPolicyInput)
    .mutation(({ ctx, input }) => updateSlaPolicy(ctx.deps, ctx.actor, input)),
  delete: orgProcedure("ADMIN")
    .input(slaPolicyIdInput)
    .mutation(({ ctx, input }) => deleteSlaPolicy(ctx.deps, ctx.actor, input)),
});
