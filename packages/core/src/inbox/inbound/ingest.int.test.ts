import { randomUUID } from "node:crypto";
import { makeOrg, makeUser } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { useTestEnv } from "../../testing/integration.ts";
import { makeConnection, messageEvent, reactionEvent, statusEvent } from "./inbound.test-helpers.ts";
import { ingestEvents } from "./ingest.service.ts";

// ingestEvents on real Postgres: the one path by which inbound messages, echoes, receipts and
// reactions become rows.

const { db, deps } = await useTestEnv();

async function setup(platform: "WHATSAPP" | "FACEBOOK" = "WHATSAPP") {
  const owner = await makeUser(db);
  const org = await makeOrg(db, owner);
  const connection = await makeConnection(db, deps.config, org.id, platform);
  return { org, owner, connection };
}

const conversationOf = (connectionId: string, externalId = "15550001111") =>
  db.conversation.findUniqueOrThrow({
    where: { platformConnectionId_externalId: { platformConnectionId: connectionId, externalId } },
  });

/** An outbound message the send job stored (SENT with the platform's id). */
async function sentMessage(
  connection: { id: string; organizationId: string },
  conversationId: string,
  at: Date,
  status: "PENDING" | "SENT" = "SENT",
) {
  return db.message.create({
    data: {
      organizationId: connection.organizationId,
      conversationId,
      platformConnectionId: connection.id,
      externalId: status === "PENDING" ? null : `out.${randomUUID()}`,
      direction: "OUTBOUND",
      content: "Our answer",
      status,
      platformTimestamp: at,
      createdAt: at,
    },
  });
}

const realtimeOf = (orgId: string) =>
  db.$queryRaw<{ topic: string; payload: { kind: string; messageId?: string } }[]>`
    SELECT topic, payload FROM realtime_events WHERE organization_id = ${orgId}::uuid ORDER BY id`;

