import { makeStaffedOrg } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { actor, appError, useTestEnv } from "../../testing/integration.ts";
import { addMessage, createTicket, getTicket, updateTicket } from "./ticket.service.ts";

const { db, deps } = await useTestEnv();

async function deskWithTicket() {
  const cast = await makeStaffedOrg(db);
  const ticket = await createTicket(deps, actor(cast.agent), {
    orgId: cast.org.id,
    subject: "Where is my order?",
    description: "Order 2002.",
    requester: { email: `reply-status-${cast.org.slug}@example.test` },
  });
  return { ...cast, ids: { orgId: cast.org.id, ticketId: ticket.id } };
}

describe("send and set status", () => {
  it("adds the reply and moves the status in one action, with one activity each", async () => {
    const { agent, ids } = await deskWithTicket();
    await addMessage(deps, actor(agent), { ...ids, message: "Shipped today.", status: "PENDING" });
    const detail = await getTicket(deps, actor(agent), ids);
    expect(detail.status).toBe("PENDING");
    expect(detail.messages.map((m) => m.message)).toContain("Shipped today.");
    const kinds = detail.activities.map((a) => a.actionType);
    expect(kinds).toEqual(expect.arrayContaining(["replied", "status_changed"]));
    expect(kinds.filter((k) => k === "status_changed")).toHaveLength(1);

    await addMessage(deps, actor(agent), { ...ids, message: "All done.", status: "RESOLVED" });
    const resolved = await getTicket(deps, actor(agent), ids);
    expect(resolved.status).toBe("RESOLVED");
    expect(resolved.resolvedAt).not.toBeNull();
  });

  it("an invalid move rolls the reply back too (one transaction)", async () => {
    const { agent, ids } = await deskWithTicket();
    await updateTicket(deps, actor(agent), { ...ids, status: "RESOLVED" });
    await updateTicket(deps, actor(agent), { ...ids, status: "CLOSED" });
    // CLOSED → PENDING is not an allowed move: the message must not be saved either.
    const err = await appError(
      addMessage(deps, actor(agent), { ...ids, message: "Never stored.", status: "PENDING" }),
    );
    expect(err.code).toBeTruthy();
    const detail = await getTicket(deps, actor(agent), ids);
    expect(detail.status).toBe("CLOSED");
    expect(detail.messages.map((m) => m.message)).not.toContain("Never stored.");
  });

  it("only Pending or Resolved may be set with a reply", async () => {
    const { agent, ids } = await deskWithTicket();
    await expect(
      addMessage(deps, actor(agent), { ...ids, message: "x", status: "CLOSED" as "PENDING" }),
    ).rejects.toThrow();
  });
});
