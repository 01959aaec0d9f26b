import { makeStaffedOrg } from "@quartet/db/testing/factories";
import { socialProviders } from "@quartet/integrations/social/registry";
import { type FakeSocial, startFakeSocial } from "@quartet/integrations/testing/fake-social";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actor, appError, useTestEnv } from "../../testing/integration.ts";
import { getConversation, markRead } from "../conversations/conversation.service.ts";
import { makeConnection, makeConversation, makeMessage } from "../inbox-test-fixtures.ts";
import { openMessageMedia, storeInboxUploads } from "./inbox-media.service.ts";
import { listMessages, listTemplates, retryMessage, sendMessage } from "./message.service.ts";
import { handleSendMessage } from "./message-send.handler.ts";
import { handleReadReceipt } from "./read-receipt.handler.ts";

// Sending through the real WhatsApp client against the local fake of Meta's Cloud API (helper B's),
// and through the local sandbox channel.

const { db, deps } = await useTestEnv();
let fake: FakeSocial;

beforeAll(async () => {
  fake = await startFakeSocial();
  deps.social = socialProviders(fake.config());
});
afterAll(() => fake.close());

const HOUR = 3_600_000;
const PHONE_ID = "1001";

async function whatsappThread(options: { lastInboundAgoMs?: number; token?: string; waId?: string } = {}) {
  const staff = await makeStaffedOrg(db);
  const token = options.token ?? `wa-token-${Math.random().toString(36).slice(2)}`;
  const connection = await makeConnection(db, deps.config, staff.org.id, {
    platform: "WHATSAPP",
    platformUserId: PHONE_ID,
    accessToken: token,
    metadata: { wabaId: `waba-${staff.org.id.slice(0, 8)}` },
  });
  const waId = options.waId ?? `3361${Math.floor(Math.random() * 1e7)}`;
  const lastInboundAt = new Date(deps.clock.now().getTime() - (options.lastInboundAgoMs ?? 60_000));
  const conversation = await makeConversation(db, connection, {
    externalId: waId,
    lastInboundAt,
    lastMessageAt: lastInboundAt,
  });
  await makeMessage(db, conversation, { content: "Hi, is my order on its way?", createdAt: lastInboundAt });
  return { ...staff, connection, conversation, token, waId };
}

const job = (retryCount = 0) => ({ id: "job", retryCount });
const messageRow = (id: string) => db.message.findUniqueOrThrow({ where: { id } });

