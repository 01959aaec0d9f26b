import {
  addTeamMemberInput,
  createTeamInput,
  setTeamMemberRoleInput,
  teamIdInput,
  teamMemberInput,
  updateTeamInput,
} from "@quartet/core/desk/teams/team.schema";
import {
  addTeamMember,
  createTeam,
  deleteTeam,
  getTeam,
  listMyTeams,
  listTeams,
  removeTeamMember,
  setTeamMemberRole,
  updateTeam,
} from "@quartet/core/desk/teams/team.service";
import { orgProcedure, router } from "../trpc.ts";

/** Desk teams: members read, admins (and owners) manage teams and who is in them. */
export const deskTeamsRouter = router({
  list: orgProcedure("MEMBER").query(({ ctx, input }) => listTeams(ctx.deps, ctx.actor, input)),
  mine: orgProcedure("MEMBER").query(({ ctx, input }) => listMyTeams(ctx.deps, ctx.actor, input)),
  get: orgProcedure("MEMBER")
    .input(teamIdInput)
    .query(({ ctx, input }) => getTeam(ctx.deps, ctx.actor, input)),
  create: orgProcedure("ADMIN")
    .input(createTeamInput)
    .mutation(({ ctx, input }) => createTeam(ctx.deps, ctx.actor, input)),
  update: orgProcedure("ADMIN")
    .input(updateTeamInput)
    .mutation(({ ctx, input }) => updateTeam(ctx.deps, ctx.actor, input)),
  delete: orgProcedure("ADMIN")
    .input(teamIdInput)
    .mutation(({ ctx, input }) => deleteTeam(ctx.deps, ctx.actor, input)),
  addMember: orgProcedure("ADMIN")
    .input(addTeamMemberInput)
    .mutation(({ ctx, input }) => addTeamMember(ctx.deps, ctx.actor, input)),
  removeMember: orgProcedure("ADMIN")
    .input(teamMemberInput)
    .mutation(({ ctx, input }) => removeTeamMember(ctx.deps, ctx.actor, input)),
  setMemberRole: orgProcedure("ADMIN")
    .input(setTeamMemberRoleInput)
    .mutation(({ ctx, input }) => setTeamMemberRole(ctx.deps, ctx.actor, input)),
});
