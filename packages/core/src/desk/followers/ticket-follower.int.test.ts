import { makeStaffedOrg, makeUser } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { setNotificationPreference } from "../../notifications/notification-preference.service.ts";
import { actor, appError, useTestEnv } from "../../testing/integration.ts";
import { addMessage, createTicket, updateTicket } from "../tickets/ticket.service.ts";
import { addCustomerReply } from "../tickets/ticket-customer.service.ts";
import { followTicket, listTicketFollowers, unfollowTicket } from "./ticket-follower.service.ts";

const { db, deps } = await useTestEnv();

const notes = (userId: string, type?: string) =>
  db.notification.findMany({ where: { userId, ...(type ? { type } : {}) }, orderBy: { createdAt: "asc" } });

async function staffed() {
  const s = await makeStaffedOrg(db);
  const other = await makeUser(db, { name: "Otto Other" });
  await db.membership.create({ data: { organizationId: s.org.id, userId: other.id, role: "AGENT" } });
  const ticket = await createTicket(deps, actor(s.agent), {
    orgId: s.org.id,
    subject: "Printer on fire",
    description: "Please help",
    requester: { email: "casey@example.test" },
  });
  return { ...s, other, ticket };
}

const customerReply = (s: Awaited<ReturnType<typeof staffed>>, message: string) =>
  db.$transaction((tx) =>
    addCustomerReply(tx, deps, {
      orgId: s.org.id,
      ticketId: s.ticket.id,
      contactId: s.ticket.contact.id,
      message,
      via: "email",
    }),
  );

describe("ticket followers", () => {
  it("an agent follows, is listed, adds another agent; following twice is a no-op", async () => {
    const s = await staffed();
    const input = { orgId: s.org.id, ticketId: s.ticket.id };
    const followed = await followTicket(deps, actor(s.other), input);
    expect(followed.following).toBe(true);
    await followTicket(deps, actor(s.other), input);
    deps.clock.advance(1000); // listed oldest first
    const added = await followTicket(deps, actor(s.other), { ...input, userId: s.admin.id });
    expect(added.followers.map((f) => [f.userId, f.name])).toEqual([
      [s.other.id, "Otto Other"],
      [s.admin.id, "Addy Admin"],
    ]);
    const seen = await listTicketFollowers(deps, actor(s.member), input);
    expect(seen.following).toBe(false);
    expect(seen.followers).toHaveLength(2);
    expect(await db.ticketFollower.findFirst({ where: { userId: s.admin.id } })).toMatchObject({
      addedById: s.other.id,
      organizationId: s.org.id,
    });
    // Only agents of the workspace can be added; members can't follow (read-only).
    const outsider = await makeUser(db);
    expect((await appError(followTicket(deps, actor(s.other), { ...input, userId: s.member.id }))).code).toBe(
      "BAD_REQUEST",
    );
    expect((await appError(followTicket(deps, actor(s.other), { ...input, userId: outsider.id }))).code).toBe(
      "BAD_REQUEST",
    );
    expect((await appError(followTicket(deps, actor(s.member), input))).code).toBe("FORBIDDEN");

    const after = await unfollowTicket(deps, actor(s.other), input);
    expect(after.following).toBe(false);
    expect(after.followers.map((f) => f.userId)).toEqual([s.admin.id]);
  });

  it("followers hear about customer replies, agent replies, notes and status changes; never about their own", async () => {
    const s = await staffed();
    const input = { orgId: s.org.id, ticketId: s.ticket.id };
    await followTicket(deps, actor(s.other), input);
    await followTicket(deps, actor(s.agent), input);

    await customerReply(s, "Still burning");
    const [replied] = await notes(s.other.id, "desk.customer_replied");
    expect(replied?.message).toContain("Still burning");
    expect(replied?.link).toBe(`/w/${s.org.slug}/desk/${s.ticket.id}`);

    // The agent replies and resolves: the other follower hears both, the agent (the actor) neither.
    await addMessage(deps, actor(s.agent), { ...input, message: "Extinguished.", status: "RESOLVED" });
    const following = await notes(s.other.id, "desk.following");
    expect(following.map((n) => n.title)).toEqual([
      `#${s.ticket.number} is now resolved`,
      `Aggie Agent replied on #${s.ticket.number}`,
    ]);
    expect(await notes(s.agent.id, "desk.following")).toEqual([]);
    expect((await notes(s.agent.id, "desk.customer_replied")).length).toBe(1); // a follower too

    // An internal note: followers hear of it; one also @mentioned gets only the mention.
    await addMessage(deps, actor(s.agent), {
      ...input,
      message: "cc @Otto Other, looks fine",
      isInternal: true,
    });
    expect(await notes(s.other.id, "desk.mentioned")).toHaveLength(1);
    expect(await notes(s.other.id, "desk.following")).toHaveLength(2);

    // Preferences apply: in-app off → no notification.
    await setNotificationPreference(deps, actor(s.other), {
      type: "desk.following",
      inApp: false,
      email: false,
    });
    await updateTicket(deps, actor(s.agent), { ...input, status: "OPEN" });
    expect(await notes(s.other.id, "desk.following")).toHaveLength(2);
    await setNotificationPreference(deps, actor(s.other), { type: "desk.following", inApp: true });

    // Unfollowing stops it.
    await unfollowTicket(deps, actor(s.other), input);
    await updateTicket(deps, actor(s.agent), { ...input, status: "PENDING" });
    await customerReply(s, "Thanks");
    expect(await notes(s.other.id, "desk.following")).toHaveLength(2);
    expect(await notes(s.other.id, "desk.customer_replied")).toHaveLength(1);
    // A former member who still has a follower row hears nothing.
    await followTicket(deps, actor(s.agent), { ...input, userId: s.other.id });
    await db.membership.updateMany({
      where: { userId: s.other.id, organizationId: s.org.id },
      data: { disabled: true },
    });
    await customerReply(s, "Hello again");
    expect(await notes(s.other.id, "desk.customer_replied")).toHaveLength(1);
  });

  it("is tenant-scoped: outsiders and other workspaces get NOT_FOUND", async () => {
    const s = await staffed();
    const elsewhere = await makeStaffedOrg(db);
    const outsider = await makeUser(db);
    const input = { orgId: s.org.id, ticketId: s.ticket.id };
    for (const call of [
      () => followTicket(deps, actor(outsider), input),
      () => unfollowTicket(deps, actor(outsider), input),
      () => listTicketFollowers(deps, actor(outsider), input),
      // Their own workspace, our ticket.
      () => followTicket(deps, actor(elsewhere.agent), { orgId: elsewhere.org.id, ticketId: s.ticket.id }),
      () =>
        listTicketFollowers(deps, actor(elsewhere.agent), { orgId: elsewhere.org.id, ticketId: s.ticket.id }),
    ]) {
      expect((await appError(call())).code).toBe("NOT_FOUND");
    }
    expect(await db.ticketFollower.count({ where: { ticketId: s.ticket.id } })).toBe(0);
  });
});
