import { makeOrg, makeStaffedOrg, makeUser } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { updateContact } from "../../contacts/contact.service.ts";
import { actor, appError, useTestEnv } from "../../testing/integration.ts";
import { searchHelpCenter } from "../help-center/help-center.service.ts";
import { getDeskSettingsFor, updateDeskSettings } from "../settings/desk-settings.service.ts";
import { addMessage, createTicket, listTickets, searchTickets, updateTicket } from "./ticket.service.ts";
import { addTicketNote, deleteTicketNote, editTicketNote } from "./ticket-note.service.ts";
import { handleSearchReindex } from "./ticket-search.handler.ts";

const { db, deps } = await useTestEnv();

let seq = 0;
async function ticket(
  orgId: string,
  agent: { id: string },
  fields: {
    subject?: string;
    description?: string;
    requester?: { email: string; name?: string };
    priority?: "LOW" | "MEDIUM" | "HIGH" | "URGENT";
    tags?: string[];
    assigneeId?: string | null;
  } = {},
) {
  const n = ++seq;
  deps.clock.advance(1000);
  return createTicket(deps, actor(agent), {
    orgId,
    subject: fields.subject ?? `Question ${n}`,
    description: fields.description ?? "Please have a look.",
    requester: fields.requester ?? { email: `customer${n}@example.test` },
    priority: fields.priority,
    tags: fields.tags,
    assigneeId: fields.assigneeId,
  });
}

/** The numbers of the tickets a search in the list finds, in the list's order. */
async function found(orgId: string, who: { id: string }, q: string, extra: Record<string, unknown> = {}) {
  const { items } = await listTickets(deps, actor(who), { orgId, q, ...extra });
  return items.map((i) => i.number);
}

const reindexJobs = (orgId: string) =>
  db.$queryRaw<{ data: { orgId: string } }[]>`
    SELECT data FROM pgboss.job WHERE name = 'desk.search-reindex' AND data->>'orgId' = ${orgId}`;

describe("ticket search: word forms in the workspace's language", () => {
  it("English: plurals and verb forms match, exact codes still match, the list keeps its rows", async () => {
    const { org, agent } = await makeStaffedOrg(db);
    const refund = await ticket(org.id, agent, {
      subject: "Refund not received",
      description: "Order ABC-1234 was cancelled last week.",
    });
    const running = await ticket(org.id, agent, {
      subject: "App keeps running slow",
      description: "Since the update.",
    });
    await ticket(org.id, agent, { subject: "Unrelated", description: "Nothing to see." });

    expect(await found(org.id, agent, "refunds")).toEqual([refund.number]);
    expect(await found(org.id, agent, "run")).toEqual([running.number]);
    expect(await found(org.id, agent, "ABC-1234")).toEqual([refund.number]);
    expect(await found(org.id, agent, "refunded cancelling")).toEqual([refund.number]);

    // Same row shape as the unsearched list (requester, assignee, SLA…), plus the highlights.
    const { items } = await listTickets(deps, actor(agent), { orgId: org.id, q: "refunds" });
    expect(items[0]).toMatchObject({
      id: refund.id,
      subject: "Refund not received",
      contact: { id: refund.contact.id },
    });
    expect(items[0]?.match?.subject).toEqual([
      { text: "Refund", match: true },
      { text: " not received", match: false },
    ]);
    expect(items[0]?.match?.snippetSource).toBe("description");
  });

  it("French: the saved language stems French words; changing it rebuilds the search", async () => {
    const { org, admin, agent } = await makeStaffedOrg(db);
    const before = await ticket(org.id, agent, { subject: "Les journaux sont vides" });
    // English stems leave "journaux" alone: no match for the singular yet.
    expect(await found(org.id, agent, "journal")).toEqual([]);

    const saved = await updateDeskSettings(deps, actor(admin), { orgId: org.id, language: "fr" });
    expect(saved.language).toBe("fr");
    expect(await reindexJobs(org.id)).toEqual([{ data: { orgId: org.id } }]);
    const fresh = await ticket(org.id, agent, {
      subject: "Demande de remboursement",
      description: "Les remboursements n'arrivent pas.",
    });
    expect(await found(org.id, agent, "remboursements")).toEqual([fresh.number]);
    expect(await found(org.id, agent, "remboursement")).toEqual([fresh.number]);

    // The ticket written before the change matches once the job has rebuilt the workspace.
    expect(await found(org.id, agent, "journal")).toEqual([]);
    expect(await handleSearchReindex(deps, { orgId: org.id }, 1)).toEqual({ tickets: 2, batches: 2 });
    expect(await found(org.id, agent, "journal")).toEqual([before.number]);

    // Saving the same language again queues nothing; a member can't change it.
    await updateDeskSettings(deps, actor(admin), { orgId: org.id, language: "fr" });
    expect(await reindexJobs(org.id)).toHaveLength(1);
    expect(
      (await appError(updateDeskSettings(deps, actor(agent), { orgId: org.id, language: "ar" }))).code,
    ).toBe("FORBIDDEN");
  });

  it("Arabic: a workspace whose owner reads Arabic stems Arabic words by default", async () => {
    const owner = await makeUser(db, { locale: "ar" });
    const org = await makeOrg(db, owner);
    expect((await getDeskSettingsFor(deps, actor(owner), { orgId: org.id })).language).toBe("ar");
    const invoices = await ticket(org.id, owner, { subject: "مشكلة في الفاتورة" });
    // "المشكلات" (the problems) and "مشكلة" (a problem) share a stem; so do "فاتورة" and "الفاتورة".
    expect(await found(org.id, owner, "المشكلات")).toEqual([invoices.number]);
    expect(await found(org.id, owner, "فاتورة")).toEqual([invoices.number]);
    expect(await found(org.id, owner, "كتاب")).toEqual([]);
  });
});

