import { createRealtimeHub, listenForRealtime } from "@quartet/core/realtime/realtime-hub";
import { silentLogger } from "@quartet/core/testing/deps";
import { useTestEnv } from "@quartet/core/testing/integration";
import { makeOrg, makeUser } from "@quartet/db/testing/factories";
import { afterAll, describe, expect, it } from "vitest";
import { appCallerFor, cookieJar, sessionTokenFor, trpcError } from "../api.test-helpers.ts";
import { appRouter } from "../app-router.ts";
import { createApiContext } from "../context.ts";
import { createCallerFactory } from "../trpc.ts";

// realtime.events through the API: the org procedure's checks (outsiders get NOT_FOUND, roles
// limit topics), tracked messages whose ids are the workspace's event seq, Desk changes made
// through the API arriving on the stream, and a stream that ends when its member is removed.

const env = await useTestEnv();
const { db } = env;
const realtime = createRealtimeHub({ db, log: silentLogger, accessRecheckMs: 100 });
const listener = await listenForRealtime(realtime, env.boss.getDb(), silentLogger);
afterAll(() => listener.close());
const deps = { ...env.deps, realtime };

type Message = {
  type: string;
  seq: number;
  topic?: string;
  payload?: Record<string, unknown>;
  events?: { seq: number }[];
};
/** tracked(id, message): the SSE id and the message (plus tRPC's marker). */
type Envelope = [string, Message, ...unknown[]];

/** A caller whose subscriptions end when `signal` aborts (the SSE request closing). */
async function streamingCaller(user: { id: string }, signal: AbortSignal) {
  const cookies = cookieJar(await sessionTokenFor(db, user));
  const ctx = await createApiContext({
    deps,
    kind: "WEB",
    req: { ip: "127.0.0.1", userAgent: "vitest" },
    cookies,
  });
  return createCallerFactory(appRouter)(ctx, { signal });
}

/** Reads a subscription in the background, as the SSE endpoint would. */
function read(iterable: AsyncIterable<unknown>) {
  const got: Envelope[] = [];
  let failure: unknown = null;
  const done = (async () => {
    try {
      for await (const item of iterable) got.push((item as Envelope).slice(0, 2) as Envelope);
    } catch (error) {
      failure = error;
    }
  })();
  return { got, done, failure: () => failure };
}

async function until(check: () => boolean, ms = 3000) {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function team() {
  const owner = await makeUser(db);
  const agent = await makeUser(db);
  const member = await makeUser(db);
  const org = await makeOrg(db, owner, {
    members: [
      { userId: agent.id, role: "AGENT" },
      { userId: member.id, role: "MEMBER" },
    ],
  });
  return { owner, agent, member, org };
}

describe("realtime.events", () => {
  it("answers UNAUTHORIZED to anonymous callers and NOT_FOUND to non-members", async () => {
    const { org } = await team();
    const outsider = await makeUser(db);
    await makeOrg(db, outsider);
    const anonymous = await appCallerFor(deps);
    expect((await trpcError(anonymous.realtime.events({ orgId: org.id }))).code).toBe("UNAUTHORIZED");
    const stranger = await appCallerFor(deps, outsider);
    expect((await trpcError(stranger.realtime.events({ orgId: org.id }))).code).toBe("NOT_FOUND");
  });

  it("refuses Desk topics to a MEMBER (FORBIDDEN) and sends them nothing from Desk", async () => {
    const { org, member, owner } = await team();
    const caller = await appCallerFor(deps, member);
    expect((await trpcError(caller.realtime.events({ orgId: org.id, topics: ["desk.ticket"] }))).code).toBe(
      "FORBIDDEN",
    );
    const controller = new AbortController();
    const stream = await streamingCaller(member, controller.signal);
    const s = read(await stream.realtime.events({ orgId: org.id }));
    await until(() => s.got.length === 1);
    const ownerApi = await appCallerFor(deps, owner);
    await ownerApi.deskTickets.create({
      orgId: org.id,
      subject: "Not for members",
      description: "Hidden from the member's stream",
      requester: { email: "hidden@example.test" },
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(s.got.map(([, m]) => m.type)).toEqual(["ready"]);
    controller.abort();
    await s.done;
  });

  it("streams Desk changes made through the API as tracked events; a resume replays after the id", async () => {
    const { org, agent, owner } = await team();
    const controller = new AbortController();
    const caller = await streamingCaller(agent, controller.signal);
    const s = read(await caller.realtime.events({ orgId: org.id, topics: ["desk.ticket"] }));
    await until(() => s.got.length === 1);
    expect(s.got[0]).toEqual(["0", { type: "ready", seq: 0 }]);

    const ownerApi = await appCallerFor(deps, owner);
    const ticket = await ownerApi.deskTickets.create({
      orgId: org.id,
      subject: "Printer on fire",
      description: "Please hurry",
      requester: { email: "fire@example.test" },
    });
    await ownerApi.deskTickets.update({ orgId: org.id, ticketId: ticket.id, status: "PENDING" });
    await ownerApi.deskTickets.addMessage({ orgId: org.id, ticketId: ticket.id, message: "On it" });
    await until(() => s.got.length === 4);
    expect(s.got.slice(1)).toEqual([
      [
        "1",
        expect.objectContaining({
          seq: 1,
          payload: { ticketId: ticket.id, number: ticket.number, kind: "created" },
        }),
      ],
      [
        "2",
        expect.objectContaining({
          seq: 2,
          payload: { ticketId: ticket.id, number: ticket.number, kind: "updated" },
        }),
      ],
      [
        "3",
        expect.objectContaining({
          seq: 3,
          payload: { ticketId: ticket.id, number: ticket.number, kind: "message_added" },
        }),
      ],
    ]);
    controller.abort();
    await s.done;

    // The link sends `lastEventId` (from the browser's Last-Event-ID) on a reconnect.
    const again = new AbortController();
    const reconnected = await streamingCaller(agent, again.signal);
    const resumed = read(await reconnected.realtime.events({ orgId: org.id, lastEventId: "1" }));
    await until(() => resumed.got.length === 1);
    await new Promise((r) => setTimeout(r, 100));
    // What was missed comes as one batch, its id the last event's.
    expect(resumed.got).toEqual([
      [
        "3",
        {
          type: "events",
          seq: 3,
          events: [expect.objectContaining({ seq: 2 }), expect.objectContaining({ seq: 3 })],
        },
      ],
    ]);
    again.abort();
    await resumed.done;
  });

  it("ends an open stream with NOT_FOUND once its member is removed", async () => {
    const { org, agent } = await team();
    const caller = await appCallerFor(deps, agent);
    const s = read(await caller.realtime.events({ orgId: org.id }));
    await until(() => s.got.length === 1);
    await db.membership.update({
      where: { organizationId_userId: { organizationId: org.id, userId: agent.id } },
      data: { disabled: true },
    });
    await s.done;
    expect((s.failure() as { code?: string }).code).toBe("NOT_FOUND");
  });
});
