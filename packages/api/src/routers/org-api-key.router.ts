import { orgApiKeyInput } from "@quartet/core/orgs/org-api-key.schema";
import { orgApiKeyStatus, revokeOrgApiKey, rotateOrgApiKey } from "@quartet/core/orgs/org-api-key.service";
import { orgProcedure, router } from "../trpc.ts";

/** The workspace API key (Tickets REST API): members see whether one exists, admins manage it. */
export const orgApiKeyRouter = router({
  status: orgProcedure("MEMBER")
    .input(orgApiKeyInput)
    .query(({ ctx, input }) => orgApiKeyStatus(ctx.deps, ctx.actor, input)),
  rotate: orgProcedure("ADMIN")
    .input(orgApiKeyInput)
    .mutation(({ ctx, input }) => rotateOrgApiKey(ctx.deps, ctx.actor, input)),
  revoke: orgProcedure("ADMIN")
    .input(orgApiKeyInput)
    .mutation(({ ctx, input }) => revokeOrgApiKey(ctx.deps, ctx.actor, input)),
});