describe("sending", () => {
  it("stores the message PENDING with its send job in the same transaction; the job sends it → SENT with the platform's id", async () => {
    const { org, agent, conversation, waId } = await whatsappThread();
    const sent = await sendMessage(deps, actor(agent), {
      orgId: org.id,
      conversationId: conversation.id,
      text: "  It left the warehouse this morning.  ",
    });
    expect(sent).toMatchObject({
      status: "PENDING",
      direction: "OUTBOUND",
      content: "It left the warehouse this morning.",
      sentBy: { id: agent.id, name: "Aggie Agent" },
    });
    const jobs = await db.$queryRaw<{ data: { messageId: string } }[]>`
      SELECT data FROM pgboss.job WHERE name = 'inbox.send-message'`;
    expect(jobs.map((j) => j.data.messageId)).toContain(sent.id);
    const after = await db.conversation.findUniqueOrThrow({ where: { id: conversation.id } });
    expect(after.lastMessagePreview).toBe("It left the warehouse this morning.");
    expect(after.firstResponseAt).not.toBeNull();

    const outcome = await handleSendMessage(deps, { messageId: sent.id }, job());
    expect(outcome.outcome).toBe("sent");
    const row = await messageRow(sent.id);
    expect(row.status).toBe("SENT");
    expect(row.externalId).toMatch(/^wamid\./);
    expect(fake.sent.find((m) => m.id === row.externalId)).toMatchObject({ to: waId, kind: "text" });

    // A second run of the same job (a redelivery) sends nothing more.
    const again = await handleSendMessage(deps, { messageId: sent.id }, job());
    expect(again).toEqual({ outcome: "skipped", why: "status SENT" });
    expect(fake.sent.filter((m) => m.id === row.externalId)).toHaveLength(1);
  });

  it("a refusal the platform won't change becomes FAILED with the provider's reason at once; retry sends it again", async () => {
    const { org, agent, conversation } = await whatsappThread();
    const sent = await sendMessage(deps, actor(agent), {
      orgId: org.id,
      conversationId: conversation.id,
      text: "Hello",
    });
    fake.failNext(`POST /${PHONE_ID}/messages`, {
      meta: {
        code: 131026,
        message: "Message undeliverable",
        details: "Receiver is incapable of receiving this message",
      },
    });
    const outcome = await handleSendMessage(deps, { messageId: sent.id }, job());
    expect(outcome.outcome).toBe("failed");
    const failed = await messageRow(sent.id);
    expect(failed.status).toBe("FAILED");
    expect(failed.errorCode).toBe("RECIPIENT_UNAVAILABLE");
    expect(failed.errorMessage).toContain("can't receive messages");
    const listed = await listMessages(deps, actor(agent), { orgId: org.id, conversationId: conversation.id });
    expect(listed.items.at(-1)).toMatchObject({
      id: sent.id,
      status: "FAILED",
      errorMessage: failed.errorMessage,
    });

    const retried = await retryMessage(deps, actor(agent), { orgId: org.id, messageId: sent.id });
    expect(retried).toMatchObject({ status: "PENDING", errorMessage: null });
    expect((await handleSendMessage(deps, { messageId: sent.id }, job())).outcome).toBe("sent");
    expect((await messageRow(sent.id)).status).toBe("SENT");
    // Only a failed message can be retried.
    const twice = await appError(retryMessage(deps, actor(agent), { orgId: org.id, messageId: sent.id }));
    expect(twice.code).toBe("PRECONDITION_FAILED");
  });

  it("a passing outage is retried with backoff (the job throws, the row stays PENDING) until the last attempt stores FAILED", async () => {
    const { org, agent, conversation } = await whatsappThread();
    const first = await sendMessage(deps, actor(agent), {
      orgId: org.id,
      conversationId: conversation.id,
      text: "One",
    });
    fake.failNext(`POST /${PHONE_ID}/messages`, { status: 503 });
    await expect(handleSendMessage(deps, { messageId: first.id }, job(0))).rejects.toMatchObject({
      name: "ChannelError",
      retryable: true,
    });
    const waiting = await messageRow(first.id);
    expect(waiting.status).toBe("PENDING");
    expect(waiting.attempts).toBe(1);
    expect((await handleSendMessage(deps, { messageId: first.id }, job(1))).outcome).toBe("sent");

    const second = await sendMessage(deps, actor(agent), {
      orgId: org.id,
      conversationId: conversation.id,
      text: "Two",
    });
    fake.failNext(`POST /${PHONE_ID}/messages`, { status: 503 });
    const last = await handleSendMessage(deps, { messageId: second.id }, job(4));
    expect(last.outcome).toBe("failed");
    expect(await messageRow(second.id)).toMatchObject({ status: "FAILED", errorCode: "UNAVAILABLE" });
  });

  it("an expired token marks the connection EXPIRED and fails the message; the inbox then refuses to send on it", async () => {
    const { org, agent, owner, conversation, connection, token } = await whatsappThread();
    const sent = await sendMessage(deps, actor(agent), {
      orgId: org.id,
      conversationId: conversation.id,
      text: "Hi",
    });
    fake.expireToken(token);
    const outcome = await handleSendMessage(deps, { messageId: sent.id }, job());
    expect(outcome).toMatchObject({ outcome: "failed", code: "TOKEN_EXPIRED" });
    expect(await messageRow(sent.id)).toMatchObject({ status: "FAILED", errorCode: "TOKEN_EXPIRED" });
    const after = await db.platformConnection.findUniqueOrThrow({ where: { id: connection.id } });
    expect(after.status).toBe("EXPIRED");
    expect(after.errorMessage).toContain("Reconnect");
    // Connection health told the owner (once per outage).
    const notices = await db.notification.findMany({
      where: { userId: owner.id, type: "inbox.connection_expired" },
    });
    expect(notices).toHaveLength(1);
    const refused = await appError(
      sendMessage(deps, actor(agent), { orgId: org.id, conversationId: conversation.id, text: "Again" }),
    );
    expect(refused.code).toBe("PRECONDITION_FAILED");
    expect(refused.reason).toBe("CONNECTION_INACTIVE");
    const detail = await getConversation(deps, actor(agent), {
      orgId: org.id,
      conversationId: conversation.id,
    });
    expect(detail.connection.status).toBe("EXPIRED");
  });
});

