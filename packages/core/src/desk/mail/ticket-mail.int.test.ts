import { makeStaffedOrg } from "@quartet/db/testing/factories";
import { createCaptureTransport } from "@quartet/integrations/mail/capture-transport";
import { emailSendJob } from "@quartet/jobs/definitions";
import { describe, expect, it } from "vitest";
import { capturedMailStore } from "../../email/captured-mail.repository.ts";
import { handleEmailSend } from "../../email/email-send.handler.ts";
import { silentLogger } from "../../testing/deps.ts";
import { actor, useTestEnv } from "../../testing/integration.ts";
import { addMessage, updateTicket } from "../tickets/ticket.service.ts";
import { csatSurveyUrl, customerTicketUrl } from "../tickets/ticket-access.ts";
import { addCustomerReply, createCustomerTicket } from "../tickets/ticket-customer.service.ts";

const { db, deps, boss } = await useTestEnv();
const DOMAIN = deps.config.inboundEmailDomain;

let seq = 0;
/** A staffed workspace and a ticket its customer opened by mail (Message-ID `<c…@example.test>`). */
async function emailTicket(options: { senderName?: string; csatEnabled?: boolean; locale?: string } = {}) {
  const cast = await makeStaffedOrg(db);
  if (options.senderName !== undefined || options.csatEnabled !== undefined)
    await db.deskSettings.create({
      data: {
        organizationId: cast.org.id,
        emailSenderName: options.senderName ?? null,
        csatEnabled: options.csatEnabled ?? true,
      },
    });
  const n = ++seq;
  const email = `customer${n}@example.test`;
  if (options.locale)
    await db.contact.create({
      data: { organizationId: cast.org.id, email, name: "Zoé", metadata: { locale: options.locale } },
    });
  const firstMessageId = `<c${n}.1@example.test>`;
  const ticket = await db.$transaction((tx) =>
    createCustomerTicket(tx, deps, {
      orgId: cast.org.id,
      requester: { email, name: "Ada Customer" },
      subject: `Printer on fire ${n}`,
      description: "Smoke everywhere.",
      channel: "EMAIL",
      emailMessageId: firstMessageId,
    }),
  );
  return { ...cast, ticket, email, firstMessageId };
}

const logsTo = (
  email: string,
  emailType?: "DESK_TICKET_RECEIVED" | "DESK_TICKET_REPLY" | "DESK_CSAT_SURVEY",
) =>
  db.emailLog.findMany({
    where: { recipientEmail: email, ...(emailType ? { emailType } : {}) },
    orderBy: { createdAt: "asc" },
  });

describe("desk mail: acknowledgement", () => {
  it("acknowledges a mailed ticket from the workspace, threaded on the customer's mail", async () => {
    const { org, ticket, email, firstMessageId } = await emailTicket();
    const [ack, ...others] = await logsTo(email);
    expect(others).toHaveLength(0);
    expect(ack).toMatchObject({
      emailType: "DESK_TICKET_RECEIVED",
      status: "PENDING",
      userId: null,
      locale: "en",
      subject: `[#${ticket.number}] Printer on fire ${seq}`,
      fromAddress: `"${org.name}" <no-reply@quartet.test>`,
      replyTo: `${org.slug}@${DOMAIN}`,
    });
    expect(ack?.headers).toEqual({
      "Message-ID": `<t${ticket.ticketId}.received@${DOMAIN}>`,
      "In-Reply-To": firstMessageId,
      References: firstMessageId,
      "Auto-Submitted": "auto-generated",
      "X-Auto-Response-Suppress": "All",
    });
    expect(ack?.metadata).toMatchObject({ link: customerTicketUrl(deps.config, org.slug, ticket.ticketId) });
    expect(await boss.findJobs(emailSendJob.name, { data: { emailLogId: ack?.id } })).toHaveLength(1);
    const refs = await db.ticketEmailReference.findMany({ where: { ticketId: ticket.ticketId } });
    expect(refs.map((r) => [r.messageId, r.direction]).sort()).toEqual(
      [
        [firstMessageId, "INBOUND"],
        [`<t${ticket.ticketId}.received@${DOMAIN}>`, "OUTBOUND"],
      ].sort(),
    );
  });

  it("acknowledges a help-center ticket too, but not a ticket an agent opened", async () => {
    const { org, agent } = await makeStaffedOrg(db);
    await db.$transaction((tx) =>
      createCustomerTicket(tx, deps, {
        orgId: org.id,
        requester: { email: "portal@example.test" },
        subject: "From the portal",
        description: "Hello",
        channel: "PORTAL",
      }),
    );
    expect(await logsTo("portal@example.test", "DESK_TICKET_RECEIVED")).toHaveLength(1);
    const { createTicket } = await import("../tickets/ticket.service.ts");
    await createTicket(deps, actor(agent), {
      orgId: org.id,
      subject: "Phoned in",
      description: "Customer called",
      requester: { email: "phone@example.test" },
    });
    expect(await logsTo("phone@example.test")).toHaveLength(0);
  });
});

