import { invitationIdInput, invitationTokenInput, inviteInput } from "@quartet/core/orgs/invitation.schema";
import {
  acceptInvitation,
  getInvitation,
  inviteMember,
  resendInvitation,
  revokeInvitation,
} from "@quartet/core/orgs/invitation.service";
import { changeRoleInput, memberUserInput } from "@quartet/core/orgs/member.schema";
import { changeRole, listMembers, removeMember } from "@quartet/core/orgs/member.service";
import { orgIdInput } from "@quartet/core/orgs/org.schema";
import { authedProcedure, orgProcedure, publicProcedure, router } from "../trpc.ts";

export const membersRouter = router({
  list: orgProcedure("MEMBER")
    .input(orgIdInput)
    .query(({ ctx, input }) => listMembers(ctx.deps, ctx.actor, input)),
  invite: orgProcedure("ADMIN")
    .input(inviteInput)
    .mutation(({ ctx, input }) => inviteMember(ctx.deps, ctx.actor, input)),
  resendInvitation: orgProcedure("ADMIN")
    .input(invitationIdInput)
    .mutation(({ ctx, input }) => resendInvitation(ctx.deps, ctx.actor, input)),
  revokeInvitation: orgProcedure("ADMIN")
    .input(invitationIdInput)
    .mutation(({ ctx, input }) => revokeInvitation(ctx.deps, ctx.actor, input)),
  getInvitation: publicProcedure
    .input(invitationTokenInput)
    .query(({ ctx, input }) => getInvitation(ctx.deps, input)),
  acceptInvitation: authedProcedure
    .input(invitationTokenInput)
    .mutation(({ ctx, input }) => acceptInvitation(ctx.deps, ctx.actor, input)),
  changeRole: orgProcedure("ADMIN")
    .input(changeRoleInput)
    .mutation(({ ctx, input }) => changeRole(ctx.deps, ctx.actor, input)),
  remove: orgProcedure("ADMIN")
    .input(memberUserInput)
    .mutation(({ ctx, input }) => removeMember(ctx.deps, ctx.actor, input)),
});