describe("WhatsApp's 24-hour window", () => {
  it("refuses free text after 24 hours with the rule in words, and sends an approved template", async () => {
    const { org, agent, conversation, waId, connection } = await whatsappThread({
      lastInboundAgoMs: 25 * HOUR,
    });
    const detail = await getConversation(deps, actor(agent), {
      orgId: org.id,
      conversationId: conversation.id,
    });
    expect(detail.window).toMatchObject({ kind: "WHATSAPP_24H", open: false });

    const refused = await appError(
      sendMessage(deps, actor(agent), {
        orgId: org.id,
        conversationId: conversation.id,
        text: "Are you there?",
      }),
    );
    expect(refused.code).toBe("PRECONDITION_FAILED");
    expect(refused.reason).toBe("WHATSAPP_WINDOW_CLOSED");
    expect(refused.message).toContain("24 hours");
    expect(refused.message).toContain("template");
    expect(
      await db.message.count({ where: { conversationId: conversation.id, direction: "OUTBOUND" } }),
    ).toBe(0);

    const wabaId = (connection.metadata as { wabaId: string }).wabaId;
    fake.setTemplates(wabaId, [
      {
        name: "order_update",
        language: "en_US",
        status: "APPROVED",
        category: "UTILITY",
        components: [{ type: "BODY", text: "Hello {{1}}, your order {{2}} has shipped." }],
      },
      { name: "draft_promo", language: "en_US", status: "PENDING" },
    ]);
    const templates = await listTemplates(deps, actor(agent), {
      orgId: org.id,
      conversationId: conversation.id,
    });
    expect(templates.items).toEqual([
      {
        name: "order_update",
        language: "en_US",
        category: "UTILITY",
        body: "Hello {{1}}, your order {{2}} has shipped.",
        paramCount: 2,
      },
    ]);

    const sent = await sendMessage(deps, actor(agent), {
      orgId: org.id,
      conversationId: conversation.id,
      template: { name: "order_update", language: "en_US", params: ["Casey", "1042"] },
    });
    expect(sent.status).toBe("PENDING");
    expect((await handleSendMessage(deps, { messageId: sent.id }, job())).outcome).toBe("sent");
    const delivered = fake.sent.find((m) => m.to === waId);
    expect(delivered).toMatchObject({ kind: "template" });
    expect(JSON.stringify(delivered?.body)).toContain("1042");
  });

  it("within 24 hours free text goes; the window closes 24 hours after the customer's last message", async () => {
    const { org, agent, conversation } = await whatsappThread({ lastInboundAgoMs: 23 * HOUR });
    const detail = await getConversation(deps, actor(agent), {
      orgId: org.id,
      conversationId: conversation.id,
    });
    expect(detail.window.open).toBe(true);
    expect(detail.window.closesAt?.getTime()).toBe((detail.lastInboundAt?.getTime() ?? 0) + 24 * HOUR);
    const sent = await sendMessage(deps, actor(agent), {
      orgId: org.id,
      conversationId: conversation.id,
      text: "Yes!",
    });
    expect(sent.status).toBe("PENDING");
    deps.clock.advance(2 * HOUR);
    const late = await appError(
      sendMessage(deps, actor(agent), {
        orgId: org.id,
        conversationId: conversation.id,
        text: "Still there?",
      }),
    );
    expect(late.reason).toBe("WHATSAPP_WINDOW_CLOSED");
  });
});

describe("TikTok's limits", () => {
  it("refuses after 48 hours and past 10 messages since the user last wrote", async () => {
    const { org, agent } = await makeStaffedOrg(db);
    const connection = await makeConnection(db, deps.config, org.id, { platform: "TIKTOK" });
    const stale = await makeConversation(db, connection, {
      lastInboundAt: new Date(deps.clock.now().getTime() - 49 * HOUR),
    });
    const late = await appError(
      sendMessage(deps, actor(agent), { orgId: org.id, conversationId: stale.id, text: "Hi" }),
    );
    expect(late.reason).toBe("TIKTOK_WINDOW_CLOSED");

    const fresh = await makeConversation(db, connection, {
      lastInboundAt: new Date(deps.clock.now().getTime() - HOUR),
    });
    for (let i = 0; i < 10; i++) {
      await sendMessage(deps, actor(agent), { orgId: org.id, conversationId: fresh.id, text: `Reply ${i}` });
    }
    const capped = await appError(
      sendMessage(deps, actor(agent), { orgId: org.id, conversationId: fresh.id, text: "One more" }),
    );
    expect(capped.reason).toBe("TIKTOK_LIMIT_REACHED");
    const detail = await getConversation(deps, actor(agent), { orgId: org.id, conversationId: fresh.id });
    expect(detail.window).toMatchObject({ kind: "TIKTOK", open: false, remaining: 0 });
  });
});

