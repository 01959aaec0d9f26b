import type { DbOrTx } from "@quartet/db/client";
import type { TeamRole } from "@quartet/db/enums";

/** What a notification about a ticket says and links to. */
export function findTicketForNotify(db: DbOrTx, orgId: string, ticketId: string) {
  return db.ticket.findFirst({
    where: { id: ticketId, organizationId: orgId },
    select: {
      id: true,
      number: true,
      subject: true,
      assigneeId: true,
      teamId: true,
      firstResponseAt: true,
      slaDueAt: true,
      organization: { select: { slug: true } },
    },
  });
}
export type NotifyTicket = NonNullable<Awaited<ReturnType<typeof findTicketForNotify>>>;

/** The tickets a digest names, by number. */
export function findTicketsForDigest(db: DbOrTx, orgId: string, ticketIds: string[]) {
  return db.ticket.findMany({
    where: { id: { in: ticketIds }, organizationId: orgId },
    orderBy: { number: "asc" },
    select: { id: true, number: true, subject: true, organization: { select: { slug: true } } },
  });
}

export function findMessageForNotify(db: DbOrTx, ticketId: string, messageId: string) {
  return db.ticketMessage.findFirst({
    where: { id: messageId, ticketId },
    select: { message: true, authorUserId: true },
  });
}

const activeMember = (orgId: string) => ({
  memberships: { some: { organizationId: orgId, disabled: false } },
  deletedAt: null,
});

/** Those of `userIds` who are still active members of the workspace. */
export async function filterActiveMembers(db: DbOrTx, orgId: string, userIds: string[]): Promise<string[]> {
  if (userIds.length === 0) return [];
  const rows = await db.user.findMany({
    where: { id: { in: userIds }, ...activeMember(orgId) },
    select: { id: true },
  });
  const active = new Set(rows.map((r) => r.id));
  return userIds.filter((id) => active.has(id));
}

/** Active workspace members in one team, optionally only those with one of `roles` in it. */
export async function findTeamMemberIds(
  db: DbOrTx,
  orgId: string,
  teamId: string,
  roles?: TeamRole[],
): Promise<string[]> {
  const rows = await db.teamMember.findMany({
    where: {
      organizationId: orgId,
      teamId,
      ...(roles ? { roleInTeam: { in: roles } } : {}),
      user: activeMember(orgId),
    },
    select: { userId: true },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((r) => r.userId);
}

/** Active OWNER and ADMIN members (who hear about tickets nobody else owns). */
export async function findWorkspaceManagerIds(db: DbOrTx, orgId: string): Promise<string[]> {
  const rows = await db.membership.findMany({
    where: {
      organizationId: orgId,
      disabled: false,
      role: { in: ["OWNER", "ADMIN"] },
      user: { deletedAt: null },
    },
    select: { userId: true },
    orderBy: { joinedAt: "asc" },
  });
  return rows.map((r) => r.userId);
}

/** Active members with the name and email an `@mention` can use. */
export function findMentionableMembers(db: DbOrTx, orgId: string) {
  return db.user.findMany({
    where: activeMember(orgId),
    select: { id: true, name: true, email: true },
  });
}

export function findRecipient(db: DbOrTx, userId: string) {
  return db.user.findFirst({
    where: { id: userId, deletedAt: null },
    select: { id: true, email: true, name: true, locale: true },
  });
}

/** Followers of the ticket who are still active members of the workspace. */
export async function findFollowerIds(db: DbOrTx, orgId: string, ticketId: string): Promise<string[]> {
  const rows = await db.ticketFollower.findMany({
    where: { organizationId: orgId, ticketId, user: activeMember(orgId) },
    orderBy: { createdAt: "asc" },
    select: { userId: true },
  });
  return rows.map((r) => r.userId);
}
