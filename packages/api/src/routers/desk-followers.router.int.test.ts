import { useTestEnv } from "@quartet/core/testing/integration";
import { makeStaffedOrg, makeUser } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { appCallerFor, trpcError } from "../api.test-helpers.ts";

// deskFollowers (followers and customer CCs) and deskViews.counts end to end: real sessions, real Postgres.

const { db, deps } = await useTestEnv();
const callerFor = (user?: { id: string }) => appCallerFor(deps, user);

describe("deskFollowers router and view counts", () => {
  it("follows, copies customers and counts views; members read, outsiders get NOT_FOUND", async () => {
    const { org, agent, admin, member } = await makeStaffedOrg(db);
    const asAgent = await callerFor(agent);
    const asMember = await callerFor(member);
    const ticket = await asAgent.deskTickets.create({
      orgId: org.id,
      subject: "Printer",
      description: "x",
      requester: { email: "pat@example.test" },
    });
    const ids = { orgId: org.id, ticketId: ticket.id };

    expect((await asAgent.deskFollowers.follow(ids)).following).toBe(true);
    const both = await asAgent.deskFollowers.follow({ ...ids, userId: admin.id });
    expect(both.followers.map((f) => f.userId).sort()).toEqual([agent.id, admin.id].sort());
    expect((await asMember.deskFollowers.list(ids)).followers).toHaveLength(2);
    expect((await trpcError(asMember.deskFollowers.follow(ids))).code).toBe("FORBIDDEN");

    expect(await asAgent.deskFollowers.setCcs({ ...ids, ccs: [{ email: "Boss@Example.test" }] })).toEqual([
      { email: "boss@example.test", name: null },
    ]);
    const invalid = await trpcError(asAgent.deskFollowers.setCcs({ ...ids, ccs: [{ email: "nope" }] }));
    expect(invalid.code).toBe("BAD_REQUEST");
    expect(await asMember.deskFollowers.ccs(ids)).toHaveLength(1);

    await asAgent.deskViews.create({
      orgId: org.id,
      name: "Unassigned urgent",
      filters: { priority: "URGENT" },
    });
    const counts = await asAgent.deskViews.counts({ orgId: org.id });
    expect(counts).toMatchObject({ all: 1, mine: 0, unassigned: 1, views: [{ count: 0 }] });

    const outsider = await callerFor(await makeUser(db));
    for (const call of [
      outsider.deskFollowers.list(ids),
      outsider.deskFollowers.follow(ids),
      outsider.deskFollowers.ccs(ids),
      outsider.deskViews.counts({ orgId: org.id }),
    ]) {
      expect((await trpcError(call)).code).toBe("NOT_FOUND");
    }
  });
});
