import { makeStaffedOrg } from "@quartet/db/testing/factories";
import { type ComposeMimeOptions, composeMime } from "@quartet/integrations/mail/mime-compose";
import { describe, expect, it } from "vitest";
import { actor, appError, useTestEnv } from "../../testing/integration.ts";
import { openAttachmentForCustomer } from "../attachments/attachment.service.ts";
import { addMessage, createTicket, getTicket, updateTicket } from "../tickets/ticket.service.ts";
import { ticketAccessToken } from "../tickets/ticket-access.ts";
import { mergeTickets } from "../tickets/ticket-merge.service.ts";
import { agentMailIntent, receiveInboundEmail } from "./email-inbound.service.ts";

const { db, deps } = await useTestEnv();
const DOMAIN = deps.config.inboundEmailDomain;

let n = 0;
/** A staffed workspace, its inbound address and a fresh customer address. */
async function desk() {
  const cast = await makeStaffedOrg(db);
  n++;
  return { ...cast, inbox: `${cast.org.slug}@${DOMAIN}`, customer: `customer${n}@example.test` };
}

/** Real MIME from nodemailer's composer (multipart/alternative, quoted-printable, encoded words). */
const mime = (options: ComposeMimeOptions) =>
  composeMime({ date: new Date("2026-11-02T10:00:00Z"), ...options });

const receive = async (options: ComposeMimeOptions) => receiveInboundEmail(deps, await mime(options));

const ticketOf = (id: string | undefined) =>
  db.ticket.findUniqueOrThrow({
    where: { id: id ?? "" },
    include: {
      contact: true,
      messages: { orderBy: { seq: "asc" } },
      activities: { orderBy: { seq: "asc" } },
    },
  });

