import { makeStaffedOrg } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { createTestClock } from "../../testing/deps.ts";
import { actor, appError, useTestEnv } from "../../testing/integration.ts";
import { handleMetricsRebuild } from "./metrics-rebuild.handler.ts";
import { getMetricsRebuildStatus, requestMetricsRebuild } from "./metrics-rebuild.service.ts";
import { getDeskReport } from "./report.service.ts";

// An owner's "rebuild": a DeskMetricsRebuild row and its desk.metrics-rebuild job, enqueued in
// one transaction; the job recomputes the rollups chunk by chunk and records its progress.

const clock = createTestClock("2026-06-20T12:00:00Z");
const { db, deps } = await useTestEnv({ clock });

async function seed() {
  const staff = await makeStaffedOrg(db);
  await db.organization.update({ where: { id: staff.org.id }, data: { timezone: "Europe/Paris" } });
  const contact = await db.contact.create({ data: { organizationId: staff.org.id, email: "r@x.test" } });
  for (let i = 0; i < 40; i++) {
    await db.ticket.create({
      data: {
        organizationId: staff.org.id,
        number: i + 1,
        subject: `T${i}`,
        description: "Help",
        contactId: contact.id,
        status: i % 2 === 0 ? "RESOLVED" : "OPEN",
        assigneeId: staff.agent.id,
        createdAt: new Date(Date.parse("2026-05-01T08:00:00Z") + i * 86_400_000),
        firstResponseAt: new Date(Date.parse("2026-05-01T09:00:00Z") + i * 86_400_000),
        resolvedAt: i % 2 === 0 ? new Date(Date.parse("2026-05-01T12:00:00Z") + i * 86_400_000) : null,
      },
    });
  }
  return staff;
}

const jobsOf = async (rebuildId: string) =>
  db.$queryRaw<{ id: string; retry_count: number }[]>`
    SELECT id::text, retry_count FROM pgboss.job
    WHERE name = 'desk.metrics-rebuild' AND data->>'rebuildId' = ${rebuildId}`;

