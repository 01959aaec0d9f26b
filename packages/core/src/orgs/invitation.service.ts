import { generateSessionToken, hashToken } from "@quartet/auth/session";
import type { Tx } from "@quartet/db/client";
import type { InvitationStatus, MemberRole } from "@quartet/db/enums";
import { reserve } from "../billing/entitlements.service.ts";
import { AGENT_ROLES } from "../billing/usage.repository.ts";
import type { Deps, UserActor } from "../deps.ts";
import { queueEmail } from "../email/email.queue.ts";
import { AppError } from "../errors.ts";
import { createNotification } from "../notifications/notification.service.ts";
import * as invitations from "./invitation.repository.ts";
import {
  INVITATION_RESEND_INTERVAL_MS,
  INVITATION_TTL_MS,
  type InvitationIdInput,
  type InvitationItem,
  type InvitationPreview,
  type InvitationTokenInput,
  type InviteInput,
} from "./invitation.schema.ts";
import * as orgs from "./org.repository.ts";
import { requireMembership } from "./org-access.service.ts";

export const roleLabel: Record<MemberRole, string> = {
  OWNER: "Owner",
  ADMIN: "Admin",
  AGENT: "Agent",
  MEMBER: "Member",
};

/** Roles that take an agent seat (billing's desk.agents limit). */
export const isAgentRole = (role: MemberRole) => (AGENT_ROLES as readonly MemberRole[]).includes(role);

/** PENDING rows past their expiry read as EXPIRED; nothing writes that on a read. */
export function effectiveStatus(
  inv: { status: InvitationStatus; expiresAt: Date },
  now: Date,
): InvitationStatus {
  return inv.status === "PENDING" && inv.expiresAt <= now ? "EXPIRED" : inv.status;
}

function toItem(row: Awaited<ReturnType<typeof invitations.findInvitationItem>>, now: Date): InvitationItem {
  const { invitedBy, ...rest } = row;
  return { ...rest, status: effectiveStatus(rest, now), invitedByName: invitedBy?.name ?? null };
}

const tooSoon = () =>
  new AppError(
    "TOO_MANY_REQUESTS",
    "This invitation was sent less than a minute ago. Wait a moment before sending it again.",
    undefined,
    "INVITATION_RESEND_TOO_SOON",
  );

const ownerInvitesOnlyByOwner = () =>
  new AppError("FORBIDDEN", "Only an owner can invite someone as an owner.", {
    role: "Only an owner can invite someone as an owner.",
  });

/** Mails the invitation link (and tells the invitee in-app when they already have an account). */
async function sendInvitation(
  deps: Deps,
  tx: Tx,
  args: { token: string; email: string; role: MemberRole; orgId: string; orgName: string; inviterId: string },
): Promise<void> {
  const inviter = await orgs.findUserBasics(tx, args.inviterId);
  const invitee = await invitations.findLiveUserByEmail(tx, args.email);
  const link = `${deps.config.webUrl}/invite?token=${args.token}`;
  const inviterName = inviter?.name || inviter?.email || null;
  await queueEmail(tx, deps.boss, {
    type: "INVITATION",
    to: args.email,
    toName: invitee?.name ?? null,
    userId: invitee?.id ?? null,
    locale: invitee?.locale ?? inviter?.locale ?? "en",
    data: { inviterName, orgName: args.orgName, role: roleLabel[args.role], link },
  });
  if (invitee) {
    await createNotification(tx, {
      userId: invitee.id,
      organizationId: args.orgId,
      type: "INVITATION",
      title: `Invitation to ${args.orgName}`,
      message: `${inviterName ?? "Someone"} invited you to join ${args.orgName} as ${roleLabel[args.role]}.`,
      link: `/invite?token=${args.token}`,
    });
  }
}

/**
 * Invites an email address with a role. A pending invitation for the same address is refreshed
 * (new link, new expiry, new role) rather than duplicated; the mail is queued in the same transaction.
 */