describe("inbound mail: new tickets", () => {
  it("turns a new mail into an EMAIL ticket with its contact, attachment and an acknowledgement", async () => {
    const { org, inbox, customer } = await desk();
    const result = await receive({
      from: { name: "Zoé Martin", address: customer.toUpperCase() },
      to: `Support <${inbox.toUpperCase()}>`,
      subject: "Imprimante cassée — étage 3",
      messageId: "<first-1@example.test>",
      text: "Bonjour,\n\nL'imprimante du 3ᵉ étage affiche « erreur 42 » depuis ce matin, même après redémarrage.\n\nZoé",
      html: "<p>Bonjour,</p><p>L'imprimante du 3ᵉ étage affiche « erreur 42 »…</p>",
      attachments: [
        { filename: "erreur.pdf", content: Buffer.from("%PDF-1.4 fake"), contentType: "application/pdf" },
        { filename: "setup.exe", content: Buffer.from("MZ..."), contentType: "application/x-msdownload" },
      ],
    });
    expect(result.outcome).toBe("created");
    const ticket = await ticketOf(result.ticketId);
    expect(ticket).toMatchObject({
      organizationId: org.id,
      channel: "EMAIL",
      status: "OPEN",
      subject: "Imprimante cassée — étage 3",
      number: 1,
    });
    expect(ticket.description).toContain("affiche « erreur 42 » depuis ce matin");
    expect(ticket.contact).toMatchObject({ email: customer, name: "Zoé Martin" });
    expect(
      await db.ticketEmailReference.findFirst({ where: { ticketId: ticket.id, direction: "INBOUND" } }),
    ).toMatchObject({ messageId: "<first-1@example.test>" });
    const ack = await db.emailLog.findFirstOrThrow({ where: { recipientEmail: customer } });
    expect(ack).toMatchObject({ emailType: "DESK_TICKET_RECEIVED", replyTo: inbox });

    // The PDF is kept (stored and linked to the ticket); the program is not.
    const files = await db.deskAttachment.findMany({ where: { ticketId: ticket.id } });
    expect(files.map((f) => [f.fileName, f.mimeType, f.sizeBytes])).toEqual([
      ["erreur.pdf", "application/pdf", 13],
    ]);
    expect(files[0]?.uploadedByContactId).toBe(ticket.contactId);
    const stored = await deps.storage.get(files[0]?.storageKey ?? "");
    expect(stored?.size).toBe(13);
  });

  it("shows the opening mail's files on the ticket agents open, and to the customer's link; a merge leaves them there", async () => {
    const { org, agent, inbox, customer } = await desk();
    const result = await receive({
      from: customer,
      to: inbox,
      subject: "Broken invoice",
      text: "The attached invoice has the wrong total.",
      attachments: [
        { filename: "invoice.pdf", content: Buffer.from("%PDF-1.4 invoice"), contentType: "application/pdf" },
        { filename: "total.txt", content: Buffer.from("42.00"), contentType: "text/plain" },
      ],
    });
    const ticketId = result.ticketId ?? "";
    const detail = await getTicket(deps, actor(agent), { orgId: org.id, ticketId });
    expect(detail.attachments.map((a) => [a.fileName, a.sizeBytes])).toEqual([
      ["invoice.pdf", 16],
      ["total.txt", 5],
    ]);
    expect(detail.messages).toEqual([]);
    const first = detail.attachments[0]?.id ?? "";
    const file = await openAttachmentForCustomer(deps, first, ticketAccessToken(deps.config, ticketId));
    expect(file.fileName).toBe("invoice.pdf");
    expect((await appError(openAttachmentForCustomer(deps, first, "forged"))).code).toBe("NOT_FOUND");

    // Merged into another ticket, the files stay with the description they came with.
    const survivor = await createTicket(deps, actor(agent), {
      orgId: org.id,
      subject: "Invoices",
      description: "All invoice issues",
      requester: { email: customer },
    });
    await mergeTickets(deps, actor(agent), { orgId: org.id, sourceId: ticketId, targetId: survivor.id });
    expect(
      (await getTicket(deps, actor(agent), { orgId: org.id, ticketId })).attachments.map((a) => a.fileName),
    ).toEqual(["invoice.pdf", "total.txt"]);
    expect(
      (await getTicket(deps, actor(agent), { orgId: org.id, ticketId: survivor.id })).attachments,
    ).toEqual([]);
  });

  it("finds the workspace from Delivered-To or Cc, case-insensitively, with a +tag", async () => {
    const { org, inbox, customer } = await desk();
    const viaCc = await receive({
      from: customer,
      to: "someone@elsewhere.test",
      cc: inbox.replace("@", "+billing@").toUpperCase(),
      subject: "Invoice",
      text: "Where is my invoice?",
    });
    expect(viaCc.outcome).toBe("created");
    const viaDelivered = await receive({
      from: customer,
      to: "list@elsewhere.test",
      subject: "Second",
      text: "Hi",
      headers: { "Delivered-To": inbox },
    });
    expect(viaDelivered.outcome).toBe("created");
    expect(await db.ticket.count({ where: { organizationId: org.id } })).toBe(2);
  });
});

