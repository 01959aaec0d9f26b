import { makeStaffedOrg } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { actor, appError, useTestEnv } from "../../testing/integration.ts";
import { insertEmailReference } from "./ticket.repository.ts";
import { addMessage, createTicket, getTicket } from "./ticket.service.ts";
import { mergeTickets } from "./ticket-merge.service.ts";

const { db, deps } = await useTestEnv();

const base = (orgId: string, subject: string, tags: string[] = []) => ({
  orgId,
  subject,
  description: `${subject} — description`,
  requester: { email: "dup@example.test" },
  tags,
});

describe("merging tickets", () => {
  it("moves the conversation, history, attachments and mail references to the survivor and closes the source", async () => {
    const { org, agent } = await makeStaffedOrg(db);
    const as = actor(agent);
    const target = await createTicket(deps, as, base(org.id, "Login broken", ["login"]));
    const source = await createTicket(deps, as, base(org.id, "Cannot log in", ["vip", "login"]));
    const reply = await addMessage(deps, as, {
      orgId: org.id,
      ticketId: source.id,
      message: "Looking into it",
    });
    await addMessage(deps, as, {
      orgId: org.id,
      ticketId: source.id,
      message: "Internal: dup",
      isInternal: true,
    });
    await db.deskAttachment.create({
      data: {
        organizationId: org.id,
        ticketId: source.id,
        messageId: reply.id,
        storageKey: `desk/${org.id}/merge-test`,
        fileName: "log.txt",
        mimeType: "text/plain",
        sizeBytes: 3,
      },
    });
    await db.$transaction((tx) =>
      insertEmailReference(tx, {
        orgId: org.id,
        ticketId: source.id,
        messageId: "<abc@mail.test>",
        direction: "INBOUND",
        now: new Date(),
      }),
    );

    const survivor = await mergeTickets(deps, as, {
      orgId: org.id,
      sourceId: source.id,
      targetId: target.id,
    });
    expect(survivor.id).toBe(target.id);
    expect(survivor.tags).toEqual(["login", "vip"]);
    expect(survivor.messages.map((m) => m.message)).toEqual(["Looking into it", "Internal: dup"]);
    expect(survivor.messages[0]?.attachments.map((a) => a.fileName)).toEqual(["log.txt"]);
    const survivorActivities = survivor.activities.map((a) => a.actionType);
    // The source's history came along (its "created" and the replies), then the merge itself.
    expect(survivorActivities.filter((t) => t === "created")).toHaveLength(2);
    expect(survivorActivities.at(-1)).toBe("merged_from");
    expect(survivor.activities.at(-1)?.newValue).toMatchObject({
      ticketId: source.id,
      number: source.number,
    });
    expect(
      await db.ticketEmailReference.findFirst({ where: { messageId: "<abc@mail.test>" } }),
    ).toMatchObject({
      ticketId: target.id,
    });
    expect(await db.deskAttachment.count({ where: { ticketId: target.id } })).toBe(1);

    const merged = await getTicket(deps, as, { orgId: org.id, ticketId: source.id });
    expect(merged).toMatchObject({ status: "CLOSED", mergedIntoId: target.id });
    expect(merged.mergedInto).toMatchObject({ id: target.id, number: target.number });
    expect(merged.messages).toEqual([]);
    expect(merged.activities.map((a) => a.actionType)).toEqual(["merged_into"]);
    expect(merged.closedAt).not.toBeNull();
  });

  it("refuses self, an already merged source, a merged target, another workspace's ticket and members", async () => {
    const { org, agent, member } = await makeStaffedOrg(db);
    const as = actor(agent);
    const a = await createTicket(deps, as, base(org.id, "A"));
    const b = await createTicket(deps, as, base(org.id, "B"));
    const c = await createTicket(deps, as, base(org.id, "C"));

    await expect(mergeTickets(deps, as, { orgId: org.id, sourceId: a.id, targetId: a.id })).rejects.toThrow(
      /can't be merged into itself/,
    );
    expect(
      (await appError(mergeTickets(deps, actor(member), { orgId: org.id, sourceId: a.id, targetId: b.id })))
        .code,
    ).toBe("FORBIDDEN");

    await mergeTickets(deps, as, { orgId: org.id, sourceId: a.id, targetId: b.id });
    const again = await appError(mergeTickets(deps, as, { orgId: org.id, sourceId: a.id, targetId: c.id }));
    expect(again.code).toBe("PRECONDITION_FAILED");
    expect(again.message).toMatch(new RegExp(`#${a.number} was already merged`));
    const intoMerged = await appError(
      mergeTickets(deps, as, { orgId: org.id, sourceId: c.id, targetId: a.id }),
    );
    expect(intoMerged.code).toBe("PRECONDITION_FAILED");
    expect(intoMerged.fieldErrors).toHaveProperty("targetId");

    const other = await makeStaffedOrg(db);
    const foreign = await createTicket(deps, actor(other.agent), base(other.org.id, "Foreign"));
    const cross = await appError(
      mergeTickets(deps, as, { orgId: org.id, sourceId: c.id, targetId: foreign.id }),
    );
    expect(cross.code).toBe("NOT_FOUND");
    expect((await getTicket(deps, as, { orgId: org.id, ticketId: c.id })).mergedIntoId).toBeNull();
  });

  it("two merges of the same pair in opposite directions at once: exactly one wins (no deadlock)", async () => {
    const { org, agent } = await makeStaffedOrg(db);
    const as = actor(agent);
    const a = await createTicket(deps, as, base(org.id, "A"));
    const b = await createTicket(deps, as, base(org.id, "B"));
    // Two merges of the same pair in opposite directions, at once: one wins, the other is refused.
    const results = await Promise.allSettled([
      mergeTickets(deps, as, { orgId: org.id, sourceId: a.id, targetId: b.id }),
      mergeTickets(deps, as, { orgId: org.id, sourceId: b.id, targetId: a.id }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const merged = await db.ticket.count({ where: { organizationId: org.id, mergedIntoId: { not: null } } });
    expect(merged).toBe(1);
  });
});
