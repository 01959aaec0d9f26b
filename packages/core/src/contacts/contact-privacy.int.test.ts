import { makeStaffedOrg, makeUser } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { addMessage, createTicket } from "../desk/tickets/ticket.service.ts";
import { addCustomerReply } from "../desk/tickets/ticket-customer.service.ts";
import { addTicketNote } from "../desk/tickets/ticket-note.service.ts";
import { actor, appError, useTestEnv } from "../testing/integration.ts";
import { eraseContact, exportContact, getContactOverview } from "./contact-privacy.service.ts";
import { resolveContactForIdentity } from "./contact-resolve.service.ts";

const { db, deps } = await useTestEnv();

let seq = 0;

/** Stores a file and returns its key. */
async function storeFile(key: string, body = "bytes") {
  await deps.storage.put(key, Buffer.from(body), { contentType: "application/octet-stream" });
  return key;
}

const exists = async (key: string) => (await deps.storage.get(key)) !== null;

/**
 * A person known to both modules of a workspace: a Desk ticket (agent reply mailed to them,
 * internal note, side note, their reply with a file, a description file, a survey) and a WhatsApp
 * conversation (text, a stored image with its thumbnail, an agent reply, a note, a label).
 */
async function person(cast: Awaited<ReturnType<typeof makeStaffedOrg>>, label: string) {
  const n = ++seq;
  const orgId = cast.org.id;
  const email = `${label}${n}@people.test`;
  const ticket = await createTicket(deps, actor(cast.agent), {
    orgId,
    subject: `${label} can't log in`,
    description: `Description by ${label}`,
    requester: { email, name: `${label} Person` },
  });
  const contactId = ticket.contact.id;
  await addMessage(deps, actor(cast.agent), {
    orgId,
    ticketId: ticket.id,
    message: `Public answer to ${label}`,
  });
  await addMessage(deps, actor(cast.agent), {
    orgId,
    ticketId: ticket.id,
    message: `Internal about ${label}`,
    isInternal: true,
  });
  await addTicketNote(deps, actor(cast.agent), {
    orgId,
    ticketId: ticket.id,
    message: `Side note on ${label}`,
  });
  const reply = await db.$transaction((tx) =>
    addCustomerReply(tx, deps, {
      orgId,
      ticketId: ticket.id,
      contactId,
      message: `Reply by ${label}`,
      via: "customer",
    }),
  );
  const replyFile = await db.deskAttachment.create({
    data: {
      organizationId: orgId,
      ticketId: ticket.id,
      messageId: reply?.id ?? null,
      storageKey: await storeFile(`desk/${orgId}/reply-${n}`),
      fileName: `${label}-reply.pdf`,
      mimeType: "application/pdf",
      sizeBytes: 5,
      uploadedByContactId: contactId,
    },
  });
  const descriptionFile = await db.deskAttachment.create({
    data: {
      organizationId: orgId,
      ticketId: ticket.id,
      storageKey: await storeFile(`desk/${orgId}/desc-${n}`),
      fileName: `${label}-desc.png`,
      mimeType: "image/png",
      sizeBytes: 5,
      uploadedByUserId: cast.agent.id,
    },
  });
  await db.csatResponse.create({
    data: { organizationId: orgId, ticketId: ticket.id, contactId, rating: 4, comment: `Survey by ${label}` },
  });

  const number = `3361234${String(n).padStart(4, "0")}`;
  const whatsappContact = await db.$transaction((tx) =>
    resolveContactForIdentity(tx, orgId, { channel: "WHATSAPP", value: number, email }),
  );
  expect(whatsappContact).toBe(contactId);
  const connection = await db.platformConnection.upsert({
    where: {
      organizationId_platform_platformUserId: {
        organizationId: orgId,
        platform: "WHATSAPP",
        platformUserId: "pn-1",
      },
    },
    create: {
      organizationId: orgId,
      platform: "WHATSAPP",
      platformUserId: "pn-1",
      platformDisplayName: "Support WhatsApp",
      accessToken: "sealed",
    },
    update: {},
  });
  const conversation = await db.conversation.create({
    data: {
      organizationId: orgId,
      platformConnectionId: connection.id,
      platform: "WHATSAPP",
      externalId: number,
      contactId,
      contactExternalId: number,
      contactName: `${label} on WhatsApp`,
      lastMessagePreview: `Last from ${label}`,
      lastMessageAt: new Date(),
      unreadCount: 2,
    },
  });
  const message = (data: Record<string, unknown>) =>
    db.message.create({
      data: {
        organizationId: orgId,
        conversationId: conversation.id,
        platformConnectionId: connection.id,
        direction: "INBOUND",
        ...data,
      },
    });
  await message({ externalId: `wamid.${n}.1`, content: `Hello from ${label}` });
  const image = await message({
    externalId: `wamid.${n}.2`,
    contentType: "IMAGE",
    mediaUrl: await storeFile(`inbox/${orgId}/${conversation.id}/img-${n}`),
    mediaThumbnail: await storeFile(`inbox/${orgId}/${conversation.id}/thumb-${n}`),
    mediaType: "image/jpeg",
    mediaFileName: `${label}.jpg`,
    mediaSize: 5,
  });
  // Media the platform announced but never fetched: a provider URL, nothing of ours stored.
  await message({ externalId: `wamid.${n}.3`, contentType: "FILE", mediaUrl: "https://cdn.whatsapp.test/x" });
  await message({ direction: "OUTBOUND", content: `Agent answer to ${label}`, sentByUserId: cast.agent.id });
  await db.conversationNote.create({
    data: {
      organizationId: orgId,
      conversationId: conversation.id,
      authorId: cast.agent.id,
      content: `Conv note on ${label}`,
    },
  });
  const vip = await db.label.upsert({
    where: { organizationId_name: { organizationId: orgId, name: "VIP" } },
    create: { organizationId: orgId, name: "VIP" },
    update: {},
  });
  await db.conversationLabel.create({
    data: { organizationId: orgId, conversationId: conversation.id, labelId: vip.id },
  });
  // The raw delivery of their first message, processed.
  await db.inboxWebhookEvent.create({
    data: {
      platform: "WHATSAPP",
      body: JSON.stringify({ phone_number_id: "pn-1", from: number, text: `Hello from ${label}` }),
      bodyHash: `hash-${n}`,
      status: "PROCESSED",
    },
  });
  const files = [
    replyFile.storageKey,
    descriptionFile.storageKey,
    image.mediaUrl ?? "",
    image.mediaThumbnail ?? "",
  ];
  return {
    orgId,
    email,
    contactId,
    ticket,
    reply,
    replyFile,
    descriptionFile,
    conversation,
    image,
    number,
    files,
  };
}

