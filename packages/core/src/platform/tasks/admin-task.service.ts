import type { Deps } from "../../deps.ts";
import { AppError, notFound } from "../../errors.ts";
import { insertAuditLog } from "../admin-audit.repository.ts";
import type { AdminActor } from "../admin-audit.schema.ts";
import { toPage } from "../pagination.schema.ts";
import { nextOccurrence } from "./admin-task.recurrence.ts";
import { countTasks, findTask, findTasks, taskSelect, taskWhere } from "./admin-task.repository.ts";
import {
  type TaskCreateInput,
  type TaskListInput,
  type TaskRecurrence,
  type TaskUpdateInput,
  taskCreateInput,
  taskIdInput,
  taskListInput,
  taskUpdateInput,
} from "./admin-task.schema.ts";

type TaskDeps = Pick<Deps, "db" | "clock">;

export async function listTasks(deps: TaskDeps, _actor: AdminActor, raw: TaskListInput = {}) {
  const input = taskListInput.parse(raw);
  const now = deps.clock.now();
  const [rows, counts] = await Promise.all([
    findTasks(deps.db, taskWhere(input, now), input.sort, input.cursor, input.limit),
    countTasks(deps.db, now),
  ]);
  return { ...toPage(rows, input.limit), counts };
}

const fields = (input: ReturnType<typeof taskCreateInput.parse>) => ({
  title: input.title,
  description: input.description || null,
  category: input.category,
  dueDate: input.dueDate ?? null,
  recurring: input.recurring ?? null,
  intervalDays: input.recurring === "interval" ? (input.intervalDays ?? null) : null,
});

export async function createTask(deps: TaskDeps, actor: AdminActor, raw: TaskCreateInput) {
  const data = fields(taskCreateInput.parse(raw));
  return deps.db.$transaction(async (tx) => {
    const task = await tx.adminTask.create({
      data: { ...data, createdBy: actor.userId },
      select: taskSelect,
    });
    await insertAuditLog(tx, actor, {
      action: "task.create",
      entityType: "task",
      entityId: task.id,
      changes: { before: null, after: { title: task.title, category: task.category } },
    });
    return task;
  });
}

export async function updateTask(deps: TaskDeps, actor: AdminActor, raw: TaskUpdateInput) {
  const input = taskUpdateInput.parse(raw);
  const before = await findTask(deps.db, input.id);
  if (!before) throw notFound("Task not found.");
  if (before.status === "COMPLETED")
    throw new AppError(
      "CONFLICT",
      "This task is completed; it can't be edited.",
      undefined,
      "TASK_COMPLETED",
    );
  const data = { ...fields(input), ...(input.status ? { status: input.status } : {}) };
  return deps.db.$transaction(async (tx) => {
    const task = await tx.adminTask.update({ where: { id: input.id }, data, select: taskSelect });
    await insertAuditLog(tx, actor, {
      action: "task.update",
      entityType: "task",
      entityId: task.id,
      changes: {
        before: {
          title: before.title,
          status: before.status,
          dueDate: before.dueDate?.toISOString() ?? null,
        },
        after: { title: task.title, status: task.status, dueDate: task.dueDate?.toISOString() ?? null },
      },
    });
    return task;
  });
}

/**
 * Completes a task; a recurring one gets its next occurrence in the same transaction. Completing
 * twice (a double click, two admins) changes nothing the second time: the status moves only from
 * open, and the next occurrence is unique per task (previousId).
 */
export async function completeTask(deps: TaskDeps, actor: AdminActor, raw: { id: string }) {
  const { id } = taskIdInput.parse(raw);
  const now = deps.clock.now();
  return deps.db.$transaction(async (tx) => {
    const done = await tx.adminTask.updateMany({
      where: { id, status: { in: ["PENDING", "IN_PROGRESS"] } },
      data: { status: "COMPLETED", completedAt: now, completedBy: actor.userId },
    });
    const task = await findTask(tx, id);
    if (!task) throw notFound("Task not found.");
    if (done.count === 0)
      throw new AppError(
        "CONFLICT",
        "This task is already completed or cancelled.",
        undefined,
        "TASK_CLOSED",
      );
    let next = null;
    if (task.recurring) {
      const dueDate = nextOccurrence(
        {
          dueDate: task.dueDate,
          recurring: task.recurring as TaskRecurrence,
          intervalDays: task.intervalDays,
        },
        now,
      );
      next = await tx.adminTask.create({
        data: {
          title: task.title,
          description: task.description,
          category: task.category,
          recurring: task.recurring,
          intervalDays: task.intervalDays,
          dueDate,
          createdBy: actor.userId,
          previousId: task.id,
        },
        select: taskSelect,
      });
    }
    await insertAuditLog(tx, actor, {
      action: "task.complete",
      entityType: "task",
      entityId: task.id,
      changes: { before: { status: "open" }, after: { status: "COMPLETED", nextTaskId: next?.id ?? null } },
    });
    return { task, next };
  });
}

export async function deleteTask(deps: TaskDeps, actor: AdminActor, raw: { id: string }) {
  const { id } = taskIdInput.parse(raw);
  const task = await findTask(deps.db, id);
  if (!task) throw notFound("Task not found.");
  await deps.db.$transaction(async (tx) => {
    // A later occurrence keeps existing, it just loses the link back.
    await tx.adminTask.updateMany({ where: { previousId: id }, data: { previousId: null } });
    await tx.adminTask.delete({ where: { id } });
    await insertAuditLog(tx, actor, {
      action: "task.delete",
      entityType: "task",
      entityId: id,
      changes: { before: { title: task.title, status: task.status }, after: null },
    });
  });
  return { ok: true as const };
}
