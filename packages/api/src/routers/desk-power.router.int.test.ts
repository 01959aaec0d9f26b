import { useTestEnv } from "@quartet/core/testing/integration";
import { makeStaffedOrg } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { appCallerFor, trpcError } from "../api.test-helpers.ts";

// deskTickets.merge / bulkUpdate, deskViews and deskFields through the real router and sessions.

const { db, deps } = await useTestEnv();
const callerFor = (user: { id: string }) => appCallerFor(deps, user);

const ticket = (orgId: string, subject: string) => ({
  orgId,
  subject,
  description: "Power features",
  requester: { email: "power@example.test" },
});

describe("desk power features over tRPC", () => {
  it("custom fields: admins define, agents fill; a wrong value comes back as a field error", async () => {
    const { org, admin, agent } = await makeStaffedOrg(db);
    const asAdmin = await callerFor(admin);
    const asAgent = await callerFor(agent);
    await asAdmin.deskFields.create({ orgId: org.id, key: "seats", label: "Seats", type: "NUMBER" });
    expect(
      (await trpcError(asAgent.deskFields.create({ orgId: org.id, key: "x", label: "X", type: "TEXT" })))
        .code,
    ).toBe("FORBIDDEN");
    expect((await asAgent.deskFields.list({ orgId: org.id })).map((f) => f.key)).toEqual(["seats"]);

    const err = await trpcError(
      asAgent.deskTickets.create({ ...ticket(org.id, "A"), customFields: { seats: "lots" } }),
    );
    expect(err.code).toBe("BAD_REQUEST");
    expect((err.cause as { fieldErrors?: object }).fieldErrors).toEqual({
      "customFields.seats": "Enter a number.",
    });
    const ok = await asAgent.deskTickets.create({ ...ticket(org.id, "A"), customFields: { seats: "3" } });
    expect(ok.customFields).toEqual({ seats: 3 });
  });

  it("bulk update and merge, then a saved view lists the survivor", async () => {
    const { org, agent } = await makeStaffedOrg(db);
    const as = await callerFor(agent);
    const a = await as.deskTickets.create(ticket(org.id, "A"));
    const b = await as.deskTickets.create(ticket(org.id, "B"));
    expect(
      await as.deskTickets.bulkUpdate({
        orgId: org.id,
        ticketIds: [a.id, b.id],
        patch: { priority: "URGENT", addTags: ["outage"] },
      }),
    ).toEqual({ updated: 2 });
    const survivor = await as.deskTickets.merge({ orgId: org.id, sourceId: b.id, targetId: a.id });
    expect(survivor.id).toBe(a.id);

    const view = await as.deskViews.create({
      orgId: org.id,
      name: "Outages",
      filters: { tag: "outage", status: "OPEN" },
      sort: "priority",
    });
    const listed = await as.deskTickets.list({ orgId: org.id, ...view.filters, sort: view.sort });
    expect(listed.items.map((t) => t.id)).toEqual([a.id]);
    expect((await as.deskViews.list({ orgId: org.id })).map((v) => v.name)).toEqual(["Outages"]);
    await as.deskViews.delete({ orgId: org.id, viewId: view.id });
    expect(await as.deskViews.list({ orgId: org.id })).toEqual([]);
  });
});
