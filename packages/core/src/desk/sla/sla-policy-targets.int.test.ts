import { makeStaffedOrg } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { createTestClock } from "../../testing/deps.ts";
import { actor, appError, useTestEnv } from "../../testing/integration.ts";
import { createTicket, updateTicket } from "../tickets/ticket.service.ts";
import {
  createSlaPolicy,
  deleteSlaPolicy,
  handleSlaRecompute,
  listSlaPolicies,
  updateSlaPolicy,
} from "./sla-policy.service.ts";

// Priority multipliers (the seed's priorityMultipliers), the default flag of a workspace's first
// policy, and the recomputation of open tickets after a policy change (desk.sla-recompute).

const clock = createTestClock("2026-11-25T09:00:00Z"); // Wed 10:00 in Paris
const { db, deps } = await useTestEnv({ clock });
const MIN = 60_000;

const targets = {
  LOW: { firstResponse: 480, resolution: 2400 },
  MEDIUM: { firstResponse: 240, resolution: 960 },
  HIGH: { firstResponse: 60, resolution: 480 },
  URGENT: { firstResponse: 15, resolution: 120 },
};

async function newTicket(
  orgId: string,
  agent: { id: string },
  priority: "LOW" | "MEDIUM" | "HIGH" | "URGENT",
) {
  return createTicket(deps, actor(agent), {
    orgId,
    subject: `A ${priority.toLowerCase()} request`,
    description: "Please help.",
    requester: { email: "c@example.test" },
    priority,
  });
}
const row = (id: string) => db.ticket.findUniqueOrThrow({ where: { id } });
const recomputeJobs = (orgId: string) =>
  db.$queryRaw<{ data: { orgId: string; policyId: string | null; includeUnassigned: boolean } }[]>`
    SELECT data FROM pgboss.job WHERE name = 'desk.sla-recompute' AND data->>'orgId' = ${orgId}
    ORDER BY created_on`;

describe("the default policy", () => {
  it("a workspace's first policy is not the default unless asked (tickets then get no deadline)", async () => {
    clock.set("2026-11-25T09:00:00Z");
    const { org, admin, agent } = await makeStaffedOrg(db);
    const first = await createSlaPolicy(deps, actor(admin), {
      orgId: org.id,
      name: "Gold",
      targets,
      businessHoursOnly: false,
      isDefault: false,
    });
    expect(first.isDefault).toBe(false);
    expect(await recomputeJobs(org.id)).toHaveLength(0); // nothing follows it: nothing to recompute
    const ticket = await newTicket(org.id, agent, "HIGH");
    expect(await row(ticket.id)).toMatchObject({ slaPolicyId: null, slaDueAt: null });

    // Made the default later: the ticket without a policy adopts it once the job has run.
    await updateSlaPolicy(deps, actor(admin), { orgId: org.id, policyId: first.id, isDefault: true });
    expect((await recomputeJobs(org.id)).map((j) => j.data)).toEqual([
      { orgId: org.id, policyId: first.id, includeUnassigned: true },
    ]);
    expect((await row(ticket.id)).slaDueAt).toBeNull(); // not in the request any more
    await handleSlaRecompute(deps, { orgId: org.id, policyId: first.id, includeUnassigned: true });
    expect(await row(ticket.id)).toMatchObject({
      slaPolicyId: first.id,
      slaDueAt: new Date("2026-11-25T10:00:00Z"),
    });
  });
});

