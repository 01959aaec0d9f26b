import { makeStaffedOrg } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { createTestClock } from "../../testing/deps.ts";
import { actor, useTestEnv } from "../../testing/integration.ts";
import { updateDeskSettings } from "../settings/desk-settings.service.ts";
import { handleAutoClose } from "./auto-close.handler.ts";
import { createTicket, updateTicket } from "./ticket.service.ts";
import { addCustomerReply } from "./ticket-customer.service.ts";

const clock = createTestClock("2027-01-01T10:00:00Z");
const { db, deps } = await useTestEnv({ clock });
const DAY = 86_400_000;
const HOUR = 3_600_000;
const run = () => handleAutoClose(deps);

/** Each test starts a year after the previous one, so older tickets are long due (or never due). */
let year = 2027;
function startOfTest() {
  year += 1;
  clock.set(`${year}-01-01T10:00:00Z`);
  return clock.now();
}
const at = (start: Date, days: number) => clock.set(start.getTime() + days * DAY);

async function workspace(autoCloseDays?: number) {
  const staff = await makeStaffedOrg(db);
  if (autoCloseDays !== undefined) {
    await updateDeskSettings(deps, actor(staff.owner), { orgId: staff.org.id, autoCloseDays });
  }
  return staff;
}

async function resolvedTicket(staff: Awaited<ReturnType<typeof workspace>>) {
  const ticket = await createTicket(deps, actor(staff.agent), {
    orgId: staff.org.id,
    subject: "Invoice question",
    description: "Why was I charged twice?",
    requester: { email: `customer-${Math.random().toString(36).slice(2)}@example.test` },
    assigneeId: staff.agent.id,
  });
  await resolve(staff, ticket.id);
  return ticket;
}

const resolve = (staff: Awaited<ReturnType<typeof workspace>>, ticketId: string) =>
  updateTicket(deps, actor(staff.agent), { orgId: staff.org.id, ticketId, status: "RESOLVED" });

const ticketRow = (id: string) => db.ticket.findUniqueOrThrow({ where: { id } });
const activities = (ticketId: string, actionType: string) =>
  db.ticketActivity.findMany({ where: { ticketId, actionType } });

describe("desk.auto-close", () => {
  it("closes a resolved ticket after the workspace's days (default 7), not before", async () => {
    const start = startOfTest();
    const staff = await workspace(); // no settings row: the default 7 days
    const ticket = await resolvedTicket(staff);

    at(start, 7);
    clock.advance(-HOUR);
    await run();
    expect((await ticketRow(ticket.id)).status).toBe("RESOLVED");

    at(start, 7);
    await run();
    const closed = await ticketRow(ticket.id);
    expect(closed.status).toBe("CLOSED");
    expect(closed.closedAt).toEqual(clock.now());
    expect(closed.autoClosedAt).toEqual(clock.now());
    const [auto] = await activities(ticket.id, "auto_closed");
    expect(auto).toMatchObject({ actorId: null, metadata: { source: "system", autoCloseDays: 7 } });
    // The change itself went through applyTicketUpdate (status activity from the system, event published).
    const statusChanges = await activities(ticket.id, "status_changed");
    expect(statusChanges.at(-1)).toMatchObject({
      actorId: null,
      oldValue: "RESOLVED",
      newValue: "CLOSED",
      metadata: { source: "system" },
    });

    // Nothing left to do on a second run.
    await run();
    expect(await activities(ticket.id, "auto_closed")).toHaveLength(1);
  });

  it("uses each workspace's own days, and 0 means never", async () => {
    const start = startOfTest();
    const quick = await workspace(2);
    const slow = await workspace(10);
    const never = await workspace(0);
    const [q, s, n] = [await resolvedTicket(quick), await resolvedTicket(slow), await resolvedTicket(never)];

    at(start, 3);
    await run();
    expect((await ticketRow(q.id)).status).toBe("CLOSED");
    expect((await ticketRow(s.id)).status).toBe("RESOLVED");

    at(start, 10);
    await run();
    expect((await ticketRow(s.id)).status).toBe("CLOSED");

    at(start, 365);
    await run();
    expect((await ticketRow(n.id)).status).toBe("RESOLVED");
    expect(await activities(n.id, "auto_closed")).toHaveLength(0);
  });

  it("a customer reply reopens the ticket and cancels the pending auto-close", async () => {
    const start = startOfTest();
    const staff = await workspace(7);
    const ticket = await resolvedTicket(staff); // day 0
    const { contactId } = await ticketRow(ticket.id);

    at(start, 3);
    await db.$transaction((tx) =>
      addCustomerReply(tx, deps, {
        orgId: staff.org.id,
        ticketId: ticket.id,
        contactId,
        message: "Actually, it happened again.",
        via: "customer",
      }),
    );
    expect((await ticketRow(ticket.id)).status).toBe("OPEN");

    at(start, 8);
    await run();
    expect((await ticketRow(ticket.id)).status).toBe("OPEN");

    await resolve(staff, ticket.id); // resolved again on day 8
    at(start, 14);
    await run();
    expect((await ticketRow(ticket.id)).status).toBe("RESOLVED");

    at(start, 16);
    await run();
    const row = await ticketRow(ticket.id);
    expect(row.status).toBe("CLOSED");
    expect(row.autoClosedAt).toEqual(clock.now());
    expect(await activities(ticket.id, "auto_closed")).toHaveLength(1);
  });

  it("two workers racing close the ticket once, with one activity", async () => {
    const start = startOfTest();
    await run(); // closes whatever earlier tests left due, so the counts below are this test's
    const staff = await workspace(1);
    const tickets = [await resolvedTicket(staff), await resolvedTicket(staff), await resolvedTicket(staff)];

    at(start, 2);
    const runs = await Promise.all([run(), run(), run()]);
    expect(runs.reduce((n, r) => n + r.closed, 0)).toBe(3);
    for (const t of tickets) {
      expect((await ticketRow(t.id)).status).toBe("CLOSED");
      expect(await activities(t.id, "auto_closed")).toHaveLength(1);
      const closes = (await activities(t.id, "status_changed")).filter((a) => a.newValue === "CLOSED");
      expect(closes).toHaveLength(1);
    }
  });
});
