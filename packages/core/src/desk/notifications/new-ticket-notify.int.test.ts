import { makeStaffedOrg, makeUser } from "@quartet/db/testing/factories";
import { deskNewTicketNotifyJob } from "@quartet/jobs/definitions";
import { describe, expect, it } from "vitest";
import type { NewTicketScope } from "../../notifications/notification-preference.schema.ts";
import {
  listNotificationPreferences,
  setNotificationPreference,
} from "../../notifications/notification-preference.service.ts";
import { actor, useTestEnv } from "../../testing/integration.ts";
import { addTeamMember, createTeam } from "../teams/team.service.ts";
import { createTicket } from "../tickets/ticket.service.ts";
import { createCustomerTicket } from "../tickets/ticket-customer.service.ts";
import { handleNewTicketNotify } from "./new-ticket-notify.handler.ts";

const { db, deps, boss } = await useTestEnv();

const newTicketNotes = (userId: string) =>
  db.notification.findMany({ where: { userId, type: "desk.new_ticket" }, orderBy: { createdAt: "asc" } });

/** Runs the queued desk.new-ticket-notify jobs (as the worker would) and returns their payloads. */
async function drain() {
  const jobs = await boss.fetch<{ orgId: string; ticketId: string }>(deskNewTicketNotifyJob.name, {
    batchSize: 100,
  });
  for (const job of jobs) {
    await handleNewTicketNotify(deps, deskNewTicketNotifyJob.schema.parse(job.data));
    await boss.complete(deskNewTicketNotifyJob.name, job.id);
  }
  return jobs.map((j) => j.data);
}

async function workspace() {
  const s = await makeStaffedOrg(db);
  const agents = {
    all: await makeUser(db, { name: "All Agent" }),
    unassigned: await makeUser(db, { name: "Unassigned Agent" }),
    teams: await makeUser(db, { name: "Team Agent" }),
    off: await makeUser(db, { name: "Off Agent" }),
  };
  for (const u of Object.values(agents))
    await db.membership.create({ data: { organizationId: s.org.id, userId: u.id, role: "AGENT" } });
  const team = await createTeam(deps, actor(s.owner), { orgId: s.org.id, name: `Billing ${s.org.slug}` });
  await addTeamMember(deps, actor(s.owner), { orgId: s.org.id, teamId: team.id, userId: agents.teams.id });
  const scopes: [keyof typeof agents, NewTicketScope][] = [
    ["all", "all"],
    ["unassigned", "unassigned"],
    ["teams", "my_teams"],
  ];
  for (const [who, scope] of scopes)
    await setNotificationPreference(deps, actor(agents[who]), {
      type: "desk.new_ticket",
      scope,
      email: false,
    });
  return { ...s, agents, team };
}