describe("ticket search: requester, number and internal text", () => {
  it("finds the requester by name and address, and follows a change of either", async () => {
    const { org, agent } = await makeStaffedOrg(db);
    const t = await ticket(org.id, agent, {
      requester: { email: "zed.quimby@acme-corp.test", name: "Zed Quimby" },
    });
    await ticket(org.id, agent);
    expect(await found(org.id, agent, "quimby")).toEqual([t.number]);
    expect(await found(org.id, agent, "zed.quimby@acme-corp.test")).toEqual([t.number]);
    expect(await found(org.id, agent, "acme-corp.test")).toEqual([t.number]);

    await updateContact(deps, actor(agent), {
      orgId: org.id,
      contactId: t.contact.id,
      name: "Zelda Xylophone",
      email: "zelda@new-domain.test",
    });
    expect(await found(org.id, agent, "xylophone")).toEqual([t.number]);
    expect(await found(org.id, agent, "new-domain.test")).toEqual([t.number]);
    expect(await found(org.id, agent, "quimby")).toEqual([]);
  });

  it("'#n' and 'n' put ticket n first, before tickets that mention the number", async () => {
    const { org, agent } = await makeStaffedOrg(db);
    const first = await ticket(org.id, agent);
    const mentions = await ticket(org.id, agent, { description: `Same as ticket ${first.number}.` });
    expect(await found(org.id, agent, `#${first.number}`)).toEqual([first.number, mentions.number]);
    expect(await found(org.id, agent, String(first.number))).toEqual([first.number, mentions.number]);
    const hits = await searchTickets(deps, actor(agent), { orgId: org.id, q: `#${first.number}` });
    expect(hits.items.map((h) => h.id)).toEqual([first.id, mentions.id]);
  });

  it("notes and internal messages are searchable by the workspace's people, never by customers", async () => {
    const { org, agent, member } = await makeStaffedOrg(db);
    const t = await ticket(org.id, agent, { description: "The export fails." });
    const note = await addTicketNote(deps, actor(agent), {
      orgId: org.id,
      ticketId: t.id,
      message: "Customer is on the legacy wombat plan.",
    });
    expect(await found(org.id, member, "wombat")).toEqual([t.number]);
    const { items } = await listTickets(deps, actor(agent), { orgId: org.id, q: "wombats" });
    expect(items[0]?.match?.snippetSource).toBe("internal");
    expect(items[0]?.match?.snippet.filter((s) => s.match).map((s) => s.text)).toEqual(["wombat"]);

    await editTicketNote(deps, actor(agent), { orgId: org.id, noteId: note.id, message: "Platypus plan." });
    expect(await found(org.id, agent, "wombat")).toEqual([]);
    expect(await found(org.id, agent, "platypus")).toEqual([t.number]);
    await deleteTicketNote(deps, actor(agent), { orgId: org.id, noteId: note.id });
    expect(await found(org.id, agent, "platypus")).toEqual([]);

    await addMessage(deps, actor(agent), {
      orgId: org.id,
      ticketId: t.id,
      message: "Escalated to the koala team.",
      isInternal: true,
    });
    expect(await found(org.id, agent, "koala")).toEqual([t.number]);

    // The customers' only search (the help center) searches published articles, never tickets.
    const help = await searchHelpCenter(
      deps,
      { ip: "198.51.100.7", userAgent: "vitest" },
      { slug: org.slug, q: "koala" },
    );
    expect(help.items).toEqual([]);
  });
});

