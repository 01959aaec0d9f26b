import { randomUUID } from "node:crypto";
import type { Tx } from "@quartet/db/client";
import type { Deps, UserActor } from "../deps.ts";
import { AppError } from "../errors.ts";
import { createNotification } from "../notifications/notification.service.ts";
import { revokeAllPending } from "./invitation.repository.ts";
import * as repo from "./org.repository.ts";
import type {
  CreateOrgInput,
  DeleteOrgInput,
  OrgDetail,
  OrgIdInput,
  OrgSummary,
  TransferOwnershipInput,
  UpdateOrgInput,
} from "./org.schema.ts";
import { assertNotLastOwner, handOverPrimaryOwner, requireMembership } from "./org-access.service.ts";
import { baseSlug, slugCandidates } from "./org-slug.ts";

const slugTaken = () =>
  new AppError("CONFLICT", "This workspace address is already taken.", {
    slug: "This address is already taken. Try another one.",
  });

/** Inserts the organization under the first free slug candidate; returns its id and slug. */
async function insertWithFreeSlug(
  tx: Tx,
  data: { name: string; ownerId: string; timezone: string; isPersonal: boolean; now: Date },
  base: string,
): Promise<{ id: string; slug: string }> {
  for (const slug of slugCandidates(base)) {
    const id = randomUUID();
    if (await repo.insertOrgIfSlugFree(tx, { ...data, id, slug })) return { id, slug };
  }
  throw new AppError("INTERNAL", "Could not find a free workspace address.");
}

function toDetail(
  org: NonNullable<Awaited<ReturnType<typeof repo.findOrg>>>,
  role: OrgDetail["role"],
): OrgDetail {
  const { _count, ...rest } = org;
  return { ...rest, role, memberCount: _count.memberships };
}

/**
 * The workspace every account gets at sign-up: "<Name>'s workspace", a slug derived from the name
 * (or the email's local part), the user as OWNER. Runs inside the caller's sign-up transaction.
 */
export async function createPersonalWorkspace(
  tx: Tx,
  user: { id: string; name: string | null; email: string },
): Promise<{ id: string; slug: string }> {
  const localPart = user.email.split("@")[0] ?? "";
  const displayName = user.name?.trim() || localPart || "My";
  const name = `${displayName.slice(0, 85)}'s workspace`;
  const basics = await repo.findUserBasics(tx, user.id);
  const now = new Date();
  const org = await insertWithFreeSlug(
    tx,
    { name, ownerId: user.id, timezone: basics?.timezone ?? "UTC", isPersonal: true, now },
    baseSlug(user.name?.trim() || localPart),
  );
  await repo.createMembership(tx, { orgId: org.id, userId: user.id, role: "OWNER", now });
  return org;
}

export async function createOrg(deps: Deps, actor: UserActor, input: CreateOrgInput): Promise<OrgDetail> {
  const orgId = await deps.db.$transaction(async (tx) => {
    const me = await repo.findUserBasics(tx, actor.userId);
    if (!me) throw new AppError("UNAUTHORIZED", "Please sign in to continue.");
    const now = deps.clock.now();
    const data = { name: input.name, ownerId: me.id, timezone: me.timezone, isPersonal: false, now };
    let id: string;
    if (input.slug) {
      id = randomUUID();
      if (!(await repo.insertOrgIfSlugFree(tx, { ...data, id, slug: input.slug }))) throw slugTaken();
    } else {
      id = (await insertWithFreeSlug(tx, data, baseSlug(input.name))).id;
    }
    await repo.createMembership(tx, { orgId: id, userId: me.id, role: "OWNER", now });
    return id;
  });
  return getOrg(deps, actor, { orgId });
}

/** Workspaces the caller can open: personal first, then by name. */
export async function listMyOrgs(deps: Deps, actor: UserActor): Promise<OrgSummary[]> {
  const rows = await repo.findMyMemberships(deps.db, actor.userId);
  return rows
    .map(({ role, organization: { _count, ...org } }) => ({ ...org, role, memberCount: _count.memberships }))
    .sort((a, b) => Number(b.isPersonal) - Number(a.isPersonal) || a.name.localeCompare(b.name));
}

export async function getOrg(deps: Deps, actor: UserActor, input: OrgIdInput): Promise<OrgDetail> {
  const me = await requireMembership(deps.db, input.orgId, actor.userId, "MEMBER");
  const org = await repo.findOrg(deps.db, input.orgId);
  if (!org) throw new AppError("NOT_FOUND", "Workspace not found.");
  return toDetail(org, me.role);
}