describe("new-ticket notifications", () => {
  it("the preference defaults to off, takes a scope and refuses one on other types", async () => {
    const user = await makeUser(db);
    const row = (await listNotificationPreferences(deps, actor(user))).find(
      (p) => p.type === "desk.new_ticket",
    );
    expect(row).toMatchObject({ scope: "off", inApp: true, email: true });
    const others = (await listNotificationPreferences(deps, actor(user))).filter(
      (p) => p.type !== "desk.new_ticket",
    );
    expect(others.every((p) => p.scope === null)).toBe(true);
    expect(
      await setNotificationPreference(deps, actor(user), { type: "desk.new_ticket", scope: "unassigned" }),
    ).toMatchObject({
      scope: "unassigned",
      inApp: true,
      email: true,
    });
    await expect(
      setNotificationPreference(deps, actor(user), { type: "desk.assigned", scope: "all" }),
    ).rejects.toThrow(/no scope/);
    await expect(
      setNotificationPreference(deps, actor(user), { type: "desk.new_ticket", scope: "mine" as never }),
    ).rejects.toThrow();
  });

  it("each scope hears about the tickets it asked for, through a job, never the creator", async () => {
    const w = await workspace();
    // Unassigned, no team (a customer's mail): all + unassigned.
    const mailed = await db.$transaction((tx) =>
      createCustomerTicket(tx, deps, {
        orgId: w.org.id,
        requester: { email: "casey@example.test", name: "Casey" },
        subject: "Printer on fire",
        description: "Please help",
        channel: "EMAIL",
      }),
    );
    // Nothing is sent inline: the job does it.
    expect(await newTicketNotes(w.agents.all.id)).toEqual([]);
    expect(await drain()).toEqual([{ orgId: w.org.id, ticketId: mailed.ticketId }]);
    const [n] = await newTicketNotes(w.agents.all.id);
    expect(n).toMatchObject({
      organizationId: w.org.id,
      title: `New ticket #${mailed.number}: Printer on fire`,
      link: `/w/${w.org.slug}/desk/${mailed.ticketId}`,
    });
    expect(n?.message).toContain("Casey opened");
    expect(await newTicketNotes(w.agents.unassigned.id)).toHaveLength(1);
    expect(await newTicketNotes(w.agents.teams.id)).toHaveLength(0);
    expect(await newTicketNotes(w.agents.off.id)).toHaveLength(0);
    // Email off by their choice: no mail.
    expect(await db.emailLog.count({ where: { userId: w.agents.all.id } })).toBe(0);

    // In the team, assigned to another agent, created by the "all" agent: team + nobody else.
    await createTicket(deps, actor(w.agents.all), {
      orgId: w.org.id,
      subject: "Invoice",
      description: "Wrong total",
      requester: { email: "dana@example.test" },
      teamId: w.team.id,
      assigneeId: w.agent.id,
    });
    await drain();
    expect(await newTicketNotes(w.agents.all.id)).toHaveLength(1); // their own ticket: no notice
    expect(await newTicketNotes(w.agents.unassigned.id)).toHaveLength(1); // assigned: not for them
    expect(await newTicketNotes(w.agents.teams.id)).toHaveLength(1);
    expect(await newTicketNotes(w.agent.id)).toHaveLength(0); // the assignee got "assigned" instead

    // A retried job notifies nobody twice; a disabled member hears nothing.
    await handleNewTicketNotify(deps, { orgId: w.org.id, ticketId: mailed.ticketId });
    expect(await newTicketNotes(w.agents.all.id)).toHaveLength(1);
    await db.membership.updateMany({ where: { userId: w.agents.all.id }, data: { disabled: true } });
    await createTicket(deps, actor(w.agent), {
      orgId: w.org.id,
      subject: "Third",
      description: "x",
      requester: { email: "erin@example.test" },
    });
    await drain();
    expect(await newTicketNotes(w.agents.all.id)).toHaveLength(1);
    expect(await newTicketNotes(w.agents.unassigned.id)).toHaveLength(2);
  });

  it("mails per the channels, and stays inside the workspace", async () => {
    const w = await workspace();
    await setNotificationPreference(deps, actor(w.agents.all), {
      type: "desk.new_ticket",
      email: true,
      inApp: false,
    });
    // Another workspace where the same "all" agent is no member: its tickets never reach them.
    const elsewhere = await makeStaffedOrg(db);
    await createTicket(deps, actor(elsewhere.agent), {
      orgId: elsewhere.org.id,
      subject: "Elsewhere",
      description: "x",
      requester: { email: "zed@example.test" },
    });
    await createTicket(deps, actor(w.agent), {
      orgId: w.org.id,
      subject: "Here",
      description: "x",
      requester: { email: "yan@example.test" },
    });
    await drain();
    expect(await newTicketNotes(w.agents.all.id)).toEqual([]);
    const mails = await db.emailLog.findMany({
      where: { userId: w.agents.all.id, emailType: "NOTIFICATION" },
    });
    expect(mails.map((m) => (m.metadata as { title: string }).title)).toEqual([
      expect.stringContaining("Here"),
    ]);
  });

  it("queues no job when nobody in the workspace wants new-ticket notices", async () => {
    const s = await makeStaffedOrg(db);
    await drain();
    await createTicket(deps, actor(s.agent), {
      orgId: s.org.id,
      subject: "Quiet",
      description: "x",
      requester: { email: "quiet@example.test" },
    });
    expect(await drain()).toEqual([]);
  });
});
