import { randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import { handleInboxMediaFetch } from "@quartet/core/inbox/inbound/media-fetch.handler";
import { useTestEnv } from "@quartet/core/testing/integration";
import { makeStaffedOrg } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { appCallerFor, trpcError } from "../api.test-helpers.ts";

// The sandbox channel end to end through the API: a member plays the customer (text, sample
// image and file, location), the messages land in the inbox through the ingest path, the agent's
// reply is sent by the sandbox provider, and the customer's page moves it DELIVERED then READ.

const { db, deps } = await useTestEnv();

async function sandboxWorkspace() {
  const staff = await makeStaffedOrg(db);
  const connection = await db.platformConnection.create({
    data: {
      organizationId: staff.org.id,
      platform: "SANDBOX",
      platformUserId: "sandbox",
      platformDisplayName: "Sandbox",
      accessToken: "",
    },
  });
  return { ...staff, connection };
}

/** An agent's reply as the send job finds it (PENDING); the test then marks it SENT as the job does. */
async function agentReply(
  conversation: { id: string; organizationId: string; platformConnectionId: string },
  text: string,
  at: Date,
) {
  const pending = await db.message.create({
    data: {
      organizationId: conversation.organizationId,
      conversationId: conversation.id,
      platformConnectionId: conversation.platformConnectionId,
      direction: "OUTBOUND",
      content: text,
      status: "PENDING",
      createdAt: at,
    },
  });
  // The sandbox provider's send just names the message.
  return { pending, externalMessageId: `sandbox_${randomUUID()}` };
}

const readAll = async (stream: Readable) => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

describe("inboxSandbox", () => {
  it("round trip: the customer writes, the agent answers, the customer's page reads it", async () => {
    const { org, member, connection } = await sandboxWorkspace();
    const api = await appCallerFor(deps, member);

    const overview = await api.inboxSandbox.overview({ orgId: org.id });
    expect(overview).toEqual({
      connection: { id: connection.id, name: "Sandbox", status: "ACTIVE" },
      customers: [],
    });

    const clientMessageId = randomUUID();
    const sent = await api.inboxSandbox.send({
      orgId: org.id,
      customer: { name: "Chloé Martin" },
      text: "Bonjour, ma commande n'est pas arrivée 📦",
      clientMessageId,
    });
    expect(sent.customer).toEqual({ id: expect.stringMatching(/^c-/), name: "Chloé Martin" });
    // The same send again (a double click) stores nothing more.
    const again = await api.inboxSandbox.send({
      orgId: org.id,
      customer: { id: sent.customer.id },
      text: "Bonjour, ma commande n'est pas arrivée 📦",
      clientMessageId,
    });
    expect(again.messageId).toBe(sent.messageId);

    const conversation = await db.conversation.findUniqueOrThrow({ where: { id: sent.conversationId } });
    expect(conversation).toMatchObject({
      organizationId: org.id,
      platform: "SANDBOX",
      externalId: sent.customer.id,
      contactName: "Chloé Martin",
      unreadCount: 1,
      lastMessagePreview: "Bonjour, ma commande n'est pas arrivée 📦",
    });
    expect(conversation.contactId).not.toBeNull();

    // The agent answers; while the send job hasn't run, the customer sees nothing of it.
    deps.clock.advance(5_000);
    const at = deps.clock.now();
    const reply = await agentReply(conversation, "Je regarde tout de suite !", at);
    let thread = await api.inboxSandbox.thread({ orgId: org.id, customerId: sent.customer.id });
    expect(thread.messages.map((m) => m.direction)).toEqual(["INBOUND"]);
    await db.message.update({
      where: { id: reply.pending.id },
      data: { status: "SENT", externalId: reply.externalMessageId, platformTimestamp: at },
    });

    thread = await api.inboxSandbox.thread({ orgId: org.id, customerId: sent.customer.id });
    expect(thread.messages.map((m) => [m.direction, m.status, m.content])).toEqual([
      ["INBOUND", "DELIVERED", "Bonjour, ma commande n'est pas arrivée 📦"],
      ["OUTBOUND", "SENT", "Je regarde tout de suite !"],
    ]);

    expect(
      await api.inboxSandbox.receipts({ orgId: org.id, customerId: sent.customer.id, status: "DELIVERED" }),
    ).toEqual({ moved: 1 });
    expect((await db.message.findUniqueOrThrow({ where: { id: reply.pending.id } })).status).toBe(
      "DELIVERED",
    );
    expect(
      await api.inboxSandbox.receipts({ orgId: org.id, customerId: sent.customer.id, status: "READ" }),
    ).toEqual({ moved: 1 });
    const read = await db.message.findUniqueOrThrow({ where: { id: reply.pending.id } });
    expect(read.status).toBe("READ");
    expect(read.deliveredAt).not.toBeNull();
    expect(read.readAt).not.toBeNull();
    // Opening the page again changes nothing (forward only).
    expect(
      await api.inboxSandbox.receipts({ orgId: org.id, customerId: sent.customer.id, status: "DELIVERED" }),
    ).toEqual({ moved: 0 });

    await api.inboxSandbox.react({
      orgId: org.id,
      customerId: sent.customer.id,
      messageId: reply.pending.id,
      emoji: "🙏",
    });
    thread = await api.inboxSandbox.thread({ orgId: org.id, customerId: sent.customer.id });
    expect(thread.messages[1]!.reactions).toEqual([{ emoji: "🙏", from: "contact" }]);

    const statusEvents = await db.$queryRaw<{ payload: { messageId: string; kind: string } }[]>`
      SELECT payload FROM realtime_events
      WHERE organization_id = ${org.id}::uuid AND topic = 'inbox.message' ORDER BY id`;
    expect(statusEvents.map((e) => e.payload.kind)).toEqual(["created", "status", "status", "reaction"]);

    expect((await api.inboxSandbox.overview({ orgId: org.id })).customers).toEqual([
      expect.objectContaining({
        id: sent.customer.id,
        name: "Chloé Martin",
        conversationId: conversation.id,
      }),
    ]);
  });

  it("sends a sample image and file that the media job stores, and a location", async () => {
    const { org, agent } = await sandboxWorkspace();
    const api = await appCallerFor(deps, agent);
    const image = await api.inboxSandbox.send({
      orgId: org.id,
      customer: { name: "Sam" },
      mediaKind: "image",
      text: "the box",
    });
    const customer = { id: image.customer.id };
    deps.clock.advance(1_000);
    const file = await api.inboxSandbox.send({ orgId: org.id, customer, mediaKind: "file" });
    deps.clock.advance(1_000);
    await api.inboxSandbox.send({ orgId: org.id, customer, mediaKind: "location" });

    for (const { messageId } of [image, file]) {
      expect(await handleInboxMediaFetch(deps, { messageId })).toMatchObject({ outcome: "stored" });
    }
    const imageRow = await db.message.findUniqueOrThrow({ where: { id: image.messageId } });
    expect(imageRow).toMatchObject({ contentType: "IMAGE", content: "the box", mediaType: "image/png" });
    const png = await readAll((await deps.storage.get(imageRow.mediaUrl!))!.body);
    expect(png.subarray(1, 4).toString("ascii")).toBe("PNG");
    const fileRow = await db.message.findUniqueOrThrow({ where: { id: file.messageId } });
    expect(fileRow).toMatchObject({ contentType: "FILE", mediaFileName: "sandbox-order.pdf" });
    const pdf = await readAll((await deps.storage.get(fileRow.mediaUrl!))!.body);
    expect(pdf.subarray(0, 5).toString("ascii")).toBe("%PDF-");

    const thread = await api.inboxSandbox.thread({ orgId: org.id, customerId: customer.id });
    expect(thread.messages.map((m) => [m.contentType, m.media?.state ?? null])).toEqual([
      ["IMAGE", "stored"],
      ["FILE", "stored"],
      ["LOCATION", null],
    ]);
    expect(thread.messages[2]!.location).toMatchObject({ name: "Eiffel Tower" });
    expect(thread.messages[0]!.media?.url).toBe(`/files/inbox/messages/${image.messageId}/media`);
    const conversation = await db.conversation.findUniqueOrThrow({ where: { id: image.conversationId } });
    expect(conversation).toMatchObject({ unreadCount: 3, lastMessagePreview: "📍 Eiffel Tower" });
  });

  it("refuses an empty message, an unknown message to react to, and a workspace without a sandbox", async () => {
    const { org, member } = await sandboxWorkspace();
    const api = await appCallerFor(deps, member);
    const empty = await trpcError(
      api.inboxSandbox.send({ orgId: org.id, customer: { name: "X" }, text: "  " }),
    );
    expect(empty.code).toBe("BAD_REQUEST");
    const sent = await api.inboxSandbox.send({ orgId: org.id, customer: { name: "X" }, text: "hi" });
    const react = await trpcError(
      api.inboxSandbox.react({
        orgId: org.id,
        customerId: sent.customer.id,
        messageId: sent.messageId,
        emoji: "👍",
      }),
    );
    expect(react.code).toBe("NOT_FOUND");

    const bare = await makeStaffedOrg(db);
    const owner = await appCallerFor(deps, bare.owner);
    expect(await owner.inboxSandbox.overview({ orgId: bare.org.id })).toEqual({
      connection: null,
      customers: [],
    });
    const noSandbox = await trpcError(
      owner.inboxSandbox.send({ orgId: bare.org.id, customer: { name: "Y" }, text: "hi" }),
    );
    expect(noSandbox.code).toBe("NOT_FOUND");
  });

  it("keeps workspaces apart: another workspace's sandbox connection is not found", async () => {
    const a = await sandboxWorkspace();
    const b = await sandboxWorkspace();
    const api = await appCallerFor(deps, a.owner);
    const error = await trpcError(
      api.inboxSandbox.send({
        orgId: a.org.id,
        connectionId: b.connection.id,
        customer: { name: "Z" },
        text: "hi",
      }),
    );
    expect(error.code).toBe("NOT_FOUND");
    expect(await db.message.count({ where: { platformConnectionId: b.connection.id } })).toBe(0);
  });
});