export async function updateOrg(deps: Deps, actor: UserActor, input: UpdateOrgInput): Promise<OrgDetail> {
  await requireMembership(deps.db, input.orgId, actor.userId, "ADMIN");
  const { orgId, ...changes } = input;
  if (changes.name !== undefined || changes.slug !== undefined || changes.timezone !== undefined) {
    const current = await repo.findOrg(deps.db, orgId);
    if (!current) throw new AppError("NOT_FOUND", "Workspace not found.");
    if (
      changes.slug !== undefined &&
      changes.slug !== current.slug &&
      (await repo.slugExists(deps.db, changes.slug))
    ) {
      throw slugTaken();
    }
    try {
      await repo.updateOrg(deps.db, orgId, changes);
    } catch (err) {
      // Lost a race for the slug between the check and the write.
      if ((err as { code?: string }).code === "P2002") throw slugTaken();
      throw err;
    }
  }
  return getOrg(deps, actor, { orgId });
}

export async function leaveOrg(deps: Deps, actor: UserActor, input: OrgIdInput): Promise<{ ok: true }> {
  await deps.db.$transaction(async (tx) => {
    await repo.lockOrg(tx, input.orgId);
    const me = await requireMembership(tx, input.orgId, actor.userId, "MEMBER");
    const org = await repo.findOrg(tx, input.orgId);
    if (!org) throw new AppError("NOT_FOUND", "Workspace not found.");
    if (me.role === "OWNER") {
      await assertNotLastOwner(
        tx,
        org.id,
        `You're the only owner of ${org.name}. Transfer ownership to another member, or delete the workspace, before leaving.`,
      );
    }
    await repo.deleteMembership(tx, me.id);
    if (me.role === "OWNER") await handOverPrimaryOwner(tx, org, actor.userId);
  });
  return { ok: true };
}

/** Soft delete by an owner who typed the slug: members lose access at once, invitations die. */
export async function deleteOrg(deps: Deps, actor: UserActor, input: DeleteOrgInput): Promise<{ ok: true }> {
  await requireMembership(deps.db, input.orgId, actor.userId, "OWNER");
  const org = await repo.findOrg(deps.db, input.orgId);
  if (!org) throw new AppError("NOT_FOUND", "Workspace not found.");
  if (input.confirmSlug.trim().toLowerCase() !== org.slug) {
    throw new AppError("BAD_REQUEST", "The confirmation doesn't match the workspace address.", {
      confirmSlug: `Type "${org.slug}" to confirm.`,
    });
  }
  await deps.db.$transaction(async (tx) => {
    const { count } = await repo.softDeleteOrg(tx, org.id, deps.clock.now());
    if (count === 0) throw new AppError("NOT_FOUND", "Workspace not found.");
    await revokeAllPending(tx, org.id);
    const memberIds = await repo.listMemberUserIds(tx, org.id);
    for (const userId of memberIds) {
      if (userId === actor.userId) continue;
      await createNotification(tx, {
        userId,
        type: "WORKSPACE_DELETED",
        title: `${org.name} was deleted`,
        message: `The workspace ${org.name} was deleted by its owner. You no longer have access to it.`,
      });
    }
  });
  return { ok: true };
}

/** The caller (an OWNER) hands ownership to another member and stays on as ADMIN. */
export async function transferOwnership(
  deps: Deps,
  actor: UserActor,
  input: TransferOwnershipInput,
): Promise<{ ok: true }> {
  if (input.userId === actor.userId) {
    throw new AppError("BAD_REQUEST", "Choose another member to transfer ownership to.", {
      userId: "Choose another member.",
    });
  }
  await deps.db.$transaction(async (tx) => {
    await repo.lockOrg(tx, input.orgId);
    const me = await requireMembership(tx, input.orgId, actor.userId, "OWNER");
    const org = await repo.findOrg(tx, input.orgId);
    if (!org) throw new AppError("NOT_FOUND", "Workspace not found.");
    const target = await repo.findMembership(tx, input.orgId, input.userId);
    if (!target || target.disabled) {
      throw new AppError("NOT_FOUND", "That person isn't a member of this workspace.", {
        userId: "Not a member of this workspace.",
      });
    }
    await repo.setMemberRole(tx, target.id, "OWNER");
    await repo.setMemberRole(tx, me.id, "ADMIN");
    await repo.setOrgOwner(tx, org.id, target.user.id);
    await createNotification(tx, {
      userId: target.user.id,
      organizationId: org.id,
      type: "OWNERSHIP_TRANSFERRED",
      title: `You now own ${org.name}`,
      message: `Ownership of ${org.name} was transferred to you.`,
      link: `/w/${org.slug}/settings`,
    });
  });
  return { ok: true };
}