describe("priority multipliers", () => {
  it("scale one base target by priority, the way the seed's priorityMultipliers meant", async () => {
    clock.set("2026-11-25T09:00:00Z");
    const { org, admin, agent } = await makeStaffedOrg(db);
    const scaled = await createSlaPolicy(deps, actor(admin), {
      orgId: org.id,
      name: "Scaled",
      baseTarget: { firstResponse: 240, resolution: 960 },
      priorityMultipliers: { LOW: 2, HIGH: 0.5, URGENT: 0.25 },
      businessHoursOnly: false,
      isDefault: true,
    });
    expect(scaled.targetMode).toBe("scaled");
    expect(scaled.priorityMultipliers).toEqual({ LOW: 2, MEDIUM: 1, HIGH: 0.5, URGENT: 0.25 });
    expect(scaled.targets).toEqual({
      LOW: { firstResponse: 480, resolution: 1920 },
      MEDIUM: { firstResponse: 240, resolution: 960 },
      HIGH: { firstResponse: 120, resolution: 480 },
      URGENT: { firstResponse: 60, resolution: 240 },
    });
    const urgent = await newTicket(org.id, agent, "URGENT");
    const low = await newTicket(org.id, agent, "LOW");
    expect((await row(urgent.id)).slaDueAt).toEqual(new Date("2026-11-25T10:00:00Z")); // 240 × 0.25
    expect((await row(low.id)).slaDueAt).toEqual(new Date("2026-11-25T17:00:00Z")); // 240 × 2

    // Raising the priority rescales the ticket's target at once (it's the ticket's own update).
    await updateTicket(deps, actor(agent), { orgId: org.id, ticketId: low.id, priority: "HIGH" });
    expect((await row(low.id)).slaDueAt).toEqual(new Date("2026-11-25T11:00:00Z")); // 240 × 0.5

    // Multipliers also apply on top of per-priority targets (seed rows may carry both).
    const both = await createSlaPolicy(deps, actor(admin), {
      orgId: org.id,
      name: "Both",
      targets,
      priorityMultipliers: { URGENT: 2 },
      businessHoursOnly: false,
    });
    expect(both.targetMode).toBe("perPriority");
    expect(both.targets.URGENT).toEqual({ firstResponse: 30, resolution: 240 });
    expect(both.targets.HIGH).toEqual(targets.HIGH);

    // A multiplier that makes a target longer than a year is refused on its own field.
    const err = await appError(
      updateSlaPolicy(deps, actor(admin), {
        orgId: org.id,
        policyId: scaled.id,
        baseTarget: { firstResponse: 60, resolution: 200_000 },
        priorityMultipliers: { LOW: 3 },
      }),
    );
    expect(err.code).toBe("BAD_REQUEST");
    expect(err.fieldErrors).toEqual({
      "priorityMultipliers.LOW": "This makes the target longer than a year; use a smaller multiplier.",
    });
    await expect(
      createSlaPolicy(deps, actor(admin), {
        orgId: org.id,
        name: "No targets",
        businessHoursOnly: false,
      }),
    ).rejects.toThrow(/targets per priority, or one target/);
  });

  it("reads seed-style rows (lower-case keys, no per-priority targets)", async () => {
    const { org, admin } = await makeStaffedOrg(db);
    await db.sLAPolicy.create({
      data: {
        organizationId: org.id,
        name: "From the seed",
        firstResponseTime: 120,
        resolutionTime: 1440,
        businessHoursOnly: false,
        priorityMultipliers: { low: 1.5, urgent: 0.5 },
      },
    });
    const [p] = await listSlaPolicies(deps, actor(admin), { orgId: org.id });
    expect(p?.targetMode).toBe("scaled");
    expect(p?.targets.LOW).toEqual({ firstResponse: 180, resolution: 2160 });
    expect(p?.targets.URGENT).toEqual({ firstResponse: 60, resolution: 720 });
    expect(p?.targets.MEDIUM).toEqual({ firstResponse: 120, resolution: 1440 });
  });
});