describe("inbound messages", () => {
  it("creates the conversation, the contact and a DELIVERED message, counts it unread and publishes", async () => {
    const { org, connection } = await setup();
    const event = messageEvent(connection, {
      contact: { externalId: "15550001111", name: "Cleo Customer", username: null, phone: null, email: null },
      text: "Do you ship to Lyon?",
      timestamp: new Date(deps.clock.now().getTime() - 2000),
    });
    const result = await ingestEvents(deps, connection, [event]);
    expect(result.messages).toHaveLength(1);
    expect(result.messages[0]!.created).toBe(true);

    const conversation = await conversationOf(connection.id);
    expect(conversation).toMatchObject({
      organizationId: org.id,
      platform: "WHATSAPP",
      contactName: "Cleo Customer",
      unreadCount: 1,
      status: "OPEN",
      lastMessagePreview: "Do you ship to Lyon?",
    });
    expect(conversation.lastInboundAt?.getTime()).toBe(event.timestamp.getTime());
    expect(conversation.lastMessageAt?.getTime()).toBe(event.timestamp.getTime());

    const contact = await db.contact.findUniqueOrThrow({ where: { id: conversation.contactId! } });
    expect(contact).toMatchObject({ organizationId: org.id, name: "Cleo Customer", phone: "+15550001111" });

    const message = await db.message.findUniqueOrThrow({ where: { id: result.messages[0]!.messageId } });
    expect(message).toMatchObject({
      direction: "INBOUND",
      status: "DELIVERED",
      content: "Do you ship to Lyon?",
      externalId: event.externalMessageId,
    });

    const events = await realtimeOf(org.id);
    expect(events.map((e) => [e.topic, e.payload.kind])).toEqual([
      ["inbox.message", "created"],
      ["inbox.conversation", "created"],
    ]);
  });

  it("20 concurrent deliveries of one message → one row and one unread", async () => {
    const { connection } = await setup();
    // The thread already exists, and it is also the very first message of another thread.
    await ingestEvents(deps, connection, [messageEvent(connection)]);
    const again = messageEvent(connection, { text: "Are you there?" });
    const first = messageEvent(connection, {
      conversationExternalId: "15550002222",
      contact: { externalId: "15550002222", name: "Noa", username: null, phone: null, email: null },
    });
    const results = await Promise.all(
      Array.from({ length: 20 }, () => ingestEvents(deps, connection, [again, first])),
    );
    expect(results.flatMap((r) => r.messages).filter((m) => m.created)).toHaveLength(2);

    expect(await db.message.count({ where: { externalId: again.externalMessageId } })).toBe(1);
    expect(await db.message.count({ where: { externalId: first.externalMessageId } })).toBe(1);
    expect((await conversationOf(connection.id)).unreadCount).toBe(2);
    const firstThread = await conversationOf(connection.id, "15550002222");
    expect(firstThread.unreadCount).toBe(1);
    expect(await db.conversation.count({ where: { platformConnectionId: connection.id } })).toBe(2);
    expect(await db.contact.count({ where: { organizationId: connection.organizationId } })).toBe(2);
  });

  it("20 concurrent different messages of one thread → 20 unread", async () => {
    const { connection } = await setup();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        ingestEvents(deps, connection, [messageEvent(connection, { text: `n${i}` })]),
      ),
    );
    expect((await conversationOf(connection.id)).unreadCount).toBe(20);
  });

  it("keeps the newest preview when an older message arrives late", async () => {
    const { connection } = await setup();
    const now = deps.clock.now().getTime();
    await ingestEvents(deps, connection, [
      messageEvent(connection, { text: "second", timestamp: new Date(now) }),
    ]);
    await ingestEvents(deps, connection, [
      messageEvent(connection, { text: "first", timestamp: new Date(now - 60_000) }),
    ]);
    const conversation = await conversationOf(connection.id);
    expect(conversation.lastMessagePreview).toBe("second");
    expect(conversation.lastMessageAt?.getTime()).toBe(now);
    expect(conversation.unreadCount).toBe(2);
  });

  it("wakes a snoozed conversation and reopens a closed one", async () => {
    const { org, connection } = await setup();
    await ingestEvents(deps, connection, [messageEvent(connection)]);
    const conversation = await conversationOf(connection.id);
    await db.conversation.update({
      where: { id: conversation.id },
      data: { snoozedUntil: new Date(Date.now() + 86_400_000), unreadCount: 0 },
    });
    await ingestEvents(deps, connection, [messageEvent(connection, { text: "hello?" })]);
    expect(await conversationOf(connection.id)).toMatchObject({
      snoozedUntil: null,
      status: "OPEN",
      unreadCount: 1,
    });

    await db.conversation.update({ where: { id: conversation.id }, data: { status: "CLOSED" } });
    await ingestEvents(deps, connection, [messageEvent(connection, { text: "one more thing" })]);
    expect(await conversationOf(connection.id)).toMatchObject({ status: "OPEN", unreadCount: 2 });
    const kinds = (await realtimeOf(org.id))
      .filter((e) => e.topic === "inbox.conversation")
      .map((e) => e.payload.kind);
    expect(kinds).toEqual(["created", "status", "status"]);
  });

  it("resolves reply-to to our row, and keeps the platform id when we don't have it", async () => {
    const { connection } = await setup();
    const original = messageEvent(connection, { text: "Which size?" });
    await ingestEvents(deps, connection, [original]);
    const reply = messageEvent(connection, {
      text: "M please",
      replyToExternalId: original.externalMessageId,
    });
    const orphan = messageEvent(connection, { text: "re: old", replyToExternalId: "wamid.unknown" });
    await ingestEvents(deps, connection, [reply, orphan]);
    const originalRow = await db.message.findFirstOrThrow({
      where: { externalId: original.externalMessageId },
    });
    const replyRow = await db.message.findFirstOrThrow({ where: { externalId: reply.externalMessageId } });
    expect(replyRow.replyToId).toBe(originalRow.id);
    const orphanRow = await db.message.findFirstOrThrow({ where: { externalId: orphan.externalMessageId } });
    expect(orphanRow.replyToId).toBeNull();
    expect(orphanRow.attributes).toMatchObject({ replyToExternalId: "wamid.unknown" });
  });

  it("stores media with the platform's reference, a fetch job, and a location's coordinates", async () => {
    const { connection } = await setup();
    const photo = messageEvent(connection, {
      contentType: "IMAGE",
      text: null,
      media: {
        mediaId: "media-1",
        url: null,
        mimeType: "image/jpeg",
        filename: null,
        caption: "Broken zip",
        sha256: null,
      },
    });
    const place = messageEvent(connection, {
      contentType: "LOCATION",
      text: null,
      location: { latitude: 45.76, longitude: 4.83, name: "Lyon shop", address: null, url: null },
    });
    await ingestEvents(deps, connection, [photo, place]);
    const photoRow = await db.message.findFirstOrThrow({ where: { externalId: photo.externalMessageId } });
    expect(photoRow).toMatchObject({
      contentType: "IMAGE",
      content: "Broken zip",
      mediaType: "image/jpeg",
      mediaUrl: null,
    });
    expect(photoRow.attributes).toMatchObject({ media: { state: "pending", ref: { mediaId: "media-1" } } });
    const jobs = await db.$queryRaw<{ data: { messageId: string } }[]>`
      SELECT data FROM pgboss.job WHERE name = 'inbox.media-fetch'`;
    expect(jobs.map((j) => j.data.messageId)).toContain(photoRow.id);

    const placeRow = await db.message.findFirstOrThrow({ where: { externalId: place.externalMessageId } });
    expect(placeRow.attributes).toMatchObject({
      location: { latitude: 45.76, longitude: 4.83, name: "Lyon shop" },
    });
    expect((await conversationOf(connection.id)).lastMessagePreview).toBe("📍 Lyon shop");
  });

  it("drops NUL characters instead of failing", async () => {
    const { connection } = await setup();
    const event = messageEvent(connection, { text: "a\u0000b" });
    await ingestEvents(deps, connection, [event]);
    const row = await db.message.findFirstOrThrow({ where: { externalId: event.externalMessageId } });
    expect(row.content).toBe("ab");
  });

  it("skips events of another account or platform", async () => {
    const { connection } = await setup();
    const result = await ingestEvents(deps, connection, [
      messageEvent({ platform: "WHATSAPP", platformUserId: "someone-else" }),
      messageEvent({ platform: "FACEBOOK", platformUserId: connection.platformUserId }),
    ]);
    expect(result).toMatchObject({ messages: [], skipped: 2 });
    expect(await db.message.count({ where: { platformConnectionId: connection.id } })).toBe(0);
  });
});

