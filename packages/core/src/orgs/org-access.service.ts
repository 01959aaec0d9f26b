import type { DbOrTx } from "@quartet/db/client";
import type { MemberRole } from "@quartet/db/enums";
import { AppError } from "../errors.ts";
import { countActiveOwners, findActiveMembership, findOtherOwner, setOrgOwner } from "./org.repository.ts";

export const roleRank: Record<MemberRole, number> = { MEMBER: 0, AGENT: 1, ADMIN: 2, OWNER: 3 };

export function atLeast(role: MemberRole, min: MemberRole): boolean {
  return roleRank[role] >= roleRank[min];
}

/**
 * The caller's membership, checked again inside the service so core functions are safe on their
 * own (ops CLI, other modules): not a member → NOT_FOUND, role too low → FORBIDDEN, exactly like
 * the API's orgProcedure.
 */
export async function requireMembership(db: DbOrTx, orgId: string, userId: string, minRole: MemberRole) {
  const membership = await findActiveMembership(db, orgId, userId);
  if (!membership) throw new AppError("NOT_FOUND", "Workspace not found.");
  if (!atLeast(membership.role, minRole)) {
    throw new AppError("FORBIDDEN", "Your role in this workspace doesn't allow this.");
  }
  return membership;
}

/** Refuses to take away the last OWNER (call with the organization row locked). */
export async function assertNotLastOwner(db: DbOrTx, orgId: string, message: string): Promise<void> {
  if ((await countActiveOwners(db, orgId)) <= 1) {
    throw new AppError("PRECONDITION_FAILED", message, undefined, "LAST_OWNER");
  }
}

/** Keeps Organization.ownerId pointing at an owner when `leavingUserId` stops being one. */
export async function handOverPrimaryOwner(
  db: DbOrTx,
  org: { id: string; ownerId: string },
  leavingUserId: string,
): Promise<void> {
  if (org.ownerId !== leavingUserId) return;
  const next = await findOtherOwner(db, org.id, leavingUserId);
  if (next) await setOrgOwner(db, org.id, next.userId);
}
