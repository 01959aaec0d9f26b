import { makeOrg, makeUser } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { actor, appError, useTestEnv } from "../testing/integration.ts";
import { inviteMember } from "./invitation.service.ts";
import { changeRole, listMembers, removeMember } from "./member.service.ts";
import { getOrg } from "./org.service.ts";

const { db, deps } = await useTestEnv();

const roleOf = async (orgId: string, userId: string) =>
  (await db.membership.findUnique({ where: { organizationId_userId: { organizationId: orgId, userId } } }))
    ?.role ?? null;

/** A workspace with one member of each role. */
async function team() {
  const owner = await makeUser(db, { name: "Olive Owner" });
  const admin = await makeUser(db, { name: "Adam Admin" });
  const agent = await makeUser(db, { name: "Aggie Agent" });
  const member = await makeUser(db, { name: "Mel Member" });
  const org = await makeOrg(db, owner, {
    members: [
      { userId: member.id, role: "MEMBER" },
      { userId: agent.id, role: "AGENT" },
      { userId: admin.id, role: "ADMIN" },
    ],
    plan: "PRO", // promotions beyond FREE's three agents
  });
  return { org, owner, admin, agent, member };
}

describe("members.list", () => {
  it("lists members owners-first; only ADMIN+ see pending invitations", async () => {
    const { org, owner, admin, agent, member } = await team();
    await inviteMember(deps, actor(admin), {
      orgId: org.id,
      email: "newbie@example.test",
      role: "AGENT",
    });

    const asAdmin = await listMembers(deps, actor(admin), { orgId: org.id });
    expect(asAdmin.members.map((m) => m.userId)).toEqual([owner.id, admin.id, agent.id, member.id]);
    expect(asAdmin.members[0]).toMatchObject({
      name: "Olive Owner",
      email: owner.email,
      role: "OWNER",
      disabled: false,
    });
    expect(asAdmin.invitations).toEqual([
      expect.objectContaining({
        email: "newbie@example.test",
        role: "AGENT",
        status: "PENDING",
        invitedByName: "Adam Admin",
      }),
    ]);

    const asMember = await listMembers(deps, actor(member), { orgId: org.id });
    expect(asMember.members).toHaveLength(4);
    expect(asMember.invitations).toEqual([]);
  });
});

