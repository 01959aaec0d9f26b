import type { DbOrTx } from "@quartet/db/client";

// Reads of the new-ticket notices (new-ticket-notify.handler.ts). Scoped by organizationId.

const subscriberWhere = (orgId: string, scopes: string[]) => ({
  type: "desk.new_ticket",
  scope: { in: scopes },
  user: {
    deletedAt: null,
    memberships: {
      some: {
        organizationId: orgId,
        disabled: false,
        role: { in: ["OWNER" as const, "ADMIN" as const, "AGENT" as const] },
      },
    },
  },
});

/** Whether any active agent of the workspace wants new-ticket notices (one indexed lookup). */
export async function hasNewTicketSubscriber(db: DbOrTx, orgId: string, scopes: string[]): Promise<boolean> {
  const row = await db.notificationPreference.findFirst({
    where: subscriberWhere(orgId, scopes),
    select: { id: true },
  });
  return row !== null;
}

/** Active agents of the workspace wanting new-ticket notices: their scope and their teams here. */
export async function findNewTicketSubscribers(db: DbOrTx, orgId: string, scopes: string[]) {
  const rows = await db.notificationPreference.findMany({
    where: subscriberWhere(orgId, scopes),
    orderBy: { userId: "asc" },
    select: {
      userId: true,
      scope: true,
      user: {
        select: { deskTeamMemberships: { where: { organizationId: orgId }, select: { teamId: true } } },
      },
    },
  });
  return rows.map((r) => ({
    userId: r.userId,
    scope: r.scope,
    teamIds: r.user.deskTeamMemberships.map((m) => m.teamId),
  }));
}

/** The new ticket as its notice tells it. */
export function findNewTicket(db: DbOrTx, orgId: string, ticketId: string) {
  return db.ticket.findFirst({
    where: { id: ticketId, organizationId: orgId, deletedAt: null },
    select: {
      id: true,
      number: true,
      subject: true,
      description: true,
      assigneeId: true,
      teamId: true,
      createdById: true,
      contact: { select: { name: true, email: true } },
      organization: { select: { slug: true } },
    },
  });
}

/** Those of `userIds` who already have the new-ticket notice linking to `link`. */
export async function findUsersNotifiedOf(db: DbOrTx, userIds: string[], link: string): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db.notification.findMany({
    where: { userId: { in: userIds }, type: "desk.new_ticket", link },
    select: { userId: true },
  });
  return new Set(rows.map((r) => r.userId));
}
