import type { TicketPriority } from "@quartet/db/enums";
import { makeStaffedOrg } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { actor, appError, useTestEnv } from "../../testing/integration.ts";
import type { TicketSort } from "./ticket.schema.ts";
import { createTicket, listTickets, type TicketListItem } from "./ticket.service.ts";

const { db, deps } = await useTestEnv();

const PRIORITIES: TicketPriority[] = ["LOW", "MEDIUM", "HIGH", "URGENT"];
const rank = (p: TicketPriority) => PRIORITIES.indexOf(p);

// 23 tickets with many ties: 4 priorities, 3 distinct updatedAt instants, some without an SLA
// deadline, some sharing one. Paged 4 at a time, every order must return each ticket exactly once.
const staff = await makeStaffedOrg(db);
const orgId = staff.org.id;
const as = actor(staff.agent);
const otherContactTicketIds: string[] = [];
const start = new Date("2026-03-01T10:00:00Z");
for (let i = 0; i < 23; i++) {
  deps.clock.set(start.getTime() + (i % 3) * 60_000);
  const t = await createTicket(deps, as, {
    orgId,
    subject: `Sort ${i}`,
    description: "sorting",
    requester: { email: i % 5 === 0 ? "special@example.test" : "someone@example.test" },
    priority: PRIORITIES[i % 4],
  });
  if (i % 5 === 0) otherContactTicketIds.push(t.id);
  // SLA deadlines with ties and nulls, written directly (no SLA policy in this workspace).
  const due = i % 4 === 0 ? null : new Date(start.getTime() + (i % 6) * 3_600_000);
  await db.ticket.update({ where: { id: t.id }, data: { slaDueAt: due } });
}

async function allPages(sort: TicketSort, filters: { contactId?: string } = {}) {
  const seen: TicketListItem[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page: { items: TicketListItem[]; nextCursor: string | null } = await listTickets(deps, as, {
      orgId,
      sort,
      limit: 4,
      cursor,
      ...filters,
    });
    seen.push(...page.items);
    cursor = page.nextCursor;
    pages += 1;
  } while (cursor && pages < 50);
  return seen;
}

const isSorted = <T>(rows: T[], cmp: (a: T, b: T) => number) =>
  rows.every((row, i) => i === 0 || cmp(rows[i - 1] as T, row) <= 0);

describe("ticket list orders with keyset paging", () => {
  it.each(["updatedAt", "createdAt", "priority", "slaDueAt"] as const)(
    "%s: every ticket exactly once across pages, in order",
    async (sort) => {
      const rows = await allPages(sort);
      expect(rows).toHaveLength(23);
      expect(new Set(rows.map((r) => r.id)).size).toBe(23);
      const desc = (a: Date, b: Date) => b.getTime() - a.getTime();
      const idDesc = (a: string, b: string) => (a < b ? 1 : a > b ? -1 : 0);
      const cmp: Record<TicketSort, (a: TicketListItem, b: TicketListItem) => number> = {
        updatedAt: (a, b) => desc(a.updatedAt, b.updatedAt) || idDesc(a.id, b.id),
        createdAt: (a, b) => desc(a.createdAt, b.createdAt) || idDesc(a.id, b.id),
        priority: (a, b) =>
          rank(b.priority) - rank(a.priority) || desc(a.updatedAt, b.updatedAt) || idDesc(a.id, b.id),
        slaDueAt: (a, b) => {
          if (a.slaDueAt === null || b.slaDueAt === null)
            return (a.slaDueAt === null ? 1 : 0) - (b.slaDueAt === null ? 1 : 0) || -idDesc(a.id, b.id);
          return a.slaDueAt.getTime() - b.slaDueAt.getTime() || -idDesc(a.id, b.id);
        },
      };
      expect(isSorted(rows, cmp[sort])).toBe(true);
      if (sort === "priority") expect(rows[0]?.priority).toBe("URGENT");
      if (sort === "slaDueAt") expect(rows.at(-1)?.slaDueAt).toBeNull();
    },
  );

  it("filters by requester (contact)", async () => {
    const contact = await db.contact.findFirstOrThrow({
      where: { organizationId: orgId, email: "special@example.test" },
    });
    const rows = await allPages("priority", { contactId: contact.id });
    expect(rows.map((r) => r.id).sort()).toEqual([...otherContactTicketIds].sort());
    expect(rows.every((r) => r.contact.id === contact.id)).toBe(true);
  });

  it("a cursor from another order or a tampered one is a BAD_REQUEST on the cursor field", async () => {
    const page = await listTickets(deps, as, { orgId, sort: "priority", limit: 2 });
    expect(page.nextCursor).not.toBeNull();
    const wrongOrder = await appError(
      listTickets(deps, as, { orgId, sort: "slaDueAt", cursor: page.nextCursor }),
    );
    expect(wrongOrder.code).toBe("BAD_REQUEST");
    expect(wrongOrder.fieldErrors).toEqual({ cursor: "Invalid cursor." });
    const tampered = await appError(listTickets(deps, as, { orgId, sort: "priority", cursor: "bm9wZQ" }));
    expect(tampered.fieldErrors).toEqual({ cursor: "Invalid cursor." });
  });
});
