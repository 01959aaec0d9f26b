import { makeStaffedOrg } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { createTicket, listTickets, updateTicket } from "../desk/tickets/ticket.service.ts";
import { actor, appError, useTestEnv } from "../testing/integration.ts";
import {
  createContact,
  findOrCreateContactByEmail,
  getContact,
  listContacts,
  updateContact,
} from "./contact.service.ts";

const { db, deps } = await useTestEnv();

const desk = () => makeStaffedOrg(db);

describe("desk contacts", () => {
  it("creates with a lower-cased email, unique per workspace; agents edit name and phone", async () => {
    const { org, agent, member } = await desk();
    const c = await createContact(deps, actor(agent), {
      orgId: org.id,
      email: " Ann@Example.TEST ",
      name: "Ann",
    });
    expect(c).toMatchObject({
      email: "ann@example.test",
      name: "Ann",
      phone: null,
      ticketCount: 0,
      identities: [],
    });

    const dup = await appError(
      createContact(deps, actor(agent), { orgId: org.id, email: "ANN@example.test" }),
    );
    expect(dup.code).toBe("CONFLICT");
    expect(dup.fieldErrors?.email).toBeDefined();

    const other = await desk();
    const elsewhere = await createContact(deps, actor(other.agent), {
      orgId: other.org.id,
      email: "ann@example.test",
    });
    expect(elsewhere.id).not.toBe(c.id);

    deps.clock.advance(1000);
    const updated = await updateContact(deps, actor(agent), {
      orgId: org.id,
      contactId: c.id,
      name: "Ann Smith",
      phone: "+1 555 0100",
    });
    expect(updated).toMatchObject({ name: "Ann Smith", phone: "+1 555 0100", email: "ann@example.test" });
    const cleared = await updateContact(deps, actor(agent), { orgId: org.id, contactId: c.id, phone: null });
    expect(cleared).toMatchObject({ name: "Ann Smith", phone: null });

    expect(
      (await appError(createContact(deps, actor(member), { orgId: org.id, email: "x@example.test" }))).code,
    ).toBe("FORBIDDEN");
    expect(
      (await appError(updateContact(deps, actor(member), { orgId: org.id, contactId: c.id, name: "X" })))
        .code,
    ).toBe("FORBIDDEN");
  });

  it("searches name/email case-insensitively and pages with a keyset cursor, each contact once", async () => {
    const { org, agent, member } = await desk();
    // Several contacts share a creation instant: the cursor must break ties by id.
    for (let i = 0; i < 23; i++) {
      if (i % 4 === 0) deps.clock.advance(1000);
      await createContact(deps, actor(agent), {
        orgId: org.id,
        email: `person${i}@${i % 2 === 0 ? "acme" : "globex"}.test`,
        name: i % 3 === 0 ? `Zed Special ${i}` : `Person ${i}`,
      });
    }
    const other = await desk();
    await createContact(deps, actor(other.agent), { orgId: other.org.id, email: "person0@acme.test" });

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof listContacts>> = await listContacts(deps, actor(member), {
        orgId: org.id,
        limit: 5,
        cursor,
      });
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(5);
    expect(seen).toHaveLength(23);
    expect(new Set(seen).size).toBe(23);
    const all = await db.contact.findMany({
      where: { organizationId: org.id },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { id: true },
    });
    expect(seen).toEqual(all.map((c) => c.id));

    const byEmail = await listContacts(deps, actor(member), { orgId: org.id, q: "ACME", limit: 100 });
    expect(byEmail.items).toHaveLength(12);
    expect(byEmail.items.every((c) => c.email?.endsWith("@acme.test"))).toBe(true);
    expect(byEmail.nextCursor).toBeNull();
    // LIKE wildcards in the query are matched literally.
    expect((await listContacts(deps, actor(member), { orgId: org.id, q: "%" })).items).toEqual([]);
    expect((await listContacts(deps, actor(member), { orgId: org.id, q: "person_" })).items).toEqual([]);

    const byName: string[] = [];
    let c2: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listContacts>> = await listContacts(deps, actor(member), {
        orgId: org.id,
        q: "zed special",
        limit: 2,
        cursor: c2,
      });
      byName.push(...page.items.map((c) => c.name ?? ""));
      c2 = page.nextCursor;
    } while (c2);
    expect(byName.sort()).toEqual([0, 3, 6, 9, 12, 15, 18, 21].map((i) => `Zed Special ${i}`).sort());

    expect(
      (await appError(listContacts(deps, actor(member), { orgId: org.id, cursor: "garbage" }))).code,
    ).toBe("BAD_REQUEST");
  });

  it("the contact page's tickets: that contact's in this workspace only, most recent first", async () => {
    const { org, agent, member } = await desk();
    const mk = (orgId: string, who: { id: string }, subject: string) =>
      createTicket(deps, actor(who), {
        orgId,
        subject,
        description: "…",
        requester: { email: "pat@example.test" },
      });
    const t1 = await mk(org.id, agent, "First");
    deps.clock.advance(1000);
    const t2 = await mk(org.id, agent, "Second");
    deps.clock.advance(1000);
    await mk(org.id, agent, "Third");
    await createTicket(deps, actor(agent), {
      orgId: org.id,
      subject: "Not Pat",
      description: "…",
      requester: { email: "sam@example.test" },
    });
    const other = await desk();
    await mk(other.org.id, other.agent, "Pat elsewhere");
    deps.clock.advance(1000);
    await updateTicket(deps, actor(agent), { orgId: org.id, ticketId: t1.id, status: "PENDING" });

    const detail = await getContact(deps, actor(member), { orgId: org.id, contactId: t1.contact.id });
    expect(detail).toMatchObject({ email: "pat@example.test", ticketCount: 3 });
    const tickets = await listTickets(deps, actor(member), { orgId: org.id, contactId: detail.id });
    expect(tickets.items.map((t) => t.subject)).toEqual(["First", "Third", "Second"]);
    expect(tickets.items[0]).toMatchObject({ id: t1.id, number: t1.number, status: "PENDING" });
    expect(tickets.items.map((t) => t.id)).toContain(t2.id);
    // Keyset pages of one: every ticket once.
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listTickets>> = await listTickets(deps, actor(member), {
        orgId: org.id,
        contactId: detail.id,
        limit: 1,
        cursor,
      });
      paged.push(...page.items.map((t) => t.subject));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(["First", "Third", "Second"]);
  });

  it("another workspace's contact ids → NOT_FOUND", async () => {
    const mine = await desk();
    const theirs = await desk();
    const c = await createContact(deps, actor(theirs.agent), {
      orgId: theirs.org.id,
      email: "t@example.test",
    });
    const ids = { orgId: mine.org.id, contactId: c.id };
    expect((await appError(getContact(deps, actor(mine.agent), ids))).code).toBe("NOT_FOUND");
    expect((await appError(updateContact(deps, actor(mine.agent), { ...ids, name: "Hijack" }))).code).toBe(
      "NOT_FOUND",
    );
    expect(
      (await appError(getContact(deps, actor(mine.agent), { orgId: theirs.org.id, contactId: c.id }))).code,
    ).toBe("NOT_FOUND");
    expect(
      (await getContact(deps, actor(theirs.member), { orgId: theirs.org.id, contactId: c.id })).name,
    ).toBeNull();
  });

  it("findOrCreateContactByEmail reuses the contact ticket creation made, case-insensitively", async () => {
    const { org, agent } = await desk();
    const t = await createTicket(deps, actor(agent), {
      orgId: org.id,
      subject: "Hi",
      description: "…",
      requester: { email: "lee@example.test" },
    });
    const id = await db.$transaction((tx) => findOrCreateContactByEmail(tx, org.id, " LEE@Example.test "));
    expect(id).toBe(t.contact.id);
    const created = await db.$transaction((tx) =>
      findOrCreateContactByEmail(tx, org.id, "New@Example.test", "New"),
    );
    const detail = await getContact(deps, actor(agent), { orgId: org.id, contactId: created });
    expect(detail).toMatchObject({ email: "new@example.test", name: "New" });
  });
});

