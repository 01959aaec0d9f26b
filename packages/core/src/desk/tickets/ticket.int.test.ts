import { makeStaffedOrg } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { actor, appError, useTestEnv } from "../../testing/integration.ts";
import { createCustomField } from "../fields/custom-field.service.ts";
import { formatTicketNumber } from "./ticket.schema.ts";
import {
  addMessage,
  createTicket,
  customerVisibleMessages,
  getTicket,
  listCustomerVisibleMessages,
  listTickets,
  searchTickets,
  updateTicket,
} from "./ticket.service.ts";

const { db, deps } = await useTestEnv();

const desk = () => makeStaffedOrg(db);

const base = (orgId: string, n = 0) => ({
  orgId,
  subject: `Printer on fire ${n}`,
  description: "The office printer is smoking again.",
  requester: { email: `customer${n}@example.test`, name: "Cus Tomer" },
});

describe("desk tickets: numbering", () => {
  it("50 parallel creations get 50 distinct consecutive numbers; another workspace starts at 1", async () => {
    const { org, agent } = await desk();
    const tickets = await Promise.all(
      Array.from({ length: 50 }, (_, i) => createTicket(deps, actor(agent), base(org.id, i))),
    );
    const numbers = tickets.map((t) => t.number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(await db.deskTicketCounter.findUnique({ where: { organizationId: org.id } })).toMatchObject({
      lastNumber: 50,
    });

    const other = await desk();
    const first = await createTicket(deps, actor(other.agent), base(other.org.id));
    expect(first.number).toBe(1);
    expect(formatTicketNumber(first.number)).toBe("#1");
  });

  it("finds or creates the requester contact by email, case-insensitively, per workspace", async () => {
    const { org, agent } = await desk();
    const a = await createTicket(deps, actor(agent), {
      ...base(org.id),
      requester: { email: "Jane@Example.TEST", name: "Jane" },
    });
    const b = await createTicket(deps, actor(agent), {
      ...base(org.id),
      requester: { email: "jane@example.test" },
    });
    expect(a.contact.id).toBe(b.contact.id);
    expect(a.contact.email).toBe("jane@example.test");
    expect(a.status).toBe("OPEN");
    expect(a.createdBy?.id).toBe(agent.id);
    expect(a.activities.map((x) => x.actionType)).toEqual(["created"]);
    expect(await db.contact.count({ where: { organizationId: org.id } })).toBe(1);
    // Someone from another workspace can't open tickets here.
    const outsider = await desk();
    expect((await appError(createTicket(deps, actor(outsider.agent), base(org.id)))).code).toBe("NOT_FOUND");
  });

  it("a MEMBER can read but not open tickets", async () => {
    const { org, agent, member } = await desk();
    const t = await createTicket(deps, actor(agent), base(org.id));
    expect((await appError(createTicket(deps, actor(member), base(org.id)))).code).toBe("FORBIDDEN");
    expect((await getTicket(deps, actor(member), { orgId: org.id, ticketId: t.id })).id).toBe(t.id);
    expect((await listTickets(deps, actor(member), { orgId: org.id })).items).toHaveLength(1);
  });
});

describe("desk tickets: lifecycle and activity", () => {
  it("open → pending → resolved → closed; closed can only be reopened", async () => {
    const { org, agent } = await desk();
    const t = await createTicket(deps, actor(agent), base(org.id));
    const ids = { orgId: org.id, ticketId: t.id };

    const pending = await updateTicket(deps, actor(agent), { ...ids, status: "PENDING" });
    expect(pending.status).toBe("PENDING");
    deps.clock.advance(60_000);
    const resolved = await updateTicket(deps, actor(agent), { ...ids, status: "RESOLVED" });
    expect(resolved.resolvedAt).toEqual(deps.clock.now());
    const closed = await updateTicket(deps, actor(agent), { ...ids, status: "CLOSED" });
    expect(closed.closedAt).not.toBeNull();

    for (const status of ["PENDING", "RESOLVED"] as const) {
      const err = await appError(updateTicket(deps, actor(agent), { ...ids, status }));
      expect(err.code).toBe("PRECONDITION_FAILED");
      expect(err.reason).toBe("INVALID_STATUS_TRANSITION");
      expect(err.message).toBe("A closed ticket can only be reopened.");
    }
    const reopened = await updateTicket(deps, actor(agent), { ...ids, status: "OPEN" });
    expect(reopened).toMatchObject({ status: "OPEN", resolvedAt: null, closedAt: null });

    // Open can't jump straight to closed.
    const err = await appError(updateTicket(deps, actor(agent), { ...ids, status: "CLOSED" }));
    expect(err.code).toBe("PRECONDITION_FAILED");
    expect((await getTicket(deps, actor(agent), ids)).status).toBe("OPEN");
  });

  it("every change writes an activity with the old and new value; no-op updates write none", async () => {
    const { org, owner, admin, agent } = await desk();
    // Custom field values must match a definition of the workspace (custom-field.service.ts).
    await createCustomField(deps, actor(admin), { orgId: org.id, key: "plan", label: "Plan", type: "TEXT" });
    const t = await createTicket(deps, actor(agent), {
      ...base(org.id),
      tags: ["Billing", "billing", "vip "],
    });
    expect(t.tags).toEqual(["billing", "vip"]);
    const ids = { orgId: org.id, ticketId: t.id };

    await updateTicket(deps, actor(agent), {
      ...ids,
      status: "PENDING",
      priority: "URGENT",
      assigneeId: owner.id,
      tags: ["billing", "refund"],
      customFields: { plan: "pro" },
    });
    await updateTicket(deps, actor(agent), { ...ids, assigneeId: null, priority: "URGENT" });
    const after = await updateTicket(deps, actor(agent), {
      ...ids,
      status: "PENDING",
      tags: ["billing", "refund"],
    });

    const changes = after.activities
      .filter((a) => a.actionType !== "created")
      .map((a) => [a.actionType, a.oldValue, a.newValue, a.actor?.id]);
    expect(changes).toEqual([
      ["status_changed", "OPEN", "PENDING", agent.id],
      ["priority_changed", "MEDIUM", "URGENT", agent.id],
      ["assigned", null, owner.id, agent.id],
      ["tags_changed", ["billing", "vip"], ["billing", "refund"], agent.id],
      ["custom_fields_changed", {}, { plan: "pro" }, agent.id],
      ["assigned", owner.id, null, agent.id],
    ]);
    expect(after).toMatchObject({ status: "PENDING", priority: "URGENT", assignee: null });

    // Assignees must be agents of this workspace.
    const { member } = await desk();
    const err = await appError(updateTicket(deps, actor(agent), { ...ids, assigneeId: member.id }));
    expect(err.code).toBe("BAD_REQUEST");
    expect(err.fieldErrors).toHaveProperty("assigneeId");
  });
});

describe("desk tickets: conversation", () => {
  it("internal notes are flagged and never customer-visible; the first public reply sets firstResponseAt", async () => {
    const { org, agent } = await desk();
    const t = await createTicket(deps, actor(agent), base(org.id));
    const ids = { orgId: org.id, ticketId: t.id };

    deps.clock.advance(5 * 60_000);
    const note = await addMessage(deps, actor(agent), {
      ...ids,
      message: "Customer is on the legacy plan",
      isInternal: true,
    });
    expect(note.isInternal).toBe(true);
    expect((await getTicket(deps, actor(agent), ids)).firstResponseAt).toBeNull();

    deps.clock.advance(5 * 60_000);
    const firstReplyAt = deps.clock.now();
    const reply = await addMessage(deps, actor(agent), { ...ids, message: "We're on it!" });
    expect(reply.isInternal).toBe(false);
    deps.clock.advance(5 * 60_000);
    await addMessage(deps, actor(agent), { ...ids, message: "Fixed now." });

    const detail = await getTicket(deps, actor(agent), ids);
    expect(detail.firstResponseAt).toEqual(firstReplyAt);
    expect(detail.messages.map((m) => [m.message, m.isInternal])).toEqual([
      ["Customer is on the legacy plan", true],
      ["We're on it!", false],
      ["Fixed now.", false],
    ]);
    expect(customerVisibleMessages(detail.messages).map((m) => m.message)).toEqual([
      "We're on it!",
      "Fixed now.",
    ]);
    const customerSide = await listCustomerVisibleMessages(deps, ids);
    expect(customerSide.map((m) => m.id)).not.toContain(note.id);
    expect(customerSide.every((m) => !m.isInternal)).toBe(true);
    expect(detail.activities.map((a) => a.actionType)).toEqual([
      "created",
      "internal_note_added",
      "replied",
      "first_response",
      "replied",
    ]);
  });
});

describe("desk tickets: search", () => {
  it("ranks a subject match above a body match and returns highlights", async () => {
    const { org, agent } = await desk();
    const bodyHit = await createTicket(deps, actor(agent), {
      ...base(org.id),
      subject: "Question about invoices",
      description: "Since yesterday the dashboard shows a blank page after the kangaroo update.",
    });
    const subjectHit = await createTicket(deps, actor(agent), {
      ...base(org.id),
      subject: "Kangaroo widget crashes",
      description: "It stopped working this morning.",
    });
    await createTicket(deps, actor(agent), {
      ...base(org.id),
      subject: "Unrelated",
      description: "Nothing here.",
    });
    const elsewhere = await desk();
    await createTicket(deps, actor(elsewhere.agent), {
      ...base(elsewhere.org.id),
      subject: "Kangaroo elsewhere",
    });

    const { items } = await searchTickets(deps, actor(agent), { orgId: org.id, q: "kangaroo" });
    expect(items.map((i) => i.id)).toEqual([subjectHit.id, bodyHit.id]);
    expect(items[0]?.rank).toBeGreaterThan(items[1]?.rank ?? Infinity);
    expect(items[0]?.subject).toEqual([
      { text: "Kangaroo", match: true },
      { text: " widget crashes", match: false },
    ]);
    expect(items[1]?.snippet.filter((s) => s.match).map((s) => s.text)).toEqual(["kangaroo"]);
    expect(items[1]?.snippet.map((s) => s.text).join("")).toContain("blank page after the kangaroo update");

    // Tags are searchable too, and web-search syntax works.
    await updateTicket(deps, actor(agent), { orgId: org.id, ticketId: bodyHit.id, tags: ["wallaby"] });
    const byTag = await searchTickets(deps, actor(agent), { orgId: org.id, q: "wallaby" });
    expect(byTag.items.map((i) => i.id)).toEqual([bodyHit.id]);
    const excluded = await searchTickets(deps, actor(agent), { orgId: org.id, q: "kangaroo -widget" });
    expect(excluded.items.map((i) => i.id)).toEqual([bodyHit.id]);
  });
});

describe("desk tickets: lists and tenancy", () => {
  it("keyset pagination returns every ticket exactly once across pages, with filters", async () => {
    const { org, owner, agent } = await desk();
    const created: string[] = [];
    for (let i = 0; i < 23; i++) {
      // Several tickets share a timestamp: the id breaks the tie.
      if (i % 3 === 0) deps.clock.advance(1000);
      const t = await createTicket(deps, actor(agent), {
        ...base(org.id, i),
        tags: i % 2 === 0 ? ["even"] : [],
        assigneeId: i % 4 === 0 ? owner.id : null,
      });
      created.push(t.id);
    }

    for (const sort of ["updatedAt", "createdAt"] as const) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await listTickets(deps, actor(agent), { orgId: org.id, sort, limit: 5, cursor });
        seen.push(...page.items.map((t) => t.id));
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(5);
      expect(seen).toHaveLength(23);
      expect(new Set(seen)).toEqual(new Set(created));
    }

    const even = await listTickets(deps, actor(agent), { orgId: org.id, tag: "even", limit: 100 });
    expect(even.items).toHaveLength(12);
    const mine = await listTickets(deps, actor(agent), { orgId: org.id, assigneeId: owner.id, limit: 100 });
    expect(mine.items).toHaveLength(6);
    const unassigned = await listTickets(deps, actor(agent), { orgId: org.id, assigneeId: null, limit: 100 });
    expect(unassigned.items).toHaveLength(17);
    const urgent = await listTickets(deps, actor(agent), { orgId: org.id, priority: "URGENT" });
    expect(urgent.items).toHaveLength(0);

    const err = await appError(listTickets(deps, actor(agent), { orgId: org.id, cursor: "garbage" }));
    expect(err.code).toBe("BAD_REQUEST");
  });

  it("another workspace's ticket id → NOT_FOUND everywhere", async () => {
    const mine = await desk();
    const theirs = await desk();
    const foreign = await createTicket(deps, actor(theirs.agent), base(theirs.org.id));
    const ids = { orgId: mine.org.id, ticketId: foreign.id };
    for (const attempt of [
      () => getTicket(deps, actor(mine.agent), ids),
      () => updateTicket(deps, actor(mine.agent), { ...ids, status: "PENDING" }),
      () => addMessage(deps, actor(mine.agent), { ...ids, message: "hello" }),
    ]) {
      expect((await appError(attempt())).code).toBe("NOT_FOUND");
    }
    // And an outsider can't reach the other workspace itself.
    expect(
      (await appError(getTicket(deps, actor(mine.agent), { orgId: theirs.org.id, ticketId: foreign.id })))
        .code,
    ).toBe("NOT_FOUND");
    expect((await db.ticket.findUniqueOrThrow({ where: { id: foreign.id } })).status).toBe("OPEN");
    expect(await db.ticketMessage.count({ where: { ticketId: foreign.id } })).toBe(0);
  });
});