describe("echoes", () => {
  it("stores a message sent from the native app as OUTBOUND SENT, without an unread", async () => {
    const { connection } = await setup("FACEBOOK");
    await ingestEvents(deps, connection, [
      messageEvent(connection, {
        conversationExternalId: "psid-1",
        contact: { externalId: "psid-1", name: "Ines", username: null, phone: null, email: null },
      }),
    ]);
    const echo = messageEvent(connection, {
      direction: "OUTBOUND",
      sentByThisApp: false,
      conversationExternalId: "psid-1",
      contact: { externalId: "psid-1", name: null, username: null, phone: null, email: null },
      text: "Answered from Messenger",
    });
    await ingestEvents(deps, connection, [echo, echo]);
    const row = await db.message.findFirstOrThrow({ where: { externalId: echo.externalMessageId } });
    expect(row).toMatchObject({ direction: "OUTBOUND", status: "SENT", content: "Answered from Messenger" });
    const conversation = await conversationOf(connection.id, "psid-1");
    expect(conversation).toMatchObject({
      unreadCount: 1,
      contactName: "Ines",
      lastMessagePreview: "Answered from Messenger",
    });
    expect(conversation.firstResponseAt).not.toBeNull();
    // A page-scoped id is recorded with its page.
    const identity = await db.contactIdentity.findFirstOrThrow({
      where: { contactId: conversation.contactId! },
    });
    expect(identity).toMatchObject({ channel: "FACEBOOK", value: `${connection.platformUserId}:psid-1` });
  });

  it("skips the echo of a message this app sent (the send job stored it)", async () => {
    const { connection } = await setup("FACEBOOK");
    const echo = messageEvent(connection, { direction: "OUTBOUND", sentByThisApp: true });
    const result = await ingestEvents(deps, connection, [echo]);
    expect(result).toMatchObject({ messages: [], skipped: 1 });
    expect(await db.message.count({ where: { platformConnectionId: connection.id } })).toBe(0);
  });
});

