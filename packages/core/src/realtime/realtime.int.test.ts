import { createSession } from "@quartet/auth/session";
import { createDb, type Db } from "@quartet/db/client";
import { makeOrg, makeUser } from "@quartet/db/testing/factories";
import { createBoss } from "@quartet/jobs/queue";
import { afterAll, describe, expect, it } from "vitest";
import { createTicket, updateTicket } from "../desk/tickets/ticket.service.ts";
import { silentLogger } from "../testing/deps.ts";
import { actor, useTestEnv } from "../testing/integration.ts";
import { publishRealtime } from "./publish-realtime.ts";
import type { RealtimeMessage } from "./realtime.schema.ts";
import { createRealtimeHub, listenForRealtime, type RealtimeHub } from "./realtime-hub.ts";
import { handleRealtimePrune, REALTIME_RETENTION_MS } from "./realtime-prune.handler.ts";
import { type RealtimeAccess, RealtimeClosingError, streamRealtime } from "./realtime-stream.service.ts";

// The live channel end to end on real Postgres: writers publish in their transactions, each
// "process" (its own Prisma pool, its own pg-boss LISTEN connection, its own hub) streams to its
// subscribers, in commit order, each event once, resuming after a reconnect without a gap.

const { db, url, deps } = await useTestEnv();

/** One web process: its own pool, its own LISTEN connection (pg-boss' listener), its own hub. */
async function startProcess() {
  const pdb = createDb(url, { max: 2 });
  const boss = createBoss(url, { max: 1, senderOnly: true });
  boss.on("error", () => {});
  await boss.start();
  const hub = createRealtimeHub({ db: pdb, log: silentLogger });
  const listener = await listenForRealtime(hub, boss.getDb(), silentLogger);
  const stop = async () => {
    await listener.close();
    await boss.stop({ graceful: false });
    await pdb.$disconnect();
  };
  processes.push(stop);
  return { db: pdb, hub, deps: { db: pdb, clock: deps.clock, realtime: hub } };
}
const processes: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const stop of processes) await stop();
});

async function agentIn(orgId?: string) {
  const user = await makeUser(db);
  const org = orgId ? { id: orgId } : await makeOrg(db, user);
  if (orgId) await db.membership.create({ data: { organizationId: orgId, userId: user.id, role: "AGENT" } });
  const { session } = await createSession(
    db,
    user.id,
    "WEB",
    { ip: "127.0.0.1", userAgent: "vitest", deviceInfo: {} },
    new Date(),
  );
  const access: RealtimeAccess = { orgId: org.id, userId: user.id, sessionId: session.id, role: "OWNER" };
  return { user, org, access };
}

/** A subscriber reading a stream in the background, as a browser would. */
function open(
  p: { deps: { db: Db; clock: typeof deps.clock; realtime: RealtimeHub } },
  access: RealtimeAccess,
  input: { topics?: ["desk.ticket"]; lastEventId?: string } = {},
) {
  const received: RealtimeMessage[] = [];
  const controller = new AbortController();
  let failure: unknown = null;
  const done = (async () => {
    try {
      for await (const m of streamRealtime(p.deps, access, input, controller.signal)) received.push(m);
    } catch (error) {
      failure = error;
    }
  })();
  return {
    received,
    /** Every event, whether it came alone (`event`) or in a batch (`events`). */
    events: () =>
      received.flatMap((m) =>
        m.type === "event"
          ? [m]
          : m.type === "events"
            ? m.events.map((e) => ({ type: "event" as const, ...e }))
            : [],
      ),
    failure: () => failure,
    close: async () => {
      controller.abort();
      await done;
    },
    done,
  };
}

async function until(check: () => boolean, ms = 2000) {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return Date.now() - started;
}

const ticketEvent = (n: number) => ({
  topic: "desk.ticket" as const,
  payload: { ticketId: crypto.randomUUID(), number: n, kind: "updated" },
});

async function publish(orgId: string, n: number) {
  const e = ticketEvent(n);
  await db.$transaction((tx) => publishRealtime(tx, { organizationId: orgId, ...e }));
  return e.payload;
}

