import { makeStaffedOrg, makeUser } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { actor, appError, useTestEnv } from "../../testing/integration.ts";
import { addMessage, createTicket } from "./ticket.service.ts";
import { beatTicketPresence, leaveTicketPresence, listTicketPresence } from "./ticket-presence.service.ts";

const { db, deps } = await useTestEnv();

/** A staffed workspace with a second agent ("Sam") and one ticket. */
async function deskWithTicket() {
  const cast = await makeStaffedOrg(db);
  const sam = await makeUser(db, { name: "Sam Second" });
  await db.membership.create({ data: { organizationId: cast.org.id, userId: sam.id, role: "AGENT" } });
  const ticket = await createTicket(deps, actor(cast.agent), {
    orgId: cast.org.id,
    subject: "Refund please",
    description: "Order 1001.",
    requester: { email: `presence-${cast.org.slug}@example.test`, name: "Carla Customer" },
  });
  return { ...cast, sam, ids: { orgId: cast.org.id, ticketId: ticket.id } };
}

const people = (p: { others: { userId: string; state: string }[] }) =>
  p.others.map((o) => [o.userId, o.state]);

describe("ticket presence", () => {
  it("two agents see each other, never themselves", async () => {
    const { owner, agent, sam, ids } = await deskWithTicket();
    const first = await beatTicketPresence(deps, actor(agent), { ...ids, state: "VIEWING" });
    expect(first.others).toEqual([]);

    const second = await beatTicketPresence(deps, actor(sam), { ...ids, state: "VIEWING" });
    expect(second.others).toEqual([
      {
        userId: agent.id,
        name: "Aggie Agent",
        email: agent.email,
        avatarUrl: null,
        state: "VIEWING",
        lastSeenAt: deps.clock.now(),
      },
    ]);
    expect(people(await beatTicketPresence(deps, actor(agent), { ...ids, state: "VIEWING" }))).toEqual([
      [sam.id, "VIEWING"],
    ]);
    // Reading without a heartbeat doesn't announce the reader.
    expect(people(await listTicketPresence(deps, actor(owner), ids))).toEqual([
      [agent.id, "VIEWING"],
      [sam.id, "VIEWING"],
    ]);
    expect(people(await listTicketPresence(deps, actor(sam), ids))).toEqual([[agent.id, "VIEWING"]]);
    // One row per person however often they beat.
    expect(await db.presence.count({ where: { resourceId: ids.ticketId } })).toBe(2);
  });

  it("typing shows as typing, drops back to viewing, and typists come first", async () => {
    const { owner, agent, sam, ids } = await deskWithTicket();
    await beatTicketPresence(deps, actor(agent), { ...ids, state: "VIEWING" });
    await beatTicketPresence(deps, actor(sam), { ...ids, state: "TYPING" });
    expect(people(await listTicketPresence(deps, actor(owner), ids))).toEqual([
      [sam.id, "TYPING"],
      [agent.id, "VIEWING"],
    ]);
    // Sam stops typing: the next heartbeat says viewing.
    await beatTicketPresence(deps, actor(sam), { ...ids, state: "VIEWING" });
    expect(people(await listTicketPresence(deps, actor(owner), ids))).toEqual([
      [agent.id, "VIEWING"],
      [sam.id, "VIEWING"],
    ]);
    // A typist whose tab froze (no heartbeat for 9 s) reads as viewing before they vanish.
    await beatTicketPresence(deps, actor(sam), { ...ids, state: "TYPING" });
    deps.clock.advance(9_000);
    expect(people(await listTicketPresence(deps, actor(owner), ids))).toEqual([
      [agent.id, "VIEWING"],
      [sam.id, "VIEWING"],
    ]);
  });

  it("people vanish after the 20 s window or when they leave", async () => {
    const { owner, agent, sam, ids } = await deskWithTicket();
    await beatTicketPresence(deps, actor(agent), { ...ids, state: "VIEWING" });
    deps.clock.advance(15_000);
    await beatTicketPresence(deps, actor(sam), { ...ids, state: "VIEWING" });
    expect(people(await listTicketPresence(deps, actor(owner), ids))).toHaveLength(2);
    deps.clock.advance(6_000); // agent last beat 21 s ago, Sam 6 s ago
    expect(people(await listTicketPresence(deps, actor(owner), ids))).toEqual([[sam.id, "VIEWING"]]);

    await leaveTicketPresence(deps, actor(sam), ids);
    expect(people(await listTicketPresence(deps, actor(owner), ids))).toEqual([]);
    // Leaving twice is harmless.
    await expect(leaveTicketPresence(deps, actor(sam), ids)).resolves.toEqual({ ok: true });
  });

  it("members are seen viewing but may not claim to type; outsiders and other tickets get NOT_FOUND", async () => {
    const { member, agent, ids } = await deskWithTicket();
    await beatTicketPresence(deps, actor(member), { ...ids, state: "VIEWING" });
    expect(people(await listTicketPresence(deps, actor(agent), ids))).toEqual([[member.id, "VIEWING"]]);
    expect((await appError(beatTicketPresence(deps, actor(member), { ...ids, state: "TYPING" }))).code).toBe(
      "FORBIDDEN",
    );

    const stranger = await makeUser(db);
    for (const call of [
      beatTicketPresence(deps, actor(stranger), { ...ids, state: "VIEWING" }),
      listTicketPresence(deps, actor(stranger), ids),
      leaveTicketPresence(deps, actor(stranger), ids),
    ]) {
      expect((await appError(call)).code).toBe("NOT_FOUND");
    }
    // An agent of another workspace naming this ticket under their own workspace: NOT_FOUND, no row.
    const other = await deskWithTicket();
    const crossed = { orgId: other.ids.orgId, ticketId: ids.ticketId };
    expect(
      (await appError(beatTicketPresence(deps, actor(other.agent), { ...crossed, state: "VIEWING" }))).code,
    ).toBe("NOT_FOUND");
    expect(await db.presence.count({ where: { userId: { in: [stranger.id, other.agent.id] } } })).toBe(0);
    // A deleted ticket is gone for presence too.
    await db.ticket.update({ where: { id: ids.ticketId }, data: { deletedAt: deps.clock.now() } });
    expect((await appError(beatTicketPresence(deps, actor(agent), { ...ids, state: "VIEWING" }))).code).toBe(
      "NOT_FOUND",
    );
  });

  it("someone removed from the workspace disappears at once", async () => {
    const { owner, sam, org, ids } = await deskWithTicket();
    await beatTicketPresence(deps, actor(sam), { ...ids, state: "TYPING" });
    await db.membership.update({
      where: { organizationId_userId: { organizationId: org.id, userId: sam.id } },
      data: { disabled: true },
    });
    expect(people(await listTicketPresence(deps, actor(owner), ids))).toEqual([]);
  });

  it("tells of the newest message and whether the caller wrote it (collision on send)", async () => {
    const { agent, sam, ids } = await deskWithTicket();
    expect(
      (await beatTicketPresence(deps, actor(agent), { ...ids, state: "VIEWING" })).latestMessage,
    ).toBeNull();
    deps.clock.advance(1000);
    const reply = await addMessage(deps, actor(sam), { ...ids, message: "On it.", isInternal: false });
    const seen = await beatTicketPresence(deps, actor(agent), { ...ids, state: "VIEWING" });
    expect(seen.latestMessage).toEqual({
      id: reply.id,
      byMe: false,
      authorName: "Sam Second",
      createdAt: reply.createdAt,
    });
    expect((await listTicketPresence(deps, actor(sam), ids)).latestMessage).toMatchObject({
      id: reply.id,
      byMe: true,
    });
  });
});