describe("ticket search: filters, orders, pages and tenancy", () => {
  it("filters apply together with the search, in any order, page by page", async () => {
    const { org, agent, owner } = await makeStaffedOrg(db);
    const a = await ticket(org.id, agent, { subject: "Printer jam", priority: "URGENT", tags: ["hardware"] });
    const b = await ticket(org.id, agent, { subject: "Printers offline", assigneeId: agent.id });
    const c = await ticket(org.id, agent, { subject: "The printer prints blank pages", priority: "LOW" });
    await ticket(org.id, agent, { subject: "Scanner jam", priority: "URGENT", tags: ["hardware"] });
    await updateTicket(deps, actor(agent), { orgId: org.id, ticketId: c.id, status: "PENDING" });

    expect((await found(org.id, agent, "printer")).sort()).toEqual([a.number, b.number, c.number].sort());
    expect(await found(org.id, agent, "printer", { status: "PENDING" })).toEqual([c.number]);
    expect(await found(org.id, agent, "printer", { priority: "URGENT" })).toEqual([a.number]);
    expect(await found(org.id, agent, "printer", { tag: "hardware" })).toEqual([a.number]);
    expect(await found(org.id, agent, "printer", { assigneeId: agent.id })).toEqual([b.number]);
    expect((await found(org.id, agent, "printer", { assigneeId: null })).sort()).toEqual(
      [a.number, c.number].sort(),
    );
    expect(await found(org.id, agent, "printer", { assigneeId: owner.id })).toEqual([]);

    // The list's orders work while searching.
    expect(await found(org.id, agent, "printer", { sort: "createdAt" })).toEqual([
      c.number,
      b.number,
      a.number,
    ]);
    expect(await found(org.id, agent, "printer", { sort: "priority" })).toEqual([
      a.number,
      b.number,
      c.number,
    ]);

    // Pages: every match exactly once, best first then by recent activity.
    for (const sort of ["relevance", "updatedAt", "slaDueAt"] as const) {
      const seen: number[] = [];
      let cursor: string | null | undefined;
      do {
        const page = await listTickets(deps, actor(agent), {
          orgId: org.id,
          q: "printer",
          sort,
          limit: 1,
          cursor,
        });
        seen.push(...page.items.map((i) => i.number));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen.sort()).toEqual([a.number, b.number, c.number].sort());
    }
  });

  it("another workspace's tickets never match, and an outsider gets NOT_FOUND", async () => {
    const mine = await makeStaffedOrg(db);
    const theirs = await makeStaffedOrg(db);
    const t = await ticket(mine.org.id, mine.agent, { subject: "Gizmo broken" });
    const other = await ticket(theirs.org.id, theirs.agent, { subject: "Gizmo broken too" });
    await addTicketNote(deps, actor(theirs.agent), {
      orgId: theirs.org.id,
      ticketId: other.id,
      message: "gadget",
    });
    const { items } = await listTickets(deps, actor(mine.agent), { orgId: mine.org.id, q: "gizmo" });
    expect(items.map((i) => i.id)).toEqual([t.id]);
    expect(await found(mine.org.id, mine.agent, "gadget")).toEqual([]);
    expect(await found(mine.org.id, mine.agent, `#${other.number}`)).toEqual([t.number]);
    expect(
      (await appError(listTickets(deps, actor(theirs.agent), { orgId: mine.org.id, q: "gizmo" }))).code,
    ).toBe("NOT_FOUND");
  });
});
