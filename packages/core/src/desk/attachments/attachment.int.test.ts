import { makeOrg, makeStaffedOrg } from "@quartet/db/testing/factories";
import { readAll } from "@quartet/integrations/storage/local-storage";
import { describe, expect, it } from "vitest";
import { actor, appError, useTestEnv } from "../../testing/integration.ts";
import { addMessage, createTicket, getTicket } from "../tickets/ticket.service.ts";
import {
  cleanupOrphanAttachments,
  ORPHAN_ATTACHMENT_TTL_MS,
  storeInboundAttachment,
  storeUploadedAttachments,
} from "./attachment.service.ts";

const { db, deps } = await useTestEnv();

const ticketInput = (orgId: string) => ({
  orgId,
  subject: "Files",
  description: "Attachments",
  requester: { email: "files@example.test" },
});

describe("attachments in core", () => {
  it("an inbound mail attachment is stored and linked in the caller's transaction; programs are skipped", async () => {
    const { org, agent } = await makeStaffedOrg(db);
    const ticket = await createTicket(deps, actor(agent), ticketInput(org.id));
    const message = await addMessage(deps, actor(agent), {
      orgId: org.id,
      ticketId: ticket.id,
      message: "mail",
    });
    const [stored, skipped] = await db.$transaction(async (tx) => [
      await storeInboundAttachment(tx, deps, {
        orgId: org.id,
        ticketId: ticket.id,
        messageId: message.id,
        fileName: "invoice.pdf",
        mimeType: "application/pdf",
        body: Buffer.from("%PDF-1.4 invoice"),
        contactId: ticket.contact.id,
      }),
      await storeInboundAttachment(tx, deps, {
        orgId: org.id,
        ticketId: ticket.id,
        messageId: message.id,
        fileName: "setup.exe",
        mimeType: "application/x-msdownload",
        body: Buffer.from("MZ"),
        contactId: ticket.contact.id,
      }),
    ]);
    expect(stored).toMatchObject({ fileName: "invoice.pdf", mimeType: "application/pdf", sizeBytes: 16 });
    expect(skipped).toBeNull();
    const detail = await getTicket(deps, actor(agent), { orgId: org.id, ticketId: ticket.id });
    expect(detail.messages[0]?.attachments.map((a) => a.fileName)).toEqual(["invoice.pdf"]);
    const row = await db.deskAttachment.findUniqueOrThrow({ where: { id: stored!.id } });
    expect(row.uploadedByContactId).toBe(ticket.contact.id);
    expect((await readAll((await deps.storage.get(row.storageKey))!.body)).toString()).toBe(
      "%PDF-1.4 invoice",
    );
  });

  it("a message can't take another agent's upload, another workspace's, or more than 5", async () => {
    const { org, agent, admin } = await makeStaffedOrg(db);
    const ticket = await createTicket(deps, actor(agent), ticketInput(org.id));
    const { attachments } = await storeUploadedAttachments(deps, actor(admin), org.id, [
      { fileName: "a.txt", mimeType: "text/plain", body: Buffer.from("a") },
    ]);
    const err = await appError(
      addMessage(deps, actor(agent), {
        orgId: org.id,
        ticketId: ticket.id,
        message: "x",
        attachmentIds: attachments.map((a) => a.id),
      }),
    );
    expect(err.fieldErrors).toHaveProperty("attachmentIds");
    // Nothing was written: the message rolled back with the refused link.
    expect((await getTicket(deps, actor(agent), { orgId: org.id, ticketId: ticket.id })).messages).toEqual(
      [],
    );

    // The agent's own upload, but in another workspace they belong to.
    const elsewhere = await makeOrg(db, agent);
    const foreign = await storeUploadedAttachments(deps, actor(agent), elsewhere.id, [
      { fileName: "b.txt", mimeType: "text/plain", body: Buffer.from("b") },
    ]);
    const cross = await appError(
      addMessage(deps, actor(agent), {
        orgId: org.id,
        ticketId: ticket.id,
        message: "x",
        attachmentIds: foreign.attachments.map((a) => a.id),
      }),
    );
    expect(cross.fieldErrors).toHaveProperty("attachmentIds");

    const six = Array.from({ length: 6 }, () => crypto.randomUUID());
    await expect(
      addMessage(deps, actor(agent), {
        orgId: org.id,
        ticketId: ticket.id,
        message: "x",
        attachmentIds: six,
      }),
    ).rejects.toThrow(/at most 5/);
  });

  it("the cleanup removes uploads never sent after 24 h, rows and files, and keeps sent ones", async () => {
    const { org, agent } = await makeStaffedOrg(db);
    const ticket = await createTicket(deps, actor(agent), ticketInput(org.id));
    const { attachments } = await storeUploadedAttachments(deps, actor(agent), org.id, [
      { fileName: "sent.txt", mimeType: "text/plain", body: Buffer.from("sent") },
      { fileName: "forgotten.txt", mimeType: "text/plain", body: Buffer.from("forgotten") },
    ]);
    const [sent, forgotten] = attachments as [(typeof attachments)[0], (typeof attachments)[0]];
    await addMessage(deps, actor(agent), {
      orgId: org.id,
      ticketId: ticket.id,
      message: "x",
      attachmentIds: [sent.id],
    });
    const forgottenKey = (await db.deskAttachment.findUniqueOrThrow({ where: { id: forgotten.id } }))
      .storageKey;

    expect(await cleanupOrphanAttachments(deps)).toBe(0);
    deps.clock.advance(ORPHAN_ATTACHMENT_TTL_MS + 60_000);
    expect(await cleanupOrphanAttachments(deps)).toBeGreaterThanOrEqual(1);
    expect(await db.deskAttachment.findUnique({ where: { id: forgotten.id } })).toBeNull();
    expect(await deps.storage.get(forgottenKey)).toBeNull();
    expect(await db.deskAttachment.findUnique({ where: { id: sent.id } })).not.toBeNull();
  });
});