describe("receipts", () => {
  it("move an outbound message forward only; FAILED keeps the provider's reason", async () => {
    const { org, connection } = await setup();
    await ingestEvents(deps, connection, [messageEvent(connection)]);
    const conversation = await conversationOf(connection.id);
    const sent = await sentMessage(connection, conversation.id, new Date());
    const receipt = (
      status: "DELIVERED" | "READ" | "FAILED" | "SENT",
      error: { code: string; reason: string } | null = null,
    ) => statusEvent(connection, { externalMessageId: sent.externalId, status, error });

    await ingestEvents(deps, connection, [receipt("READ")]);
    let row = await db.message.findUniqueOrThrow({ where: { id: sent.id } });
    expect(row.status).toBe("READ");
    expect(row.readAt).not.toBeNull();
    expect(row.deliveredAt).not.toBeNull();

    // Late DELIVERED, SENT and FAILED change nothing.
    const late = await ingestEvents(deps, connection, [
      receipt("DELIVERED"),
      receipt("SENT"),
      receipt("FAILED", { code: "131026", reason: "late" }),
    ]);
    expect(late.statusesMoved).toBe(0);
    expect(late.unmatched).toBe(0);
    row = await db.message.findUniqueOrThrow({ where: { id: sent.id } });
    expect(row).toMatchObject({ status: "READ", errorMessage: null });

    const other = await sentMessage(connection, conversation.id, new Date());
    await ingestEvents(deps, connection, [
      statusEvent(connection, {
        externalMessageId: other.externalId,
        status: "FAILED",
        error: { code: "131047", reason: "Re-engagement message: more than 24 hours have passed" },
      }),
    ]);
    row = await db.message.findUniqueOrThrow({ where: { id: other.id } });
    expect(row).toMatchObject({
      status: "FAILED",
      errorCode: "131047",
      errorMessage: "Re-engagement message: more than 24 hours have passed",
    });
    // A receipt never touches an inbound message.
    const inbound = await db.message.findFirstOrThrow({
      where: { conversationId: conversation.id, direction: "INBOUND" },
    });
    await ingestEvents(deps, connection, [
      statusEvent(connection, { externalMessageId: inbound.externalId, status: "READ" }),
    ]);
    expect((await db.message.findUniqueOrThrow({ where: { id: inbound.id } })).status).toBe("DELIVERED");

    const statusEvents = (await realtimeOf(org.id)).filter((e) => e.payload.kind === "status");
    expect(statusEvents.map((e) => e.payload.messageId)).toEqual([sent.id, other.id]);
  });

  it("counts a receipt for a message we don't have as unmatched", async () => {
    const { connection } = await setup();
    const result = await ingestEvents(deps, connection, [
      statusEvent(connection, { externalMessageId: "wamid.nope" }),
    ]);
    expect(result).toMatchObject({ statusesMoved: 0, unmatched: 1 });
  });

  it("a Messenger watermark marks every sent message up to its time", async () => {
    const { connection } = await setup("FACEBOOK");
    await ingestEvents(deps, connection, [
      messageEvent(connection, {
        conversationExternalId: "psid-9",
        contact: { externalId: "psid-9", name: null, username: null, phone: null, email: null },
      }),
    ]);
    const conversation = await conversationOf(connection.id, "psid-9");
    const t0 = Date.now();
    const a = await sentMessage(connection, conversation.id, new Date(t0 - 30_000));
    const b = await sentMessage(connection, conversation.id, new Date(t0 - 20_000));
    const pending = await sentMessage(connection, conversation.id, new Date(t0 - 15_000), "PENDING");
    const after = await sentMessage(connection, conversation.id, new Date(t0 + 10_000));

    const delivered = await ingestEvents(deps, connection, [
      statusEvent(connection, {
        conversationExternalId: "psid-9",
        contactExternalId: "psid-9",
        upTo: new Date(t0),
        status: "DELIVERED",
      }),
    ]);
    expect(delivered.statusesMoved).toBe(2);
    const read = await ingestEvents(deps, connection, [
      statusEvent(connection, { contactExternalId: "psid-9", upTo: new Date(t0 - 25_000), status: "READ" }),
    ]);
    expect(read.statusesMoved).toBe(1);
    const statuses = await db.message.findMany({
      where: { id: { in: [a.id, b.id, pending.id, after.id] } },
      select: { id: true, status: true },
    });
    const byId = new Map(statuses.map((s) => [s.id, s.status]));
    expect([byId.get(a.id), byId.get(b.id), byId.get(pending.id), byId.get(after.id)]).toEqual([
      "READ",
      "DELIVERED",
      "PENDING",
      "SENT",
    ]);
  });
});

describe("reactions", () => {
  it("keeps one reaction per person on the target message; null removes it", async () => {
    const { connection } = await setup();
    const target = messageEvent(connection);
    await ingestEvents(deps, connection, [target]);
    const conversation = await conversationOf(connection.id);
    const ours = await sentMessage(connection, conversation.id, new Date());
    const react = (emoji: string | null, to = ours.externalId!) =>
      reactionEvent(connection, { targetExternalMessageId: to, emoji });

    await ingestEvents(deps, connection, [react("👍")]);
    await ingestEvents(deps, connection, [react("❤️")]);
    // The business reacted to the contact's message from the native app.
    await ingestEvents(deps, connection, [
      reactionEvent(connection, {
        direction: "OUTBOUND",
        targetExternalMessageId: target.externalMessageId,
        emoji: "🙏",
      }),
    ]);
    let row = await db.message.findUniqueOrThrow({ where: { id: ours.id } });
    expect(row.reactions).toEqual([expect.objectContaining({ emoji: "❤️", from: "contact" })]);
    const targetRow = await db.message.findFirstOrThrow({ where: { externalId: target.externalMessageId } });
    expect(targetRow.reactions).toEqual([expect.objectContaining({ emoji: "🙏", from: "business" })]);

    await ingestEvents(deps, connection, [react(null)]);
    row = await db.message.findUniqueOrThrow({ where: { id: ours.id } });
    expect(row.reactions).toEqual([]);

    const missing = await ingestEvents(deps, connection, [react("😮", "wamid.unknown")]);
    expect(missing.unmatched).toBe(1);
    // A reaction is not a new message: the unread count is the one inbound message.
    expect((await conversationOf(connection.id)).unreadCount).toBe(1);
  });
});