export async function inviteMember(
  deps: Deps,
  actor: UserActor,
  rawInput: InviteInput,
): Promise<InvitationItem> {
  const input = { ...rawInput, email: rawInput.email.trim().toLowerCase() };
  const now = deps.clock.now();
  const id = await deps.db.$transaction(async (tx) => {
    // Serializes invitations per workspace so two quick invites of one address make one row.
    await orgs.lockOrg(tx, input.orgId);
    const me = await requireMembership(tx, input.orgId, actor.userId, "ADMIN");
    if (input.role === "OWNER" && me.role !== "OWNER") throw ownerInvitesOnlyByOwner();
    const org = await orgs.findOrg(tx, input.orgId);
    if (!org) throw new AppError("NOT_FOUND", "Workspace not found.");

    const existing = await invitations.findLiveUserByEmail(tx, input.email);
    if (existing && (await orgs.findMembership(tx, org.id, existing.id))) {
      throw new AppError("CONFLICT", `${input.email} is already a member of this workspace.`, {
        email: "This person is already a member of this workspace.",
      });
    }

    const token = generateSessionToken();
    const tokenHash = hashToken(token);
    const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
    const pending = await invitations.findPendingByEmail(tx, org.id, input.email);
    // Plan limits: a new invitation holds a seat (and an agent seat for an agent role) until it is
    // accepted or expires; refreshing a live one holds nothing more.
    const live = pending && effectiveStatus(pending, now) === "PENDING" ? pending : null;
    if (!live) await reserve(tx, deps.clock, org.id, "seats");
    if (isAgentRole(input.role) && !(live && isAgentRole(live.role))) {
      await reserve(tx, deps.clock, org.id, "desk.agents");
    }
    let invitationId: string;
    if (pending) {
      const refreshed = await invitations.refreshInvitation(tx, pending.id, {
        tokenHash,
        expiresAt,
        now,
        sentBefore: new Date(now.getTime() - INVITATION_RESEND_INTERVAL_MS),
        role: input.role,
        invitedById: actor.userId,
      });
      if (!refreshed) throw tooSoon();
      invitationId = pending.id;
    } else {
      const created = await invitations.insertInvitation(tx, {
        orgId: org.id,
        email: input.email,
        role: input.role,
        tokenHash,
        invitedById: actor.userId,
        expiresAt,
        now,
      });
      invitationId = created.id;
    }
    await sendInvitation(deps, tx, {
      token,
      email: input.email,
      role: input.role,
      orgId: org.id,
      orgName: org.name,
      inviterId: actor.userId,
    });
    return invitationId;
  });
  return toItem(await invitations.findInvitationItem(deps.db, id), now);
}

/** Sends the invitation again with a fresh link (the previous link stops working), once a minute at most. */
export async function resendInvitation(
  deps: Deps,
  actor: UserActor,
  input: InvitationIdInput,
): Promise<InvitationItem> {
  const now = deps.clock.now();
  await deps.db.$transaction(async (tx) => {
    const me = await requireMembership(tx, input.orgId, actor.userId, "ADMIN");
    const org = await orgs.findOrg(tx, input.orgId);
    const inv = await invitations.findInvitationInOrg(tx, input.orgId, input.invitationId);
    if (!org || !inv) throw new AppError("NOT_FOUND", "Invitation not found.");
    if (inv.status === "ACCEPTED" || inv.status === "REVOKED") {
      throw new AppError(
        "PRECONDITION_FAILED",
        inv.status === "ACCEPTED" ? "This invitation was already accepted." : "This invitation was revoked.",
      );
    }
    if (inv.role === "OWNER" && me.role !== "OWNER") throw ownerInvitesOnlyByOwner();
    const token = generateSessionToken();
    const refreshed = await invitations.refreshInvitation(tx, inv.id, {
      tokenHash: hashToken(token),
      expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
      now,
      sentBefore: new Date(now.getTime() - INVITATION_RESEND_INTERVAL_MS),
    });
    if (!refreshed) throw tooSoon();
    await sendInvitation(deps, tx, {
      token,
      email: inv.email,
      role: inv.role,
      orgId: org.id,
      orgName: org.name,
      inviterId: actor.userId,
    });
  });
  return toItem(await invitations.findInvitationItem(deps.db, input.invitationId), now);
}

export async function revokeInvitation(
  deps: Deps,
  actor: UserActor,
  input: InvitationIdInput,
): Promise<{ ok: true }> {
  const me = await requireMembership(deps.db, input.orgId, actor.userId, "ADMIN");
  const inv = await invitations.findInvitationInOrg(deps.db, input.orgId, input.invitationId);
  if (!inv) throw new AppError("NOT_FOUND", "Invitation not found.");
  if (inv.role === "OWNER" && me.role !== "OWNER") {
    throw new AppError("FORBIDDEN", "Only an owner can revoke an owner invitation.");
  }
  if (!(await invitations.markRevoked(deps.db, inv.id))) {
    throw new AppError("PRECONDITION_FAILED", "This invitation was already accepted or revoked.");
  }
  return { ok: true };
}