describe("desk contacts: editing every field", () => {
  it("edits email, company and notes; an email of another contact is a field error, either way it is held", async () => {
    const { org, agent } = await desk();
    const ann = await createContact(deps, actor(agent), {
      orgId: org.id,
      email: "ann@edit.test",
      name: "Ann",
    });
    const bob = await createContact(deps, actor(agent), { orgId: org.id, email: "bob@edit.test" });

    const edited = await updateContact(deps, actor(agent), {
      orgId: org.id,
      contactId: ann.id,
      email: " Ann.Smith@Edit.TEST ",
      company: "Acme Corp",
      notes: "Prefers mail over phone.",
    });
    expect(edited).toMatchObject({
      email: "ann.smith@edit.test",
      name: "Ann",
      company: "Acme Corp",
      notes: "Prefers mail over phone.",
    });

    // Bob's primary email: CONFLICT with a message under the email field.
    const taken = await appError(
      updateContact(deps, actor(agent), { orgId: org.id, contactId: ann.id, email: "BOB@edit.test" }),
    );
    expect(taken.code).toBe("CONFLICT");
    expect(taken.fieldErrors).toEqual({ email: "This email already belongs to another contact." });

    // An address Bob keeps from a merge is his too.
    await db.contactIdentity.create({
      data: { organizationId: org.id, contactId: bob.id, channel: "EMAIL", value: "bobby@edit.test" },
    });
    for (const attempt of [
      () => updateContact(deps, actor(agent), { orgId: org.id, contactId: ann.id, email: "bobby@edit.test" }),
      () => createContact(deps, actor(agent), { orgId: org.id, email: "bobby@edit.test" }),
    ]) {
      expect((await appError(attempt())).fieldErrors?.email).toBeDefined();
    }
    // Bob himself may make it his primary email: it stops being an "other" address.
    const promoted = await updateContact(deps, actor(agent), {
      orgId: org.id,
      contactId: bob.id,
      email: "bobby@edit.test",
    });
    expect(promoted).toMatchObject({ email: "bobby@edit.test", identities: [] });

    // Clearing optional fields; zod speaks per field.
    const cleared = await updateContact(deps, actor(agent), {
      orgId: org.id,
      contactId: ann.id,
      company: null,
      notes: null,
    });
    expect(cleared).toMatchObject({ company: null, notes: null, email: "ann.smith@edit.test" });
    const bad = await updateContact(deps, actor(agent), {
      orgId: org.id,
      contactId: ann.id,
      email: "not-an-email",
      phone: "call me",
      company: "x".repeat(201),
    }).then(
      () => [],
      (e: { issues: { path: string[]; message: string }[] }) => e.issues,
    );
    expect(Object.fromEntries(bad.map((i) => [i.path.join("."), i.message]))).toEqual({
      email: "Enter a valid email address.",
      phone: "Use digits, spaces and + ( ) - . only.",
      company: "Use at most 200 characters.",
    });
  });

  it("searches phone by its digits, company, and addresses kept from merges", async () => {
    const { org, agent, member } = await desk();
    const zoe = await createContact(deps, actor(agent), {
      orgId: org.id,
      email: "zoe@search.test",
      name: "Zoé",
      phone: "+33 6 12-34 (56) 78",
      company: "Globex",
    });
    await createContact(deps, actor(agent), {
      orgId: org.id,
      email: "max@search.test",
      phone: "+1 555 0100",
    });
    await db.contactIdentity.create({
      data: { organizationId: org.id, contactId: zoe.id, channel: "EMAIL", value: "zoe.old@legacy.test" },
    });
    const ids = async (q: string) =>
      (await listContacts(deps, actor(member), { orgId: org.id, q })).items.map((c) => c.email);
    expect(await ids("612345678")).toEqual(["zoe@search.test"]);
    expect(await ids("06 12 34")).toEqual([]); // a leading 0 is not in +33 6…: no false match
    expect(await ids("6 12 34")).toEqual(["zoe@search.test"]);
    expect(await ids("+33")).toEqual(["zoe@search.test"]);
    expect(await ids("555 0100")).toEqual(["max@search.test"]);
    expect(await ids("globex")).toEqual(["zoe@search.test"]);
    expect(await ids("legacy.test")).toEqual(["zoe@search.test"]);
    expect(await ids("search.test")).toHaveLength(2);
    // The merge picker leaves the current contact out.
    const others = await listContacts(deps, actor(member), {
      orgId: org.id,
      q: "search.test",
      excludeId: zoe.id,
    });
    expect(others.items.map((c) => c.email)).toEqual(["max@search.test"]);
  });
});
