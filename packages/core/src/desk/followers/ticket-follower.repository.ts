import type { DbOrTx } from "@quartet/db/client";

// The only code that reads or writes ticket_followers. Every query is scoped by organizationId.

export async function findFollowers(db: DbOrTx, orgId: string, ticketId: string) {
  const rows = await db.ticketFollower.findMany({
    where: { organizationId: orgId, ticketId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      createdAt: true,
      user: { select: { id: true, name: true, email: true, avatarUrl: true } },
    },
  });
  return rows.map((r) => ({
    userId: r.user.id,
    name: r.user.name,
    email: r.user.email,
    avatarUrl: r.user.avatarUrl,
    createdAt: r.createdAt,
  }));
}

/** Adds a follower unless they already follow (ON CONFLICT DO NOTHING on ticket + user). */
export async function insertFollower(
  db: DbOrTx,
  data: { orgId: string; ticketId: string; userId: string; addedById: string | null; now: Date },
): Promise<boolean> {
  const { count } = await db.ticketFollower.createMany({
    data: [
      {
        organizationId: data.orgId,
        ticketId: data.ticketId,
        userId: data.userId,
        addedById: data.addedById,
        createdAt: data.now,
      },
    ],
    skipDuplicates: true,
  });
  return count === 1;
}

export async function deleteFollower(db: DbOrTx, orgId: string, ticketId: string, userId: string) {
  const { count } = await db.ticketFollower.deleteMany({
    where: { organizationId: orgId, ticketId, userId },
  });
  return count === 1;
}

/** A live ticket of the workspace (id only). */
export function findTicket(db: DbOrTx, orgId: string, ticketId: string) {
  return db.ticket.findFirst({
    where: { id: ticketId, organizationId: orgId, deletedAt: null },
    select: { id: true },
  });
}
