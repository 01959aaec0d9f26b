import { makeStaffedOrg } from "@quartet/db/testing/factories";
import { createCaptureTransport } from "@quartet/integrations/mail/capture-transport";
import { type ComposeMimeOptions, composeMime } from "@quartet/integrations/mail/mime-compose";
import { describe, expect, it } from "vitest";
import { capturedMailStore } from "../../email/captured-mail.repository.ts";
import { handleEmailSend } from "../../email/email-send.handler.ts";
import { silentLogger } from "../../testing/deps.ts";
import { actor, appError, useTestEnv } from "../../testing/integration.ts";
import { addMessage, getTicket } from "../tickets/ticket.service.ts";
import { receiveInboundEmail } from "./email-inbound.service.ts";
import { TICKET_CC_MAX } from "./ticket-cc.schema.ts";
import { listTicketCcs, setTicketCcs } from "./ticket-cc.service.ts";

const { db, deps } = await useTestEnv();
const DOMAIN = deps.config.inboundEmailDomain;

let n = 0;
async function desk() {
  const cast = await makeStaffedOrg(db);
  n++;
  return { ...cast, inbox: `${cast.org.slug}@${DOMAIN}`, customer: `customer${n}@example.test` };
}

const receive = async (options: ComposeMimeOptions) =>
  receiveInboundEmail(deps, await composeMime({ date: new Date("2026-12-01T10:00:00Z"), ...options }));

const ccsOf = async (ticketId: string) =>
  (await db.ticketCc.findMany({ where: { ticketId }, orderBy: { email: "asc" } })).map((c) => [
    c.email,
    c.name,
  ]);

/** Sends the queued mail of `logId` through email.send into the capture store and returns it. */
async function sendCaptured(logId: string) {
  const transport = createCaptureTransport({ store: capturedMailStore(db) });
  await handleEmailSend(
    { db, transport, log: silentLogger, clock: deps.clock, config: deps.config },
    { emailLogId: logId },
    { id: "job", retryCount: 0 },
  );
  return db.capturedMail.findUniqueOrThrow({ where: { emailLogId: logId } });
}

