import type { DbOrTx } from "@quartet/db/client";
import type { MemberRole } from "@quartet/db/enums";
import type { UserActor } from "../deps.ts";
import { AppError } from "../errors.ts";
import { countActiveOwners, findActiveMembership, findOtherOwner, setOrgOwner } from "./org.repository.ts";

export const roleRank: Record<MemberRole, number> = { MEMBER: 0, AGENT: 1, ADMIN: 2, OWNER: 3 };

export function atLeast(role: MemberRole, min: MemberRole): boolean {
  return roleRank[role] >= roleRank[min];
}

/**
 * The caller's membership, checked inside the service so core functions are safe on their own
 * (ops CLI, jobs, other modules): not a member → NOT_FOUND, role too low → FORBIDDEN, exactly like
 * the API's orgProcedure. Given the actor rather than a user id, a membership the API already
 * resolved for this workspace and user in this request (`actor.membership`) is used instead of a
 * second query; anything else — another workspace, no membership carried — is looked up.
 */
export async function requireMembership(
  db: DbOrTx,
  orgId: string,
  who: string | Pick<UserActor, "userId" | "membership">,
  minRole: MemberRole,
): Promise<{ id: string; role: MemberRole }> {
  const userId = typeof who === "string" ? who : who.userId;
  const known = typeof who === "string" ? undefined : who.membership;
  const membership =
    known && known.orgId === orgId && known.userId === userId
      ? known
      : await findActiveMembership(db, orgId, userId);
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
