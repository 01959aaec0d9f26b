import { makeStaffedOrg, makeUser } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { actor, appError, useTestEnv } from "../../testing/integration.ts";
import { getPortalTicket } from "../help-center/help-center.service.ts";
import { addMessage, createTicket, getTicket, updateTicket } from "./ticket.service.ts";
import { ticketAccessToken } from "./ticket-access.ts";
import { getTicketViaApi } from "./ticket-api.service.ts";
import { addTicketNote, deleteTicketNote, editTicketNote, listTicketNotes } from "./ticket-note.service.ts";

const { db, deps } = await useTestEnv();

/** A staffed workspace with a second agent and one ticket a customer asked by mail. */
async function deskWithTicket() {
  const cast = await makeStaffedOrg(db);
  const agent2 = await makeUser(db, { name: "Second Agent" });
  await db.membership.create({ data: { organizationId: cast.org.id, userId: agent2.id, role: "AGENT" } });
  const ticket = await createTicket(deps, actor(cast.agent), {
    orgId: cast.org.id,
    subject: "Refund please",
    description: "Order 1001.",
    requester: { email: `notes-${cast.org.slug}@example.test` },
  });
  return { ...cast, agent2, orgId: cast.org.id, ticket };
}

describe("ticket notes", () => {
  it("agents add notes; the author edits and deletes their own; others can't; admins may delete any", async () => {
    const { orgId, ticket, agent, agent2, admin, owner, member } = await deskWithTicket();
    const ids = { orgId, ticketId: ticket.id };

    const first = await addTicketNote(deps, actor(agent), {
      ...ids,
      message: "  VIP: call before closing.  ",
    });
    expect(first).toMatchObject({
      message: "VIP: call before closing.",
      editedAt: null,
      agent: { id: agent.id, name: agent.name },
      canEdit: true,
      canDelete: true,
    });
    deps.clock.advance(1000);
    const second = await addTicketNote(deps, actor(agent2), {
      ...ids,
      message: "Refund approved by finance.",
    });

    // Newest first, with what each reader may do.
    const asAgent = await listTicketNotes(deps, actor(agent), ids);
    expect(asAgent.map((n) => [n.message, n.canEdit, n.canDelete])).toEqual([
      ["Refund approved by finance.", false, false],
      ["VIP: call before closing.", true, true],
    ]);
    const asAdmin = await listTicketNotes(deps, actor(admin), ids);
    expect(asAdmin.map((n) => [n.canEdit, n.canDelete])).toEqual([
      [false, true],
      [false, true],
    ]);
    // Members read the ticket, so its notes too, but can't write.
    const asMember = await listTicketNotes(deps, actor(member), ids);
    expect(asMember.map((n) => [n.canEdit, n.canDelete])).toEqual([
      [false, false],
      [false, false],
    ]);
    expect((await appError(addTicketNote(deps, actor(member), { ...ids, message: "hi" }))).code).toBe(
      "FORBIDDEN",
    );

    // Edit own only: another agent, an admin and the owner are refused.
    deps.clock.advance(1000);
    const edited = await editTicketNote(deps, actor(agent), {
      orgId,
      noteId: first.id,
      message: "VIP: call before closing (mobile).",
    });
    expect(edited).toMatchObject({
      message: "VIP: call before closing (mobile).",
      editedAt: deps.clock.now(),
    });
    for (const who of [agent2, admin, owner]) {
      const err = await appError(
        editTicketNote(deps, actor(who), { orgId, noteId: first.id, message: "Hijack" }),
      );
      expect(err.code).toBe("FORBIDDEN");
    }
    expect((await appError(deleteTicketNote(deps, actor(agent2), { orgId, noteId: first.id }))).code).toBe(
      "FORBIDDEN",
    );
    expect((await db.ticketNote.findUniqueOrThrow({ where: { id: first.id } })).message).toBe(
      "VIP: call before closing (mobile).",
    );
    const empty = await editTicketNote(deps, actor(agent), { orgId, noteId: first.id, message: "  " }).then(
      () => null,
      (e: { issues: { message: string }[] }) => e.issues[0]?.message,
    );
    expect(empty).toBe("Write the note first.");

    // Delete: the author their own, an admin anyone's.
    await deleteTicketNote(deps, actor(agent), { orgId, noteId: first.id });
    await deleteTicketNote(deps, actor(admin), { orgId, noteId: second.id });
    expect(await listTicketNotes(deps, actor(agent), ids)).toEqual([]);
    expect((await appError(deleteTicketNote(deps, actor(agent), { orgId, noteId: first.id }))).code).toBe(
      "NOT_FOUND",
    );

    // An author who is no longer an agent can't edit their note any more.
    const mine = await addTicketNote(deps, actor(agent2), { ...ids, message: "Temporary" });
    await db.membership.updateMany({
      where: { organizationId: orgId, userId: agent2.id },
      data: { role: "MEMBER" },
    });
    expect(
      (await appError(editTicketNote(deps, actor(agent2), { orgId, noteId: mine.id, message: "x" }))).code,
    ).toBe("FORBIDDEN");
  });

  it("another workspace's tickets and notes are NOT_FOUND", async () => {
    const mine = await deskWithTicket();
    const theirs = await deskWithTicket();
    const note = await addTicketNote(deps, actor(theirs.agent), {
      orgId: theirs.orgId,
      ticketId: theirs.ticket.id,
      message: "Their secret",
    });
    const attempts = [
      () => listTicketNotes(deps, actor(mine.agent), { orgId: mine.orgId, ticketId: theirs.ticket.id }),
      () =>
        addTicketNote(deps, actor(mine.agent), {
          orgId: mine.orgId,
          ticketId: theirs.ticket.id,
          message: "x",
        }),
      () => editTicketNote(deps, actor(mine.admin), { orgId: mine.orgId, noteId: note.id, message: "x" }),
      () => deleteTicketNote(deps, actor(mine.admin), { orgId: mine.orgId, noteId: note.id }),
      () => listTicketNotes(deps, actor(mine.agent), { orgId: theirs.orgId, ticketId: theirs.ticket.id }),
      () => deleteTicketNote(deps, actor(mine.owner), { orgId: theirs.orgId, noteId: note.id }),
    ];
    for (const attempt of attempts) expect((await appError(attempt())).code).toBe("NOT_FOUND");
    expect(await db.ticketNote.count({ where: { id: note.id } })).toBe(1);
  });

  it("notes are not messages and never reach the customer: no portal, no mail, no API, no event", async () => {
    const { org, orgId, ticket, agent } = await deskWithTicket();
    const secret = `note-secret-${org.slug}`;
    const jobsBefore = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pgboss.job`;
    const activitiesBefore = await db.ticketActivity.count({ where: { ticketId: ticket.id } });

    const note = await addTicketNote(deps, actor(agent), { orgId, ticketId: ticket.id, message: secret });
    await editTicketNote(deps, actor(agent), { orgId, noteId: note.id, message: `${secret} (edited)` });

    // Nothing was queued (no mail, no notification, no automation) and the thread is untouched.
    const jobsAfter = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pgboss.job`;
    expect(jobsAfter[0]?.n).toBe(jobsBefore[0]?.n);
    expect(await db.ticketActivity.count({ where: { ticketId: ticket.id } })).toBe(activitiesBefore);
    const detail = await getTicket(deps, actor(agent), { orgId, ticketId: ticket.id });
    expect(detail.messages).toEqual([]);
    expect(JSON.stringify(detail)).not.toContain(secret);

    // The conversation goes on: a reply and a resolution mail the customer, without the note.
    await addMessage(deps, actor(agent), { orgId, ticketId: ticket.id, message: "Refund sent." });
    await updateTicket(deps, actor(agent), { orgId, ticketId: ticket.id, status: "RESOLVED" });
    const logs = await db.emailLog.findMany({ where: { recipientEmail: `notes-${org.slug}@example.test` } });
    expect(logs.length).toBeGreaterThan(0);
    expect(JSON.stringify(logs)).not.toContain(secret);
    const leaked = await db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pgboss.job WHERE data::text LIKE ${`%${secret}%`}`;
    expect(leaked[0]?.n).toBe(0);

    // The customer's portal page and the tickets API.
    const portal = await getPortalTicket(deps, {
      slug: org.slug,
      ticketId: ticket.id,
      token: ticketAccessToken(deps.config, ticket.id),
    });
    expect(portal.messages.map((m) => m.body)).toEqual(["Refund sent."]);
    expect(JSON.stringify(portal)).not.toContain(secret);
    expect(JSON.stringify(await getTicketViaApi(deps, orgId, String(ticket.number)))).not.toContain(secret);
    expect(await listTicketNotes(deps, actor(agent), { orgId, ticketId: ticket.id })).toHaveLength(1);
  });
});