describe("inbound mail: threading", () => {
  /** A mailed ticket and the Message-ID of the agent's mailed reply on it. */
  async function conversation() {
    const cast = await desk();
    const opened = await receive({
      from: cast.customer,
      to: cast.inbox,
      subject: "VPN down",
      messageId: `<open-${n}@example.test>`,
      text: "The VPN refuses my password.",
    });
    const reply = await addMessage(deps, actor(cast.agent), {
      orgId: cast.org.id,
      ticketId: opened.ticketId ?? "",
      message: "Which client version do you use?",
    });
    const replyMessageId = `<t${opened.ticketId}.m${reply.id}@${DOMAIN}>`;
    const ticket = await ticketOf(opened.ticketId);
    return { ...cast, ticket, replyMessageId, openId: `<open-${n}@example.test>` };
  }

  it("adds a reply with In-Reply-To to the same ticket, without the quoted mail", async () => {
    const { inbox, customer, ticket, replyMessageId } = await conversation();
    const result = await receive({
      from: customer,
      to: inbox,
      subject: `Re: [#${ticket.number}] VPN down`,
      messageId: "<answer-1@example.test>",
      inReplyTo: replyMessageId,
      references: [replyMessageId],
      text: "Version 4.2 on Windows.\n\nOn Mon, 2 Nov 2026 at 10:00, Acme <x@y.test> wrote:\n> Which client version do you use?",
      attachments: [{ filename: "screen.png", content: Buffer.from("png"), contentType: "image/png" }],
    });
    expect(result).toEqual({ outcome: "replied", ticketId: ticket.id });
    const after = await ticketOf(ticket.id);
    const last = after.messages.at(-1);
    expect(last).toMatchObject({
      message: "Version 4.2 on Windows.",
      authorContactId: ticket.contactId,
      isInternal: false,
      emailMessageId: "<answer-1@example.test>",
      messageHtml: null,
    });
    expect(after.activities.at(-1)).toMatchObject({ actionType: "customer_replied" });
    const files = await db.deskAttachment.findMany({ where: { messageId: last?.id } });
    expect(files.map((f) => f.fileName)).toEqual(["screen.png"]);
  });

  it("threads a reply that only carries References", async () => {
    const { inbox, customer, ticket, openId } = await conversation();
    const result = await receive({
      from: customer,
      to: inbox,
      subject: "something unrelated",
      messageId: "<answer-2@example.test>",
      references: ["<unknown@elsewhere.test>", openId],
      text: "More details: it started yesterday.",
    });
    expect(result).toEqual({ outcome: "replied", ticketId: ticket.id });
  });

  it("falls back to the [#n] subject tag, but only for the ticket's own requester", async () => {
    const { org, inbox, customer, ticket } = await conversation();
    const mine = await receive({
      from: customer,
      to: inbox,
      subject: `Re: [#${ticket.number}] VPN down`,
      text: "My client stripped the headers.",
    });
    expect(mine).toEqual({ outcome: "replied", ticketId: ticket.id });
    const stranger = await receive({
      from: "stranger@example.test",
      to: inbox,
      subject: `Re: [#${ticket.number}] VPN down`,
      text: "Let me into this ticket",
    });
    expect(stranger.outcome).toBe("created");
    expect(stranger.ticketId).not.toBe(ticket.id);
    expect(await db.ticket.count({ where: { organizationId: org.id } })).toBe(2);
  });

  it("reopens a closed ticket when the customer replies, and the activity shows it", async () => {
    const { org, agent, inbox, customer, ticket, replyMessageId } = await conversation();
    for (const status of ["RESOLVED", "CLOSED"] as const)
      await updateTicket(deps, actor(agent), { orgId: org.id, ticketId: ticket.id, status });
    const result = await receive({
      from: customer,
      to: inbox,
      subject: "Re: VPN down",
      inReplyTo: replyMessageId,
      text: "It broke again.",
    });
    expect(result).toEqual({ outcome: "replied", ticketId: ticket.id });
    const after = await ticketOf(ticket.id);
    expect(after.status).toBe("OPEN");
    expect(after.closedAt).toBeNull();
    const reopened = after.activities.find(
      (a) => a.actionType === "status_changed" && a.oldValue === "CLOSED" && a.newValue === "OPEN",
    );
    expect(reopened?.metadata).toEqual({ source: "email" });
  });

  it("handles a duplicate delivery once", async () => {
    const { inbox, customer, ticket, replyMessageId } = await conversation();
    const raw = await mime({
      from: customer,
      to: inbox,
      subject: "Re: VPN down",
      messageId: "<twice@example.test>",
      inReplyTo: replyMessageId,
      text: "Sent once, delivered twice.",
    });
    const results = await Promise.all([receiveInboundEmail(deps, raw), receiveInboundEmail(deps, raw)]);
    expect(results.map((r) => r.outcome).sort()).toEqual(["duplicate", "replied"]);
    expect(results.every((r) => r.ticketId === ticket.id)).toBe(true);
    const copies = await db.ticketMessage.count({ where: { emailMessageId: "<twice@example.test>" } });
    expect(copies).toBe(1);
    // A new mail delivered twice makes one ticket.
    const fresh = await mime({
      from: customer,
      to: inbox,
      subject: "New",
      messageId: "<new-twice@x.test>",
      text: "x",
    });
    expect((await receiveInboundEmail(deps, fresh)).outcome).toBe("created");
    expect((await receiveInboundEmail(deps, fresh)).outcome).toBe("duplicate");
  });

  it("never threads into another workspace's ticket", async () => {
    const a = await conversation();
    const b = await desk();
    const result = await receive({
      from: a.customer,
      to: b.inbox,
      subject: `Re: [#${a.ticket.number}] VPN down`,
      inReplyTo: a.replyMessageId,
      text: "Wrong desk",
    });
    expect(result.outcome).toBe("created");
    const created = await ticketOf(result.ticketId);
    expect(created.organizationId).toBe(b.org.id);
    expect(
      await db.ticketMessage.count({ where: { ticketId: a.ticket.id, authorContactId: { not: null } } }),
    ).toBe(0);
  });
});