describe("contact overview (the Inbox contact panel)", () => {
  it("lists the person's identities, Desk tickets and conversations; outsiders get NOT_FOUND", async () => {
    const cast = await makeStaffedOrg(db);
    const ann = await person(cast, "ann");
    const overview = await getContactOverview(deps, actor(cast.member), {
      orgId: ann.orgId,
      contactId: ann.contactId,
    });
    expect(overview).toMatchObject({
      contact: { id: ann.contactId, email: ann.email, name: "ann Person" },
      identities: [{ channel: "WHATSAPP", value: ann.number }],
      tickets: [
        { id: ann.ticket.id, number: ann.ticket.number, subject: "ann can't log in", status: "OPEN" },
      ],
      ticketCount: 1,
      conversations: [
        {
          id: ann.conversation.id,
          platform: "WHATSAPP",
          connectionName: "Support WhatsApp",
          lastMessagePreview: "Last from ann",
          unreadCount: 2,
        },
      ],
      conversationCount: 1,
      erasureConfirmation: ann.email,
    });

    const other = await makeStaffedOrg(db);
    const outsider = await makeUser(db);
    expect(
      (
        await appError(
          getContactOverview(deps, actor(outsider), { orgId: ann.orgId, contactId: ann.contactId }),
        )
      ).code,
    ).toBe("NOT_FOUND");
    // A member of another workspace asking with their own workspace's id.
    expect(
      (
        await appError(
          getContactOverview(deps, actor(other.owner), { orgId: other.org.id, contactId: ann.contactId }),
        )
      ).code,
    ).toBe("NOT_FOUND");
  });
});

