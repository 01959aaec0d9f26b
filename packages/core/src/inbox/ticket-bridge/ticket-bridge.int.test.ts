import { makeStaffedOrg } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { storePendingFiles } from "../../desk/attachments/attachment.service.ts";
import { addMessage, getTicket } from "../../desk/tickets/ticket.service.ts";
import { actor, useTestEnv } from "../../testing/integration.ts";
import { messageEvent } from "../inbound/inbound.test-helpers.ts";
import { ingestEvents } from "../inbound/ingest.service.ts";
import { makeConnection, makeConversation } from "../inbox-test-fixtures.ts";
import { listMessages, sendMessage } from "../messages/message.service.ts";
import { createTicketFromConversation } from "./ticket-bridge.service.ts";

const { db, deps } = await useTestEnv();

const contact = (id: string, name: string) => ({
  externalId: id,
  name,
  username: null,
  phone: null,
  email: null,
});

/** A conversation with two messages from the contact (through the real ingest) on `platform`. */
async function thread(platform: "SANDBOX" | "WEBCHAT" | "WHATSAPP" | "INSTAGRAM" = "SANDBOX") {
  const staff = await makeStaffedOrg(db);
  const connection = await makeConnection(db, deps.config, staff.org.id, { platform });
  const handle =
    platform === "WHATSAPP"
      ? `3361${Math.floor(Math.random() * 1e7)}`
      : `cust-${Math.random().toString(36).slice(2, 8)}`;
  const who = contact(handle, "Nina Newton");
  const on = { platform, platformUserId: connection.platformUserId };
  const first = await ingestEvents(deps, connection, [
    messageEvent(on, {
      contact: who,
      conversationExternalId: who.externalId,
      text: "My blender arrived broken",
    }),
  ]);
  deps.clock.advance(60_000);
  await ingestEvents(deps, connection, [
    messageEvent(on, { contact: who, conversationExternalId: who.externalId, text: "The lid is cracked" }),
  ]);
  const conversationId = first.messages[0]?.conversationId ?? "";
  return { ...staff, connection, conversationId, who, on };
}

const ticketMessages = (ticketId: string) =>
  db.ticketMessage.findMany({ where: { ticketId }, orderBy: { seq: "asc" } });
const outbound = (conversationId: string) =>
  db.message.findMany({ where: { conversationId, direction: "OUTBOUND" }, orderBy: { createdAt: "asc" } });

describe("create ticket from conversation", () => {
  it("keeps the contact, puts the transcript first, channel SOCIAL (CHAT for the widget), linked both ways; asking again gives the same ticket", async () => {
    const { org, agent, conversationId, connection } = await thread();
    const made = await createTicketFromConversation(deps, actor(agent), { orgId: org.id, conversationId });
    expect(made.created).toBe(true);
    const conversation = await db.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    expect(conversation.ticketId).toBe(made.ticketId);
    const ticket = await getTicket(deps, actor(agent), { orgId: org.id, ticketId: made.ticketId });
    expect(ticket).toMatchObject({
      number: made.number,
      channel: "SOCIAL",
      contact: { id: conversation.contactId },
    });
    expect(ticket.subject).toBe("Sandbox conversation with Nina Newton");
    expect(ticket.description).toMatch(
      /Nina Newton: My blender arrived broken\n\n.*Nina Newton: The lid is cracked/,
    );
    expect(conversation.contactId).not.toBeNull();

    const again = await createTicketFromConversation(deps, actor(agent), { orgId: org.id, conversationId });
    expect(again).toEqual({ ticketId: made.ticketId, number: made.number, created: false });
    expect(await db.ticket.count({ where: { organizationId: org.id } })).toBe(1);

    // A thread the contacts area couldn't file (no contact yet) still gets its requester.
    const bare = await makeConversation(db, connection, { contactName: "Odd Handle", contactId: null });
    const orphan = await createTicketFromConversation(deps, actor(agent), {
      orgId: org.id,
      conversationId: bare.id,
    });
    const requester = await db.ticket.findUniqueOrThrow({
      where: { id: orphan.ticketId },
      select: { contact: true },
    });
    expect(requester.contact.name).toBe("Odd Handle");

    const widget = await thread("WEBCHAT");
    const chat = await createTicketFromConversation(deps, actor(widget.agent), {
      orgId: widget.org.id,
      conversationId: widget.conversationId,
    });
    expect((await db.ticket.findUniqueOrThrow({ where: { id: chat.ticketId } })).channel).toBe("CHAT");
  });
});

