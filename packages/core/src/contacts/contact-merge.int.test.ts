import { makeStaffedOrg } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { createTicket } from "../desk/tickets/ticket.service.ts";
import { addCustomerReply } from "../desk/tickets/ticket-customer.service.ts";
import { actor, appError, useTestEnv } from "../testing/integration.ts";
import {
  createContact,
  findOrCreateContactByEmail,
  getContact,
  listContacts,
  mergeContacts,
} from "./contact.service.ts";
import { resolveContactForIdentity } from "./contact-resolve.service.ts";

const { db, deps } = await useTestEnv();

let seq = 0;
/** A workspace with two people who are really one: Ann at home (kept) and Ann at work (duplicate). */
async function twoAnns() {
  const cast = await makeStaffedOrg(db);
  const n = ++seq;
  const orgId = cast.org.id;
  const target = await createContact(deps, actor(cast.agent), {
    orgId,
    email: `ann${n}@home.test`,
    name: "Ann",
    phone: "+1 555 0001",
    notes: "Prefers mail.",
  });
  await db.contact.update({ where: { id: target.id }, data: { metadata: { locale: "fr" } } });
  const source = await createContact(deps, actor(cast.agent), {
    orgId,
    email: `ann${n}@work.test`,
    name: "Ann W.",
    phone: "+1 555 0002",
    company: "Acme",
    notes: "Big customer.",
  });
  await db.contact.update({ where: { id: source.id }, data: { metadata: { locale: "de", plan: "gold" } } });
  const ticket = (subject: string, email: string) =>
    createTicket(deps, actor(cast.agent), { orgId, subject, description: "…", requester: { email } });
  const kept = await ticket("Home ticket", `ann${n}@home.test`);
  const dup1 = await ticket("Work ticket 1", `ann${n}@work.test`);
  const dup2 = await ticket("Work ticket 2", `ann${n}@work.test`);
  return { ...cast, orgId, n, target, source, kept, dup1, dup2 };
}

/** Every single-column foreign key to contacts in the database, as "table.column". */
async function contactForeignKeys(): Promise<string[]> {
  const rows = await db.$queryRaw<{ ref: string }[]>`
    SELECT c.conrelid::regclass::text || '.' || a.attname AS ref
    FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
    WHERE c.contype = 'f' AND c.confrelid = 'contacts'::regclass ORDER BY 1`;
  return rows.map((r) => r.ref);
}