describe("desk mail: agent replies", () => {
  it("mails a public reply with Message-ID, In-Reply-To, References and Reply-To", async () => {
    const { org, agent, ticket, email, firstMessageId } = await emailTicket({ senderName: "Acme Help" });
    deps.clock.advance(60_000); // the thread is ordered by time: the agent answers a minute later
    const reply = await addMessage(deps, actor(agent), {
      orgId: org.id,
      ticketId: ticket.ticketId,
      message: "Please unplug it.\nThen wait.",
    });
    const ours = `<t${ticket.ticketId}.m${reply.id}@${DOMAIN}>`;
    const [log] = await logsTo(email, "DESK_TICKET_REPLY");
    expect(log).toMatchObject({
      subject: `Re: [#${ticket.number}] Printer on fire ${seq}`,
      fromAddress: '"Acme Help" <no-reply@quartet.test>',
      replyTo: `${org.slug}@${DOMAIN}`,
      metadata: expect.objectContaining({ message: "Please unplug it.\nThen wait.", agentName: agent.name }),
    });
    expect(log?.headers).toEqual({
      "Message-ID": ours,
      "In-Reply-To": firstMessageId,
      References: `${firstMessageId} <t${ticket.ticketId}.received@${DOMAIN}>`,
    });
    const message = await db.ticketMessage.findUniqueOrThrow({ where: { id: reply.id } });
    expect(message.emailMessageId).toBe(ours);
    expect(
      await db.ticketEmailReference.findUnique({
        where: { organizationId_messageId: { organizationId: org.id, messageId: ours } },
      }),
    ).toMatchObject({ ticketId: ticket.ticketId, direction: "OUTBOUND" });

    // The customer answers by mail; the next reply answers that mail and lists the whole thread.
    deps.clock.advance(60_000);
    const contact = await db.contact.findFirstOrThrow({ where: { organizationId: org.id, email } });
    await db.$transaction((tx) =>
      addCustomerReply(tx, deps, {
        orgId: org.id,
        ticketId: ticket.ticketId,
        contactId: contact.id,
        message: "Done, still smoking.",
        emailMessageId: "<answer@example.test>",
        via: "email",
      }),
    );
    deps.clock.advance(60_000);
    const second = await addMessage(deps, actor(agent), {
      orgId: org.id,
      ticketId: ticket.ticketId,
      message: "Call the fire brigade.",
    });
    const replies = await logsTo(email, "DESK_TICKET_REPLY");
    expect(replies).toHaveLength(2);
    expect(replies[1]?.headers).toEqual({
      "Message-ID": `<t${ticket.ticketId}.m${second.id}@${DOMAIN}>`,
      "In-Reply-To": "<answer@example.test>",
      References: [
        firstMessageId,
        `<t${ticket.ticketId}.received@${DOMAIN}>`,
        ours,
        "<answer@example.test>",
      ].join(" "),
    });
  });

  it("goes out through email.send with those headers (captured as SMTP would send them)", async () => {
    const { org, agent, ticket, email, firstMessageId } = await emailTicket();
    const reply = await addMessage(deps, actor(agent), {
      orgId: org.id,
      ticketId: ticket.ticketId,
      message: "On it.",
    });
    const [log] = await logsTo(email, "DESK_TICKET_REPLY");
    const transport = createCaptureTransport({ store: capturedMailStore(db) });
    await handleEmailSend(
      { db, transport, log: silentLogger, clock: deps.clock, config: deps.config },
      { emailLogId: log?.id ?? "" },
      { id: "job", retryCount: 0 },
    );
    const mail = await db.capturedMail.findUniqueOrThrow({ where: { emailLogId: log?.id ?? "" } });
    const ours = `<t${ticket.ticketId}.m${reply.id}@${DOMAIN}>`;
    expect(mail).toMatchObject({ messageId: ours, fromAddress: `"${org.name}" <no-reply@quartet.test>` });
    expect(mail.headers).toMatchObject({
      "Message-ID": ours,
      "In-Reply-To": firstMessageId,
      "Reply-To": `${org.slug}@${DOMAIN}`,
    });
    expect(mail.text).toContain("On it.");
    expect(mail.text).toContain(customerTicketUrl(deps.config, org.slug, ticket.ticketId));
    expect((await db.emailLog.findUniqueOrThrow({ where: { id: log?.id ?? "" } })).providerMessageId).toBe(
      ours,
    );
  });

  it("never mails an internal note", async () => {
    const { org, agent, ticket, email } = await emailTicket();
    const note = await addMessage(deps, actor(agent), {
      orgId: org.id,
      ticketId: ticket.ticketId,
      message: "Customer is a VIP, be nice",
      isInternal: true,
    });
    expect(await logsTo(email, "DESK_TICKET_REPLY")).toHaveLength(0);
    const row = await db.ticketMessage.findUniqueOrThrow({ where: { id: note.id } });
    expect(row.emailMessageId).toBeNull();
    expect(
      await db.ticketEmailReference.count({ where: { ticketId: ticket.ticketId, direction: "OUTBOUND" } }),
    ).toBe(
      1, // the acknowledgement only
    );
  });

  it("writes in the customer's locale from their contact", async () => {
    const { org, agent, ticket, email } = await emailTicket({ locale: "fr" });
    await addMessage(deps, actor(agent), { orgId: org.id, ticketId: ticket.ticketId, message: "Bonjour" });
    const [log] = await logsTo(email, "DESK_TICKET_REPLY");
    expect(log?.locale).toBe("fr");
  });
});

