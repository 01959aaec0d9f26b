import { makeOrg, makeStaffedOrg, makeUser } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { actor, appError, useTestEnv } from "../../testing/integration.ts";
import { storeUploadedAttachments } from "../attachments/attachment.service.ts";
import { createTicket, getTicket, updateTicket } from "./ticket.service.ts";
import { getTicketByNumber, listTicketTags, searchTicketsOrNumber } from "./ticket-agent.service.ts";

const { db, deps } = await useTestEnv();

const input = (orgId: string, n: number, extra: Record<string, unknown> = {}) => ({
  orgId,
  subject: `Agent ${n}`,
  description: `Agent experience ${n}`,
  requester: { email: `agent-exp${n}@example.test` },
  ...extra,
});

describe("agent conveniences: tags, ticket numbers, new-ticket attachments", () => {
  it("lists the workspace's tags with counts, most used first, by prefix, tenant-scoped", async () => {
    const { org, agent, member } = await makeStaffedOrg(db);
    const as = actor(agent);
    await createTicket(deps, as, input(org.id, 1, { tags: ["billing", "vip"] }));
    await createTicket(deps, as, input(org.id, 2, { tags: ["billing"] }));
    const t3 = await createTicket(deps, as, input(org.id, 3, { tags: ["bug"] }));
    const other = await makeStaffedOrg(db);
    await createTicket(deps, actor(other.agent), input(other.org.id, 4, { tags: ["secret"] }));

    expect((await listTicketTags(deps, actor(member), { orgId: org.id })).items).toEqual([
      { tag: "billing", count: 2 },
      { tag: "bug", count: 1 },
      { tag: "vip", count: 1 },
    ]);
    expect((await listTicketTags(deps, as, { orgId: org.id, q: "BU" })).items).toEqual([
      { tag: "bug", count: 1 },
    ]);
    // Changes go through the update path: the timeline keeps which tags came and went.
    await updateTicket(deps, as, { orgId: org.id, ticketId: t3.id, tags: ["bug", "Urgent"] });
    const after = await getTicket(deps, as, { orgId: org.id, ticketId: t3.id });
    expect(after.activities.at(-1)).toMatchObject({
      actionType: "tags_changed",
      oldValue: ["bug"],
      newValue: ["bug", "urgent"],
    });
    const outsider = await makeUser(db, { name: "Out Sider" });
    expect((await appError(listTicketTags(deps, actor(outsider), { orgId: org.id }))).code).toBe("NOT_FOUND");
  });

  it("finds a ticket by its number in the workspace, NOT_FOUND otherwise", async () => {
    const { org, agent } = await makeStaffedOrg(db);
    const as = actor(agent);
    await createTicket(deps, as, input(org.id, 5));
    const second = await createTicket(deps, as, input(org.id, 6));
    const found = await getTicketByNumber(deps, as, { orgId: org.id, number: second.number });
    expect(found.id).toBe(second.id);
    expect((await appError(getTicketByNumber(deps, as, { orgId: org.id, number: 999 }))).code).toBe(
      "NOT_FOUND",
    );
    // Another workspace's member can't reach it by number either.
    const owner = await makeUser(db, { name: "Other Owner" });
    const elsewhere = await makeOrg(db, owner);
    expect(
      (await appError(getTicketByNumber(deps, actor(owner), { orgId: org.id, number: second.number }))).code,
    ).toBe("NOT_FOUND");
    expect(
      (await appError(getTicketByNumber(deps, actor(owner), { orgId: elsewhere.id, number: second.number })))
        .code,
    ).toBe("NOT_FOUND");
  });

  it("`#n` and `n` in the search put ticket n first", async () => {
    const { org, agent } = await makeStaffedOrg(db);
    const as = actor(agent);
    const first = await createTicket(deps, as, input(org.id, 7));
    await createTicket(deps, as, input(org.id, 8));
    for (const q of [`#${first.number}`, String(first.number)]) {
      const { items } = await searchTicketsOrNumber(deps, as, { orgId: org.id, q });
      expect(items[0]?.id).toBe(first.id);
      expect(items.filter((h) => h.id === first.id)).toHaveLength(1);
      expect(items[0]?.subject).toEqual([{ text: "Agent 7", match: false }]);
    }
    expect((await searchTicketsOrNumber(deps, as, { orgId: org.id, q: "#4242" })).items).toEqual([]);
  });

  it("a new ticket takes the agent's uploads as files of its description", async () => {
    const { org, agent, admin } = await makeStaffedOrg(db);
    const { attachments } = await storeUploadedAttachments(deps, actor(agent), org.id, [
      { fileName: "screenshot.txt", mimeType: "text/plain", body: Buffer.from("shot") },
    ]);
    const ids = attachments.map((a) => a.id);
    // Someone else's upload can't be attached.
    const err = await appError(createTicket(deps, actor(admin), input(org.id, 9, { attachmentIds: ids })));
    expect(err.code).toBe("BAD_REQUEST");
    const ticket = await createTicket(
      deps,
      actor(agent),
      input(org.id, 10, { assigneeId: admin.id, tags: ["Intake"], attachmentIds: ids }),
    );
    expect(ticket.attachments.map((a) => a.fileName)).toEqual(["screenshot.txt"]);
    expect(ticket.assignee?.id).toBe(admin.id);
    expect(ticket.tags).toEqual(["intake"]);
  });
});
