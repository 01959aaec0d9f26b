import type { DbOrTx } from "@quartet/db/client";
import type { TeamRole } from "@quartet/db/enums";
import type { Prisma } from "@quartet/db/types";

// The only code that reads or writes Desk teams and their memberships. Every query is scoped by
// organizationId.

const teamMemberSelect = {
  roleInTeam: true,
  createdAt: true,
  user: { select: { id: true, name: true, email: true, avatarUrl: true } },
} as const;

// Not `as const`: Prisma's orderBy takes mutable arrays.
const membersInOrder: Prisma.TeamMemberOrderByWithRelationInput[] = [{ createdAt: "asc" }, { id: "asc" }];

export const teamSelect = {
  id: true,
  name: true,
  description: true,
  createdAt: true,
  updatedAt: true,
  members: { select: teamMemberSelect, orderBy: membersInOrder },
} as const;

export function listTeamRows(db: DbOrTx, orgId: string) {
  return db.team.findMany({
    where: { organizationId: orgId },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    select: teamSelect,
  });
}

export function findTeamRow(db: DbOrTx, orgId: string, teamId: string) {
  return db.team.findFirst({ where: { id: teamId, organizationId: orgId }, select: teamSelect });
}

export function findTeamByName(db: DbOrTx, orgId: string, name: string) {
  return db.team.findUnique({
    where: { organizationId_name: { organizationId: orgId, name } },
    select: { id: true },
  });
}

export function insertTeam(
  db: DbOrTx,
  data: { orgId: string; name: string; description: string | null; now: Date },
) {
  return db.team.create({
    data: {
      organizationId: data.orgId,
      name: data.name,
      description: data.description,
      createdAt: data.now,
      updatedAt: data.now,
    },
    select: { id: true },
  });
}

/** Updates a team of the workspace; false if there is none with that id. */
export async function updateTeamRow(
  db: DbOrTx,
  orgId: string,
  teamId: string,
  data: { name?: string; description?: string | null; now: Date },
): Promise<boolean> {
  const { count } = await db.team.updateMany({
    where: { id: teamId, organizationId: orgId },
    data: { name: data.name, description: data.description, updatedAt: data.now },
  });
  return count === 1;
}

/** Deletes a team (memberships cascade, tickets keep no team); false if there is none. */
export async function deleteTeamRow(db: DbOrTx, orgId: string, teamId: string): Promise<boolean> {
  const { count } = await db.team.deleteMany({ where: { id: teamId, organizationId: orgId } });
  return count === 1;
}

/** An active member of the workspace with at least the AGENT role (who can join a team). */
export function findAgentMembership(db: DbOrTx, orgId: string, userId: string) {
  return db.membership.findFirst({
    where: { organizationId: orgId, userId, disabled: false, role: { in: ["AGENT", "ADMIN", "OWNER"] } },
    select: { id: true },
  });
}

export function findTeamMember(db: DbOrTx, teamId: string, userId: string) {
  return db.teamMember.findUnique({
    where: { teamId_userId: { teamId, userId } },
    select: { id: true, roleInTeam: true },
  });
}

export function insertTeamMember(
  db: DbOrTx,
  data: { orgId: string; teamId: string; userId: string; role: TeamRole; now: Date },
) {
  return db.teamMember.create({
    data: {
      organizationId: data.orgId,
      teamId: data.teamId,
      userId: data.userId,
      roleInTeam: data.role,
      createdAt: data.now,
    },
    select: { id: true },
  });
}

export async function deleteTeamMember(db: DbOrTx, teamId: string, userId: string): Promise<boolean> {
  const { count } = await db.teamMember.deleteMany({ where: { teamId, userId } });
  return count === 1;
}

export async function setTeamMemberRole(
  db: DbOrTx,
  teamId: string,
  userId: string,
  role: TeamRole,
): Promise<boolean> {
  const { count } = await db.teamMember.updateMany({ where: { teamId, userId }, data: { roleInTeam: role } });
  return count === 1;
}

/** The teams of the workspace `userId` belongs to, with their role in each. */
export function listTeamsOfUser(db: DbOrTx, orgId: string, userId: string) {
  return db.teamMember.findMany({
    where: { organizationId: orgId, userId },
    orderBy: [{ team: { name: "asc" } }, { id: "asc" }],
    select: { roleInTeam: true, team: { select: { id: true, name: true } } },
  });
}
