import { makeOrg, makeStaffedOrg, makeUser } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { actor, appError, useTestEnv } from "../../testing/integration.ts";
import { createTicket, getTicket } from "../tickets/ticket.service.ts";
import {
  addTeamMember,
  createTeam,
  deleteTeam,
  getTeam,
  listMyTeams,
  listTeams,
  removeTeamMember,
  setTeamMemberRole,
  updateTeam,
} from "./team.service.ts";

const { db, deps } = await useTestEnv();

const desk = () => makeStaffedOrg(db);

describe("desk teams", () => {
  it("admins create, rename and list teams with members and their team role", async () => {
    const { org, admin, agent, member } = await desk();
    const team = await createTeam(deps, actor(admin), {
      orgId: org.id,
      name: " Billing ",
      description: "Money",
    });
    expect(team).toMatchObject({ name: "Billing", description: "Money", members: [] });

    await addTeamMember(deps, actor(admin), { orgId: org.id, teamId: team.id, userId: agent.id });
    deps.clock.advance(1000); // members are listed in joining order
    const withLead = await addTeamMember(deps, actor(admin), {
      orgId: org.id,
      teamId: team.id,
      userId: admin.id,
      role: "LEAD",
    });
    expect(withLead.members.map((m) => [m.userId, m.roleInTeam])).toEqual([
      [agent.id, "AGENT"],
      [admin.id, "LEAD"],
    ]);

    const promoted = await setTeamMemberRole(deps, actor(admin), {
      orgId: org.id,
      teamId: team.id,
      userId: agent.id,
      role: "SUPERVISOR",
    });
    expect(promoted.members.find((m) => m.userId === agent.id)?.roleInTeam).toBe("SUPERVISOR");

    const renamed = await updateTeam(deps, actor(admin), {
      orgId: org.id,
      teamId: team.id,
      name: "Payments",
    });
    expect(renamed.name).toBe("Payments");
    await createTeam(deps, actor(admin), { orgId: org.id, name: "Accounts" });

    // Members read; the list is by name.
    const teams = await listTeams(deps, actor(member), { orgId: org.id });
    expect(teams.map((t) => t.name)).toEqual(["Accounts", "Payments"]);
    expect(teams[1]?.members).toHaveLength(2);
    expect(await listMyTeams(deps, actor(agent), { orgId: org.id })).toEqual([
      { id: team.id, name: "Payments", roleInTeam: "SUPERVISOR" },
    ]);
    expect(await listMyTeams(deps, actor(member), { orgId: org.id })).toEqual([]);

    const removed = await removeTeamMember(deps, actor(admin), {
      orgId: org.id,
      teamId: team.id,
      userId: agent.id,
    });
    expect(removed.members.map((m) => m.userId)).toEqual([admin.id]);
    const again = await appError(
      removeTeamMember(deps, actor(admin), { orgId: org.id, teamId: team.id, userId: agent.id }),
    );
    expect(again.code).toBe("NOT_FOUND");
  });

  it("names are unique per workspace (CONFLICT with a field error), not across workspaces", async () => {
    const { org, admin } = await desk();
    const a = await createTeam(deps, actor(admin), { orgId: org.id, name: "Support" });
    const dup = await appError(createTeam(deps, actor(admin), { orgId: org.id, name: "Support" }));
    expect(dup.code).toBe("CONFLICT");
    expect(dup.fieldErrors).toEqual({ name: expect.any(String) });

    const b = await createTeam(deps, actor(admin), { orgId: org.id, name: "Sales" });
    const rename = await appError(
      updateTeam(deps, actor(admin), { orgId: org.id, teamId: b.id, name: "Support" }),
    );
    expect(rename.code).toBe("CONFLICT");
    expect(rename.fieldErrors?.name).toBeDefined();
    // Renaming to its own name is fine.
    expect(
      (await updateTeam(deps, actor(admin), { orgId: org.id, teamId: a.id, name: "Support" })).name,
    ).toBe("Support");

    const other = await desk();
    expect((await createTeam(deps, actor(other.admin), { orgId: other.org.id, name: "Support" })).name).toBe(
      "Support",
    );
  });

  it("only active agents (AGENT or higher) of the workspace can join; only admins manage teams", async () => {
    const { org, admin, agent, member } = await desk();
    const team = await createTeam(deps, actor(admin), { orgId: org.id, name: "Tier 1" });
    const ids = { orgId: org.id, teamId: team.id };

    const asMember = await appError(addTeamMember(deps, actor(admin), { ...ids, userId: member.id }));
    expect(asMember.code).toBe("BAD_REQUEST");
    expect(asMember.message).toMatch(/Agent role or higher/);
    expect(asMember.fieldErrors?.userId).toBeDefined();

    const stranger = await makeUser(db);
    await makeOrg(db, stranger);
    expect((await appError(addTeamMember(deps, actor(admin), { ...ids, userId: stranger.id }))).code).toBe(
      "BAD_REQUEST",
    );

    await db.membership.update({
      where: { organizationId_userId: { organizationId: org.id, userId: agent.id } },
      data: { disabled: true },
    });
    expect((await appError(addTeamMember(deps, actor(admin), { ...ids, userId: agent.id }))).code).toBe(
      "BAD_REQUEST",
    );
    expect((await getTeam(deps, actor(admin), ids)).members).toEqual([]);

    await addTeamMember(deps, actor(admin), { ...ids, userId: admin.id });
    expect((await appError(addTeamMember(deps, actor(admin), { ...ids, userId: admin.id }))).code).toBe(
      "CONFLICT",
    );

    const agent2 = await makeUser(db);
    await db.membership.create({ data: { organizationId: org.id, userId: agent2.id, role: "AGENT" } });
    expect((await appError(createTeam(deps, actor(agent2), { orgId: org.id, name: "Mine" }))).code).toBe(
      "FORBIDDEN",
    );
    expect((await appError(addTeamMember(deps, actor(agent2), { ...ids, userId: agent2.id }))).code).toBe(
      "FORBIDDEN",
    );
  });

  it("deleting a team removes its memberships and leaves its tickets without a team", async () => {
    const { org, admin, agent } = await desk();
    const team = await createTeam(deps, actor(admin), { orgId: org.id, name: "Doomed" });
    await addTeamMember(deps, actor(admin), { orgId: org.id, teamId: team.id, userId: agent.id });
    const ticket = await createTicket(deps, actor(agent), {
      orgId: org.id,
      subject: "Help",
      description: "Please",
      requester: { email: "c@example.test" },
      teamId: team.id,
    });
    expect(ticket.team?.id).toBe(team.id);

    await deleteTeam(deps, actor(admin), { orgId: org.id, teamId: team.id });
    expect(await db.teamMember.count({ where: { teamId: team.id } })).toBe(0);
    expect(await listTeams(deps, actor(admin), { orgId: org.id })).toEqual([]);
    expect((await getTicket(deps, actor(agent), { orgId: org.id, ticketId: ticket.id })).team).toBeNull();
    expect((await appError(deleteTeam(deps, actor(admin), { orgId: org.id, teamId: team.id }))).code).toBe(
      "NOT_FOUND",
    );
  });

  it("another workspace's team ids → NOT_FOUND", async () => {
    const mine = await desk();
    const theirs = await desk();
    const team = await createTeam(deps, actor(theirs.admin), { orgId: theirs.org.id, name: "Theirs" });
    const ids = { orgId: mine.org.id, teamId: team.id };
    const a = actor(mine.admin);
    for (const call of [
      () => getTeam(deps, a, ids),
      () => updateTeam(deps, a, { ...ids, name: "Stolen" }),
      () => deleteTeam(deps, a, ids),
      () => addTeamMember(deps, a, { ...ids, userId: mine.agent.id }),
      () => removeTeamMember(deps, a, { ...ids, userId: theirs.admin.id }),
      () => setTeamMemberRole(deps, a, { ...ids, userId: theirs.admin.id, role: "LEAD" }),
    ]) {
      expect((await appError(call())).code).toBe("NOT_FOUND");
    }
    // And outsiders can't even list.
    expect((await appError(listTeams(deps, a, { orgId: theirs.org.id }))).code).toBe("NOT_FOUND");
    expect((await getTeam(deps, actor(theirs.admin), { orgId: theirs.org.id, teamId: team.id })).name).toBe(
      "Theirs",
    );
  });
});
