import type { Deps, UserActor } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import { isUniqueViolation } from "../../identity/identity.shared.ts";
import { requireMembership } from "../../orgs/org-access.service.ts";
import * as repo from "./team.repository.ts";
import {
  type AddTeamMemberInput,
  addTeamMemberInput,
  type CreateTeamInput,
  createTeamInput,
  type MyTeamItem,
  type SetTeamMemberRoleInput,
  setTeamMemberRoleInput,
  type TeamIdInput,
  type TeamItem,
  type TeamMemberInput,
  type UpdateTeamInput,
  updateTeamInput,
} from "./team.schema.ts";

type TeamRow = NonNullable<Awaited<ReturnType<typeof repo.findTeamRow>>>;

const teamNotFound = () => new AppError("NOT_FOUND", "Team not found.");
const nameTaken = () =>
  new AppError("CONFLICT", "A team with this name already exists in this workspace.", {
    name: "This name is already taken.",
  });

function toTeamItem(row: TeamRow): TeamItem {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    members: row.members.map((m) => ({
      userId: m.user.id,
      name: m.user.name,
      email: m.user.email,
      avatarUrl: m.user.avatarUrl,
      roleInTeam: m.roleInTeam,
      joinedAt: m.createdAt,
    })),
  };
}

async function loadTeam(deps: Deps, orgId: string, teamId: string): Promise<TeamItem> {
  const row = await repo.findTeamRow(deps.db, orgId, teamId);
  if (!row) throw teamNotFound();
  return toTeamItem(row);
}

/** The workspace's teams by name, each with its members and their role in the team. */
export async function listTeams(deps: Deps, actor: UserActor, input: { orgId: string }): Promise<TeamItem[]> {
  await requireMembership(deps.db, input.orgId, actor.userId, "MEMBER");
  return (await repo.listTeamRows(deps.db, input.orgId)).map(toTeamItem);
}

/** One team of the workspace with its members. */
export async function getTeam(deps: Deps, actor: UserActor, input: TeamIdInput): Promise<TeamItem> {
  await requireMembership(deps.db, input.orgId, actor.userId, "MEMBER");
  return loadTeam(deps, input.orgId, input.teamId);
}

/** The teams the caller belongs to in this workspace, with their role in each. */
export async function listMyTeams(
  deps: Deps,
  actor: UserActor,
  input: { orgId: string },
): Promise<MyTeamItem[]> {
  await requireMembership(deps.db, input.orgId, actor.userId, "MEMBER");
  const rows = await repo.listTeamsOfUser(deps.db, input.orgId, actor.userId);
  return rows.map((r) => ({ id: r.team.id, name: r.team.name, roleInTeam: r.roleInTeam }));
}

/** ADMIN+ creates a team; names are unique per workspace. */
export async function createTeam(deps: Deps, actor: UserActor, rawInput: CreateTeamInput): Promise<TeamItem> {
  const input = createTeamInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor.userId, "ADMIN");
  if (await repo.findTeamByName(deps.db, input.orgId, input.name)) throw nameTaken();
  const team = await repo
    .insertTeam(deps.db, {
      orgId: input.orgId,
      name: input.name,
      description: input.description ?? null,
      now: deps.clock.now(),
    })
    .catch((err: unknown) => {
      throw isUniqueViolation(err) ? nameTaken() : err;
    });
  return loadTeam(deps, input.orgId, team.id);
}

/** ADMIN+ renames a team and/or changes its description. */
export async function updateTeam(deps: Deps, actor: UserActor, rawInput: UpdateTeamInput): Promise<TeamItem> {
  const input = updateTeamInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor.userId, "ADMIN");
  if (input.name !== undefined) {
    const same = await repo.findTeamByName(deps.db, input.orgId, input.name);
    if (same && same.id !== input.teamId) throw nameTaken();
  }
  const found = await repo
    .updateTeamRow(deps.db, input.orgId, input.teamId, {
      name: input.name,
      description: input.description,
      now: deps.clock.now(),
    })
    .catch((err: unknown) => {
      throw isUniqueViolation(err) ? nameTaken() : err;
    });
  if (!found) throw teamNotFound();
  return loadTeam(deps, input.orgId, input.teamId);
}

/** ADMIN+ deletes a team: its memberships go with it, its tickets stay without a team. */
export async function deleteTeam(
  deps: Deps,
  actor: UserActor,
  input: TeamIdInput,
): Promise<{ teamId: string }> {
  await requireMembership(deps.db, input.orgId, actor.userId, "ADMIN");
  if (!(await repo.deleteTeamRow(deps.db, input.orgId, input.teamId))) throw teamNotFound();
  return { teamId: input.teamId };
}

/** ADMIN+ adds an agent (active workspace member with role AGENT or higher) to a team. */
export async function addTeamMember(
  deps: Deps,
  actor: UserActor,
  rawInput: AddTeamMemberInput,
): Promise<TeamItem> {
  const input = addTeamMemberInput.parse(rawInput);
  await deps.db.$transaction(async (tx) => {
    await requireMembership(tx, input.orgId, actor.userId, "ADMIN");
    if (!(await repo.findTeamRow(tx, input.orgId, input.teamId))) throw teamNotFound();
    if (!(await repo.findAgentMembership(tx, input.orgId, input.userId))) {
      throw new AppError(
        "BAD_REQUEST",
        "Only active members of this workspace with the Agent role or higher can join a team.",
        { userId: "Choose an agent of this workspace." },
        "NOT_AN_AGENT",
      );
    }
    const alreadyIn = () =>
      new AppError("CONFLICT", "This person is already in the team.", { userId: "Already in the team." });
    if (await repo.findTeamMember(tx, input.teamId, input.userId)) throw alreadyIn();
    await repo
      .insertTeamMember(tx, {
        orgId: input.orgId,
        teamId: input.teamId,
        userId: input.userId,
        role: input.role,
        now: deps.clock.now(),
      })
      .catch((err: unknown) => {
        throw isUniqueViolation(err) ? alreadyIn() : err;
      });
  });
  return loadTeam(deps, input.orgId, input.teamId);
}

const notInTeam = () =>
  new AppError("NOT_FOUND", "That person isn't in this team.", undefined, "NOT_IN_TEAM");

/** ADMIN+ removes someone from a team. */
export async function removeTeamMember(
  deps: Deps,
  actor: UserActor,
  input: TeamMemberInput,
): Promise<TeamItem> {
  await requireMembership(deps.db, input.orgId, actor.userId, "ADMIN");
  if (!(await repo.findTeamRow(deps.db, input.orgId, input.teamId))) throw teamNotFound();
  if (!(await repo.deleteTeamMember(deps.db, input.teamId, input.userId))) throw notInTeam();
  return loadTeam(deps, input.orgId, input.teamId);
}

/** ADMIN+ changes someone's role in a team (agent / supervisor / lead). */
export async function setTeamMemberRole(
  deps: Deps,
  actor: UserActor,
  rawInput: SetTeamMemberRoleInput,
): Promise<TeamItem> {
  const input = setTeamMemberRoleInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor.userId, "ADMIN");
  if (!(await repo.findTeamRow(deps.db, input.orgId, input.teamId))) throw teamNotFound();
  if (!(await repo.setTeamMemberRole(deps.db, input.teamId, input.userId, input.role))) throw notInTeam();
  return loadTeam(deps, input.orgId, input.teamId);
}