describe("customer CCs on email tickets", () => {
  it("keeps the mail's other recipients as CCs, copies agent replies to them, and threads their replies", async () => {
    const { org, agent, inbox, customer } = await desk();
    const created = await receive({
      from: { name: "Casey", address: customer },
      to: [`Support <${inbox}>`, "Boss <Boss@Example.test>"],
      cc: [customer, agent.email, "Team Lead <lead@example.test>", `other@${DOMAIN}`, "not-an-address"],
      subject: "Printer on fire",
      messageId: "<cc-first@example.test>",
      text: "Help!",
    });
    expect(created.outcome).toBe("created");
    const ticketId = created.ticketId ?? "";
    // Not the sender, the workspace's addresses, an agent, nor the invalid entry.
    expect(await ccsOf(ticketId)).toEqual([
      ["boss@example.test", "Boss"],
      ["lead@example.test", "Team Lead"],
    ]);
    // The acknowledgement goes to the requester only.
    const ack = await db.emailLog.findFirstOrThrow({ where: { recipientEmail: customer } });
    expect(ack.headers).not.toHaveProperty("Cc");

    const reply = await addMessage(deps, actor(agent), { orgId: org.id, ticketId, message: "On it." });
    const log = await db.emailLog.findFirstOrThrow({
      where: { recipientEmail: customer, emailType: "DESK_TICKET_REPLY" },
    });
    const mail = await sendCaptured(log.id);
    const ours = `<t${ticketId}.m${reply.id}@${DOMAIN}>`;
    expect(mail.toAddress).toBe(customer);
    expect(mail.headers).toMatchObject({
      Cc: "boss@example.test, lead@example.test",
      "Message-ID": ours,
      "In-Reply-To": "<cc-first@example.test>",
      "Reply-To": inbox,
    });
    expect(String((mail.headers as Record<string, string>).References)).toContain("<cc-first@example.test>");

    // The boss answers with reply-all: same ticket (by In-Reply-To), as a message of their own.
    const answered = await receive({
      from: "boss@example.test",
      to: inbox,
      cc: [customer, "lead@example.test", "newcomer@example.test"],
      subject: "Re: Printer on fire",
      messageId: "<boss-1@example.test>",
      inReplyTo: ours,
      references: ["<cc-first@example.test>", ours],
      text: "Please hurry.",
    });
    expect(answered).toEqual({ outcome: "replied", ticketId });
    // A new address on the thread joins the CCs.
    expect((await ccsOf(ticketId)).map(([e]) => e)).toEqual([
      "boss@example.test",
      "lead@example.test",
      "newcomer@example.test",
    ]);

    // Without threading headers, the subject tag finds the ticket for a copied address too.
    const ticket = await getTicket(deps, actor(agent), { orgId: org.id, ticketId });
    const tagged = await receive({
      from: "lead@example.test",
      to: inbox,
      subject: `Re: [#${ticket.number}] Printer on fire`,
      messageId: "<lead-1@example.test>",
      text: "Any news?",
    });
    expect(tagged).toEqual({ outcome: "replied", ticketId });
    // A stranger using the tag opens a new ticket instead.
    const stranger = await receive({
      from: "stranger@example.test",
      to: inbox,
      subject: `Re: [#${ticket.number}] Printer on fire`,
      messageId: "<stranger-1@example.test>",
      text: "Me too",
    });
    expect(stranger.outcome).toBe("created");
  });

  it("agents edit the list: validated, capped, refused for the requester, agents and desk addresses, tenant-scoped", async () => {
    const { org, agent, member, inbox, customer } = await desk();
    const created = await receive({
      from: customer,
      to: inbox,
      subject: "Hello",
      messageId: `<edit-${n}@example.test>`,
      text: "Hi",
    });
    const ticketId = created.ticketId ?? "";
    const set = (ccs: { email: string; name?: string | null }[], who = agent) =>
      setTicketCcs(deps, actor(who), { orgId: org.id, ticketId, ccs });

    expect(await set([{ email: " Ann@Example.test ", name: "Ann" }, { email: "bob@example.test" }])).toEqual([
      { email: "ann@example.test", name: "Ann" },
      { email: "bob@example.test", name: null },
    ]);
    expect(await set([{ email: "bob@example.test" }])).toEqual([{ email: "bob@example.test", name: null }]);
    const activity = await db.ticketActivity.findMany({ where: { ticketId, actionType: "ccs_changed" } });
    expect(activity.map((a) => a.newValue)).toEqual([
      ["ann@example.test", "bob@example.test"],
      ["bob@example.test"],
    ]);

    // zod at the boundary (the API answers these field by field).
    await expect(set([{ email: "nope" }])).rejects.toThrow(/valid email/);
    const tooMany = Array.from({ length: TICKET_CC_MAX + 1 }, (_, i) => ({ email: `p${i}@example.test` }));
    await expect(set(tooMany)).rejects.toThrow(/at most 20/);
    for (const email of [customer, agent.email, `someone@${DOMAIN}`]) {
      const error = await appError(set([{ email }]));
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.fieldErrors?.ccs).toContain(email.toLowerCase());
    }
    // A member reads but can't edit; another workspace's agent sees nothing.
    expect(await listTicketCcs(deps, actor(member), { orgId: org.id, ticketId })).toHaveLength(1);
    expect((await appError(set([], member))).code).toBe("FORBIDDEN");
    const other = await makeStaffedOrg(db);
    expect((await appError(set([], other.agent))).code).toBe("NOT_FOUND");
    expect(
      (await appError(listTicketCcs(deps, actor(other.agent), { orgId: other.org.id, ticketId }))).code,
    ).toBe("NOT_FOUND");
    expect(await ccsOf(ticketId)).toEqual([["bob@example.test", null]]);
  });
});