const invalidLink = () =>
  new AppError(
    "NOT_FOUND",
    "This invitation link is invalid or no longer exists.",
    undefined,
    "INVITATION_INVALID",
  );

/** Public: what the invitation page shows for a link, whoever opens it. */
export async function getInvitation(deps: Deps, input: InvitationTokenInput): Promise<InvitationPreview> {
  const inv = await invitations.findByTokenHash(deps.db, hashToken(input.token));
  if (!inv || inv.organization.deletedAt) throw invalidLink();
  return {
    orgName: inv.organization.name,
    inviterName: inv.invitedBy?.name || inv.invitedBy?.email || null,
    email: inv.email,
    role: inv.role,
    status: effectiveStatus(inv, deps.clock.now()),
    expiresAt: inv.expiresAt,
  };
}

/**
 * The signed-in user accepts: their email must be the invited one. Accepting twice, or when
 * already a member, is a no-op that returns the workspace.
 */
export async function acceptInvitation(
  deps: Deps,
  actor: UserActor,
  input: InvitationTokenInput,
): Promise<{ orgId: string }> {
  const now = deps.clock.now();
  return deps.db.$transaction(async (tx) => {
    const inv = await invitations.findByTokenHash(tx, hashToken(input.token));
    if (!inv || inv.organization.deletedAt) throw invalidLink();
    const me = await orgs.findUserBasics(tx, actor.userId);
    if (!me) throw new AppError("UNAUTHORIZED", "Please sign in to continue.");
    if (me.email.toLowerCase() !== inv.email.toLowerCase()) {
      throw new AppError(
        "FORBIDDEN",
        `This invitation was sent to ${inv.email}. You're signed in as ${me.email}: sign in with ${inv.email} to accept it.`,
        undefined,
        "INVITATION_EMAIL_MISMATCH",
      );
    }
    const orgId = inv.organizationId;
    const alreadyMember = (await orgs.findMembership(tx, orgId, me.id)) !== null;
    const status = effectiveStatus(inv, now);
    if (status === "ACCEPTED" || status === "EXPIRED" || status === "REVOKED") {
      if (alreadyMember) return { orgId };
      if (status === "ACCEPTED") {
        throw new AppError(
          "PRECONDITION_FAILED",
          "This invitation has already been used.",
          undefined,
          "INVITATION_USED",
        );
      }
      if (status === "REVOKED") {
        throw new AppError(
          "PRECONDITION_FAILED",
          "This invitation was withdrawn.",
          undefined,
          "INVITATION_REVOKED",
        );
      }
      throw new AppError(
        "PRECONDITION_FAILED",
        "This invitation has expired. Ask the workspace admin to send a new one.",
        undefined,
        "INVITATION_EXPIRED",
      );
    }
    // The invitation already holds its seats; after a downgrade they may no longer fit the plan.
    if (!alreadyMember) {
      await reserve(tx, deps.clock, orgId, "seats", 0);
      if (isAgentRole(inv.role)) await reserve(tx, deps.clock, orgId, "desk.agents", 0);
    }
    // Compare-and-set: of two concurrent accepts, one flips the row; the other finds the membership.
    if (!(await invitations.markAccepted(tx, inv.id, now))) {
      if (await orgs.findMembership(tx, orgId, me.id)) return { orgId };
      throw new AppError(
        "PRECONDITION_FAILED",
        "This invitation is no longer valid.",
        undefined,
        "INVITATION_USED",
      );
    }
    const joined = await orgs.ensureMembership(tx, { orgId, userId: me.id, role: inv.role, now });
    if (joined && inv.invitedById && inv.invitedById !== me.id) {
      await createNotification(tx, {
        userId: inv.invitedById,
        organizationId: orgId,
        type: "INVITATION_ACCEPTED",
        title: `${me.name || me.email} joined ${inv.organization.name}`,
        message: `${me.name || me.email} (${me.email}) accepted your invitation and joined ${inv.organization.name} as ${roleLabel[inv.role]}.`,
        link: `/w/${inv.organization.slug}/members`,
      });
    }
    return { orgId };
  });
}
