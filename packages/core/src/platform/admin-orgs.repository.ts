import type { DbOrTx } from "@quartet/db/client";
import type { Prisma } from "@quartet/db/types";
import { keysetArgs } from "./pagination.schema.ts";

const orgRowSelect = {
  id: true,
  name: true,
  slug: true,
  plan: true,
  isPersonal: true,
  timezone: true,
  createdAt: true,
  deletedAt: true,
  owner: { select: { id: true, email: true, name: true } },
  _count: { select: { memberships: { where: { disabled: false } } } },
} as const;

export function findOrgs(db: DbOrTx, filter: { q?: string }, cursor: string | undefined, limit: number) {
  const where: Prisma.OrganizationWhereInput = {};
  if (filter.q) {
    where.OR = [
      { name: { contains: filter.q, mode: "insensitive" } },
      { slug: { contains: filter.q, mode: "insensitive" } },
    ];
  }
  return db.organization.findMany({ where, select: orgRowSelect, ...keysetArgs(cursor, limit) });
}

export function findOrgDetail(db: DbOrTx, orgId: string) {
  return db.organization.findUnique({
    where: { id: orgId },
    select: {
      ...orgRowSelect,
      description: true,
      allowTrial: true,
      isTrialing: true,
      updatedAt: true,
      memberships: {
        // Postgres sorts enums in declaration order: owners, admins, agents, then members.
        orderBy: [{ role: "asc" }, { joinedAt: "asc" }, { id: "asc" }],
        select: {
          id: true,
          role: true,
          disabled: true,
          joinedAt: true,
          user: { select: { id: true, email: true, name: true, status: true } },
        },
      },
      invitations: {
        where: { status: "PENDING" },
        orderBy: { createdAt: "desc" },
        select: {
          id: true,
          email: true,
          role: true,
          status: true,
          expiresAt: true,
          lastSentAt: true,
          createdAt: true,
          invitedBy: { select: { id: true, email: true, name: true } },
        },
      },
    },
  });
}