describe("replies cross both ways, each exactly once", () => {
  it("an agent's DM is added to the ticket (no DM back, no mail); an agent's ticket reply goes out as a DM (once); notes stay", async () => {
    const { org, agent, admin, conversationId } = await thread();
    const { ticketId } = await createTicketFromConversation(deps, actor(agent), {
      orgId: org.id,
      conversationId,
    });
    // The contact has an address: the Desk would mail a reply to an ordinary ticket.
    const { contactId } = await db.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    await db.contact.update({
      where: { id: contactId ?? "" },
      data: { email: `nina-${org.id}@example.test` },
    });

    // Inbox → ticket.
    const dm = await sendMessage(deps, actor(agent), {
      orgId: org.id,
      conversationId,
      text: "So sorry! Sending a new one.",
    });
    let onTicket = await ticketMessages(ticketId);
    expect(onTicket).toHaveLength(1);
    expect(onTicket[0]).toMatchObject({
      message: "So sorry! Sending a new one.",
      authorUserId: agent.id,
      isInternal: false,
    });
    expect((await db.message.findUniqueOrThrow({ where: { id: dm.id } })).ticketMessageId).toBe(
      onTicket[0]?.id,
    );
    expect(await outbound(conversationId)).toHaveLength(1);
    expect(await db.emailLog.count({ where: { emailType: "DESK_TICKET_REPLY" } })).toBe(0);
    expect((await db.ticket.findUniqueOrThrow({ where: { id: ticketId } })).firstResponseAt).not.toBeNull();

    // Ticket → inbox.
    deps.clock.advance(1000);
    const reply = await addMessage(deps, actor(admin), {
      orgId: org.id,
      ticketId,
      message: "A courier will pick up the broken one tomorrow.",
    });
    const sent = await outbound(conversationId);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toMatchObject({
      content: "A courier will pick up the broken one tomorrow.",
      status: "PENDING",
      sentByUserId: admin.id,
      ticketMessageId: reply.id,
    });
    const jobs = await db.$queryRaw<{ data: { messageId: string } }[]>`
      SELECT data FROM pgboss.job WHERE name = 'inbox.send-message'`;
    expect(jobs.filter((j) => j.data.messageId === sent[1]?.id)).toHaveLength(1);
    onTicket = await ticketMessages(ticketId);
    expect(onTicket).toHaveLength(2);
    // The DM is the ticket's mirror, so no mail goes to the contact.
    expect(await db.emailLog.count({ where: { emailType: "DESK_TICKET_REPLY" } })).toBe(0);

    // An internal note never leaves.
    await addMessage(deps, actor(admin), {
      orgId: org.id,
      ticketId,
      message: "Refund approved",
      isInternal: true,
    });
    expect(await outbound(conversationId)).toHaveLength(2);
    const thread_ = await listMessages(deps, actor(agent), { orgId: org.id, conversationId });
    expect(thread_.items.map((m) => m.content)).not.toContain("Refund approved");
  });

  it("a ticket reply's files go out as media the platform takes; the others are named in the text", async () => {
    const png = Buffer.from(
      "89504e470d0a1a0a0000000d4948445200000001000000010806000000" +
        "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082",
      "hex",
    );
    const files = [
      { fileName: "label.png", mimeType: "image/png", body: png },
      { fileName: "invoice.pdf", mimeType: "application/pdf", body: Buffer.from("%PDF-1.4\n%%EOF\n") },
    ];
    for (const [platform, expected] of [
      ["SANDBOX", { media: ["invoice.pdf", "label.png"], named: null }],
      ["INSTAGRAM", { media: ["label.png"], named: "invoice.pdf" }],
    ] as const) {
      const { org, agent, conversationId } = await thread(platform);
      const { ticketId } = await createTicketFromConversation(deps, actor(agent), {
        orgId: org.id,
        conversationId,
      });
      const { attachments } = await storePendingFiles(
        deps,
        org.id,
        { userId: agent.id, contactId: null },
        files,
      );
      deps.clock.advance(1000);
      await addMessage(deps, actor(agent), {
        orgId: org.id,
        ticketId,
        message: "Here are the return label and your invoice.",
        attachmentIds: attachments.map((a) => a.id),
      });
      const sent = await outbound(conversationId);
      expect(
        sent.map((m) => m.contentType),
        platform,
      ).toEqual(["TEXT", ...expected.media.map((f) => (f.endsWith(".png") ? "IMAGE" : "FILE"))]);
      expect(sent[0]?.content).toBe(
        expected.named
          ? `Here are the return label and your invoice.\n\n(Attachment on the ticket: ${expected.named})`
          : "Here are the return label and your invoice.",
      );
      const stored = await db.deskAttachment.findMany({
        where: { ticketId },
        select: { fileName: true, storageKey: true },
      });
      expect(sent.slice(1).map((m) => [m.mediaFileName, m.mediaUrl])).toEqual(
        expected.media.map((f) => [f, stored.find((a) => a.fileName === f)?.storageKey]),
      );
      expect(
        sent.every((m) => m.status === "PENDING"),
        platform,
      ).toBe(true);
    }
  });

  it("a reply sent from the platform's own app (an echo) is added to the ticket as the connecting person's, once, and goes nowhere else", async () => {
    const { org, agent, admin, connection, conversationId, who, on } = await thread("WHATSAPP");
    await db.platformConnection.update({ where: { id: connection.id }, data: { connectedById: admin.id } });
    const { ticketId } = await createTicketFromConversation(deps, actor(agent), {
      orgId: org.id,
      conversationId,
    });
    deps.clock.advance(1000);
    const echo = messageEvent(on, {
      contact: who,
      conversationExternalId: who.externalId,
      direction: "OUTBOUND",
      sentByThisApp: false,
      text: "Replying from my phone: a new blender ships today.",
    });
    await ingestEvents(deps, connection, [echo]);
    await ingestEvents(deps, connection, [echo]);
    const onTicket = await ticketMessages(ticketId);
    expect(onTicket.map((m) => [m.message, m.authorUserId, m.isInternal])).toEqual([
      ["Replying from my phone: a new blender ships today.", admin.id, false],
    ]);
    // The echo is the only outbound message: nothing was queued back to WhatsApp.
    const sent = await outbound(conversationId);
    expect(sent.map((m) => [m.status, m.ticketMessageId])).toEqual([["SENT", onTicket[0]?.id]]);
  });

  it("the contact's DM is added to the ticket as a customer reply, once even when the platform redelivers it, and reopens it", async () => {
    const { org, agent, connection, conversationId, who, on } = await thread();
    const { ticketId } = await createTicketFromConversation(deps, actor(agent), {
      orgId: org.id,
      conversationId,
    });
    await db.ticket.update({ where: { id: ticketId }, data: { status: "RESOLVED", resolvedAt: new Date() } });
    const event = messageEvent(on, {
      contact: who,
      conversationExternalId: who.externalId,
      text: "Still waiting!",
    });
    await ingestEvents(deps, connection, [event]);
    await ingestEvents(deps, connection, [event]);
    await Promise.all([ingestEvents(deps, connection, [event]), ingestEvents(deps, connection, [event])]);

    const onTicket = await ticketMessages(ticketId);
    expect(onTicket).toHaveLength(1);
    const conversation = await db.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    expect(onTicket[0]).toMatchObject({ message: "Still waiting!", authorContactId: conversation.contactId });
    const inbound = await db.message.findFirstOrThrow({
      where: { conversationId, content: "Still waiting!" },
    });
    expect(inbound.ticketMessageId).toBe(onTicket[0]?.id);
    expect((await db.ticket.findUniqueOrThrow({ where: { id: ticketId } })).status).toBe("OPEN");
    // The customer's message is not sent back to them.
    expect(await outbound(conversationId)).toHaveLength(0);
  });

  it("a ticket reply the platform would refuse (WhatsApp window closed) is kept FAILED with the reason; the ticket reply stands", async () => {
    const { org, agent, conversationId } = await thread("WHATSAPP");
    const { ticketId } = await createTicketFromConversation(deps, actor(agent), {
      orgId: org.id,
      conversationId,
    });
    deps.clock.advance(25 * 3_600_000);
    const reply = await addMessage(deps, actor(agent), { orgId: org.id, ticketId, message: "Any news?" });
    expect((await ticketMessages(ticketId)).map((m) => m.id)).toEqual([reply.id]);
    const [dm] = await outbound(conversationId);
    expect(dm).toMatchObject({
      status: "FAILED",
      errorCode: "WHATSAPP_WINDOW_CLOSED",
      ticketMessageId: reply.id,
    });
    expect(dm?.errorMessage).toContain("24 hours");
  });
});
