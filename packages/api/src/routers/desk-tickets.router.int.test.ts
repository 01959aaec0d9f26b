import { useTestEnv } from "@quartet/core/testing/integration";
import { makeStaffedOrg } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { appCallerFor, trpcError } from "../api.test-helpers.ts";

// The deskTickets router end to end: real sessions, real Postgres.

const { db, deps } = await useTestEnv();
const callerFor = (user?: { id: string }) => appCallerFor(deps, user);

const desk = () => makeStaffedOrg(db);

describe("deskTickets router", () => {
  it("agent creates, replies, resolves; a member reads and searches but can't write", async () => {
    const { org, agent, member } = await desk();
    const asAgent = await callerFor(agent);
    const asMember = await callerFor(member);

    const ticket = await asAgent.deskTickets.create({
      orgId: org.id,
      subject: "Cannot log in",
      description: "The login page keeps spinning.",
      requester: { email: " Pat@Example.TEST ", name: "Pat" },
      priority: "HIGH",
      tags: ["Login"],
    });
    expect(ticket).toMatchObject({ number: 1, status: "OPEN", priority: "HIGH", tags: ["login"] });
    expect(ticket.contact.email).toBe("pat@example.test");

    await asAgent.deskTickets.addMessage({
      orgId: org.id,
      ticketId: ticket.id,
      message: "Checking",
      isInternal: true,
    });
    await asAgent.deskTickets.addMessage({ orgId: org.id, ticketId: ticket.id, message: "Try again now" });
    const resolved = await asAgent.deskTickets.update({
      orgId: org.id,
      ticketId: ticket.id,
      status: "RESOLVED",
    });
    expect(resolved.status).toBe("RESOLVED");
    expect(resolved.firstResponseAt).not.toBeNull();

    const list = await asMember.deskTickets.list({ orgId: org.id, status: "RESOLVED" });
    expect(list.items.map((t) => t.id)).toEqual([ticket.id]);
    const detail = await asMember.deskTickets.get({ orgId: org.id, ticketId: ticket.id });
    expect(detail.messages.map((m) => m.isInternal)).toEqual([true, false]);
    const found = await asMember.deskTickets.search({ orgId: org.id, q: "login" });
    expect(found.items.map((t) => t.id)).toEqual([ticket.id]);

    const denied = await trpcError(
      asMember.deskTickets.update({ orgId: org.id, ticketId: ticket.id, priority: "LOW" }),
    );
    expect(denied.code).toBe("FORBIDDEN");
    const badMove = await trpcError(
      asAgent.deskTickets.update({ orgId: org.id, ticketId: ticket.id, status: "PENDING" }),
    );
    // RESOLVED → PENDING is not a lifecycle move.
    expect(badMove.code).toBe("PRECONDITION_FAILED");
  });

  it("another workspace's ticket id → NOT_FOUND", async () => {
    const mine = await desk();
    const theirs = await desk();
    const foreign = await (await callerFor(theirs.agent)).deskTickets.create({
      orgId: theirs.org.id,
      subject: "Theirs",
      description: "Not yours.",
      requester: { email: "someone@example.test" },
    });
    const asAgent = await callerFor(mine.agent);
    const err = await trpcError(asAgent.deskTickets.get({ orgId: mine.org.id, ticketId: foreign.id }));
    expect(err.code).toBe("NOT_FOUND");
    const err2 = await trpcError(
      asAgent.deskTickets.addMessage({ orgId: mine.org.id, ticketId: foreign.id, message: "hi" }),
    );
    expect(err2.code).toBe("NOT_FOUND");
  });
});
