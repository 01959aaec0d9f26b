import { makeStaffedOrg, makeUser } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { actor, appError, useTestEnv } from "../../testing/integration.ts";
import { messageEvent } from "../inbound/inbound.test-helpers.ts";
import { ingestEvents } from "../inbound/ingest.service.ts";
import { makeConnection, makeConversation, makeMessage } from "../inbox-test-fixtures.ts";
import { createLabel } from "../labels/label.service.ts";
import { SEARCH_PROBE } from "../messages/message.repository.ts";
import { searchMessages } from "../messages/message.service.ts";
import {
  assign,
  conversationCounts,
  getConversation,
  listConversations,
  markRead,
  markUnread,
  setLabels,
  setStatus,
  snooze,
  unsnooze,
  wakeSnoozed,
} from "./conversation.service.ts";

const { db, deps } = await useTestEnv();

async function staffedInbox() {
  const staff = await makeStaffedOrg(db);
  const connection = await makeConnection(db, deps.config, staff.org.id, { platform: "SANDBOX" });
  return { ...staff, connection };
}

const conversationOf = (id: string) => db.conversation.findUniqueOrThrow({ where: { id } });

describe("unread maths", () => {
  it("inbound messages count up, opening resets to 0 (and reads them), mark unread sets at least 1", async () => {
    const { org, agent, member, connection } = await staffedInbox();
    const first = await ingestEvents(deps, connection, [messageEvent(connection, { text: "one" })]);
    await ingestEvents(deps, connection, [messageEvent(connection, { text: "two" })]);
    const id = first.messages[0]?.conversationId ?? "";
    expect((await conversationOf(id)).unreadCount).toBe(2);

    // A member opening the thread reads it: back to 0, and the contact's messages are READ.
    await markRead(deps, actor(member), { orgId: org.id, conversationId: id });
    expect((await conversationOf(id)).unreadCount).toBe(0);
    const statuses = await db.message.findMany({ where: { conversationId: id }, select: { status: true } });
    expect(statuses.map((s) => s.status)).toEqual(["READ", "READ"]);

    await markUnread(deps, actor(agent), { orgId: org.id, conversationId: id });
    expect((await conversationOf(id)).unreadCount).toBe(1);
    // Already unread: stays at its count (never lowered, never doubled).
    await markUnread(deps, actor(agent), { orgId: org.id, conversationId: id });
    expect((await conversationOf(id)).unreadCount).toBe(1);
    await ingestEvents(deps, connection, [messageEvent(connection, { text: "three" })]);
    expect((await conversationOf(id)).unreadCount).toBe(2);
    await markRead(deps, actor(agent), { orgId: org.id, conversationId: id });
    expect((await conversationOf(id)).unreadCount).toBe(0);

    const counts = await conversationCounts(deps, actor(agent), { orgId: org.id });
    expect(counts).toMatchObject({ open: 1, unassigned: 1, unreadTotal: 0, unreadConversations: 0 });
  });
});

