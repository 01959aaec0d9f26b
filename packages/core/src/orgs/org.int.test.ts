import { makeOrg, makeUser } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { actor, appError, useTestEnv } from "../testing/integration.ts";
import { inviteMember } from "./invitation.service.ts";
import {
  createOrg,
  createPersonalWorkspace,
  deleteOrg,
  getOrg,
  leaveOrg,
  listMyOrgs,
  transferOwnership,
  updateOrg,
} from "./org.service.ts";

const { db, deps } = await useTestEnv();

describe("createPersonalWorkspace", () => {
  it("creates '<Name>'s workspace' with a slug from the name and the user as OWNER", async () => {
    const user = await makeUser(db, { name: "Ada Lovelace" });
    const ws = await db.$transaction((tx) => createPersonalWorkspace(tx, user));
    const org = await db.organization.findUniqueOrThrow({
      where: { id: ws.id },
      include: { memberships: true },
    });
    expect(org.name).toBe("Ada Lovelace's workspace");
    expect(org.slug).toBe("ada-lovelace");
    expect(ws.slug).toBe(org.slug);
    expect(org.isPersonal).toBe(true);
    expect(org.ownerId).toBe(user.id);
    expect(org.memberships).toEqual([
      expect.objectContaining({ userId: user.id, role: "OWNER", disabled: false }),
    ]);
  });

  it("adds a short random suffix when the slug is taken, without breaking the caller's transaction", async () => {
    const twin = await makeUser(db, { name: "Ada Lovelace" });
    const ws = await db.$transaction(async (tx) => {
      const created = await createPersonalWorkspace(tx, twin);
      // The transaction must still be usable after the collision.
      await tx.user.update({ where: { id: twin.id }, data: { bio: "still in the transaction" } });
      return created;
    });
    expect(ws.slug).toMatch(/^ada-lovelace-[a-z0-9]{4}$/);
    expect((await db.user.findUniqueOrThrow({ where: { id: twin.id } })).bio).toBe(
      "still in the transaction",
    );
  });

  it("falls back to the email's local part when there is no name", async () => {
    const user = await db.user.create({ data: { email: "grace.hopper@example.test", name: null } });
    const ws = await db.$transaction((tx) => createPersonalWorkspace(tx, user));
    const org = await db.organization.findUniqueOrThrow({ where: { id: ws.id } });
    expect(org.name).toBe("grace.hopper's workspace");
    expect(org.slug).toBe("grace-hopper");
  });
});

