import { adminActorOf } from "@quartet/core/platform/admin-audit.schema";
import {
  taskCreateInput,
  taskIdInput,
  taskListInput,
  taskUpdateInput,
} from "@quartet/core/platform/tasks/admin-task.schema";
import {
  completeTask,
  createTask,
  deleteTask,
  listTasks,
  updateTask,
} from "@quartet/core/platform/tasks/admin-task.service";
import { adminProcedure, router } from "../trpc.ts";

export const adminTasksRouter = router({
  list: adminProcedure
    .input(taskListInput)
    .query(({ ctx, input }) => listTasks(ctx.deps, adminActorOf(ctx), input)),
  create: adminProcedure
    .input(taskCreateInput)
    .mutation(({ ctx, input }) => createTask(ctx.deps, adminActorOf(ctx), input)),
  update: adminProcedure
    .input(taskUpdateInput)
    .mutation(({ ctx, input }) => updateTask(ctx.deps, adminActorOf(ctx), input)),
  complete: adminProcedure
    .input(taskIdInput)
    .mutation(({ ctx, input }) => completeTask(ctx.deps, adminActorOf(ctx), input)),
  delete: adminProcedure
    .input(taskIdInput)
    .mutation(({ ctx, input }) => deleteTask(ctx.deps, adminActorOf(ctx), input)),
});