describe("the inbox list", () => {
  it("pages with keyset cursors, newest activity first, each conversation exactly once (ties on the time too)", async () => {
    const { org, agent, connection } = await staffedInbox();
    const base = Date.now() - 3_600_000;
    const made: { id: string; at: number }[] = [];
    for (let i = 0; i < 60; i++) {
      // Every third pair shares its time: the id breaks the tie.
      const at = base + Math.floor(i / 2) * 1000;
      const c = await makeConversation(db, connection, { lastMessageAt: new Date(at) });
      made.push({ id: c.id, at });
    }
    const expected = [...made].sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1)).map((c) => c.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof listConversations>> = await listConversations(
        deps,
        actor(agent),
        {
          orgId: org.id,
          limit: 25,
          cursor,
        },
      );
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(expected);

    const err = await appError(listConversations(deps, actor(agent), { orgId: org.id, cursor: "garbage" }));
    expect(err.code).toBe("BAD_REQUEST");
    expect(err.fieldErrors).toHaveProperty("cursor");
  });

  it("filters by view, channel, label and assignee, and a member's list row carries its labels and assignee", async () => {
    const { org, agent, admin, member, connection } = await staffedInbox();
    const whatsapp = await makeConnection(db, deps.config, org.id, {
      platform: "WHATSAPP",
      name: "Support line",
    });
    const a = await makeConversation(db, connection, { contactName: "Ana" });
    const b = await makeConversation(db, whatsapp, { contactName: "Bo" });
    const c = await makeConversation(db, whatsapp, { contactName: "Cy" });
    const d = await makeConversation(db, connection, { contactName: "Di" });
    const vip = await createLabel(deps, actor(agent), { orgId: org.id, name: "VIP", color: "#FF0000" });
    await setLabels(deps, actor(agent), { orgId: org.id, conversationId: b.id, labelIds: [vip.id] });
    await assign(deps, actor(admin), { orgId: org.id, conversationId: a.id, userId: agent.id });
    await assign(deps, actor(agent), { orgId: org.id, conversationId: b.id, userId: admin.id });
    await setStatus(deps, actor(agent), { orgId: org.id, conversationId: c.id, status: "CLOSED" });
    await setStatus(deps, actor(agent), { orgId: org.id, conversationId: d.id, status: "ARCHIVED" });

    const ids = async (input: Record<string, unknown>, who = agent) =>
      (await listConversations(deps, actor(who), { orgId: org.id, ...input })).items.map((i) => i.id).sort();
    expect(await ids({})).toEqual([a.id, b.id].sort());
    expect(await ids({ view: "mine" })).toEqual([a.id]);
    expect(await ids({ view: "mine" }, admin)).toEqual([b.id]);
    expect(await ids({ view: "unassigned" })).toEqual([]);
    expect(await ids({ view: "closed" })).toEqual([c.id]);
    expect(await ids({ view: "archived" })).toEqual([d.id]);
    expect(await ids({ platform: "WHATSAPP" })).toEqual([b.id]);
    expect(await ids({ view: "closed", platform: "WHATSAPP" })).toEqual([c.id]);
    expect(await ids({ labelId: vip.id })).toEqual([b.id]);
    expect(await ids({ assigneeId: agent.id })).toEqual([a.id]);
    expect(await ids({ assigneeId: null, view: "closed" })).toEqual([c.id]);

    const row = (await listConversations(deps, actor(member), { orgId: org.id, platform: "WHATSAPP" }))
      .items[0];
    expect(row).toMatchObject({
      id: b.id,
      platform: "WHATSAPP",
      connection: { id: whatsapp.id, name: "Support line" },
      contactName: "Bo",
      assignedTo: { id: admin.id, name: "Addy Admin" },
      labels: [{ id: vip.id, name: "VIP", color: "#ff0000" }],
      ticket: null,
    });

    // Only agents of the workspace can be given a conversation.
    const err = await appError(
      assign(deps, actor(agent), { orgId: org.id, conversationId: a.id, userId: member.id }),
    );
    expect(err.code).toBe("BAD_REQUEST");
    const stranger = await makeUser(db);
    expect(
      (
        await appError(
          assign(deps, actor(agent), { orgId: org.id, conversationId: a.id, userId: stranger.id }),
        )
      ).code,
    ).toBe("BAD_REQUEST");
    // The assignee heard about it; nobody is told they assigned themselves.
    const notices = await db.notification.findMany({ where: { userId: agent.id, organizationId: org.id } });
    expect(notices.map((n) => n.title)).toEqual(["Conversation with Ana assigned to you"]);
  });

  it("searches message words (full text) and contact names, and message search gives snippets", async () => {
    const { org, agent, connection } = await staffedInbox();
    const parcel = await makeConversation(db, connection, { contactName: "Pat Parcel" });
    await makeMessage(db, parcel, { content: "Where is my parcel? The tracking number says delivered." });
    const refund = await makeConversation(db, connection, { contactName: "Rita Refund" });
    await makeMessage(db, refund, { content: "I would like a refund for order 1042 please" });
    const other = await makeConversation(db, connection, { contactName: "Otto" });
    await makeMessage(db, other, { content: "Thanks, all good" });

    const ids = async (q: string) =>
      (await listConversations(deps, actor(agent), { orgId: org.id, q })).items.map((i) => i.id);
    expect(await ids("tracking")).toEqual([parcel.id]);
    expect(await ids("refund order")).toEqual([refund.id]);
    expect(await ids("rita")).toEqual([refund.id]); // part of the contact's name
    expect(await ids("nothingmatches")).toEqual([]);
    expect(await ids("   ")).toHaveLength(3); // blank is no search

    const hits = await searchMessages(deps, actor(agent), { orgId: org.id, q: "parcel" });
    expect(hits.items).toHaveLength(1);
    expect(hits.items[0]).toMatchObject({
      conversationId: parcel.id,
      contactName: "Pat Parcel",
      platform: "SANDBOX",
    });
    expect(hits.items[0]?.snippet).toContain("parcel");
    expect(hits.items[0]?.highlights.find((s) => s.match)?.text.toLowerCase()).toBe("parcel");
  });
});