describe("inbound mail: agents answering from their own mail client", () => {
  /** A ticket opened by a customer's mail, and that mail's Message-ID. */
  async function mailedTicket() {
    const cast = await desk();
    const openId = `<agent-thread-${n}@example.test>`;
    const opened = await receive({
      from: cast.customer,
      to: cast.inbox,
      subject: "Printer jam",
      messageId: openId,
      text: "The printer jams on every page.",
    });
    return { ...cast, ticketId: opened.ticketId ?? "", openId };
  }
  const replies = (to: string) =>
    db.emailLog.count({ where: { recipientEmail: to, emailType: "DESK_TICKET_REPLY" } });

  it("records an agent's mailed reply as theirs: public, first response, mailed to the customer", async () => {
    const { org, agent, inbox, customer, ticketId, openId } = await mailedTicket();
    const contactsBefore = await db.contact.count({ where: { organizationId: org.id } });
    const result = await receive({
      from: { name: "Aggie", address: agent.email.toUpperCase() },
      to: inbox,
      subject: "Re: Printer jam",
      messageId: "<agent-reply-1@example.test>",
      inReplyTo: openId,
      text: "Open tray 2 and remove the torn sheet.\n\nOn Monday, customer wrote:\n> The printer jams on every page.",
      attachments: [{ filename: "tray.txt", content: Buffer.from("tray 2"), contentType: "text/plain" }],
    });
    expect(result).toEqual({ outcome: "replied", ticketId });
    const after = await ticketOf(ticketId);
    expect(after.messages).toHaveLength(1);
    expect(after.messages[0]).toMatchObject({
      authorUserId: agent.id,
      authorContactId: null,
      isInternal: false,
      message: "Open tray 2 and remove the torn sheet.",
    });
    expect(after.firstResponseAt).not.toBeNull();
    expect(after.activities.map((a) => a.actionType)).toEqual(["created", "replied", "first_response"]);
    expect(after.activities.find((a) => a.actionType === "replied")?.actorId).toBe(agent.id);
    // No contact was made of the agent, and the customer got the reply from the desk.
    expect(await db.contact.count({ where: { organizationId: org.id } })).toBe(contactsBefore);
    expect(await replies(customer)).toBe(1);
    const files = await db.deskAttachment.findMany({ where: { messageId: after.messages[0]?.id } });
    expect(files.map((f) => f.fileName)).toEqual(["tray.txt"]);
    // The agent's own Message-ID threads: the customer's answer to it comes back to the ticket.
    const back = await receive({
      from: customer,
      to: inbox,
      subject: "Re: Printer jam",
      inReplyTo: "<agent-reply-1@example.test>",
      text: "That fixed it.",
    });
    expect(back).toEqual({ outcome: "replied", ticketId });
  });

  it("doesn't mail the customer again when they were a recipient; #internal makes a note", async () => {
    const { agent, admin, inbox, customer, ticketId, openId } = await mailedTicket();
    await receive({
      from: agent.email,
      to: customer,
      cc: inbox,
      subject: "Re: Printer jam",
      inReplyTo: openId,
      text: "Try the other tray.",
    });
    expect(await replies(customer)).toBe(0);
    await receive({
      from: admin.email,
      to: inbox,
      subject: "Re: Printer jam",
      inReplyTo: openId,
      text: "#internal\nThis printer is out of warranty.",
    });
    const after = await ticketOf(ticketId);
    expect(after.messages.map((m) => [m.authorUserId, m.isInternal, m.message])).toEqual([
      [agent.id, false, "Try the other tray."],
      [admin.id, true, "This printer is out of warranty."],
    ]);
    expect(await replies(customer)).toBe(0);
  });

  it("keeps a contact's reply for unknown senders, read-only members and disabled agents", async () => {
    const { org, agent, member, inbox, ticketId, openId } = await mailedTicket();
    await db.membership.update({
      where: { organizationId_userId: { organizationId: org.id, userId: agent.id } },
      data: { disabled: true },
    });
    for (const from of ["stranger@example.test", member.email, agent.email]) {
      const result = await receive({
        from,
        to: inbox,
        subject: "Re: Printer jam",
        inReplyTo: openId,
        text: from,
      });
      expect(result).toEqual({ outcome: "replied", ticketId });
    }
    const after = await ticketOf(ticketId);
    expect(after.messages.every((m) => m.authorUserId === null && m.authorContactId !== null)).toBe(true);
    expect(after.firstResponseAt).toBeNull();
  });

  it("never opens an agent-authored ticket: a new mail from an agent's address is a contact's ticket", async () => {
    const { org, agent, inbox } = await desk();
    const result = await receive({
      from: agent.email,
      to: inbox,
      subject: "Fwd: customer problem",
      text: "Forwarding this one.",
    });
    expect(result.outcome).toBe("created");
    const ticket = await ticketOf(result.ticketId);
    expect(ticket).toMatchObject({ organizationId: org.id, createdById: null, firstResponseAt: null });
    expect(ticket.contact.email).toBe(agent.email);
    expect(ticket.messages).toEqual([]);
    expect(ticket.activities[0]).toMatchObject({ actionType: "created", actorId: null });
  });

  it("reads the #internal / #note marker only on the first line", () => {
    expect(agentMailIntent("#note\nkeep this inside")).toEqual({
      isInternal: true,
      message: "keep this inside",
    });
    expect(agentMailIntent("  #Internal  \n\nx")).toEqual({ isInternal: true, message: "x" });
    expect(agentMailIntent("Hello\n#internal")).toEqual({ isInternal: false, message: "Hello\n#internal" });
    expect(agentMailIntent("#notes are great")).toEqual({ isInternal: false, message: "#notes are great" });
  });
});

