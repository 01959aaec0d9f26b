import { makeStaffedOrg, makeUser } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { setNotificationPreference } from "../../notifications/notification-preference.service.ts";
import { actor, useTestEnv } from "../../testing/integration.ts";
import { addTeamMember, createTeam } from "../teams/team.service.ts";
import { addMessage, createTicket, updateTicket } from "../tickets/ticket.service.ts";
import { addCustomerReply } from "../tickets/ticket-customer.service.ts";
import { publishTicketEvent } from "../tickets/ticket-events.ts";
import { findMentions } from "./desk-notify.service.ts";

const { db, deps } = await useTestEnv();

const notes = (userId: string, type?: string) =>
  db.notification.findMany({ where: { userId, ...(type ? { type } : {}) }, orderBy: { createdAt: "asc" } });
const mails = (userId: string) => db.emailLog.findMany({ where: { userId, emailType: "NOTIFICATION" } });

async function staffed() {
  const staff = await makeStaffedOrg(db);
  // A second agent so someone other than the actor can be assigned.
  const other = await makeUser(db, { name: "Otto Other" });
  await db.membership.create({ data: { organizationId: staff.org.id, userId: other.id, role: "AGENT" } });
  return { ...staff, other };
}

const newTicket = (
  s: Awaited<ReturnType<typeof staffed>>,
  extra: { assigneeId?: string | null; teamId?: string | null } = {},
) =>
  createTicket(deps, actor(s.agent), {
    orgId: s.org.id,
    subject: "Printer on fire",
    description: "Please help",
    requester: { email: "casey@example.test" },
    ...extra,
  });

const customerReply = (orgId: string, ticket: Awaited<ReturnType<typeof newTicket>>, message: string) =>
  db.$transaction((tx) =>
    addCustomerReply(tx, deps, {
      orgId,
      ticketId: ticket.id,
      contactId: ticket.contact.id,
      message,
      via: "email",
    }),
  );