describe("attachments", () => {
  it("an uploaded file is sent as its own message with its media, which members can open", async () => {
    const { org, agent, member } = await makeStaffedOrg(db);
    // A local channel holds no platform token (the demo's sandbox is stored with none).
    const connection = await makeConnection(db, deps.config, org.id, { platform: "SANDBOX" });
    await db.platformConnection.update({ where: { id: connection.id }, data: { accessToken: "" } });
    const conversation = await makeConversation(db, connection);
    const png = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");
    const { attachments } = await storeInboxUploads(deps, actor(agent), org.id, [
      { fileName: "label.png", mimeType: "image/png", body: png },
    ]);
    const sent = await sendMessage(deps, actor(agent), {
      orgId: org.id,
      conversationId: conversation.id,
      text: "Here is your label",
      attachmentIds: attachments.map((a) => a.id),
    });
    expect(sent.messages.map((m) => m.contentType)).toEqual(["TEXT", "IMAGE"]);
    const image = sent.messages[1];
    expect(image?.media).toMatchObject({
      url: `/files/inbox/messages/${image?.id}/media`,
      type: "image/png",
      fileName: "label.png",
      size: png.length,
    });
    for (const m of sent.messages)
      expect((await handleSendMessage(deps, { messageId: m.id }, job())).outcome).toBe("sent");
    expect((await messageRow(image?.id ?? "")).externalId).toBeTruthy();
    // An upload goes out once.
    const reused = await appError(
      sendMessage(deps, actor(agent), {
        orgId: org.id,
        conversationId: conversation.id,
        attachmentIds: [attachments[0]?.id ?? ""],
      }),
    );
    expect(reused.fieldErrors).toHaveProperty("attachmentIds");
    const file = await openMessageMedia(deps, actor(member), image?.id ?? "", "media");
    const chunks: Buffer[] = [];
    for await (const c of file.body) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(png)).toBe(true);
  });
});

describe("read receipts", () => {
  const receiptJobs = async (messageId: string) =>
    (
      await db.$queryRaw<{ data: { messageId: string } }[]>`
        SELECT data FROM pgboss.job WHERE name = 'inbox.read-receipt'`
    ).filter((j) => j.data.messageId === messageId).length;

  it("opening a WhatsApp conversation marks the contact's newest message read on WhatsApp, once", async () => {
    const { org, agent, connection, conversation } = await whatsappThread();
    const newest = await makeMessage(db, conversation, {
      content: "Hello?",
      externalId: `wamid.newest-${org.id}`,
      createdAt: deps.clock.now(),
    });

    await markRead(deps, actor(agent), { orgId: org.id, conversationId: conversation.id });
    expect(await receiptJobs(newest.id)).toBe(1);
    // Read already: opening it again tells the platform nothing more.
    await markRead(deps, actor(agent), { orgId: org.id, conversationId: conversation.id });
    expect(await receiptJobs(newest.id)).toBe(1);

    fake.clearRecords();
    expect(await handleReadReceipt(deps, { messageId: newest.id })).toEqual({ outcome: "sent" });
    const call = fake.requests.find((r) => r.path === `/${connection.platformUserId}/messages`);
    expect(call?.json).toEqual({
      messaging_product: "whatsapp",
      status: "read",
      message_id: newest.externalId,
    });
  });

  it("a channel disconnected since drops the receipt without calling the platform", async () => {
    const { org, agent, connection, conversation } = await whatsappThread();
    const newest = await makeMessage(db, conversation, {
      content: "Still there?",
      createdAt: deps.clock.now(),
    });
    await markRead(deps, actor(agent), { orgId: org.id, conversationId: conversation.id });
    await db.platformConnection.update({ where: { id: connection.id }, data: { status: "DISCONNECTED" } });
    fake.clearRecords();
    expect(await handleReadReceipt(deps, { messageId: newest.id })).toEqual({
      outcome: "skipped",
      why: "channel DISCONNECTED",
    });
    expect(fake.requests).toHaveLength(0);
  });
});
