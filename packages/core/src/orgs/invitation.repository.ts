import type { DbOrTx } from "@quartet/db/client";
import type { MemberRole } from "@quartet/db/enums";

export const invitationItemSelect = {
  id: true,
  email: true,
  role: true,
  status: true,
  expiresAt: true,
  lastSentAt: true,
  invitedBy: { select: { name: true } },
} as const;

export function findPendingByEmail(db: DbOrTx, orgId: string, email: string) {
  return db.invitation.findFirst({
    where: { organizationId: orgId, email, status: { in: ["PENDING", "EXPIRED"] } },
    orderBy: { createdAt: "desc" },
    select: { id: true, status: true, role: true, expiresAt: true },
  });
}

export function insertInvitation(
  db: DbOrTx,
  data: {
    orgId: string;
    email: string;
    role: MemberRole;
    tokenHash: string;
    invitedById: string;
    expiresAt: Date;
    now: Date;
  },
) {
  return db.invitation.create({
    data: {
      organizationId: data.orgId,
      email: data.email,
      role: data.role,
      tokenHash: data.tokenHash,
      invitedById: data.invitedById,
      expiresAt: data.expiresAt,
      lastSentAt: data.now,
      createdAt: data.now,
    },
    select: invitationItemSelect,
  });
}

/**
 * New token and expiry for an open invitation, unless its mail went out after `sentBefore`
 * (compare-and-set, so two quick clicks send one mail). Returns false when refused.
 */
export async function refreshInvitation(
  db: DbOrTx,
  id: string,
  data: {
    tokenHash: string;
    expiresAt: Date;
    now: Date;
    sentBefore: Date;
    role?: MemberRole;
    invitedById?: string;
  },
): Promise<boolean> {
  const { count } = await db.invitation.updateMany({
    where: { id, status: { in: ["PENDING", "EXPIRED"] }, lastSentAt: { lte: data.sentBefore } },
    data: {
      status: "PENDING",
      tokenHash: data.tokenHash,
      expiresAt: data.expiresAt,
      lastSentAt: data.now,
      ...(data.role ? { role: data.role } : {}),
      ...(data.invitedById ? { invitedById: data.invitedById } : {}),
    },
  });
  return count === 1;
}

export function findInvitationInOrg(db: DbOrTx, orgId: string, id: string) {
  return db.invitation.findFirst({
    where: { id, organizationId: orgId },
    select: { ...invitationItemSelect, organizationId: true },
  });
}

export function findInvitationItem(db: DbOrTx, id: string) {
  return db.invitation.findUniqueOrThrow({ where: { id }, select: invitationItemSelect });
}

export function findByTokenHash(db: DbOrTx, tokenHash: string) {
  return db.invitation.findUnique({
    where: { tokenHash },
    select: {
      id: true,
      organizationId: true,
      email: true,
      role: true,
      status: true,
      expiresAt: true,
      invitedById: true,
      invitedBy: { select: { name: true, email: true } },
      organization: { select: { id: true, name: true, slug: true, deletedAt: true } },
    },
  });
}

export async function markAccepted(db: DbOrTx, id: string, now: Date): Promise<boolean> {
  const { count } = await db.invitation.updateMany({
    where: { id, status: "PENDING" },
    data: { status: "ACCEPTED", acceptedAt: now },
  });
  return count === 1;
}

export async function markRevoked(db: DbOrTx, id: string): Promise<boolean> {
  const { count } = await db.invitation.updateMany({
    where: { id, status: { in: ["PENDING", "EXPIRED"] } },
    data: { status: "REVOKED" },
  });
  return count === 1;
}

export function revokeAllPending(db: DbOrTx, orgId: string) {
  return db.invitation.updateMany({
    where: { organizationId: orgId, status: "PENDING" },
    data: { status: "REVOKED" },
  });
}

/** Invitations still awaiting an answer (pending, including those past their expiry). */
export function listOpenInvitations(db: DbOrTx, orgId: string) {
  return db.invitation.findMany({
    where: { organizationId: orgId, status: { in: ["PENDING", "EXPIRED"] } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: invitationItemSelect,
  });
}

export function findLiveUserByEmail(db: DbOrTx, email: string) {
  return db.user.findFirst({
    where: { email, deletedAt: null },
    select: { id: true, name: true, email: true, locale: true },
  });
}
