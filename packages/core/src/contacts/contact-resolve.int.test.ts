import { makeStaffedOrg } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { actor, useTestEnv } from "../testing/integration.ts";
import { createContact } from "./contact.service.ts";
import { resolveContactForIdentity } from "./contact-resolve.service.ts";

const { db, deps } = await useTestEnv();

type Resolve = Parameters<typeof resolveContactForIdentity>[2];

/**
 * One resolution in its own transaction, as an inbound message's ingest runs it: the transaction
 * goes on for a while after (the message insert…), which is when a second delivery races it.
 */
const resolve = (orgId: string, input: Resolve, workAfterMs = 0) =>
  db.$transaction(
    async (tx) => {
      const id = await resolveContactForIdentity(tx, orgId, input);
      if (workAfterMs)
        await tx.$queryRaw`SELECT 1 AS done FROM (SELECT pg_sleep(${workAfterMs / 1000})) AS s`;
      return id;
    },
    { maxWait: 30_000, timeout: 30_000 },
  );

describe("resolveContactForIdentity", () => {
  it("20 concurrent first messages of one person make exactly one contact and one identity", async () => {
    const { org } = await makeStaffedOrg(db);
    const ids = await Promise.all(
      Array.from({ length: 20 }, () =>
        resolve(org.id, { channel: "WHATSAPP", value: "+33 6 12 34 56 78", name: "Zoé" }, 30),
      ),
    );
    expect(new Set(ids).size).toBe(1);
    expect(await db.contact.count({ where: { organizationId: org.id } })).toBe(1);
    const identities = await db.contactIdentity.findMany({ where: { organizationId: org.id } });
    expect(identities.map((i) => [i.channel, i.value, i.contactId])).toEqual([
      ["WHATSAPP", "33612345678", ids[0]],
    ]);
    const contact = await db.contact.findUniqueOrThrow({ where: { id: ids[0] } });
    // A WhatsApp number is a phone: the new contact carries it, so Desk search finds it by digits.
    expect(contact).toMatchObject({ name: "Zoé", phone: "+33612345678", phoneDigits: "33612345678" });
  });

  it("concurrent first messages of one email on two channels make one contact", async () => {
    const { org } = await makeStaffedOrg(db);
    const ids = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        resolve(org.id, { channel: "WEBCHAT", value: `visitor-${i}`, email: "Same@Person.test" }, 30),
      ),
    );
    expect(new Set(ids).size).toBe(1);
    expect(await db.contact.count({ where: { organizationId: org.id } })).toBe(1);
    expect(await db.contactIdentity.count({ where: { contactId: ids[0] } })).toBe(10);
  });

  it("finds the contact owning the identity again, and fills only its empty fields", async () => {
    const { org } = await makeStaffedOrg(db);
    const first = await resolve(org.id, { channel: "FACEBOOK", value: "page1:psid1" });
    const again = await resolve(org.id, {
      channel: "FACEBOOK",
      value: "page1:psid1",
      name: "Profile Name",
      avatarUrl: "https://cdn.test/a.png",
    });
    expect(again).toBe(first);
    await db.contact.update({ where: { id: first }, data: { name: "Agent's edit" } });
    await resolve(org.id, { channel: "FACEBOOK", value: "page1:psid1", name: "Other Name" });
    expect(await db.contact.findUniqueOrThrow({ where: { id: first } })).toMatchObject({
      name: "Agent's edit",
      avatarUrl: "https://cdn.test/a.png",
    });
    // The same psid under another page is another person (page-scoped ids).
    expect(await resolve(org.id, { channel: "FACEBOOK", value: "page2:psid1" })).not.toBe(first);
    // The same value on another channel is another identity.
    expect(await resolve(org.id, { channel: "INSTAGRAM", value: "page1:psid1" })).not.toBe(first);
  });

  it("matches a Desk contact by email (primary or merged address) and by phone digits", async () => {
    const { org, agent } = await makeStaffedOrg(db);
    const desk = await createContact(deps, actor(agent), {
      orgId: org.id,
      email: "ann@shop.test",
      phone: "+44 (20) 7946-0000",
    });
    await db.contactIdentity.create({
      data: { organizationId: org.id, contactId: desk.id, channel: "EMAIL", value: "ann@old.test" },
    });

    expect(await resolve(org.id, { channel: "WEBCHAT", value: "v1", email: " ANN@shop.test " })).toBe(
      desk.id,
    );
    expect(await resolve(org.id, { channel: "SANDBOX", value: "c1", email: "ann@old.test" })).toBe(desk.id);
    // WhatsApp's number is the phone's digits.
    expect(await resolve(org.id, { channel: "WHATSAPP", value: "442079460000" })).toBe(desk.id);
    expect(await resolve(org.id, { channel: "TIKTOK", value: "tt-1", phone: "442079460000" })).toBe(desk.id);
    // EMAIL and PHONE channels are the primary addresses: found, no identity added for them.
    expect(await resolve(org.id, { channel: "EMAIL", value: "Ann@Shop.test" })).toBe(desk.id);
    expect(await resolve(org.id, { channel: "PHONE", value: "+44 20 7946 0000" })).toBe(desk.id);
    const identities = await db.contactIdentity.findMany({
      where: { contactId: desk.id },
      orderBy: { channel: "asc" },
      select: { channel: true, value: true },
    });
    expect(identities).toEqual([
      { channel: "EMAIL", value: "ann@old.test" },
      { channel: "SANDBOX", value: "c1" },
      { channel: "TIKTOK", value: "tt-1" },
      { channel: "WEBCHAT", value: "v1" },
      { channel: "WHATSAPP", value: "442079460000" },
    ]);
    expect(await db.contact.count({ where: { organizationId: org.id } })).toBe(1);
  });

  it("a contact found by phone gets the email it lacked; an email of someone else stays theirs", async () => {
    const { org } = await makeStaffedOrg(db);
    const byPhone = await resolve(org.id, { channel: "WHATSAPP", value: "15550001111" });
    const other = await resolve(org.id, { channel: "EMAIL", value: "taken@x.test", name: "Taken" });
    expect(
      await resolve(org.id, {
        channel: "TIKTOK",
        value: "t1",
        phone: "+1 555 000 1111",
        email: "new@x.test",
      }),
    ).toBe(byPhone);
    expect((await db.contact.findUniqueOrThrow({ where: { id: byPhone } })).email).toBe("new@x.test");
    // Email wins over phone when both match different people.
    expect(
      await resolve(org.id, { channel: "TIKTOK", value: "t2", phone: "15550001111", email: "taken@x.test" }),
    ).toBe(other);
  });

  it("new people: bad profile fields are dropped, a bad address is refused; workspaces never share", async () => {
    const a = await makeStaffedOrg(db);
    const b = await makeStaffedOrg(db);
    const inA = await resolve(a.org.id, {
      channel: "SANDBOX",
      value: "cust-1",
      name: `  ${"N".repeat(300)} `,
      email: "not an email",
      phone: "call me",
      avatarUrl: "javascript:alert(1)",
    });
    expect(await db.contact.findUniqueOrThrow({ where: { id: inA } })).toMatchObject({
      name: "N".repeat(200),
      email: null,
      phone: null,
      avatarUrl: null,
    });
    const inB = await resolve(b.org.id, { channel: "SANDBOX", value: "cust-1" });
    expect(inB).not.toBe(inA);
    await expect(resolve(a.org.id, { channel: "WHATSAPP", value: "no digits" })).rejects.toThrow();
    await expect(resolve(a.org.id, { channel: "SANDBOX", value: "   " })).rejects.toThrow();
  });
});