describe("inbound mail: what is not a customer's mail", () => {
  it("ignores auto-replies, bulk mail and bounces without writing anything", async () => {
    const { org, inbox } = await desk();
    const outcomes = [
      await receive({
        from: "away@example.test",
        to: inbox,
        subject: "Out of office",
        text: "Back Monday",
        headers: { "Auto-Submitted": "auto-replied" },
      }),
      await receive({
        from: "news@example.test",
        to: inbox,
        subject: "Newsletter",
        text: "Deals",
        headers: { Precedence: "bulk" },
      }),
      await receive({
        from: "away2@example.test",
        to: inbox,
        subject: "Away",
        text: "x",
        headers: { "X-Autoreply": "yes" },
      }),
      await receive({
        from: "MAILER-DAEMON@mx.example.test",
        to: inbox,
        subject: "Undeliverable",
        text: "x",
      }),
      await receive({ from: "no-reply@quartet.test", to: inbox, subject: "[#1] loop", text: "our own ack" }),
    ];
    expect(outcomes.map((o) => o.outcome)).toEqual(["ignored", "ignored", "ignored", "ignored", "ignored"]);
    expect(await db.ticket.count({ where: { organizationId: org.id } })).toBe(0);
    expect(await db.contact.count({ where: { organizationId: org.id } })).toBe(0);
    // Auto-Submitted: no is a person's mail.
    const person = await receive({
      from: "real@example.test",
      to: inbox,
      subject: "Help",
      text: "x",
      headers: { "Auto-Submitted": "no" },
    });
    expect(person.outcome).toBe("created");
  });

  it("answers unknown_workspace for an address no workspace owns", async () => {
    const before = await db.ticket.count();
    const result = await receive({
      from: "someone@example.test",
      to: `no-such-workspace@${DOMAIN}`,
      cc: "acme@other-domain.test",
      subject: "Hello?",
      text: "anyone",
    });
    expect(result).toEqual({ outcome: "unknown_workspace" });
    expect(await db.ticket.count()).toBe(before);
  });

  it("refuses bytes that are not a mail with BAD_REQUEST", async () => {
    const error = await appError(receiveInboundEmail(deps, Buffer.from("hello, this is not a mail")));
    expect(error.code).toBe("BAD_REQUEST");
    const noSender = await appError(
      receiveInboundEmail(
        deps,
        Buffer.from(`From: not-an-address\r\nTo: x@${DOMAIN}\r\nSubject: s\r\n\r\nbody`),
      ),
    );
    expect(noSender.code).toBe("BAD_REQUEST");
  });
});
