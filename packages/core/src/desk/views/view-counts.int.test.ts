import { makeStaffedOrg, makeUser } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { actor, appError, useTestEnv } from "../../testing/integration.ts";
import { createTeam } from "../teams/team.service.ts";
import { createTicket, updateTicket } from "../tickets/ticket.service.ts";
import { createSavedView } from "./saved-view.service.ts";
import { countTicketViews } from "./view-counts.service.ts";

const { db, deps } = await useTestEnv();

describe("view counts", () => {
  it("counts not-closed tickets for All, Mine, Unassigned and each saved view, in the caller's workspace only", async () => {
    const s = await makeStaffedOrg(db);
    const team = await createTeam(deps, actor(s.owner), { orgId: s.org.id, name: "Billing" });
    const make = (extra: Partial<Parameters<typeof createTicket>[2]> = {}) =>
      createTicket(deps, actor(s.agent), {
        orgId: s.org.id,
        subject: "Help",
        description: "x",
        requester: { email: "casey@example.test" },
        ...extra,
      });
    await make(); // unassigned
    await make({ assigneeId: s.agent.id, priority: "URGENT", tags: ["vip"] });
    await make({ assigneeId: s.agent.id, teamId: team.id });
    await make({ assigneeId: s.admin.id, priority: "URGENT" });
    const pending = await make({ teamId: team.id, tags: ["vip"] });
    await updateTicket(deps, actor(s.agent), { orgId: s.org.id, ticketId: pending.id, status: "PENDING" });
    const closed = await make({ assigneeId: s.agent.id, priority: "URGENT" });
    await updateTicket(deps, actor(s.agent), { orgId: s.org.id, ticketId: closed.id, status: "RESOLVED" });
    await updateTicket(deps, actor(s.agent), { orgId: s.org.id, ticketId: closed.id, status: "CLOSED" });
    await db.ticket.update({ where: { id: (await make()).id }, data: { deletedAt: new Date() } });
    // Another workspace's tickets never count.
    const other = await makeStaffedOrg(db);
    await createTicket(deps, actor(other.agent), {
      orgId: other.org.id,
      subject: "Elsewhere",
      description: "x",
      requester: { email: "z@example.test" },
      assigneeId: other.agent.id,
    });

    const view = (name: string, filters: Parameters<typeof createSavedView>[2]["filters"]) =>
      createSavedView(deps, actor(s.agent), { orgId: s.org.id, name, filters });
    const urgent = await view("Urgent", { priority: "URGENT" });
    const vipTeam = await view("VIP billing", { tag: "vip", teamId: team.id });
    const mineUrgent = await view("My urgent", { priority: "URGENT", assigneeId: s.agent.id });
    const noTeam = await view("No team", { teamId: null });
    const pendingView = await view("Pending", { status: "PENDING" });
    const archive = await view("Closed", { status: "CLOSED" });
    // Someone else's personal view is neither listed nor counted.
    await createSavedView(deps, actor(s.admin), { orgId: s.org.id, name: "Admin's", filters: {} });

    const counts = await countTicketViews(deps, actor(s.agent), { orgId: s.org.id });
    expect(counts).toEqual({
      all: 5,
      mine: 2,
      unassigned: 2,
      views: [
        { id: urgent.id, count: 2 },
        { id: vipTeam.id, count: 1 },
        { id: mineUrgent.id, count: 1 },
        { id: noTeam.id, count: 3 },
        { id: pendingView.id, count: 1 },
        { id: archive.id, count: null },
      ],
    });
    // Mine is the caller's.
    expect(await countTicketViews(deps, actor(s.admin), { orgId: s.org.id })).toMatchObject({
      all: 5,
      mine: 1,
    });
    expect(
      (await appError(countTicketViews(deps, actor(await makeUser(db)), { orgId: s.org.id }))).code,
    ).toBe("NOT_FOUND");
  });

  it("has the partial index the counts read (not-closed, live tickets)", async () => {
    const index = await db.$queryRaw<{ indexdef: string }[]>`
      SELECT indexdef FROM pg_indexes WHERE indexname = 'tickets_not_closed_counts_idx'`;
    expect(index[0]?.indexdef).toMatch(/\(organization_id, assignee_id, team_id, status, priority\) INCLUDE/);
    expect(index[0]?.indexdef).toMatch(/WHERE \(\(status <> 'CLOSED'.*deleted_at IS NULL/);
  });
});