describe("orgs", () => {
  it("create: the creator becomes OWNER; a taken slug is a CONFLICT on the slug field", async () => {
    const user = await makeUser(db);
    const org = await createOrg(deps, actor(user), { name: "Acme Corp", slug: "acme-corp" });
    expect(org).toMatchObject({
      name: "Acme Corp",
      slug: "acme-corp",
      role: "OWNER",
      memberCount: 1,
      isPersonal: false,
    });
    expect(org.ownerId).toBe(user.id);

    const other = await makeUser(db);
    const err = await appError(createOrg(deps, actor(other), { name: "Acme", slug: "acme-corp" }));
    expect(err.code).toBe("CONFLICT");
    expect(err.fieldErrors?.slug).toBeTruthy();

    // Without a slug one is derived and made unique.
    const derived = await createOrg(deps, actor(other), { name: "Acme Corp" });
    expect(derived.slug).toMatch(/^acme-corp-[a-z0-9]{4}$/);
  });

  it("list: my workspaces with role and member count, personal first; not deleted ones, not disabled memberships", async () => {
    const me = await makeUser(db, { name: "Lister" });
    const a = await makeUser(db);
    const b = await makeUser(db);
    await db.$transaction((tx) => createPersonalWorkspace(tx, me));
    const team = await makeOrg(db, a, {
      name: "Zeta team",
      members: [
        { userId: me.id, role: "AGENT" },
        { userId: b.id, role: "MEMBER" },
      ],
    });
    const gone = await makeOrg(db, a, { name: "Gone", members: [{ userId: me.id, role: "ADMIN" }] });
    await db.organization.update({ where: { id: gone.id }, data: { deletedAt: new Date() } });
    const off = await makeOrg(db, a, { name: "Off", members: [{ userId: me.id, role: "ADMIN" }] });
    await db.membership.update({
      where: { organizationId_userId: { organizationId: off.id, userId: me.id } },
      data: { disabled: true },
    });

    const list = await listMyOrgs(deps, actor(me));
    expect(list.map((o) => o.name)).toEqual(["Lister's workspace", "Zeta team"]);
    expect(list[1]).toMatchObject({ id: team.id, role: "AGENT", memberCount: 3, isPersonal: false });
    expect(list[0]).toMatchObject({ role: "OWNER", memberCount: 1, isPersonal: true });
  });

  it("get: members only (NOT_FOUND for outsiders)", async () => {
    const owner = await makeUser(db);
    const outsider = await makeUser(db);
    const org = await makeOrg(db, owner);
    expect((await getOrg(deps, actor(owner), { orgId: org.id })).role).toBe("OWNER");
    expect((await appError(getOrg(deps, actor(outsider), { orgId: org.id }))).code).toBe("NOT_FOUND");
  });

  it("update: ADMIN+ renames, changes slug and time zone; MEMBER is FORBIDDEN; taken slug is a CONFLICT", async () => {
    const owner = await makeUser(db);
    const admin = await makeUser(db);
    const member = await makeUser(db);
    const org = await makeOrg(db, owner, {
      members: [
        { userId: admin.id, role: "ADMIN" },
        { userId: member.id, role: "MEMBER" },
      ],
    });
    const taken = await makeOrg(db, owner);

    const updated = await updateOrg(deps, actor(admin), {
      orgId: org.id,
      name: "Renamed",
      slug: "renamed-ws",
      timezone: "Europe/Paris",
    });
    expect(updated).toMatchObject({
      name: "Renamed",
      slug: "renamed-ws",
      timezone: "Europe/Paris",
      role: "ADMIN",
    });

    expect((await appError(updateOrg(deps, actor(member), { orgId: org.id, name: "Nope" }))).code).toBe(
      "FORBIDDEN",
    );
    const conflict = await appError(updateOrg(deps, actor(admin), { orgId: org.id, slug: taken.slug }));
    expect(conflict.code).toBe("CONFLICT");
    expect(conflict.fieldErrors?.slug).toBeTruthy();
    // Keeping one's own slug is not a conflict.
    expect((await updateOrg(deps, actor(admin), { orgId: org.id, slug: "renamed-ws" })).slug).toBe(
      "renamed-ws",
    );
  });

  it("leave: a member leaves and loses access; the last OWNER is told to transfer ownership or delete", async () => {
    const owner = await makeUser(db);
    const member = await makeUser(db);
    const org = await makeOrg(db, owner, {
      name: "Leavers",
      members: [{ userId: member.id, role: "MEMBER" }],
    });

    await leaveOrg(deps, actor(member), { orgId: org.id });
    expect((await appError(getOrg(deps, actor(member), { orgId: org.id }))).code).toBe("NOT_FOUND");

    const err = await appError(leaveOrg(deps, actor(owner), { orgId: org.id }));
    expect(err.code).toBe("PRECONDITION_FAILED");
    expect(err.reason).toBe("LAST_OWNER");
    expect(err.message).toMatch(/transfer ownership/i);
    expect(err.message).toMatch(/delete/i);
    expect(await db.membership.count({ where: { organizationId: org.id, userId: owner.id } })).toBe(1);
  });

  it("leave: an owner may leave when another owner remains, and Organization.ownerId moves to them", async () => {
    const owner = await makeUser(db);
    const coOwner = await makeUser(db);
    const org = await makeOrg(db, owner, { members: [{ userId: coOwner.id, role: "OWNER" }] });
    await leaveOrg(deps, actor(owner), { orgId: org.id });
    expect((await db.organization.findUniqueOrThrow({ where: { id: org.id } })).ownerId).toBe(coOwner.id);
  });

  it("delete: owner only, slug typed to confirm, soft delete; members lose access and invitations die", async () => {
    const owner = await makeUser(db);
    const admin = await makeUser(db);
    const member = await makeUser(db);
    const org = await makeOrg(db, owner, {
      name: "Doomed",
      members: [
        { userId: admin.id, role: "ADMIN" },
        { userId: member.id, role: "MEMBER" },
      ],
    });
    await inviteMember(deps, actor(owner), {
      orgId: org.id,
      email: "pending@example.test",
      role: "MEMBER",
    });

    expect(
      (await appError(deleteOrg(deps, actor(admin), { orgId: org.id, confirmSlug: org.slug }))).code,
    ).toBe("FORBIDDEN");
    const wrong = await appError(deleteOrg(deps, actor(owner), { orgId: org.id, confirmSlug: "not-it" }));
    expect(wrong.code).toBe("BAD_REQUEST");
    expect(wrong.fieldErrors?.confirmSlug).toContain(org.slug);
    expect((await db.organization.findUniqueOrThrow({ where: { id: org.id } })).deletedAt).toBeNull();

    await deleteOrg(deps, actor(owner), { orgId: org.id, confirmSlug: org.slug });
    const row = await db.organization.findUniqueOrThrow({ where: { id: org.id } });
    expect(row.deletedAt).not.toBeNull();
    for (const u of [owner, admin, member]) {
      expect((await appError(getOrg(deps, actor(u), { orgId: org.id }))).code).toBe("NOT_FOUND");
      expect((await listMyOrgs(deps, actor(u))).some((o) => o.id === org.id)).toBe(false);
    }
    expect(await db.invitation.count({ where: { organizationId: org.id, status: "PENDING" } })).toBe(0);
    expect(await db.notification.count({ where: { userId: member.id, type: "WORKSPACE_DELETED" } })).toBe(1);
    expect(await db.notification.count({ where: { userId: owner.id, type: "WORKSPACE_DELETED" } })).toBe(0);
  });

  it("transferOwnership: target becomes OWNER, old owner becomes ADMIN, ownerId follows", async () => {
    const owner = await makeUser(db);
    const admin = await makeUser(db);
    const member = await makeUser(db);
    const outsider = await makeUser(db);
    const org = await makeOrg(db, owner, {
      members: [
        { userId: admin.id, role: "ADMIN" },
        { userId: member.id, role: "MEMBER" },
      ],
    });

    expect(
      (await appError(transferOwnership(deps, actor(admin), { orgId: org.id, userId: member.id }))).code,
    ).toBe("FORBIDDEN");
    expect(
      (await appError(transferOwnership(deps, actor(owner), { orgId: org.id, userId: outsider.id }))).code,
    ).toBe("NOT_FOUND");
    expect(
      (await appError(transferOwnership(deps, actor(owner), { orgId: org.id, userId: owner.id }))).code,
    ).toBe("BAD_REQUEST");

    await transferOwnership(deps, actor(owner), { orgId: org.id, userId: member.id });
    const roles = Object.fromEntries(
      (await db.membership.findMany({ where: { organizationId: org.id } })).map((m) => [m.userId, m.role]),
    );
    expect(roles).toEqual({ [owner.id]: "ADMIN", [admin.id]: "ADMIN", [member.id]: "OWNER" });
    expect((await db.organization.findUniqueOrThrow({ where: { id: org.id } })).ownerId).toBe(member.id);
    expect(await db.notification.count({ where: { userId: member.id, type: "OWNERSHIP_TRANSFERRED" } })).toBe(
      1,
    );
    // The former owner can no longer delete it.
    expect(
      (await appError(deleteOrg(deps, actor(owner), { orgId: org.id, confirmSlug: org.slug }))).code,
    ).toBe("FORBIDDEN");
  });
});