describe("merging two contacts", () => {
  it("moves tickets, message authors, surveys, files and addresses to the survivor, then deletes the duplicate", async () => {
    const { orgId, agent, member, n, target, source, kept, dup1, dup2 } = await twoAnns();
    // Rows of every kind that reference the duplicate.
    const reply = await db.$transaction((tx) =>
      addCustomerReply(tx, deps, {
        orgId,
        ticketId: dup1.id,
        contactId: source.id,
        message: "Any news?",
        via: "customer",
      }),
    );
    await db.csatResponse.create({
      data: { organizationId: orgId, ticketId: dup2.id, contactId: source.id },
    });
    const file = await db.deskAttachment.create({
      data: {
        organizationId: orgId,
        ticketId: dup1.id,
        storageKey: `merge-test/${n}`,
        fileName: "receipt.pdf",
        mimeType: "application/pdf",
        sizeBytes: 10,
        uploadedByContactId: source.id,
      },
    });
    await db.contactIdentity.create({
      data: { organizationId: orgId, contactId: source.id, channel: "EMAIL", value: `ann${n}@old.test` },
    });
    // The duplicate also wrote on WhatsApp (Inbox): its number and conversation move too.
    const whatsapp = await db.$transaction((tx) =>
      resolveContactForIdentity(tx, orgId, {
        channel: "WHATSAPP",
        value: `1555000${n}`,
        email: `ann${n}@work.test`,
      }),
    );
    expect(whatsapp).toBe(source.id);
    const connection = await db.platformConnection.create({
      data: { organizationId: orgId, platform: "WHATSAPP", platformUserId: `pn-${n}`, accessToken: "x" },
    });
    const conversation = await db.conversation.create({
      data: {
        organizationId: orgId,
        platformConnectionId: connection.id,
        platform: "WHATSAPP",
        externalId: `1555000${n}`,
        contactId: source.id,
        contactExternalId: `1555000${n}`,
      },
    });
    // Every kind of reference is exercised here (a new one must be added to this test).
    expect(await contactForeignKeys()).toEqual([
      "contact_identities.contact_id",
      "conversations.contact_id",
      "csat_responses.contact_id",
      "desk_attachments.uploaded_by_contact_id",
      "ticket_messages.author_contact_id",
      "tickets.contact_id",
    ]);

    deps.clock.advance(60_000);
    const merged = await mergeContacts(deps, actor(agent), {
      orgId,
      sourceId: source.id,
      targetId: target.id,
    });

    expect(await db.contact.findUnique({ where: { id: source.id } })).toBeNull();
    for (const ref of await contactForeignKeys()) {
      const [table, column] = ref.split(".");
      const rows = await db.$queryRawUnsafe<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM "${table}" WHERE "${column}" = $1::uuid`,
        source.id,
      );
      expect(rows[0]?.n, ref).toBe(0);
    }
    const tickets = await db.ticket.findMany({
      where: { organizationId: orgId },
      select: { contactId: true },
    });
    expect(tickets.map((t) => t.contactId)).toEqual([target.id, target.id, target.id]);
    expect(
      (await db.ticketMessage.findUniqueOrThrow({ where: { id: reply?.id ?? "" } })).authorContactId,
    ).toBe(target.id);
    expect((await db.csatResponse.findUniqueOrThrow({ where: { ticketId: dup2.id } })).contactId).toBe(
      target.id,
    );
    expect((await db.deskAttachment.findUniqueOrThrow({ where: { id: file.id } })).uploadedByContactId).toBe(
      target.id,
    );
    expect((await db.conversation.findUniqueOrThrow({ where: { id: conversation.id } })).contactId).toBe(
      target.id,
    );
    // Open inbox screens were told: the conversation now shows the contact that stays.
    const live = await db.$queryRaw<{ payload: { conversationId: string; kind: string } }[]>`
      SELECT payload FROM realtime_events WHERE organization_id = ${orgId}::uuid AND topic = 'inbox.conversation'`;
    expect(live.map((e) => e.payload)).toContainEqual(
      expect.objectContaining({ conversationId: conversation.id, kind: "updated" }),
    );
    // The next WhatsApp message of that number lands on the survivor.
    expect(
      await db.$transaction((tx) =>
        resolveContactForIdentity(tx, orgId, { channel: "WHATSAPP", value: `1555000${n}` }),
      ),
    ).toBe(target.id);

    // The survivor keeps its own values, gains what it lacked, and every address of the duplicate.
    expect(merged).toMatchObject({
      id: target.id,
      name: "Ann",
      email: `ann${n}@home.test`,
      phone: "+1 555 0001",
      company: "Acme",
      notes: "Prefers mail.\n\nBig customer.",
      ticketCount: 3,
    });
    expect(merged.identities.map((i) => [i.channel, i.value]).sort()).toEqual(
      [
        ["EMAIL", `ann${n}@old.test`],
        ["EMAIL", `ann${n}@work.test`],
        ["PHONE", "+1 555 0002"],
        ["WHATSAPP", `1555000${n}`],
      ].sort(),
    );
    expect((await db.contact.findUniqueOrThrow({ where: { id: target.id } })).metadata).toEqual({
      locale: "fr",
      plan: "gold",
    });

    // Logged on each ticket that changed requester (not on the survivor's own ticket).
    const activities = await db.ticketActivity.findMany({
      where: { organizationId: orgId, actionType: "requester_merged" },
      orderBy: { ticketId: "asc" },
    });
    expect(activities.map((a) => a.ticketId).sort()).toEqual([dup1.id, dup2.id].sort());
    expect(activities[0]).toMatchObject({
      actorId: agent.id,
      oldValue: { id: source.id, name: "Ann W.", email: `ann${n}@work.test` },
      newValue: { id: target.id, name: "Ann", email: `ann${n}@home.test` },
      createdAt: deps.clock.now(),
    });
    expect(
      await db.ticketActivity.count({ where: { ticketId: kept.id, actionType: "requester_merged" } }),
    ).toBe(0);

    // The duplicate's addresses now lead to the survivor: mail, the ticket form, search.
    expect(await db.$transaction((tx) => findOrCreateContactByEmail(tx, orgId, `ANN${n}@work.test`))).toBe(
      target.id,
    );
    const again = await createTicket(deps, actor(agent), {
      orgId,
      subject: "From the old address",
      description: "…",
      requester: { email: `ann${n}@old.test` },
    });
    expect(again.contact.id).toBe(target.id);
    const found = await listContacts(deps, actor(member), { orgId, q: `ann${n}@work` });
    expect(found.items.map((c) => c.id)).toEqual([target.id]);
    expect((await appError(getContact(deps, actor(member), { orgId, contactId: source.id }))).code).toBe(
      "NOT_FOUND",
    );
  });

  it("a survivor without email or phone takes the duplicate's as its primary ones", async () => {
    const { org, agent } = await makeStaffedOrg(db);
    const orgId = org.id;
    const n = ++seq;
    const chat = await db.contact.create({ data: { organizationId: orgId, name: "Chat visitor" } });
    const source = await createContact(deps, actor(agent), {
      orgId,
      email: `visitor${n}@mail.test`,
      phone: "06 00 00 00 00",
    });
    const merged = await mergeContacts(deps, actor(agent), { orgId, sourceId: source.id, targetId: chat.id });
    expect(merged).toMatchObject({
      name: "Chat visitor",
      email: `visitor${n}@mail.test`,
      phone: "06 00 00 00 00",
      identities: [],
    });
  });

  it("is one transaction: a failure after the rows moved leaves both contacts as they were", async () => {
    const { orgId, agent, target, source, dup1, dup2 } = await twoAnns();
    await db.$executeRawUnsafe(`
      CREATE FUNCTION test_refuse_contact_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'refused by test'; END $$`);
    await db.$executeRawUnsafe(`
      CREATE TRIGGER test_refuse_contact_delete BEFORE DELETE ON contacts
      FOR EACH ROW EXECUTE FUNCTION test_refuse_contact_delete()`);
    try {
      await expect(
        mergeContacts(deps, actor(agent), { orgId, sourceId: source.id, targetId: target.id }),
      ).rejects.toThrow(/refused by test/);
    } finally {
      await db.$executeRawUnsafe("DROP TRIGGER test_refuse_contact_delete ON contacts");
      await db.$executeRawUnsafe("DROP FUNCTION test_refuse_contact_delete()");
    }
    const dupTickets = await db.ticket.findMany({ where: { id: { in: [dup1.id, dup2.id] } } });
    expect(dupTickets.map((t) => t.contactId)).toEqual([source.id, source.id]);
    expect(
      await db.ticketActivity.count({ where: { organizationId: orgId, actionType: "requester_merged" } }),
    ).toBe(0);
    expect(await getContact(deps, actor(agent), { orgId, contactId: target.id })).toMatchObject({
      company: null,
      identities: [],
      ticketCount: 1,
    });
    expect(await getContact(deps, actor(agent), { orgId, contactId: source.id })).toMatchObject({
      ticketCount: 2,
    });
  });

  it("tenancy and roles: another workspace's contact is NOT_FOUND either way; members can't merge", async () => {
    const mine = await twoAnns();
    const theirs = await twoAnns();
    const cross = [
      { sourceId: theirs.source.id, targetId: mine.target.id },
      { sourceId: mine.source.id, targetId: theirs.target.id },
      { sourceId: theirs.source.id, targetId: theirs.target.id },
    ];
    for (const ids of cross) {
      const err = await appError(mergeContacts(deps, actor(mine.agent), { orgId: mine.orgId, ...ids }));
      expect(err.code).toBe("NOT_FOUND");
    }
    // Through their own workspace id, I am not a member.
    const outsider = await appError(
      mergeContacts(deps, actor(mine.agent), {
        orgId: theirs.orgId,
        sourceId: theirs.source.id,
        targetId: theirs.target.id,
      }),
    );
    expect(outsider.code).toBe("NOT_FOUND");
    const forbidden = await appError(
      mergeContacts(deps, actor(mine.member), {
        orgId: mine.orgId,
        sourceId: mine.source.id,
        targetId: mine.target.id,
      }),
    );
    expect(forbidden.code).toBe("FORBIDDEN");
    await expect(
      mergeContacts(deps, actor(mine.agent), {
        orgId: mine.orgId,
        sourceId: mine.target.id,
        targetId: mine.target.id,
      }),
    ).rejects.toThrow(/can't be merged into itself/);
    // Nothing moved anywhere.
    for (const side of [mine, theirs]) {
      expect(await db.contact.count({ where: { id: { in: [side.source.id, side.target.id] } } })).toBe(2);
      expect(await db.ticket.count({ where: { contactId: side.source.id } })).toBe(2);
    }
  });
});
