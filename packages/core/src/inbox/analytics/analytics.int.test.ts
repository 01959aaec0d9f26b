import { makeStaffedOrg } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { actor, appError, useTestEnv } from "../../testing/integration.ts";
import { makeConnection, makeConversation, makeMessage } from "../inbox-test-fixtures.ts";
import { analyticsSummary, handleAnalyticsRollup } from "./analytics.service.ts";

const { db, deps } = await useTestEnv();
const at = (iso: string) => new Date(iso);

describe("inbox analytics", () => {
  it("rolls up received, sent, new conversations and first-response time per day for the inbox, each channel and each agent", async () => {
    deps.clock.set("2026-12-05T15:00:00Z");
    const { org, agent, admin } = await makeStaffedOrg(db);
    const whatsapp = await makeConnection(db, deps.config, org.id, { platform: "WHATSAPP" });
    const sandbox = await makeConnection(db, deps.config, org.id, { platform: "SANDBOX" });

    // Yesterday: a WhatsApp thread answered by the agent after 5 minutes…
    const c1 = await makeConversation(db, whatsapp, {
      createdAt: at("2026-12-04T10:00:00Z"),
      assignedToId: agent.id,
      firstResponseAt: at("2026-12-04T10:05:00Z"),
    });
    await makeMessage(db, c1, { createdAt: at("2026-12-04T10:00:00Z") });
    await makeMessage(db, c1, {
      direction: "OUTBOUND",
      sentByUserId: agent.id,
      createdAt: at("2026-12-04T10:05:00Z"),
    });
    await makeMessage(db, c1, { createdAt: at("2026-12-04T11:00:00Z") });
    // …and a sandbox thread answered by the admin after 20 minutes, plus an echo and a failed send.
    const c2 = await makeConversation(db, sandbox, {
      createdAt: at("2026-12-04T12:00:00Z"),
      firstResponseAt: at("2026-12-04T12:20:00Z"),
    });
    await makeMessage(db, c2, { createdAt: at("2026-12-04T12:00:00Z") });
    await makeMessage(db, c2, {
      direction: "OUTBOUND",
      sentByUserId: admin.id,
      createdAt: at("2026-12-04T12:20:00Z"),
    });
    await makeMessage(db, c2, {
      direction: "OUTBOUND",
      sentByUserId: null,
      createdAt: at("2026-12-04T13:00:00Z"),
    });
    await makeMessage(db, c2, {
      direction: "OUTBOUND",
      sentByUserId: admin.id,
      status: "FAILED",
      createdAt: at("2026-12-04T13:30:00Z"),
    });
    // Today: a new sandbox thread nobody answered yet.
    const c3 = await makeConversation(db, sandbox, { createdAt: at("2026-12-05T09:00:00Z") });
    await makeMessage(db, c3, { createdAt: at("2026-12-05T09:00:00Z") });

    expect(await handleAnalyticsRollup(deps)).toEqual({ workspaces: 1 });
    const rows = await db.dailyAnalytics.findMany({ where: { organizationId: org.id } });
    const row = (day: string, scope: string) =>
      rows.find((r) => r.date.toISOString().startsWith(day) && r.scope === scope);
    expect(row("2026-12-04", "all")).toMatchObject({
      messagesReceived: 3,
      messagesSent: 3,
      conversationsNew: 2,
      avgResponseTime: 750,
      responsesCounted: 2,
    });
    expect(row("2026-12-04", "platform:WHATSAPP")).toMatchObject({
      platform: "WHATSAPP",
      messagesReceived: 2,
      messagesSent: 1,
      conversationsNew: 1,
      avgResponseTime: 300,
    });
    expect(row("2026-12-04", `agent:${agent.id}`)).toMatchObject({
      userId: agent.id,
      messagesReceived: 2,
      messagesSent: 1,
      conversationsNew: 1,
      avgResponseTime: 300,
    });
    expect(row("2026-12-04", `agent:${admin.id}`)).toMatchObject({
      messagesReceived: 0,
      messagesSent: 1,
      avgResponseTime: 1200,
    });
    expect(row("2026-12-05", "all")).toMatchObject({
      messagesReceived: 1,
      conversationsNew: 1,
      avgResponseTime: null,
    });
    // A rerun converges on the same rows.
    await handleAnalyticsRollup(deps);
    expect(await db.dailyAnalytics.count({ where: { organizationId: org.id } })).toBe(rows.length);

    // The screen: yesterday from the rollup, today live (a message just now counts at once).
    await makeMessage(db, c3, {
      direction: "OUTBOUND",
      sentByUserId: agent.id,
      createdAt: at("2026-12-05T14:00:00Z"),
    });
    await db.conversation.update({
      where: { id: c3.id },
      data: { firstResponseAt: at("2026-12-05T14:00:00Z") },
    });
    const summary = await analyticsSummary(deps, actor(agent), {
      orgId: org.id,
      from: "2026-12-03",
      to: "2026-12-05",
    });
    expect(summary.daily.map((d) => [d.date, d.received, d.sent])).toEqual([
      ["2026-12-03", 0, 0],
      ["2026-12-04", 3, 3],
      ["2026-12-05", 1, 1],
    ]);
    expect(summary.totals).toMatchObject({ received: 4, sent: 4, conversationsNew: 3, responsesCounted: 3 });
    expect(summary.totals.avgResponseTime).toBe(Math.round((300 + 1200 + 5 * 3600) / 3));
    expect(summary.byChannel.map((c) => [c.platform, c.received, c.sent])).toEqual([
      ["SANDBOX", 2, 3],
      ["WHATSAPP", 2, 1],
    ]);
    expect(summary.byAgent.find((a) => a.userId === agent.id)).toMatchObject({
      name: "Aggie Agent",
      sent: 2,
    });

    const onlyWhatsapp = await analyticsSummary(deps, actor(agent), {
      orgId: org.id,
      from: "2026-12-04",
      to: "2026-12-05",
      platform: "WHATSAPP",
    });
    expect(onlyWhatsapp.totals).toMatchObject({ received: 2, sent: 1, avgResponseTime: 300 });

    await expect(
      analyticsSummary(deps, actor(agent), { orgId: org.id, from: "2026-12-05", to: "2026-12-01" }),
    ).rejects.toThrow(/start must be before the end/);
    const outsider = await appError(
      analyticsSummary(deps, actor(admin), {
        orgId: crypto.randomUUID(),
        from: "2026-12-01",
        to: "2026-12-02",
      }),
    );
    expect(outsider.code).toBe("NOT_FOUND");
  });

  it("counts days in the workspace's time zone", async () => {
    deps.clock.set("2026-12-05T15:00:00Z");
    const { org, agent } = await makeStaffedOrg(db);
    await db.organization.update({ where: { id: org.id }, data: { timezone: "America/New_York" } });
    const connection = await makeConnection(db, deps.config, org.id);
    // 03:00 UTC on the 5th is 22:00 on the 4th in New York.
    const c = await makeConversation(db, connection, { createdAt: at("2026-12-05T03:00:00Z") });
    await makeMessage(db, c, { createdAt: at("2026-12-05T03:00:00Z") });
    await handleAnalyticsRollup(deps);
    const summary = await analyticsSummary(deps, actor(agent), {
      orgId: org.id,
      from: "2026-12-04",
      to: "2026-12-05",
    });
    expect(summary.timezone).toBe("America/New_York");
    expect(summary.daily.map((d) => [d.date, d.received])).toEqual([
      ["2026-12-04", 1],
      ["2026-12-05", 0],
    ]);
  });
});
