import type { Tx } from "@quartet/db/client";
import { reserve } from "../billing/entitlements.service.ts";
import type { Deps, UserActor } from "../deps.ts";
import { AppError } from "../errors.ts";
import { createNotification } from "../notifications/notification.service.ts";
import { listOpenInvitations } from "./invitation.repository.ts";
import { effectiveStatus, isAgentRole, roleLabel } from "./invitation.service.ts";
import type { ChangeRoleInput, MemberList, MemberUserInput } from "./member.schema.ts";
import * as repo from "./org.repository.ts";
import type { OrgIdInput } from "./org.schema.ts";
import {
  assertNotLastOwner,
  atLeast,
  handOverPrimaryOwner,
  requireMembership,
  roleRank,
} from "./org-access.service.ts";

const notMember = () =>
  new AppError("NOT_FOUND", "That person isn't a member of this workspace.", undefined, "NOT_A_MEMBER");

/**
 * Locks the workspace and loads what a change to one member needs: the caller (ADMIN+), the
 * workspace and the member.
 */
async function lockForMemberChange(tx: Tx, actor: UserActor, input: MemberUserInput) {
  await repo.lockOrg(tx, input.orgId);
  const me = await requireMembership(tx, input.orgId, actor.userId, "ADMIN");
  const org = await repo.findOrg(tx, input.orgId);
  const target = await repo.findMembership(tx, input.orgId, input.userId);
  if (!org || !target) throw notMember();
  return { me, org, target };
}

/** Members by role (owners first) then join date, plus open invitations for admins. */
export async function listMembers(deps: Deps, actor: UserActor, input: OrgIdInput): Promise<MemberList> {
  const me = await requireMembership(deps.db, input.orgId, actor.userId, "MEMBER");
  const rows = await repo.listMemberRows(deps.db, input.orgId);
  const members = rows
    .map((r) => ({
      userId: r.user.id,
      name: r.user.name,
      email: r.user.email,
      avatarUrl: r.user.avatarUrl,
      role: r.role,
      joinedAt: r.joinedAt,
      disabled: r.disabled,
    }))
    .sort((a, b) => roleRank[b.role] - roleRank[a.role] || a.joinedAt.getTime() - b.joinedAt.getTime());
  if (!atLeast(me.role, "ADMIN")) return { members, invitations: [] };
  const now = deps.clock.now();
  const invitations = (await listOpenInvitations(deps.db, input.orgId)).map(({ invitedBy, ...inv }) => ({
    ...inv,
    status: effectiveStatus(inv, now),
    invitedByName: invitedBy?.name ?? null,
  }));
  return { members, invitations };
}

/**
 * ADMIN+ changes a member's role. Only owners touch owners (or make new ones), and the last owner
 * can't be demoted: ownership moves with transferOwnership instead.
 */
export async function changeRole(
  deps: Deps,
  actor: UserActor,
  input: ChangeRoleInput,
): Promise<{ userId: string; role: ChangeRoleInput["role"] }> {
  await deps.db.$transaction(async (tx) => {
    const { me, org, target } = await lockForMemberChange(tx, actor, input);
    if (me.role !== "OWNER") {
      if (target.role === "OWNER")
        throw new AppError("FORBIDDEN", "Only an owner can change an owner's role.");
      if (input.role === "OWNER") {
        throw new AppError("FORBIDDEN", "Only an owner can make someone an owner.", {
          role: "Only an owner can make someone an owner.",
        });
      }
    }
    if (target.role === input.role) return;
    // A member who becomes an agent (or admin/owner) takes an agent seat of the plan.
    if (isAgentRole(input.role) && !isAgentRole(target.role))
      await reserve(tx, deps.clock, org.id, "desk.agents");
    if (target.role === "OWNER") {
      await assertNotLastOwner(
        tx,
        org.id,
        `${target.user.id === actor.userId ? "You are" : `${target.user.name || target.user.email} is`} the last owner of ${org.name}. Make another member an owner (or transfer ownership) first.`,
      );
    }
    await repo.setMemberRole(tx, target.id, input.role);
    if (target.role === "OWNER") await handOverPrimaryOwner(tx, org, target.user.id);
    if (target.user.id !== actor.userId) {
      await createNotification(tx, {
        userId: target.user.id,
        organizationId: org.id,
        type: "ROLE_CHANGED",
        title: `Your role in ${org.name} changed`,
        message: `You are now ${roleLabel[input.role]} in ${org.name}.`,
        link: `/w/${org.slug}`,
      });
    }
  });
  return { userId: input.userId, role: input.role };
}

/** ADMIN+ removes a member; their access ends with this transaction. The last owner stays. */
export async function removeMember(
  deps: Deps,
  actor: UserActor,
  input: MemberUserInput,
): Promise<{ ok: true }> {
  await deps.db.$transaction(async (tx) => {
    const { me, org, target } = await lockForMemberChange(tx, actor, input);
    if (target.role === "OWNER") {
      if (me.role !== "OWNER") throw new AppError("FORBIDDEN", "Only an owner can remove an owner.");
      await assertNotLastOwner(
        tx,
        org.id,
        `The last owner of ${org.name} can't be removed. Transfer ownership or delete the workspace instead.`,
      );
    }
    await repo.deleteMembership(tx, target.id);
    if (target.role === "OWNER") await handOverPrimaryOwner(tx, org, target.user.id);
    if (target.user.id !== actor.userId) {
      await createNotification(tx, {
        userId: target.user.id,
        type: "MEMBER_REMOVED",
        title: `You were removed from ${org.name}`,
        message: `You no longer have access to the workspace ${org.name}.`,
      });
    }
  });
  return { ok: true };
}