describe("GDPR export", () => {
  it("one document with the contact, identities, tickets and conversations, nothing of anyone else", async () => {
    const cast = await makeStaffedOrg(db);
    const ann = await person(cast, "ann");
    const bob = await person(cast, "bob");
    // Ann wrote on Bob's ticket too (copied on the thread).
    await db.$transaction((tx) =>
      addCustomerReply(tx, deps, {
        orgId: ann.orgId,
        ticketId: bob.ticket.id,
        contactId: ann.contactId,
        message: "ann chiming in on bob's ticket",
        via: "customer",
      }),
    );
    // The same person (same email) in another workspace.
    const elsewhere = await makeStaffedOrg(db);
    await createTicket(deps, actor(elsewhere.agent), {
      orgId: elsewhere.org.id,
      subject: "Elsewhere ticket",
      description: "other workspace",
      requester: { email: ann.email },
    });

    const doc = await exportContact(deps, actor(cast.admin), { orgId: ann.orgId, contactId: ann.contactId });
    expect(doc).toMatchObject({
      format: "quartet.contact-export",
      version: 1,
      workspace: { id: ann.orgId },
      contact: { id: ann.contactId, email: ann.email },
      identities: [{ channel: "WHATSAPP", value: ann.number }],
    });
    expect(doc.desk.tickets).toHaveLength(1);
    const [ticket] = doc.desk.tickets;
    expect(ticket).toMatchObject({
      number: ann.ticket.number,
      subject: "ann can't log in",
      description: "Description by ann",
      satisfaction: { rating: 4, comment: "Survey by ann" },
      notes: [{ message: "Side note on ann", author: "Aggie Agent" }],
      attachments: [
        {
          fileName: "ann-desc.png",
          downloadPath: `/files/desk/attachments/${ann.descriptionFile.id}`,
        },
      ],
    });
    expect(ticket?.messages.map((m) => [m.from, m.message, m.internal])).toEqual([
      ["agent", "Public answer to ann", false],
      ["agent", "Internal about ann", true],
      ["contact", "Reply by ann", false],
    ]);
    expect(ticket?.messages[2]?.attachments).toEqual([
      {
        fileName: "ann-reply.pdf",
        mimeType: "application/pdf",
        sizeBytes: 5,
        downloadPath: `/files/desk/attachments/${ann.replyFile.id}`,
      },
    ]);
    expect(doc.desk.messagesOnOtherTickets).toMatchObject([
      { from: "contact", message: "ann chiming in on bob's ticket", ticketNumber: bob.ticket.number },
    ]);

    expect(doc.inbox.conversations).toHaveLength(1);
    const [conv] = doc.inbox.conversations;
    expect(conv).toMatchObject({
      platform: "WHATSAPP",
      channel: "Support WhatsApp",
      externalId: ann.number,
      labels: ["VIP"],
      notes: [{ content: "Conv note on ann", author: "Aggie Agent" }],
    });
    expect(conv?.messages.map((m) => [m.direction, m.from, m.content])).toEqual([
      ["INBOUND", "contact", "Hello from ann"],
      ["INBOUND", "contact", null],
      ["INBOUND", "contact", null],
      ["OUTBOUND", "Aggie Agent", "Agent answer to ann"],
    ]);
    expect(conv?.messages[1]?.media).toEqual({
      fileName: "ann.jpg",
      mimeType: "image/jpeg",
      sizeBytes: 5,
      downloadPath: `/files/inbox/messages/${ann.image.id}/media`,
      thumbnailPath: `/files/inbox/messages/${ann.image.id}/thumbnail`,
    });
    // Never fetched: listed without a download path.
    expect(conv?.messages[2]?.media).toMatchObject({ downloadPath: null });

    const text = JSON.stringify(doc);
    for (const bobs of [
      bob.email,
      bob.number,
      "Reply by bob",
      "Public answer to bob",
      "Hello from bob",
      "Survey by bob",
    ])
      expect(text).not.toContain(bobs);
    expect(text).not.toContain("Elsewhere");
    expect(text).not.toContain(elsewhere.org.id);

    const log = await db.contactPrivacyLog.findMany({ where: { organizationId: ann.orgId } });
    expect(log).toMatchObject([
      {
        action: "export",
        contactId: ann.contactId,
        actorUserId: cast.admin.id,
        summary: { tickets: 1, conversations: 1 },
      },
    ]);
  });

  it("admins only; another workspace's contact or a non-member is NOT_FOUND", async () => {
    const cast = await makeStaffedOrg(db);
    const ann = await person(cast, "ann");
    const input = { orgId: ann.orgId, contactId: ann.contactId };
    expect((await appError(exportContact(deps, actor(cast.agent), input))).code).toBe("FORBIDDEN");
    expect((await exportContact(deps, actor(cast.owner), input)).contact.id).toBe(ann.contactId);
    const outsider = await makeUser(db);
    expect((await appError(exportContact(deps, actor(outsider), input))).code).toBe("NOT_FOUND");
    const other = await makeStaffedOrg(db);
    expect(
      (
        await appError(
          exportContact(deps, actor(other.owner), { orgId: other.org.id, contactId: ann.contactId }),
        )
      ).code,
    ).toBe("NOT_FOUND");
  });
});

