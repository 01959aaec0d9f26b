import { makeStaffedOrg } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { createTestClock } from "../../testing/deps.ts";
import { actor, appError, useTestEnv } from "../../testing/integration.ts";
import { addMessage, createTicket, updateTicket } from "../tickets/ticket.service.ts";
import {
  createSlaPolicy,
  deleteSlaPolicy,
  getSlaPolicy,
  listSlaPolicies,
  updateSlaPolicy,
} from "./sla-policy.service.ts";

const clock = createTestClock("2026-11-25T09:00:00Z"); // Wed 10:00 in Paris
const { db, deps } = await useTestEnv({ clock });

const desk = () => makeStaffedOrg(db);

const nineToFive = [{ start: "09:00", end: "17:00" }];
const parisHours = {
  timezone: "Europe/Paris",
  weekly: { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive },
  holidays: ["2026-12-25"],
};
const targets = {
  LOW: { firstResponse: 480, resolution: 2400 },
  MEDIUM: { firstResponse: 240, resolution: 960 },
  HIGH: { firstResponse: 60, resolution: 480 },
  URGENT: { firstResponse: 15, resolution: 120 },
};
const policy = (orgId: string, name: string, extra: Record<string, unknown> = {}) => ({
  orgId,
  name,
  targets,
  businessHours: parisHours,
  ...extra,
});

describe("SLA policies", () => {
  it("keeps exactly one default per workspace", async () => {
    const { org, admin } = await desk();
    const first = await createSlaPolicy(deps, actor(admin), policy(org.id, "Standard", { isDefault: true }));
    expect(first.isDefault).toBe(true);
    const second = await createSlaPolicy(deps, actor(admin), policy(org.id, "VIP", { isDefault: true }));
    expect(second.isDefault).toBe(true);
    expect((await getSlaPolicy(deps, actor(admin), { orgId: org.id, policyId: first.id })).isDefault).toBe(
      false,
    );

    const third = await createSlaPolicy(
      deps,
      actor(admin),
      policy(org.id, "Night", { businessHoursOnly: false }),
    );
    expect(third.isDefault).toBe(false);
    // Two admins make different policies the default at the same moment: one default remains.
    await Promise.all([
      updateSlaPolicy(deps, actor(admin), { orgId: org.id, policyId: first.id, isDefault: true }),
      updateSlaPolicy(deps, actor(admin), { orgId: org.id, policyId: third.id, isDefault: true }),
    ]);
    const list = await listSlaPolicies(deps, actor(admin), { orgId: org.id });
    expect(list.filter((p) => p.isDefault)).toHaveLength(1);
    expect(list[0]?.isDefault).toBe(true);
    expect(list[0]?.targets.HIGH).toEqual({ firstResponse: 60, resolution: 480 });

    const defaultId = list[0]?.id as string;
    const err = await appError(deleteSlaPolicy(deps, actor(admin), { orgId: org.id, policyId: defaultId }));
    expect(err.reason).toBe("DEFAULT_SLA_POLICY");
    const other = list.find((p) => !p.isDefault) as { id: string };
    await deleteSlaPolicy(deps, actor(admin), { orgId: org.id, policyId: other.id });
    expect(await listSlaPolicies(deps, actor(admin), { orgId: org.id })).toHaveLength(2);
  });

  it("lets members read and only admins manage; outsiders get NOT_FOUND", async () => {
    const { org, admin, agent, member } = await desk();
    const p = await createSlaPolicy(deps, actor(admin), policy(org.id, "Standard"));
    expect(await listSlaPolicies(deps, actor(member), { orgId: org.id })).toHaveLength(1);
    expect((await appError(createSlaPolicy(deps, actor(agent), policy(org.id, "X")))).code).toBe("FORBIDDEN");
    expect(
      (await appError(updateSlaPolicy(deps, actor(agent), { orgId: org.id, policyId: p.id, name: "Y" })))
        .code,
    ).toBe("FORBIDDEN");
    const outsider = await desk();
    expect(
      (await appError(getSlaPolicy(deps, actor(outsider.admin), { orgId: org.id, policyId: p.id }))).code,
    ).toBe("NOT_FOUND");
    expect(
      (await appError(getSlaPolicy(deps, actor(outsider.admin), { orgId: outsider.org.id, policyId: p.id })))
        .code,
    ).toBe("NOT_FOUND");
  });

  it("validates business hours", async () => {
    const { org, admin } = await desk();
    await expect(
      createSlaPolicy(deps, actor(admin), { orgId: org.id, name: "No hours", targets }),
    ).rejects.toThrow(/business hours/);
    await expect(
      createSlaPolicy(
        deps,
        actor(admin),
        policy(org.id, "Bad tz", { businessHours: { ...parisHours, timezone: "Mars/Olympus" } }),
      ),
    ).rejects.toThrow(/time zone/);
    await expect(
      createSlaPolicy(
        deps,
        actor(admin),
        policy(org.id, "Overlap", {
          businessHours: {
            ...parisHours,
            weekly: {
              mon: [
                { start: "09:00", end: "12:00" },
                { start: "11:00", end: "13:00" },
              ],
            },
          },
        }),
      ),
    ).rejects.toThrow(/overlap/);
  });
});

describe("applySla through the ticket lifecycle", () => {
  it("keeps slaDueAt current: created, paused while pending, first response, priority", async () => {
    clock.set("2026-11-25T09:00:00Z"); // Wed 10:00 Paris
    const { org, admin, agent } = await desk();
    const p = await createSlaPolicy(deps, actor(admin), policy(org.id, "Standard", { isDefault: true }));
    const ticket = await createTicket(deps, actor(agent), {
      orgId: org.id,
      subject: "Login broken",
      description: "Can't sign in.",
      requester: { email: "c@example.test" },
      priority: "HIGH",
    });
    const row = () => db.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    expect(await row()).toMatchObject({
      slaPolicyId: p.id,
      slaDueAt: new Date("2026-11-25T10:00:00Z"), // 60 business minutes
      slaWarnAt: new Date("2026-11-25T09:48:00Z"),
    });

    clock.set("2026-11-25T09:15:00Z");
    await updateTicket(deps, actor(agent), { orgId: org.id, ticketId: ticket.id, status: "PENDING" });
    clock.set("2026-11-25T10:15:00Z");
    await updateTicket(deps, actor(agent), { orgId: org.id, ticketId: ticket.id, status: "OPEN" });
    expect((await row()).slaDueAt).toEqual(new Date("2026-11-25T11:00:00Z")); // +1 h paused

    clock.set("2026-11-25T10:30:00Z");
    await addMessage(deps, actor(agent), { orgId: org.id, ticketId: ticket.id, message: "Looking into it." });
    // Resolution target 480 business minutes + 1 h pause → Thu 11:00 Paris
    expect((await row()).slaDueAt).toEqual(new Date("2026-11-26T10:00:00Z"));

    await updateTicket(deps, actor(agent), { orgId: org.id, ticketId: ticket.id, priority: "URGENT" });
    expect((await row()).slaDueAt).toEqual(new Date("2026-11-25T12:00:00Z")); // 120 min + 1 h pause
  });

  it("leaves tickets without SLA when the workspace has no policy", async () => {
    const { org, agent } = await desk();
    const ticket = await createTicket(deps, actor(agent), {
      orgId: org.id,
      subject: "Hello",
      description: "Hi",
      requester: { email: "c@example.test" },
    });
    expect(await db.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).toMatchObject({
      slaPolicyId: null,
      slaDueAt: null,
    });
  });
});