describe("message search", () => {
  it("pages newest first with its cursor, for a word in more messages than the probe and for a rare one", async () => {
    const { org, agent, connection } = await staffedInbox();
    const c = await makeConversation(db, connection);
    const base = deps.clock.now().getTime() - 10 * 86_400_000;
    const count = SEARCH_PROBE + 30;
    await db.message.createMany({
      data: Array.from({ length: count }, (_, i) => ({
        organizationId: org.id,
        conversationId: c.id,
        platformConnectionId: connection.id,
        direction: "INBOUND" as const,
        content: i % 500 === 3 ? `common word and zebracorn ${i}` : `common word ${i}`,
        status: "READ" as const,
        externalId: `search-${i}`,
        createdAt: new Date(base + i * 1000),
      })),
    });
    const all = async (q: string) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<typeof searchMessages>> = await searchMessages(deps, actor(agent), {
          orgId: org.id,
          q,
          cursor,
          limit: 50,
        });
        seen.push(...page.items.map((i) => i.snippet));
        cursor = page.nextCursor;
      } while (cursor);
      return seen;
    };
    const common = await all("common");
    expect(common).toHaveLength(count);
    expect(common[0]).toContain(`${count - 1}`);
    expect(common.at(-1)).toContain("common word 0");
    // The list's search takes both paths too: a word in more messages than the probe, a rare one.
    const other = await makeConversation(db, connection, { contactName: "Quiet Quinn" });
    await makeMessage(db, other, { content: "nothing to see" });
    const listed = async (q: string) =>
      (await listConversations(deps, actor(agent), { orgId: org.id, q })).items.map((i) => i.id);
    expect(await listed("common")).toEqual([c.id]);
    expect(await listed("zebracorn")).toEqual([c.id]);
    expect(await listed("qui")).toEqual([other.id]);
    const rare = await all("zebracorn");
    expect(rare).toEqual([
      "common word and zebracorn 1003",
      "common word and zebracorn 503",
      "common word and zebracorn 3",
    ]);
  });
});