describe("desk.metrics-rebuild", { timeout: 120_000 }, () => {
  it("an owner rebuilds past days: one job, progress per chunk, then the report reads them", async () => {
    clock.set("2026-06-20T12:00:00Z");
    const { org, owner, agent } = await seed();
    const input = { orgId: org.id, from: "2026-05-01", to: "2026-06-30" };
    const before = await getDeskReport(deps, actor(agent), {
      orgId: org.id,
      from: "2026-05-01",
      to: "2026-06-20",
    });
    expect(before.range.storedDays).toBe(0);

    const requested = await requestMetricsRebuild(deps, actor(owner), input);
    // Today (the 20th in Paris) and later are always live: the rebuild stops at yesterday.
    expect(requested).toMatchObject({
      from: "2026-05-01",
      to: "2026-06-19",
      status: "QUEUED",
      daysTotal: 50,
      daysDone: 0,
      percent: 0,
    });
    expect(requested.requestedBy?.email).toBe(owner.email);
    const jobs = await jobsOf(requested.id);
    expect(jobs).toHaveLength(1);
    // One at a time.
    const again = await appError(requestMetricsRebuild(deps, actor(owner), input));
    expect(again.code).toBe("CONFLICT");

    const progress: number[] = [];
    const spy = {
      ...deps,
      db: new Proxy(deps.db, {
        get(target, prop, receiver) {
          if (prop !== "deskMetricsRebuild") return Reflect.get(target, prop, receiver);
          const model = target.deskMetricsRebuild;
          return new Proxy(model, {
            get(m, p, r) {
              if (p !== "update") return Reflect.get(m, p, r);
              return (args: Parameters<typeof model.update>[0]) => {
                if (typeof args.data.daysDone === "number") progress.push(args.data.daysDone);
                return model.update(args);
              };
            },
          });
        },
      }),
    };
    expect(await handleMetricsRebuild(spy, { rebuildId: requested.id }, { retryCount: 0 })).toEqual({
      days: 50,
    });
    expect(progress).toEqual([14, 28, 42, 50]);

    const status = await getMetricsRebuildStatus(deps, actor(owner), { orgId: org.id });
    expect(status).toMatchObject({ id: requested.id, status: "DONE", daysDone: 50, percent: 100 });
    expect(status?.finishedAt).toBeInstanceOf(Date);
    const after = await getDeskReport(deps, actor(agent), {
      orgId: org.id,
      from: "2026-05-01",
      to: "2026-06-20",
    });
    expect(after.range.storedDays).toBe(50);
    expect({ ...after, range: null }).toEqual({ ...before, range: null });
    // Done: a second delivery of the job does nothing; a new rebuild may start.
    expect(await handleMetricsRebuild(deps, { rebuildId: requested.id }, { retryCount: 0 })).toEqual({
      skipped: "DONE",
    });
    await requestMetricsRebuild(deps, actor(owner), { orgId: org.id, from: "2026-06-01", to: "2026-06-02" });
  });

  it("resumes after the last chunk done, and marks the request failed on the last attempt", async () => {
    clock.set("2026-06-20T12:00:00Z");
    const { org, owner } = await seed();
    const requested = await requestMetricsRebuild(deps, actor(owner), {
      orgId: org.id,
      from: "2026-05-01",
      to: "2026-05-31",
    });
    // A first attempt got through two chunks before the worker died.
    await db.deskMetricsRebuild.update({
      where: { id: requested.id },
      data: { status: "RUNNING", daysDone: 28 },
    });
    await handleMetricsRebuild(deps, { rebuildId: requested.id }, { retryCount: 1 });
    const rows = await db.dailyTicketMetrics.findMany({ where: { organizationId: org.id, teamId: null } });
    expect(rows.map((r) => r.date.toISOString().slice(0, 10)).sort()).toEqual([
      "2026-05-29",
      "2026-05-30",
      "2026-05-31",
    ]);
    expect(await db.deskMetricsRebuild.findUnique({ where: { id: requested.id } })).toMatchObject({
      status: "DONE",
      daysDone: 31,
    });

    clock.advance(1000);
    const failing = await requestMetricsRebuild(deps, actor(owner), {
      orgId: org.id,
      from: "2026-05-01",
      to: "2026-05-02",
    });
    const broken = {
      ...deps,
      db: new Proxy(deps.db, {
        get(target, prop, receiver) {
          if (prop === "$queryRaw") return () => Promise.reject(new Error("database went away"));
          return Reflect.get(target, prop, receiver);
        },
      }),
    };
    await expect(handleMetricsRebuild(broken, { rebuildId: failing.id }, { retryCount: 0 })).rejects.toThrow(
      "went away",
    );
    expect((await getMetricsRebuildStatus(deps, actor(owner), { orgId: org.id }))?.status).toBe("RUNNING");
    await expect(handleMetricsRebuild(broken, { rebuildId: failing.id }, { retryCount: 2 })).rejects.toThrow(
      "went away",
    );
    expect(await getMetricsRebuildStatus(deps, actor(owner), { orgId: org.id })).toMatchObject({
      status: "FAILED",
    });
    // A stale request (no progress for a long while) doesn't block a new one.
    const stuck = await requestMetricsRebuild(deps, actor(owner), {
      orgId: org.id,
      from: "2026-05-01",
      to: "2026-05-02",
    });
    await db.deskMetricsRebuild.update({ where: { id: stuck.id }, data: { status: "RUNNING" } });
    clock.advance(16 * 60_000);
    await requestMetricsRebuild(deps, actor(owner), { orgId: org.id, from: "2026-05-01", to: "2026-05-02" });
  });

  it("is for owners: admins and agents are refused, outsiders don't see the workspace; today can't be rebuilt", async () => {
    clock.set("2026-06-20T12:00:00Z");
    const { org, owner, admin, agent } = await seed();
    const other = await makeStaffedOrg(db);
    const input = { orgId: org.id, from: "2026-05-01", to: "2026-05-31" };
    for (const user of [admin, agent]) {
      expect((await appError(requestMetricsRebuild(deps, actor(user), input))).code).toBe("FORBIDDEN");
      expect((await appError(getMetricsRebuildStatus(deps, actor(user), { orgId: org.id }))).code).toBe(
        "FORBIDDEN",
      );
    }
    expect((await appError(requestMetricsRebuild(deps, actor(other.owner), input))).code).toBe("NOT_FOUND");
    expect(await db.deskMetricsRebuild.count({ where: { organizationId: org.id } })).toBe(0);

    const today = await appError(
      requestMetricsRebuild(deps, actor(owner), { orgId: org.id, from: "2026-06-20", to: "2026-06-20" }),
    );
    expect(today.code).toBe("BAD_REQUEST");
    expect(today.fieldErrors).toEqual({ from: "Choose a day before today." });
    await expect(
      requestMetricsRebuild(deps, actor(owner), { orgId: org.id, from: "2026-05-02", to: "2026-05-01" }),
    ).rejects.toThrow(/on or after the start/);
    expect(await getMetricsRebuildStatus(deps, actor(owner), { orgId: org.id })).toBeNull();
  });
});
