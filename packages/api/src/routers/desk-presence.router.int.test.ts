import { useTestEnv } from "@quartet/core/testing/integration";
import { createDb } from "@quartet/db/client";
import { makeStaffedOrg } from "@quartet/db/testing/factories";
import { afterAll, describe, expect, it } from "vitest";
import { appCallerFor, trpcError } from "../api.test-helpers.ts";

// deskPresence through the real router and sessions: collision detection between two agents.

const env = await useTestEnv();
const { db, deps } = env;
const callerFor = (user: { id: string }) => appCallerFor(deps, user);
const statements: string[] = [];
const counting = createDb(env.url, { max: 2, onQuery: (e) => statements.push(e.query) });
afterAll(() => counting.$disconnect());

describe("desk presence over tRPC", () => {
  it("agent B sees agent A viewing, then typing, then gone; a heartbeat stays cheap", async () => {
    const { org, agent, admin, member } = await makeStaffedOrg(db);
    const [a, b, m] = await Promise.all([callerFor(agent), callerFor(admin), callerFor(member)]);
    const ticket = await a.deskTickets.create({
      orgId: org.id,
      subject: "Printer on fire",
      description: "Again.",
      requester: { email: "presence-router@example.test" },
    });
    const ids = { orgId: org.id, ticketId: ticket.id };

    await a.deskPresence.beat({ ...ids, state: "VIEWING" });
    const seenByB = await b.deskPresence.beat({ ...ids, state: "VIEWING" });
    expect(seenByB.others.map((o) => [o.name, o.state])).toEqual([["Aggie Agent", "VIEWING"]]);
    expect(seenByB.latestMessage).toBeNull();

    await a.deskPresence.beat({ ...ids, state: "TYPING" });
    expect((await b.deskPresence.list(ids)).others.map((o) => [o.name, o.state])).toEqual([
      ["Aggie Agent", "TYPING"],
    ]);
    // A member reads along but can't announce typing (they can't reply).
    expect((await trpcError(m.deskPresence.beat({ ...ids, state: "TYPING" }))).code).toBe("FORBIDDEN");

    // A replies: B's next heartbeat names the new message (the client warns before B sends).
    await a.deskTickets.addMessage({ ...ids, message: "Extinguisher on its way.", isInternal: false });
    expect((await b.deskPresence.beat({ ...ids, state: "VIEWING" })).latestMessage).toMatchObject({
      byMe: false,
      authorName: "Aggie Agent",
    });

    await a.deskPresence.leave(ids);
    expect((await b.deskPresence.list(ids)).others).toEqual([]);

    // Cost of a heartbeat through the whole stack (session check, ticket check + upsert, select).
    const n = 200;
    const started = performance.now();
    for (let i = 0; i < n; i++) await b.deskPresence.beat({ ...ids, state: i % 2 ? "TYPING" : "VIEWING" });
    const perBeatMs = (performance.now() - started) / n;
    console.info(`presence heartbeat: ${perBeatMs.toFixed(2)} ms per beat over ${n} beats`);
    expect(perBeatMs).toBeLessThan(250); // a sanity bound on a shared CI machine; the statement count below is the real check
  });

  it("a ticket of another workspace is NOT_FOUND, even to an agent of this one", async () => {
    const here = await makeStaffedOrg(db);
    const there = await makeStaffedOrg(db);
    const other = await callerFor(there.agent);
    const foreign = await other.deskTickets.create({
      orgId: there.org.id,
      subject: "Theirs",
      description: "Not yours.",
      requester: { email: "presence-foreign@example.test" },
    });
    const a = await callerFor(here.agent);
    const err = await trpcError(
      a.deskPresence.beat({ orgId: here.org.id, ticketId: foreign.id, state: "VIEWING" }),
    );
    expect(err.code).toBe("NOT_FOUND");
    expect((await trpcError(a.deskPresence.list({ orgId: here.org.id, ticketId: foreign.id }))).code).toBe(
      "NOT_FOUND",
    );
    expect(await db.presence.count({ where: { resourceId: foreign.id } })).toBe(0);
  });

  it("a heartbeat request costs three statements: session + membership, ticket check + upsert + newest message, the others", async () => {
    const { org, agent, admin } = await makeStaffedOrg(db);
    const ticket = await (await callerFor(admin)).deskTickets.create({
      orgId: org.id,
      subject: "Counted",
      description: "Statements.",
      requester: { email: "presence-cost@example.test" },
    });
    const ids = { orgId: org.id, ticketId: ticket.id };
    await (await callerFor(agent)).deskPresence.beat({ ...ids, state: "VIEWING" }); // the row exists
    const a = await appCallerFor({ ...deps, db: counting }, agent); // a new request: no session cached
    statements.length = 0;
    await a.deskPresence.beat({ ...ids, state: "TYPING" });
    expect(statements).toHaveLength(3);
    expect(statements.filter((q) => q.includes("presences"))).toHaveLength(2);
  });
});