describe("GDPR erase", () => {
  /** Rows still referring to the contact, its tickets or its conversations, per table. */
  async function remaining(p: Awaited<ReturnType<typeof person>>) {
    return {
      contact: await db.contact.count({ where: { id: p.contactId } }),
      identities: await db.contactIdentity.count({ where: { contactId: p.contactId } }),
      tickets: await db.ticket.count({ where: { id: p.ticket.id } }),
      ticketMessages: await db.ticketMessage.count({ where: { ticketId: p.ticket.id } }),
      ticketNotes: await db.ticketNote.count({ where: { ticketId: p.ticket.id } }),
      deskAttachments: await db.deskAttachment.count({
        where: { id: { in: [p.replyFile.id, p.descriptionFile.id] } },
      }),
      csat: await db.csatResponse.count({ where: { ticketId: p.ticket.id } }),
      emailLogs: await db.emailLog.count({ where: { messageId: { startsWith: `<t${p.ticket.id}.` } } }),
      conversations: await db.conversation.count({ where: { id: p.conversation.id } }),
      messages: await db.message.count({ where: { conversationId: p.conversation.id } }),
      notes: await db.conversationNote.count({ where: { conversationId: p.conversation.id } }),
      webhookEvents: await db.inboxWebhookEvent.count({ where: { body: { contains: p.number } } }),
      files: (await Promise.all(p.files.map(exists))).filter(Boolean).length,
    };
  }

  it("removes the person's rows and stored files across Desk and Inbox; other people stay whole", async () => {
    const cast = await makeStaffedOrg(db);
    const ann = await person(cast, "ann");
    const bob = await person(cast, "bob");
    const onBobs = await db.$transaction((tx) =>
      addCustomerReply(tx, deps, {
        orgId: ann.orgId,
        ticketId: bob.ticket.id,
        contactId: ann.contactId,
        message: "ann on bob's ticket",
        via: "customer",
      }),
    );
    const elsewhere = await makeStaffedOrg(db);
    const annElsewhere = await person(elsewhere, "ann");

    const before = await remaining(ann);
    expect(before).toMatchObject({
      contact: 1,
      tickets: 1,
      conversations: 1,
      messages: 4,
      files: 4,
      webhookEvents: 1,
    });
    expect(before.emailLogs).toBeGreaterThan(0);
    const bobBefore = await remaining(bob);
    const elsewhereBefore = await remaining(annElsewhere);

    const { summary } = await eraseContact(deps, actor(cast.admin), {
      orgId: ann.orgId,
      contactId: ann.contactId,
      confirmation: `  ${ann.email.toUpperCase()} `,
    });
    expect(summary).toMatchObject({ contacts: 1, tickets: 1, conversations: 1, inboxMessages: 4, files: 4 });

    expect(await remaining(ann)).toEqual({
      contact: 0,
      identities: 0,
      tickets: 0,
      ticketMessages: 0,
      ticketNotes: 0,
      deskAttachments: 0,
      csat: 0,
      emailLogs: 0,
      conversations: 0,
      messages: 0,
      notes: 0,
      webhookEvents: 0,
      files: 0,
    });
    expect(await db.ticketMessage.count({ where: { id: onBobs?.id ?? "" } })).toBe(0);
    // Bob and the other workspace's Ann are untouched (Bob's thread less Ann's message).
    expect(await remaining(bob)).toEqual({ ...bobBefore, ticketMessages: bobBefore.ticketMessages - 1 });
    expect(await remaining(annElsewhere)).toEqual(elsewhereBefore);
    // The WhatsApp number is free: a new message makes a new person.
    const fresh = await db.$transaction((tx) =>
      resolveContactForIdentity(tx, ann.orgId, { channel: "WHATSAPP", value: ann.number }),
    );
    expect(fresh).not.toBe(ann.contactId);

    // Audited without personal data; open browsers hear the conversation and ticket are gone.
    const log = await db.contactPrivacyLog.findFirstOrThrow({
      where: { organizationId: ann.orgId, action: "erase" },
    });
    expect(log).toMatchObject({ contactId: ann.contactId, actorUserId: cast.admin.id });
    expect(JSON.stringify(log)).not.toContain(ann.email);
    const events = await db.realtimeEvent.findMany({
      where: { organizationId: ann.orgId },
      orderBy: { seq: "asc" },
    });
    const payloads = events.map((e) => e.payload);
    expect(payloads).toContainEqual({ conversationId: ann.conversation.id, kind: "deleted" });
    expect(payloads).toContainEqual({ ticketId: ann.ticket.id, number: ann.ticket.number, kind: "deleted" });
  });

  it("needs the typed confirmation, an admin, a member; a failure leaves everything in place", async () => {
    const cast = await makeStaffedOrg(db);
    const ann = await person(cast, "ann");
    const input = { orgId: ann.orgId, contactId: ann.contactId, confirmation: ann.email };
    const before = await remaining(ann);

    const wrong = await appError(eraseContact(deps, actor(cast.admin), { ...input, confirmation: "ann" }));
    expect(wrong.code).toBe("BAD_REQUEST");
    expect(wrong.fieldErrors?.confirmation).toContain(ann.email);
    expect((await appError(eraseContact(deps, actor(cast.agent), input))).code).toBe("FORBIDDEN");
    const outsider = await makeUser(db);
    expect((await appError(eraseContact(deps, actor(outsider), input))).code).toBe("NOT_FOUND");
    const other = await makeStaffedOrg(db);
    expect(
      (await appError(eraseContact(deps, actor(other.owner), { ...input, orgId: other.org.id }))).code,
    ).toBe("NOT_FOUND");
    expect(await remaining(ann)).toEqual(before);

    // The audit row is the transaction's last write: make it fail, and nothing is half-erased.
    await db.$executeRawUnsafe(`
      CREATE FUNCTION refuse_privacy_log() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit store down'; END $$`);
    await db.$executeRawUnsafe(
      "CREATE TRIGGER refuse_privacy_log BEFORE INSERT ON contact_privacy_logs FOR EACH ROW EXECUTE FUNCTION refuse_privacy_log()",
    );
    try {
      await expect(eraseContact(deps, actor(cast.owner), input)).rejects.toThrow(/audit store down/);
    } finally {
      await db.$executeRawUnsafe("DROP TRIGGER refuse_privacy_log ON contact_privacy_logs");
      await db.$executeRawUnsafe("DROP FUNCTION refuse_privacy_log()");
    }
    expect(await remaining(ann)).toEqual(before);

    // A contact without email or name is confirmed with ERASE.
    const anonymous = await db.$transaction((tx) =>
      resolveContactForIdentity(tx, ann.orgId, { channel: "SANDBOX", value: "anon-1" }),
    );
    await eraseContact(deps, actor(cast.owner), {
      orgId: ann.orgId,
      contactId: anonymous,
      confirmation: "erase",
    });
    expect(await db.contact.count({ where: { id: anonymous } })).toBe(0);
  });
});