describe("members.changeRole", () => {
  it("ADMIN changes lower roles but can't touch an OWNER or create one", async () => {
    const { org, owner, admin, member } = await team();
    await changeRole(deps, actor(admin), { orgId: org.id, userId: member.id, role: "AGENT" });
    expect(await roleOf(org.id, member.id)).toBe("AGENT");
    expect(await db.notification.count({ where: { userId: member.id, type: "ROLE_CHANGED" } })).toBe(1);

    const demoteOwner = await appError(
      changeRole(deps, actor(admin), { orgId: org.id, userId: owner.id, role: "MEMBER" }),
    );
    expect(demoteOwner.code).toBe("FORBIDDEN");
    const promote = await appError(
      changeRole(deps, actor(admin), { orgId: org.id, userId: member.id, role: "OWNER" }),
    );
    expect(promote.code).toBe("FORBIDDEN");
    expect(promote.fieldErrors?.role).toBeTruthy();
    expect(await roleOf(org.id, owner.id)).toBe("OWNER");
    expect(await roleOf(org.id, member.id)).toBe("AGENT");
  });

  it("AGENT and MEMBER may not change roles", async () => {
    const { org, agent, member } = await team();
    expect(
      (await appError(changeRole(deps, actor(agent), { orgId: org.id, userId: member.id, role: "AGENT" })))
        .code,
    ).toBe("FORBIDDEN");
    expect(
      (await appError(changeRole(deps, actor(member), { orgId: org.id, userId: member.id, role: "ADMIN" })))
        .code,
    ).toBe("FORBIDDEN");
  });

  it("the last OWNER can't be demoted; with a second owner it can, and ownerId moves", async () => {
    const { org, owner, admin } = await team();
    const last = await appError(
      changeRole(deps, actor(owner), { orgId: org.id, userId: owner.id, role: "ADMIN" }),
    );
    expect(last.code).toBe("PRECONDITION_FAILED");
    expect(last.reason).toBe("LAST_OWNER");
    expect(await roleOf(org.id, owner.id)).toBe("OWNER");

    await changeRole(deps, actor(owner), { orgId: org.id, userId: admin.id, role: "OWNER" });
    await changeRole(deps, actor(owner), { orgId: org.id, userId: owner.id, role: "ADMIN" });
    expect(await roleOf(org.id, owner.id)).toBe("ADMIN");
    expect((await db.organization.findUniqueOrThrow({ where: { id: org.id } })).ownerId).toBe(admin.id);
  });

  it("two owners demoting each other at once leave exactly one owner", async () => {
    const { org, owner, admin } = await team();
    await changeRole(deps, actor(owner), { orgId: org.id, userId: admin.id, role: "OWNER" });
    // Hold the workspace row so both demotions start together and race for it.
    let pending: Promise<PromiseSettledResult<unknown>[]> | undefined;
    await db.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM organizations WHERE id = ${org.id}::uuid FOR UPDATE`;
      pending = Promise.allSettled([
        changeRole(deps, actor(owner), { orgId: org.id, userId: admin.id, role: "ADMIN" }),
        changeRole(deps, actor(admin), { orgId: org.id, userId: owner.id, role: "ADMIN" }),
      ]);
      await new Promise((resolve) => setTimeout(resolve, 500));
    });
    const results = (await pending) ?? [];
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.membership.count({ where: { organizationId: org.id, role: "OWNER" } })).toBe(1);
  });

  it("a non-member target is NOT_FOUND", async () => {
    const { org, owner } = await team();
    const stranger = await makeUser(db);
    expect(
      (await appError(changeRole(deps, actor(owner), { orgId: org.id, userId: stranger.id, role: "ADMIN" })))
        .code,
    ).toBe("NOT_FOUND");
  });
});

describe("members.remove", () => {
  it("ADMIN removes a member, who loses access at once and is told", async () => {
    const { org, admin, member } = await team();
    await removeMember(deps, actor(admin), { orgId: org.id, userId: member.id });
    expect(await roleOf(org.id, member.id)).toBeNull();
    expect((await appError(getOrg(deps, actor(member), { orgId: org.id }))).code).toBe("NOT_FOUND");
    expect(await db.notification.count({ where: { userId: member.id, type: "MEMBER_REMOVED" } })).toBe(1);
  });

  it("ADMIN can't remove an OWNER; nobody removes the last OWNER; MEMBER can't remove anyone", async () => {
    const { org, owner, admin, member, agent } = await team();
    expect((await appError(removeMember(deps, actor(admin), { orgId: org.id, userId: owner.id }))).code).toBe(
      "FORBIDDEN",
    );
    const last = await appError(removeMember(deps, actor(owner), { orgId: org.id, userId: owner.id }));
    expect(last.code).toBe("PRECONDITION_FAILED");
    expect(last.reason).toBe("LAST_OWNER");
    expect(
      (await appError(removeMember(deps, actor(member), { orgId: org.id, userId: agent.id }))).code,
    ).toBe("FORBIDDEN");
    expect(await db.membership.count({ where: { organizationId: org.id } })).toBe(4);
  });

  it("an OWNER removes a co-owner; ownerId moves to the remaining owner", async () => {
    const { org, owner, admin } = await team();
    await changeRole(deps, actor(owner), { orgId: org.id, userId: admin.id, role: "OWNER" });
    await removeMember(deps, actor(admin), { orgId: org.id, userId: owner.id });
    expect(await roleOf(org.id, owner.id)).toBeNull();
    expect((await db.organization.findUniqueOrThrow({ where: { id: org.id } })).ownerId).toBe(admin.id);
  });
});