describe("desk mail: CSAT survey", () => {
  it("resolving twice creates one CsatResponse and sends one survey", async () => {
    const { org, agent, ticket, email } = await emailTicket();
    const resolve = () =>
      updateTicket(deps, actor(agent), { orgId: org.id, ticketId: ticket.ticketId, status: "RESOLVED" });
    await updateTicket(deps, actor(agent), {
      orgId: org.id,
      ticketId: ticket.ticketId,
      assigneeId: agent.id,
    });
    await resolve();
    await updateTicket(deps, actor(agent), { orgId: org.id, ticketId: ticket.ticketId, status: "OPEN" });
    await resolve();

    const csat = await db.csatResponse.findMany({ where: { ticketId: ticket.ticketId } });
    expect(csat).toHaveLength(1);
    expect(csat[0]).toMatchObject({ organizationId: org.id, agentId: agent.id, rating: null });
    const contact = await db.contact.findFirstOrThrow({ where: { organizationId: org.id, email } });
    expect(csat[0]?.contactId).toBe(contact.id);
    const surveys = await logsTo(email, "DESK_CSAT_SURVEY");
    expect(surveys).toHaveLength(1);
    expect(surveys[0]?.metadata).toMatchObject({
      link: csatSurveyUrl(deps.config, org.slug, ticket.ticketId),
    });
    expect(surveys[0]?.headers).toMatchObject({
      "Message-ID": `<t${ticket.ticketId}.csat@${DOMAIN}>`,
      "Auto-Submitted": "auto-generated",
    });
  });

  it("sends nothing when the workspace turned surveys off", async () => {
    const { org, agent, ticket, email } = await emailTicket({ csatEnabled: false });
    await updateTicket(deps, actor(agent), { orgId: org.id, ticketId: ticket.ticketId, status: "RESOLVED" });
    expect(await db.csatResponse.count({ where: { ticketId: ticket.ticketId } })).toBe(0);
    expect(await logsTo(email, "DESK_CSAT_SURVEY")).toHaveLength(0);
  });
});