describe("snooze", () => {
  it("a snooze's time wakes the conversation through its job and tells open screens; a snooze changed since is left alone", async () => {
    const { org, agent, connection } = await staffedInbox();
    const sleepy = await makeConversation(db, connection);
    const until = new Date(deps.clock.now().getTime() + 3_600_000);
    await snooze(deps, actor(agent), { orgId: org.id, conversationId: sleepy.id, until });
    const [job] = await db.$queryRaw<
      { data: { conversationId: string; until: string }; start_after: Date }[]
    >`
      SELECT data, start_after FROM pgboss.job
      WHERE name = 'inbox.snooze-wake' AND data->>'conversationId' = ${sleepy.id}`;
    expect(job?.start_after.toISOString()).toBe(until.toISOString());
    const payload = job?.data ?? { conversationId: sleepy.id, until: until.toISOString() };
    const events = async () =>
      (
        await db.$queryRaw<{ payload: { kind: string; conversationId: string } }[]>`
          SELECT payload FROM realtime_events WHERE organization_id = ${org.id}::uuid ORDER BY id`
      ).filter((e) => e.payload.kind === "snoozed" && e.payload.conversationId === sleepy.id).length;
    const before = await events();

    // Early (a clock behind the queue's): nothing happens.
    expect(await wakeSnoozed(deps, payload)).toEqual({ woke: false });
    deps.clock.advance(3_600_000);
    expect(await wakeSnoozed(deps, payload)).toEqual({ woke: true });
    expect((await conversationOf(sleepy.id)).snoozedUntil).toBeNull();
    expect(await events()).toBe(before + 1);
    // A repeat of the job finds nothing to do.
    expect(await wakeSnoozed(deps, payload)).toEqual({ woke: false });

    // Snoozed again for later: the first snooze's job (run late) leaves the new one alone.
    const later = new Date(deps.clock.now().getTime() + 7_200_000);
    await snooze(deps, actor(agent), { orgId: org.id, conversationId: sleepy.id, until: later });
    deps.clock.advance(3_600_000);
    expect(await wakeSnoozed(deps, payload)).toEqual({ woke: false });
    expect((await conversationOf(sleepy.id)).snoozedUntil?.toISOString()).toBe(later.toISOString());
  });

  it("hides a conversation from the open views until its time, then it is open again with no job; unsnooze wakes it", async () => {
    const { org, agent, connection } = await staffedInbox();
    const sleepy = await makeConversation(db, connection);
    const awake = await makeConversation(db, connection);
    const until = new Date(deps.clock.now().getTime() + 3_600_000);
    await snooze(deps, actor(agent), { orgId: org.id, conversationId: sleepy.id, until });

    const view = async (v: "open" | "snoozed") =>
      (await listConversations(deps, actor(agent), { orgId: org.id, view: v })).items.map((i) => i.id);
    expect(await view("open")).toEqual([awake.id]);
    expect(await view("snoozed")).toEqual([sleepy.id]);
    expect(await conversationCounts(deps, actor(agent), { orgId: org.id })).toMatchObject({
      open: 1,
      snoozed: 1,
    });
    const detail = await getConversation(deps, actor(agent), { orgId: org.id, conversationId: sleepy.id });
    expect(detail.snoozedUntil?.toISOString()).toBe(until.toISOString());

    // Past its time: open again, though nothing touched the row.
    deps.clock.advance(2 * 3_600_000);
    expect((await view("open")).sort()).toEqual([awake.id, sleepy.id].sort());
    expect(await view("snoozed")).toEqual([]);

    await snooze(deps, actor(agent), {
      orgId: org.id,
      conversationId: sleepy.id,
      until: new Date(deps.clock.now().getTime() + 60_000),
    });
    expect(await view("snoozed")).toEqual([sleepy.id]);
    await unsnooze(deps, actor(agent), { orgId: org.id, conversationId: sleepy.id });
    expect(await view("snoozed")).toEqual([]);
    expect((await conversationOf(sleepy.id)).snoozedUntil).toBeNull();

    const past = await appError(
      snooze(deps, actor(agent), {
        orgId: org.id,
        conversationId: sleepy.id,
        until: new Date(Date.now() - 1000),
      }),
    );
    expect(past.code).toBe("BAD_REQUEST");
    expect(past.fieldErrors).toHaveProperty("until");
  });

  it("a new message from the contact wakes a snoozed conversation early", async () => {
    const { org, agent, connection } = await staffedInbox();
    const first = await ingestEvents(deps, connection, [
      messageEvent(connection, {
        contact: { externalId: "wake-1", name: "W", username: null, phone: null, email: null },
        conversationExternalId: "wake-1",
      }),
    ]);
    const id = first.messages[0]?.conversationId ?? "";
    await snooze(deps, actor(agent), {
      orgId: org.id,
      conversationId: id,
      until: new Date(deps.clock.now().getTime() + 86_400_000),
    });
    await ingestEvents(deps, connection, [
      messageEvent(connection, {
        contact: { externalId: "wake-1", name: "W", username: null, phone: null, email: null },
        conversationExternalId: "wake-1",
      }),
    ]);
    const ids = (await listConversations(deps, actor(agent), { orgId: org.id })).items.map((i) => i.id);
    expect(ids).toContain(id);
  });
});

describe("tenancy", () => {
  it("a conversation of another workspace is NOT_FOUND, also through a workspace the caller belongs to", async () => {
    const mine = await staffedInbox();
    const theirs = await staffedInbox();
    const foreign = await makeConversation(db, theirs.connection);
    const outsider = await appError(
      getConversation(deps, actor(mine.agent), { orgId: theirs.org.id, conversationId: foreign.id }),
    );
    expect(outsider.code).toBe("NOT_FOUND");
    const crossed = await appError(
      getConversation(deps, actor(mine.agent), { orgId: mine.org.id, conversationId: foreign.id }),
    );
    expect(crossed.code).toBe("NOT_FOUND");
    expect(
      (await appError(markRead(deps, actor(mine.agent), { orgId: mine.org.id, conversationId: foreign.id })))
        .code,
    ).toBe("NOT_FOUND");
    // A MEMBER reads but can't work the conversation.
    const own = await makeConversation(db, mine.connection);
    expect(
      (
        await appError(
          setStatus(deps, actor(mine.member), {
            orgId: mine.org.id,
            conversationId: own.id,
            status: "CLOSED",
          }),
        )
      ).code,
    ).toBe("FORBIDDEN");
  });
});
