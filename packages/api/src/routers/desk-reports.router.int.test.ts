import { useTestEnv } from "@quartet/core/testing/integration";
import { makeStaffedOrg } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { appCallerFor, trpcError } from "../api.test-helpers.ts";

// The deskReports router through real sessions and Postgres (the tenancy walk covers outsiders).

const { db, deps } = await useTestEnv();
const callerFor = (user?: { id: string }) => appCallerFor(deps, user);

const today = new Date().toISOString().slice(0, 10);

describe("deskReports router", () => {
  it("agents and admins read the report; a ticket made just now counts today", async () => {
    const { org, agent, admin } = await makeStaffedOrg(db);
    const asAgent = await callerFor(agent);
    await asAgent.deskTickets.create({
      orgId: org.id,
      subject: "Printer on fire",
      description: "Really.",
      requester: { email: "pat@example.test" },
    });
    // The workspace is in UTC by default, so today's UTC date is its day too.
    const report = await asAgent.deskReports.overview({ orgId: org.id, from: today, to: today });
    expect(report.daily).toEqual([expect.objectContaining({ date: today, created: 1, resolved: 0 })]);
    expect(report.backlog.byStatus.OPEN).toBe(1);
    const asAdmin = await callerFor(admin);
    expect(
      (await asAdmin.deskReports.overview({ orgId: org.id, from: today, to: today })).totals.created,
    ).toBe(1);

    const csv = await asAgent.deskReports.exportCsv({ orgId: org.id, from: today, to: today, kind: "daily" });
    expect(csv.fileName).toBe(`desk-report-daily-${today}_${today}.csv`);
    expect(csv.csv.split("\r\n")[1]).toMatch(new RegExp(`^${today},1,0,`));
  });

  it("members are refused; bad ranges come back as BAD_REQUEST with the field to fix", async () => {
    const { org, agent, member } = await makeStaffedOrg(db);
    const refused = await trpcError(
      (await callerFor(member)).deskReports.overview({ orgId: org.id, from: today, to: today }),
    );
    expect(refused.code).toBe("FORBIDDEN");

    const asAgent = await callerFor(agent);
    const backwards = await trpcError(
      asAgent.deskReports.overview({ orgId: org.id, from: "2026-02-02", to: "2026-02-01" }),
    );
    expect(backwards.code).toBe("BAD_REQUEST");
    expect(backwards.cause).toBeInstanceOf(z.ZodError);
    expect((backwards.cause as z.ZodError).issues[0]?.path).toEqual(["to"]);

    const badKind = await trpcError(
      asAgent.deskReports.exportCsv({ orgId: org.id, from: today, to: today, kind: "pdf" as "daily" }),
    );
    expect(badKind.code).toBe("BAD_REQUEST");
    const badDate = await trpcError(
      asAgent.deskReports.overview({ orgId: org.id, from: "yesterday", to: today }),
    );
    expect((badDate.cause as z.ZodError).issues[0]?.path).toEqual(["from"]);
  });

  it("owners rebuild the stored figures and follow the progress; admins and agents are refused", async () => {
    const { org, owner, admin, agent } = await makeStaffedOrg(db);
    const input = { orgId: org.id, from: "2026-01-01", to: "2026-01-31" };
    for (const user of [admin, agent]) {
      const caller = await callerFor(user);
      expect((await trpcError(caller.deskReports.rebuild(input))).code).toBe("FORBIDDEN");
      expect((await trpcError(caller.deskReports.rebuildStatus({ orgId: org.id }))).code).toBe("FORBIDDEN");
    }
    const asOwner = await callerFor(owner);
    expect(await asOwner.deskReports.rebuildStatus({ orgId: org.id })).toBeNull();
    const started = await asOwner.deskReports.rebuild(input);
    expect(started).toMatchObject({ from: "2026-01-01", to: "2026-01-31", status: "QUEUED", daysTotal: 31 });
    expect(await asOwner.deskReports.rebuildStatus({ orgId: org.id })).toMatchObject({
      id: started.id,
      percent: 0,
    });
    const busy = await trpcError(asOwner.deskReports.rebuild(input));
    expect(busy.code).toBe("CONFLICT");
  });
});
