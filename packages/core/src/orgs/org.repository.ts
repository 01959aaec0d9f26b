import type { DbOrTx } from "@quartet/db/client";
import type { MemberRole } from "@quartet/db/enums";

// The only code in the orgs module that reads or writes Organization and Membership rows.

export const orgDetailSelect = {
  id: true,
  name: true,
  slug: true,
  timezone: true,
  plan: true,
  ownerId: true,
  isPersonal: true,
  createdAt: true,
  _count: { select: { memberships: { where: { disabled: false } } } },
} as const;

/**
 * Inserts an organization unless its slug (or id) is taken, without raising: a unique violation
 * inside a caller's transaction would abort the whole transaction, ON CONFLICT DO NOTHING does not.
 */
export async function insertOrgIfSlugFree(
  db: DbOrTx,
  data: {
    id: string;
    name: string;
    slug: string;
    ownerId: string;
    timezone: string;
    isPersonal: boolean;
    now: Date;
  },
): Promise<boolean> {
  const { now, ...rest } = data;
  const { count } = await db.organization.createMany({
    data: [{ ...rest, createdAt: now, updatedAt: now }],
    skipDuplicates: true,
  });
  return count === 1;
}

export function slugExists(db: DbOrTx, slug: string) {
  return db.organization.findUnique({ where: { slug }, select: { id: true } }).then((r) => r !== null);
}

export function findOrg(db: DbOrTx, orgId: string) {
  return db.organization.findFirst({ where: { id: orgId, deletedAt: null }, select: orgDetailSelect });
}

/** Row lock on the organization: serializes owner-count checks against concurrent role changes. */
export async function lockOrg(db: DbOrTx, orgId: string): Promise<void> {
  await db.$queryRaw`SELECT id FROM organizations WHERE id = ${orgId}::uuid FOR UPDATE`;
}

export function updateOrg(
  db: DbOrTx,
  orgId: string,
  data: { name?: string; slug?: string; timezone?: string },
) {
  return db.organization.update({ where: { id: orgId }, data, select: { id: true } });
}

export function softDeleteOrg(db: DbOrTx, orgId: string, now: Date) {
  return db.organization.updateMany({ where: { id: orgId, deletedAt: null }, data: { deletedAt: now } });
}

export function setOrgOwner(db: DbOrTx, orgId: string, ownerId: string) {
  return db.organization.update({ where: { id: orgId }, data: { ownerId }, select: { id: true } });
}

export function findMyMemberships(db: DbOrTx, userId: string) {
  return db.membership.findMany({
    where: { userId, disabled: false, organization: { deletedAt: null } },
    select: {
      role: true,
      organization: {
        select: {
          id: true,
          name: true,
          slug: true,
          isPersonal: true,
          _count: { select: { memberships: { where: { disabled: false } } } },
        },
      },
    },
  });
}

/** The caller's membership in a live (not deleted) workspace, or null. */
export function findActiveMembership(db: DbOrTx, orgId: string, userId: string) {
  return db.membership.findFirst({
    where: { organizationId: orgId, userId, disabled: false, organization: { deletedAt: null } },
    select: { id: true, role: true },
  });
}

export function findMembership(db: DbOrTx, orgId: string, userId: string) {
  return db.membership.findUnique({
    where: { organizationId_userId: { organizationId: orgId, userId } },
    select: { id: true, role: true, disabled: true, user: { select: { id: true, name: true, email: true } } },
  });
}

export function createMembership(
  db: DbOrTx,
  data: { orgId: string; userId: string; role: MemberRole; now: Date },
) {
  return db.membership.create({
    data: { organizationId: data.orgId, userId: data.userId, role: data.role, joinedAt: data.now },
    select: { id: true },
  });
}

/** Creates the membership unless the user already has one (idempotent accept). */
export async function ensureMembership(
  db: DbOrTx,
  data: { orgId: string; userId: string; role: MemberRole; now: Date },
): Promise<boolean> {
  const { count } = await db.membership.createMany({
    data: [{ organizationId: data.orgId, userId: data.userId, role: data.role, joinedAt: data.now }],
    skipDuplicates: true,
  });
  return count === 1;
}

export function setMemberRole(db: DbOrTx, membershipId: string, role: MemberRole) {
  return db.membership.update({ where: { id: membershipId }, data: { role }, select: { id: true } });
}

export function deleteMembership(db: DbOrTx, membershipId: string) {
  return db.membership.delete({ where: { id: membershipId }, select: { id: true } });
}

export function countActiveOwners(db: DbOrTx, orgId: string) {
  return db.membership.count({ where: { organizationId: orgId, role: "OWNER", disabled: false } });
}

/** Earliest-joined active owner other than `exceptUserId`: the next "primary" owner. */
export function findOtherOwner(db: DbOrTx, orgId: string, exceptUserId: string) {
  return db.membership.findFirst({
    where: { organizationId: orgId, role: "OWNER", disabled: false, userId: { not: exceptUserId } },
    orderBy: { joinedAt: "asc" },
    select: { userId: true },
  });
}

export function listMemberRows(db: DbOrTx, orgId: string) {
  return db.membership.findMany({
    where: { organizationId: orgId },
    orderBy: [{ joinedAt: "asc" }, { id: "asc" }],
    select: {
      role: true,
      disabled: true,
      joinedAt: true,
      user: { select: { id: true, name: true, email: true, avatarUrl: true } },
    },
  });
}

export function listMemberUserIds(db: DbOrTx, orgId: string) {
  return db.membership
    .findMany({ where: { organizationId: orgId, disabled: false }, select: { userId: true } })
    .then((rows) => rows.map((r) => r.userId));
}

export function findUserBasics(db: DbOrTx, userId: string) {
  return db.user.findUnique({
    where: { id: userId },
    select: { id: true, name: true, email: true, locale: true, timezone: true },
  });
}
