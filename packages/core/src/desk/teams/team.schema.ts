import { TeamRole } from "@quartet/db/enums";
import { z } from "zod";

export const teamRoleSchema = z.enum(TeamRole);

const teamNameSchema = z
  .string()
  .trim()
  .min(1, "Give the team a name.")
  .max(100, "Use at most 100 characters.");

const descriptionSchema = z.string().trim().max(2000, "Use at most 2000 characters.");

export const createTeamInput = z.object({
  orgId: z.uuid(),
  name: teamNameSchema,
  description: descriptionSchema.nullish(),
});
export type CreateTeamInput = z.input<typeof createTeamInput>;

export const updateTeamInput = z.object({
  orgId: z.uuid(),
  teamId: z.uuid(),
  name: teamNameSchema.optional(),
  description: descriptionSchema.nullish(),
});
export type UpdateTeamInput = z.input<typeof updateTeamInput>;

export const teamIdInput = z.object({ orgId: z.uuid(), teamId: z.uuid() });
export type TeamIdInput = z.infer<typeof teamIdInput>;

export const addTeamMemberInput = z.object({
  orgId: z.uuid(),
  teamId: z.uuid(),
  userId: z.uuid(),
  role: teamRoleSchema.default("AGENT"),
});
export type AddTeamMemberInput = z.input<typeof addTeamMemberInput>;

export const teamMemberInput = z.object({ orgId: z.uuid(), teamId: z.uuid(), userId: z.uuid() });
export type TeamMemberInput = z.infer<typeof teamMemberInput>;

export const setTeamMemberRoleInput = z.object({
  orgId: z.uuid(),
  teamId: z.uuid(),
  userId: z.uuid(),
  role: teamRoleSchema,
});
export type SetTeamMemberRoleInput = z.input<typeof setTeamMemberRoleInput>;

export interface TeamMemberItem {
  userId: string;
  name: string | null;
  email: string;
  avatarUrl: string | null;
  roleInTeam: TeamRole;
  joinedAt: Date;
}

export interface TeamItem {
  id: string;
  name: string;
  description: string | null;
  createdAt: Date;
  updatedAt: Date;
  members: TeamMemberItem[];
}

/** A team the caller belongs to, with the caller's role in it. */
export interface MyTeamItem {
  id: string;
  name: string;
  roleInTeam: TeamRole;
}
