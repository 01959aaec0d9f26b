import { makeUser } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { appError, useTestEnv } from "../../testing/integration.ts";
import type { AdminActor } from "../admin-audit.schema.ts";
import { nextOccurrence } from "./admin-task.recurrence.ts";
import { completeTask, createTask, listTasks, updateTask } from "./admin-task.service.ts";

const { db, deps } = await useTestEnv();
const root = await makeUser(db, { platformRole: "SUPERADMIN" });
const admin: AdminActor = { userId: root.id, email: root.email, ip: "198.51.100.7" };

describe("recurrence", () => {
  const now = new Date("2026-03-10T09:00:00Z");
  it("steps one period from the due date, month ends clamped, missed periods skipped", () => {
    expect(
      nextOccurrence(
        { dueDate: new Date("2026-03-10T08:00:00Z"), recurring: "daily", intervalDays: null },
        now,
      ),
    ).toEqual(new Date("2026-03-11T08:00:00Z"));
    expect(
      nextOccurrence(
        { dueDate: new Date("2026-03-09T17:00:00Z"), recurring: "weekly", intervalDays: null },
        now,
      ),
    ).toEqual(new Date("2026-03-16T17:00:00Z"));
    expect(
      nextOccurrence(
        { dueDate: new Date("2026-01-31T12:00:00Z"), recurring: "monthly", intervalDays: null },
        new Date("2026-01-31T13:00:00Z"),
      ),
    ).toEqual(new Date("2026-02-28T12:00:00Z"));
    // Done two months late: the next one is the first still ahead, and the 31st stays the 31st.
    expect(
      nextOccurrence(
        { dueDate: new Date("2025-12-31T12:00:00Z"), recurring: "monthly", intervalDays: null },
        now,
      ),
    ).toEqual(new Date("2026-03-31T12:00:00Z"));
    expect(
      nextOccurrence(
        { dueDate: new Date("2026-01-15T00:00:00Z"), recurring: "quarterly", intervalDays: null },
        now,
      ),
    ).toEqual(new Date("2026-04-15T00:00:00Z"));
    expect(
      nextOccurrence(
        { dueDate: new Date("2026-03-01T00:00:00Z"), recurring: "interval", intervalDays: 4 },
        now,
      ),
    ).toEqual(new Date("2026-03-13T00:00:00Z"));
    expect(nextOccurrence({ dueDate: null, recurring: "daily", intervalDays: null }, now)).toEqual(
      new Date("2026-03-11T09:00:00Z"),
    );
  });
});

describe("admin tasks", () => {
  it("completing a recurring task creates its next occurrence once; one-off tasks just close", async () => {
    deps.clock.set("2026-03-10T09:00:00Z");
    const weekly = await createTask(deps, admin, {
      title: "Review failed payments",
      category: "weekly",
      dueDate: new Date("2026-03-09T17:00:00Z"),
      recurring: "weekly",
    });
    const { task, next } = await completeTask(deps, admin, { id: weekly.id });
    expect(task.status).toBe("COMPLETED");
    expect(next).toMatchObject({
      title: "Review failed payments",
      status: "PENDING",
      previousId: weekly.id,
      recurring: "weekly",
    });
    expect(next?.dueDate).toEqual(new Date("2026-03-16T17:00:00Z"));
    // A second click changes nothing.
    expect((await appError(completeTask(deps, admin, { id: weekly.id }))).reason).toBe("TASK_CLOSED");
    expect(await db.adminTask.count({ where: { previousId: weekly.id } })).toBe(1);

    const oneOff = await createTask(deps, admin, { title: "Renew TLS cert", category: "other" });
    expect((await completeTask(deps, admin, { id: oneOff.id })).next).toBeNull();
    expect(await db.adminAuditLog.count({ where: { action: "task.complete" } })).toBe(2);

    await expect(
      createTask(deps, admin, { title: "x", category: "other", recurring: "interval" }),
    ).rejects.toThrow("Say every how many days.");
    expect(
      (await appError(updateTask(deps, admin, { id: oneOff.id, title: "y", category: "other" }))).reason,
    ).toBe("TASK_COMPLETED");
  });

  it("lists by category, status and due date, soonest first, with pages", async () => {
    deps.clock.set("2026-03-10T09:00:00Z");
    for (let i = 0; i < 5; i++)
      await createTask(deps, admin, {
        title: `Daily ${i}`,
        category: "daily",
        dueDate: new Date(Date.UTC(2026, 2, 8 + i, 12)),
      });
    await createTask(deps, admin, { title: "Someday", category: "daily" });
    const overdue = await listTasks(deps, admin, { category: "daily", due: "overdue" });
    expect(overdue.items.map((t) => t.title)).toEqual(["Daily 0", "Daily 1"]);
    const page1 = await listTasks(deps, admin, { category: "daily", limit: 4 });
    expect(page1.items.map((t) => t.title)).toEqual(["Daily 0", "Daily 1", "Daily 2", "Daily 3"]);
    const page2 = await listTasks(deps, admin, {
      category: "daily",
      limit: 4,
      cursor: page1.nextCursor ?? undefined,
    });
    expect(page2.items.map((t) => t.title)).toEqual(["Daily 4", "Someday"]);
    expect(page2.nextCursor).toBeNull();
    expect((await listTasks(deps, admin, { status: "COMPLETED" })).items).toHaveLength(2);
    expect(
      (await listTasks(deps, admin, { due: "none", category: "daily" })).items.map((t) => t.title),
    ).toEqual(["Someday"]);
    expect(page1.counts.overdue).toBeGreaterThanOrEqual(2);
  });
});
