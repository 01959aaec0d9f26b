import { makeStaffedOrg } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { actor, appError, useTestEnv } from "../../testing/integration.ts";
import { createTicket, getTicket, updateTicket } from "./ticket.service.ts";
import { bulkUpdateTickets } from "./ticket-bulk.service.ts";

const { db, deps } = await useTestEnv();

const base = (orgId: string, n: number, tags: string[] = []) => ({
  orgId,
  subject: `Bulk ${n}`,
  description: "Bulk test",
  requester: { email: `bulk${n}@example.test` },
  tags,
});

describe("bulk ticket updates", () => {
  it("applies status, priority, assignee, team and added tags to every ticket, with one activity per change", async () => {
    const { org, agent, owner } = await makeStaffedOrg(db);
    const as = actor(agent);
    const team = await db.team.create({ data: { organizationId: org.id, name: "Tier 2" } });
    const t1 = await createTicket(deps, as, base(org.id, 1, ["vip"]));
    const t2 = await createTicket(deps, as, base(org.id, 2));
    const untouched = await createTicket(deps, as, base(org.id, 3));

    const result = await bulkUpdateTickets(deps, as, {
      orgId: org.id,
      ticketIds: [t1.id, t2.id],
      patch: {
        status: "PENDING",
        priority: "HIGH",
        assigneeId: owner.id,
        teamId: team.id,
        addTags: ["Billing"],
      },
    });
    expect(result).toEqual({ updated: 2 });
    for (const [t, tags] of [
      [t1, ["vip", "billing"]],
      [t2, ["billing"]],
    ] as const) {
      const after = await getTicket(deps, as, { orgId: org.id, ticketId: t.id });
      expect(after).toMatchObject({ status: "PENDING", priority: "HIGH", tags });
      expect(after.assignee?.id).toBe(owner.id);
      expect(after.team?.id).toBe(team.id);
      expect(after.activities.map((a) => a.actionType)).toEqual([
        "created",
        "status_changed",
        "priority_changed",
        "assigned",
        "team_changed",
        "tags_changed",
      ]);
    }
    expect((await getTicket(deps, as, { orgId: org.id, ticketId: untouched.id })).status).toBe("OPEN");
  });

  it("is all-or-nothing: one invalid transition rolls back every ticket and names the ticket", async () => {
    const { org, agent } = await makeStaffedOrg(db);
    const as = actor(agent);
    const open = await createTicket(deps, as, base(org.id, 1));
    const closed = await createTicket(deps, as, base(org.id, 2));
    await updateTicket(deps, as, { orgId: org.id, ticketId: closed.id, status: "RESOLVED" });
    await updateTicket(deps, as, { orgId: org.id, ticketId: closed.id, status: "CLOSED" });

    const err = await appError(
      bulkUpdateTickets(deps, as, {
        orgId: org.id,
        ticketIds: [open.id, closed.id],
        patch: { status: "PENDING", priority: "URGENT" },
      }),
    );
    expect(err.code).toBe("PRECONDITION_FAILED");
    expect(err.message).toBe(
      `#${closed.number}: A closed ticket can only be reopened. No ticket was changed.`,
    );
    expect(await getTicket(deps, as, { orgId: org.id, ticketId: open.id })).toMatchObject({
      status: "OPEN",
      priority: "MEDIUM",
    });
    expect(await db.ticketActivity.count({ where: { ticketId: open.id } })).toBe(1);
  });

  it("refuses tickets of another workspace, an empty patch, more than 100 tickets, and members", async () => {
    const { org, agent, member } = await makeStaffedOrg(db);
    const as = actor(agent);
    const mine = await createTicket(deps, as, base(org.id, 1));
    const other = await makeStaffedOrg(db);
    const foreign = await createTicket(deps, actor(other.agent), base(other.org.id, 2));

    const cross = await appError(
      bulkUpdateTickets(deps, as, {
        orgId: org.id,
        ticketIds: [mine.id, foreign.id],
        patch: { priority: "LOW" },
      }),
    );
    expect(cross.code).toBe("NOT_FOUND");
    expect(
      (await getTicket(deps, actor(other.agent), { orgId: other.org.id, ticketId: foreign.id })).priority,
    ).toBe("MEDIUM");
    expect((await getTicket(deps, as, { orgId: org.id, ticketId: mine.id })).priority).toBe("MEDIUM");

    await expect(
      bulkUpdateTickets(deps, as, { orgId: org.id, ticketIds: [mine.id], patch: {} }),
    ).rejects.toThrow(/Choose a change/);
    const many = Array.from({ length: 101 }, () => crypto.randomUUID());
    await expect(
      bulkUpdateTickets(deps, as, { orgId: org.id, ticketIds: many, patch: { priority: "LOW" } }),
    ).rejects.toThrow(/at most 100/);
    expect(
      (
        await appError(
          bulkUpdateTickets(deps, actor(member), {
            orgId: org.id,
            ticketIds: [mine.id],
            patch: { priority: "LOW" },
          }),
        )
      ).code,
    ).toBe("FORBIDDEN");
  });

  it("tells the new assignee once per bulk action: one in-app digest and at most one mail naming the tickets", async () => {
    const { org, agent, owner, admin } = await makeStaffedOrg(db);
    const as = actor(agent);
    const tickets = [];
    for (const i of [11, 12, 13]) tickets.push(await createTicket(deps, as, base(org.id, i)));
    const [t1, t2, t3] = tickets as [(typeof tickets)[0], (typeof tickets)[0], (typeof tickets)[0]];
    // t3 is already the owner's: the digest names only the tickets that changed hands.
    await updateTicket(deps, as, { orgId: org.id, ticketId: t3.id, assigneeId: owner.id });
    const notices = (userId: string) =>
      db.notification.findMany({ where: { userId, type: "desk.assigned" }, orderBy: { createdAt: "asc" } });
    const mails = (email: string) =>
      db.emailLog.count({ where: { recipientEmail: email, emailType: "NOTIFICATION" } });
    const before = { notices: (await notices(owner.id)).length, mails: await mails(owner.email) };
    expect(before).toEqual({ notices: 1, mails: 1 });

    await bulkUpdateTickets(deps, as, {
      orgId: org.id,
      ticketIds: [t1.id, t2.id, t3.id],
      patch: { assigneeId: owner.id, priority: "HIGH" },
    });
    const after = await notices(owner.id);
    expect(after).toHaveLength(2);
    const digest = after[1];
    expect(digest?.title).toBe("2 tickets assigned to you");
    expect(digest?.message).toContain(`#${t1.number} “Bulk 11”`);
    expect(digest?.message).toContain(`#${t2.number} “Bulk 12”`);
    expect(digest?.message).not.toContain(`#${t3.number}`);
    expect(digest?.link).toBe(`/w/${org.slug}/desk?assignee=${owner.id}`);
    expect(await mails(owner.email)).toBe(2);

    // One ticket reads like a single assignment; assigning to yourself tells nobody.
    await bulkUpdateTickets(deps, as, { orgId: org.id, ticketIds: [t1.id], patch: { assigneeId: admin.id } });
    expect((await notices(admin.id)).map((n) => n.title)).toEqual([`Ticket #${t1.number} assigned to you`]);
    await bulkUpdateTickets(deps, as, {
      orgId: org.id,
      ticketIds: [t1.id, t2.id],
      patch: { assigneeId: agent.id },
    });
    expect(await notices(agent.id)).toEqual([]);
  });
});