describe("realtime channel", () => {
  it("an event published by a third process reaches subscribers of two other processes within 1 s", async () => {
    const [web1, web2] = [await startProcess(), await startProcess()];
    const { access } = await agentIn();
    const a = open(web1, access);
    const b = open(web2, access);
    await until(() => a.received.length === 1 && b.received.length === 1);
    expect(a.received[0]).toEqual({ type: "ready", seq: 0 });

    const started = Date.now();
    const payload = await publish(access.orgId, 1);
    await until(() => a.events().length === 1 && b.events().length === 1, 1000);
    const elapsed = Date.now() - started;
    for (const s of [a, b]) {
      expect(s.events()).toEqual([
        { type: "event", seq: 1, topic: "desk.ticket", payload, at: expect.any(Date) },
      ]);
    }
    expect(elapsed).toBeLessThan(1000);
    console.log(`realtime: delivered to two other processes in ${elapsed} ms`);
    await Promise.all([a.close(), b.close()]);
    expect(web1.hub.stats().subscribers).toBe(0);
  });

  it("resumes after a disconnect with exactly the missed events, in order, each once", async () => {
    const web = await startProcess();
    const { access } = await agentIn();
    const first = open(web, access);
    await until(() => first.received.length === 1);
    for (let n = 1; n <= 3; n++) await publish(access.orgId, n);
    await until(() => first.events().length === 3);
    const lastSeen = first.received.at(-1)?.seq as number;
    await first.close();

    // Away: four events happen; one more lands while the client reconnects.
    for (let n = 4; n <= 7; n++) await publish(access.orgId, n);
    const again = open(web, access, { lastEventId: String(lastSeen) });
    await publish(access.orgId, 8);
    await until(() => again.events().length === 5);
    await publish(access.orgId, 9);
    await until(() => again.events().length === 6);
    await new Promise((r) => setTimeout(r, 100)); // nothing else trickles in
    expect(again.events().map((m) => m.seq)).toEqual([4, 5, 6, 7, 8, 9]);
    // The replay came as one batch, not one message per event.
    expect(again.received[0]).toMatchObject({ type: "events", events: expect.any(Array) });
    expect(again.events().map((m) => (m.type === "event" ? m.payload.number : null))).toEqual([
      4, 5, 6, 7, 8, 9,
    ]);
    await again.close();

    // Up to date: a reconnect with the newest id replays nothing.
    const idle = open(web, access, { lastEventId: "9" });
    await new Promise((r) => setTimeout(r, 150));
    expect(idle.received).toEqual([]);
    await idle.close();
  });

  it("never delivers another workspace's events", async () => {
    const web = await startProcess();
    const mine = await agentIn();
    const theirs = await agentIn();
    const s = open(web, mine.access);
    const spy = open(web, theirs.access);
    await until(() => s.received.length === 1 && spy.received.length === 1);
    const payload = await publish(theirs.org.id, 1);
    await until(() => spy.events().length === 1);
    await publish(mine.org.id, 2);
    await until(() => s.events().length === 1);
    expect(s.events().map((m) => (m.type === "event" ? m.payload : null))).not.toContainEqual(payload);
    // Nor through a replay from an id of the other workspace's stream.
    const replay = open(web, mine.access, { lastEventId: "0" });
    await until(() => replay.received.length === 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(replay.events().map((m) => (m.type === "event" ? m.payload.number : null))).toEqual([2]);
    await Promise.all([s.close(), spy.close(), replay.close()]);
  });

  it("numbers events in commit order: a transaction that published first but commits last comes last", async () => {
    const web = await startProcess();
    const { access } = await agentIn();
    const s = open(web, access);
    await until(() => s.received.length === 1);
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    const slow = db.$transaction(async (tx) => {
      await publishRealtime(tx, { organizationId: access.orgId, ...ticketEvent(1) });
      await held; // still open: its event has no number yet and blocks no one
    });
    await new Promise((r) => setTimeout(r, 50));
    await publish(access.orgId, 2); // commits while the slow one is open
    await until(() => s.events().length === 1);
    release();
    await slow;
    await until(() => s.events().length === 2);
    expect(s.events().map((m) => [m.seq, m.type === "event" ? m.payload.number : null])).toEqual([
      [1, 2],
      [2, 1],
    ]);
    // A rolled-back write publishes nothing and burns no number.
    await expect(
      db.$transaction(async (tx) => {
        await publishRealtime(tx, { organizationId: access.orgId, ...ticketEvent(3) });
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    await publish(access.orgId, 4);
    await until(() => s.events().length === 3);
    expect(s.events()[2]).toMatchObject({ seq: 3, payload: { number: 4 } });
    await s.close();
  });

  it("keeps every event under 30 concurrent writers: gap-free, ordered, no duplicates", async () => {
    const web = await startProcess();
    const { access } = await agentIn();
    const s = open(web, access);
    await until(() => s.received.length === 1);
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        db.$transaction(async (tx) => {
          await publishRealtime(tx, { organizationId: access.orgId, ...ticketEvent(i + 1) });
          await new Promise((r) => setTimeout(r, Math.random() * 20));
        }),
      ),
    );
    await until(() => s.events().length === 30);
    expect(s.events().map((m) => m.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const numbers = s.events().map((m) => (m.type === "event" ? m.payload.number : 0));
    expect(new Set(numbers).size).toBe(30);
    await s.close();
  });

  it("fans out with one read per notification, whatever the number of local subscribers", async () => {
    const web = await startProcess();
    const { access } = await agentIn();
    const subs = Array.from({ length: 50 }, () => open(web, access));
    await until(() => subs.every((s) => s.received.length === 1));
    const readsBefore = web.hub.stats().reads;
    await publish(access.orgId, 1);
    await until(() => subs.every((s) => s.events().length === 1));
    expect(web.hub.stats().reads - readsBefore).toBe(1);
    await Promise.all(subs.map((s) => s.close()));
  });

  it("a burst committed at once (a bulk action) goes out as one message", async () => {
    const web = await startProcess();
    const { access } = await agentIn();
    const s = open(web, access);
    await until(() => s.received.length === 1);
    const readsBefore = web.hub.stats().reads;
    await db.$transaction(async (tx) => {
      for (let n = 1; n <= 50; n++)
        await publishRealtime(tx, { organizationId: access.orgId, ...ticketEvent(n) });
    });
    await until(() => s.events().length === 50);
    expect(s.events().map((m) => m.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    // One notification (identical payloads fold into one), one read, one message.
    expect(web.hub.stats().reads - readsBefore).toBe(1);
    expect(s.received.slice(1).map((m) => [m.type, m.seq])).toEqual([["events", 50]]);
    await s.close();
  });

  it("filters by topic and refuses a topic the caller's role can't read", async () => {
    const web = await startProcess();
    const { access } = await agentIn();
    const member: RealtimeAccess = { ...access, role: "MEMBER" };
    const refused = open(web, member, { topics: ["desk.ticket"] });
    await refused.done;
    expect(String(refused.failure())).toMatch(/role/);
    // A member without a topic list gets the stream of what it may read: nothing from Desk.
    const quiet = open(web, member);
    await until(() => quiet.received.length === 1);
    await publish(access.orgId, 1);
    await new Promise((r) => setTimeout(r, 150));
    expect(quiet.events()).toEqual([]);
    await quiet.close();
  });

  it("tells a client to resync when what it missed was pruned, and prunes only old events", async () => {
    const web = await startProcess();
    const { access } = await agentIn();
    for (let n = 1; n <= 3; n++) await publish(access.orgId, n);
    // The first two are from more than an hour ago.
    await db.$executeRaw`
      UPDATE realtime_events SET created_at = ${new Date(deps.clock.now().getTime() - REALTIME_RETENTION_MS - 60_000)}
      WHERE organization_id = ${access.orgId}::uuid AND seq <= 2`;
    const { deleted } = await handleRealtimePrune(deps);
    expect(deleted).toBeGreaterThanOrEqual(2);
    expect(
      (await db.realtimeEvent.findMany({ where: { organizationId: access.orgId } })).map((e) =>
        Number(e.seq),
      ),
    ).toEqual([3]);

    // Resuming after 1 needs 2, which is gone: resync at the head, then live.
    const behind = open(web, access, { lastEventId: "1" });
    await until(() => behind.received.length === 1);
    expect(behind.received[0]).toEqual({ type: "resync", seq: 3 });
    await publish(access.orgId, 4);
    await until(() => behind.events().length === 1);
    expect(behind.events()[0]).toMatchObject({ seq: 4 });
    // Resuming after 2 needs only 3 (kept): replayed.
    const near = open(web, access, { lastEventId: "2" });
    await until(() => near.events().length === 2);
    expect(near.events().map((m) => m.seq)).toEqual([3, 4]);
    // An id this stream never sent (another database, garbage): resync.
    const lost = open(web, access, { lastEventId: "99999" });
    const junk = open(web, access, { lastEventId: "abc" });
    await until(() => lost.received.length === 1 && junk.received.length === 1);
    expect(lost.received[0]).toEqual({ type: "resync", seq: 4 });
    expect(junk.received[0]).toEqual({ type: "resync", seq: 4 });
    await Promise.all([behind.close(), near.close(), lost.close(), junk.close()]);
  });

  it("catches up from the table when its LISTEN connection drops and comes back", async () => {
    const web = await startProcess();
    const { access } = await agentIn();
    const s = open(web, access);
    await until(() => s.received.length === 1);
    await publish(access.orgId, 1);
    await until(() => s.events().length === 1);
    // Cut every listening connection of this database (the server side of a network drop).
    const cut = await db.$queryRaw<{ pid: number }[]>`
      SELECT pg_terminate_backend(pid)::int AS pid FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid()
        AND (query ILIKE 'LISTEN%' OR query ILIKE '%pg_listening_channels%')`;
    expect(cut.length).toBeGreaterThan(0);
    // Published while nobody listens: the notifications are lost, the rows are not.
    await publish(access.orgId, 2);
    await publish(access.orgId, 3);
    await until(() => s.events().length === 3, 10_000);
    expect(s.events().map((m) => m.seq)).toEqual([1, 2, 3]);
    await s.close();
  });

  it("closes every stream with a reconnectable error when the process shuts down", async () => {
    const web = await startProcess();
    const { access } = await agentIn();
    const s = open(web, access);
    await until(() => s.received.length === 1);
    web.hub.closeStreams();
    await s.done;
    expect(s.failure()).toBeInstanceOf(RealtimeClosingError);
    expect(web.hub.stats().subscribers).toBe(0);
  });
});

describe("desk tickets on the live channel", () => {
  it("creating, assigning and updating a ticket publish desk.ticket events with its id and number", async () => {
    const web = await startProcess();
    const owner = await makeUser(db);
    const agent = await makeUser(db);
    const org = await makeOrg(db, owner, { members: [{ userId: agent.id, role: "AGENT" }] });
    const { session } = await createSession(
      db,
      agent.id,
      "WEB",
      { ip: "127.0.0.1", userAgent: "vitest", deviceInfo: {} },
      new Date(),
    );
    const s = open(web, { orgId: org.id, userId: agent.id, sessionId: session.id, role: "AGENT" });
    await until(() => s.received.length === 1);
    const ticket = await createTicket(deps, actor(owner), {
      orgId: org.id,
      subject: "Live please",
      description: "Show this to everyone",
      requester: { email: "live@example.test" },
    });
    await updateTicket(deps, actor(owner), { orgId: org.id, ticketId: ticket.id, assigneeId: agent.id });
    await updateTicket(deps, actor(owner), { orgId: org.id, ticketId: ticket.id, priority: "HIGH" });
    await until(() => s.events().length === 3);
    expect(s.events().map((m) => (m.type === "event" ? [m.topic, m.payload] : null))).toEqual([
      ["desk.ticket", { ticketId: ticket.id, number: ticket.number, kind: "created" }],
      ["desk.ticket", { ticketId: ticket.id, number: ticket.number, kind: "assigned" }],
      ["desk.ticket", { ticketId: ticket.id, number: ticket.number, kind: "updated" }],
    ]);
    await s.close();
  });
});