describe("desk notifications", () => {
  it("assigned: the new assignee hears about it in the app and by mail, not someone assigning themselves", async () => {
    const s = await staffed();
    const ticket = await newTicket(s);
    await updateTicket(deps, actor(s.agent), {
      orgId: s.org.id,
      ticketId: ticket.id,
      assigneeId: s.other.id,
    });
    const [n] = await notes(s.other.id, "desk.assigned");
    expect(n).toMatchObject({
      organizationId: s.org.id,
      title: `Ticket #${ticket.number} assigned to you`,
      link: `/w/${s.org.slug}/desk/${ticket.id}`,
    });
    const [mail] = await mails(s.other.id);
    expect(mail?.metadata).toMatchObject({
      title: `Ticket #${ticket.number} assigned to you`,
      link: `http://localhost:3000/w/${s.org.slug}/desk/${ticket.id}`,
    });

    // Taking a ticket yourself (on update or at creation) notifies nobody.
    await updateTicket(deps, actor(s.agent), {
      orgId: s.org.id,
      ticketId: ticket.id,
      assigneeId: s.agent.id,
    });
    await newTicket(s, { assigneeId: s.agent.id });
    expect(await notes(s.agent.id)).toEqual([]);
    // Created already assigned to someone else: they hear about it.
    await newTicket(s, { assigneeId: s.other.id });
    expect(await notes(s.other.id, "desk.assigned")).toHaveLength(2);
  });

  it("mentions in internal notes reach the named members (by name or email), not in public replies", async () => {
    const s = await staffed();
    const ticket = await newTicket(s);
    await addMessage(deps, actor(s.agent), {
      orgId: s.org.id,
      ticketId: ticket.id,
      message: `@otto other can you look? cc @${s.admin.email.toUpperCase()}. Not @Olive, and not @aggie agent (me).`,
      isInternal: true,
    });
    expect(await notes(s.other.id, "desk.mentioned")).toHaveLength(1);
    const [toAdmin] = await notes(s.admin.id, "desk.mentioned");
    expect(toAdmin?.title).toBe(`Aggie Agent mentioned you on #${ticket.number}`);
    expect(await notes(s.owner.id)).toEqual([]); // "@Olive" is not "Olive Owner"
    expect(await notes(s.agent.id)).toEqual([]); // the author

    await addMessage(deps, actor(s.agent), {
      orgId: s.org.id,
      ticketId: ticket.id,
      message: "Thanks @Mel Member!",
      isInternal: false,
    });
    expect(await notes(s.member.id)).toEqual([]);
  });

  it("customer replied: the assignee, or the team's members when nobody is assigned", async () => {
    const s = await staffed();
    const team = await createTeam(deps, actor(s.owner), { orgId: s.org.id, name: "Support" });
    for (const u of [s.agent, s.other]) {
      await addTeamMember(deps, actor(s.owner), { orgId: s.org.id, teamId: team.id, userId: u.id });
    }
    const assigned = await newTicket(s, { assigneeId: s.other.id, teamId: team.id });
    await customerReply(s.org.id, assigned, "Any news?");
    expect(await notes(s.other.id, "desk.customer_replied")).toHaveLength(1);
    expect(await notes(s.agent.id, "desk.customer_replied")).toHaveLength(0);

    const unassigned = await newTicket(s, { teamId: team.id });
    await customerReply(s.org.id, unassigned, "Hello?");
    const [toAgent] = await notes(s.agent.id, "desk.customer_replied");
    expect(toAgent?.message).toContain("Hello?");
    expect(await notes(s.other.id, "desk.customer_replied")).toHaveLength(2);
    expect(await notes(s.owner.id)).toEqual([]);
  });

  it("SLA warning/breach: the assignee, else the team's leads and supervisors, else owners and admins", async () => {
    const s = await staffed();
    const team = await createTeam(deps, actor(s.owner), { orgId: s.org.id, name: "Escalations" });
    await addTeamMember(deps, actor(s.owner), { orgId: s.org.id, teamId: team.id, userId: s.agent.id });
    await addTeamMember(deps, actor(s.owner), {
      orgId: s.org.id,
      teamId: team.id,
      userId: s.other.id,
      role: "LEAD",
    });
    const publish = (ticketId: string, type: "ticket.sla_warning" | "ticket.sla_breached") =>
      db.$transaction((tx) =>
        publishTicketEvent(tx, deps, {
          type,
          orgId: s.org.id,
          ticketId,
          actorUserId: null,
          source: "system",
          depth: 0,
          at: deps.clock.now(),
        }),
      );

    const mine = await newTicket(s, { assigneeId: s.agent.id, teamId: team.id });
    await publish(mine.id, "ticket.sla_warning");
    expect(await notes(s.agent.id, "desk.sla_warning")).toHaveLength(1);
    expect(await notes(s.other.id, "desk.sla_warning")).toHaveLength(0);

    const teams = await newTicket(s, { teamId: team.id });
    await publish(teams.id, "ticket.sla_breached");
    expect(await notes(s.other.id, "desk.sla_breached")).toHaveLength(1); // the lead
    expect(await notes(s.agent.id, "desk.sla_breached")).toHaveLength(0); // a plain team agent
    expect(await notes(s.owner.id, "desk.sla_breached")).toHaveLength(0);

    const nobodys = await newTicket(s);
    await publish(nobodys.id, "ticket.sla_breached");
    expect(await notes(s.owner.id, "desk.sla_breached")).toHaveLength(1);
    expect(await notes(s.admin.id, "desk.sla_breached")).toHaveLength(1);
    expect(await notes(s.member.id)).toEqual([]);
  });

  it("follows preferences: email off → no mail, in-app off → no notification", async () => {
    const s = await staffed();
    await setNotificationPreference(deps, actor(s.other), { type: "desk.assigned", email: false });
    const a = await newTicket(s);
    await updateTicket(deps, actor(s.agent), { orgId: s.org.id, ticketId: a.id, assigneeId: s.other.id });
    expect(await notes(s.other.id, "desk.assigned")).toHaveLength(1);
    expect(await mails(s.other.id)).toEqual([]);

    await setNotificationPreference(deps, actor(s.other), { type: "desk.customer_replied", inApp: false });
    await customerReply(s.org.id, a, "Ping");
    expect(await notes(s.other.id, "desk.customer_replied")).toEqual([]);
    const replyMails = await mails(s.other.id);
    expect(replyMails).toHaveLength(1);
    expect(replyMails[0]?.subject).toBe(`New reply on #${a.number}`);

    // Both off: silence (the other types keep their defaults).
    await setNotificationPreference(deps, actor(s.other), { type: "desk.customer_replied", email: false });
    await customerReply(s.org.id, a, "Ping again");
    expect(await mails(s.other.id)).toHaveLength(1);
  });
});

describe("findMentions", () => {
  const members = [
    { id: "al", name: "Al", email: "al@x.test" },
    { id: "als", name: "Al Smith", email: "smith@x.test" },
    { id: "bo", name: null, email: "bo@x.test" },
  ];
  it("matches whole names and emails case-insensitively, preferring the longest name at one @", () => {
    expect(findMentions("ping @al smith", members)).toEqual(["als"]);
    expect(findMentions("ping @AL, and @Bo@X.test.", members).sort()).toEqual(["al", "bo"]);
    expect(findMentions("@alice and mail@al@x.test", members)).toEqual([]);
    expect(findMentions("no mentions here", members)).toEqual([]);
  });
});