describe("desk.sla-recompute", () => {
  it("is queued with the policy change, not run in it, and recomputes every open ticket in batches", async () => {
    clock.set("2026-11-25T09:00:00Z");
    const { org, admin, agent } = await makeStaffedOrg(db);
    const policy = await createSlaPolicy(deps, actor(admin), {
      orgId: org.id,
      name: "24/7",
      targets,
      businessHoursOnly: false,
      isDefault: true,
    });
    const tickets = [];
    for (let i = 0; i < 5; i++) tickets.push(await newTicket(org.id, agent, "HIGH"));
    const pending = tickets[4] as { id: string };
    clock.advance(10 * MIN);
    await updateTicket(deps, actor(agent), { orgId: org.id, ticketId: pending.id, status: "PENDING" });
    const resolved = await newTicket(org.id, agent, "HIGH");
    await updateTicket(deps, actor(agent), { orgId: org.id, ticketId: resolved.id, status: "RESOLVED" });
    const jobsBefore = (await recomputeJobs(org.id)).length;

    // A rename moves no deadline: no job.
    await updateSlaPolicy(deps, actor(admin), {
      orgId: org.id,
      policyId: policy.id,
      name: "Round the clock",
    });
    expect(await recomputeJobs(org.id)).toHaveLength(jobsBefore);

    // A rolled-back change queues nothing (the job is sent on the change's transaction).
    await expect(
      updateSlaPolicy(deps, actor(admin), {
        orgId: org.id,
        policyId: policy.id,
        targets: { ...targets, HIGH: { firstResponse: 30, resolution: 240 } },
        escalationRules: [
          {
            level: "breach",
            actions: [{ type: "notify_user", userId: "00000000-0000-4000-8000-000000000000" }],
          },
        ],
      }),
    ).rejects.toThrow(/agent, admin or owner/);
    expect(await recomputeJobs(org.id)).toHaveLength(jobsBefore);

    // HIGH: first response in 30 min instead of 60. The request only queues the job.
    await updateSlaPolicy(deps, actor(admin), {
      orgId: org.id,
      policyId: policy.id,
      targets: { ...targets, HIGH: { firstResponse: 30, resolution: 240 } },
    });
    const jobs = await recomputeJobs(org.id);
    expect(jobs).toHaveLength(jobsBefore + 1);
    expect(jobs.at(-1)?.data).toEqual({ orgId: org.id, policyId: policy.id, includeUnassigned: true });
    expect((await row(tickets[0]?.id as string)).slaDueAt).toEqual(new Date("2026-11-25T10:00:00Z"));

    const before = await row(tickets[0]?.id as string);
    const counts = await handleSlaRecompute(deps, jobs.at(-1)?.data as never, 2);
    expect(counts).toEqual({ tickets: 5, batches: 3 }); // 5 open/pending tickets, 2 per transaction
    for (const t of tickets.slice(0, 4)) {
      expect((await row(t.id)).slaDueAt).toEqual(new Date("2026-11-25T09:30:00Z"));
    }
    // The pending one: 10 min elapsed, paused since; 20 min left from now.
    expect((await row(pending.id)).slaDueAt).toEqual(new Date("2026-11-25T09:30:00Z"));
    expect((await row(tickets[0]?.id as string)).updatedAt).toEqual(before.updatedAt); // not an edit
    const resolvedRow = await row(resolved.id);

    // Run again (a retry, or a second job for the same change): same result.
    expect(await handleSlaRecompute(deps, jobs.at(-1)?.data as never, 2)).toEqual({ tickets: 5, batches: 3 });
    expect((await row(tickets[1]?.id as string)).slaDueAt).toEqual(new Date("2026-11-25T09:30:00Z"));
    expect(await row(resolved.id)).toEqual(resolvedRow); // solved tickets are left alone

    // Deleting the (last) policy: its tickets lose it once the queued job runs.
    await deleteSlaPolicy(deps, actor(admin), { orgId: org.id, policyId: policy.id });
    const last = (await recomputeJobs(org.id)).at(-1)?.data;
    expect(last).toEqual({ orgId: org.id, policyId: null, includeUnassigned: true });
    await handleSlaRecompute(deps, last as never);
    expect(await row(tickets[2]?.id as string)).toMatchObject({ slaPolicyId: null, slaDueAt: null });
  });
});
