import { useTestEnv } from "@quartet/core/testing/integration";
import { makeStaffedOrg } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { appCallerFor, trpcError } from "../api.test-helpers.ts";

// deskMacros and "send and set status" through the real router and sessions.

const { db, deps } = await useTestEnv();
const callerFor = (user: { id: string }) => appCallerFor(deps, user);

describe("desk macros over tRPC", () => {
  it("creates, applies and deletes a macro; a member can't; an unknown placeholder is a field error", async () => {
    const { org, agent, member } = await makeStaffedOrg(db);
    const as = await callerFor(agent);
    const bad = await trpcError(
      as.deskMacros.create({ orgId: org.id, name: "Bad", body: "Hello {{user.password}}" }),
    );
    expect(bad.code).toBe("BAD_REQUEST");
    expect(JSON.stringify(bad.cause)).toContain("body");

    const macro = await as.deskMacros.create({
      orgId: org.id,
      name: "Waiting",
      body: "Hi {{requester.firstName}}, we're on {{ticket.number}}.",
      actions: { status: "PENDING", addTags: ["waiting"] },
    });
    const ticket = await as.deskTickets.create({
      orgId: org.id,
      subject: "Help",
      description: "Please",
      requester: { email: "macro-router@example.test", name: "Ada Lovelace" },
    });
    const applied = await as.deskMacros.applyToTicket({
      orgId: org.id,
      macroId: macro.id,
      ticketId: ticket.id,
    });
    expect(applied.text).toBe(`Hi Ada, we're on #${ticket.number}.`);
    expect(applied.ticket).toMatchObject({ status: "PENDING", tags: ["waiting"] });

    const asMember = await callerFor(member);
    expect((await trpcError(asMember.deskMacros.list({ orgId: org.id }))).code).toBe("FORBIDDEN");
    await as.deskMacros.delete({ orgId: org.id, macroId: macro.id });
    expect(await as.deskMacros.list({ orgId: org.id })).toEqual([]);
  });

  it("a reply can set the ticket to Resolved in the same call", async () => {
    const { org, agent } = await makeStaffedOrg(db);
    const as = await callerFor(agent);
    const ticket = await as.deskTickets.create({
      orgId: org.id,
      subject: "Done?",
      description: "x",
      requester: { email: "send-status@example.test" },
    });
    await as.deskTickets.addMessage({
      orgId: org.id,
      ticketId: ticket.id,
      message: "Fixed.",
      status: "RESOLVED",
    });
    const detail = await as.deskTickets.get({ orgId: org.id, ticketId: ticket.id });
    expect(detail.status).toBe("RESOLVED");
  });
});
