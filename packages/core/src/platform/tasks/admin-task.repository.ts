import type { DbOrTx } from "@quartet/db/client";
import type { Prisma } from "@quartet/db/types";
import { keysetArgs } from "../pagination.schema.ts";

export const taskSelect = {
  id: true,
  title: true,
  description: true,
  category: true,
  dueDate: true,
  recurring: true,
  intervalDays: true,
  status: true,
  completedAt: true,
  completedBy: true,
  createdBy: true,
  previousId: true,
  createdAt: true,
  updatedAt: true,
} as const;

export interface TaskFilter {
  category?: string;
  status?: Prisma.AdminTaskWhereInput["status"];
  due?: "overdue" | "today" | "week" | "none";
}

export function taskWhere(filter: TaskFilter, now: Date): Prisma.AdminTaskWhereInput {
  const where: Prisma.AdminTaskWhereInput = {};
  if (filter.category) where.category = filter.category;
  if (filter.status) where.status = filter.status;
  const open = {
    status: { in: ["PENDING", "IN_PROGRESS"] as const } as Prisma.AdminTaskWhereInput["status"],
  };
  const endOfDay = new Date(now);
  endOfDay.setUTCHours(23, 59, 59, 999);
  if (filter.due === "overdue") Object.assign(where, filter.status ? {} : open, { dueDate: { lt: now } });
  if (filter.due === "today") Object.assign(where, filter.status ? {} : open, { dueDate: { lte: endOfDay } });
  if (filter.due === "week")
    Object.assign(where, filter.status ? {} : open, {
      dueDate: { lte: new Date(now.getTime() + 7 * 86_400_000) },
    });
  if (filter.due === "none") where.dueDate = null;
  return where;
}

/** Newest first, or by due date (soonest first, undated last); the cursor is the last row's id. */
export function findTasks(
  db: DbOrTx,
  where: Prisma.AdminTaskWhereInput,
  sort: "created" | "due",
  cursor: string | undefined,
  limit: number,
) {
  if (sort === "created")
    return db.adminTask.findMany({ where, select: taskSelect, ...keysetArgs(cursor, limit) });
  return db.adminTask.findMany({
    where,
    select: taskSelect,
    orderBy: [{ dueDate: { sort: "asc", nulls: "last" } }, { id: "asc" }],
    take: limit + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
  });
}

export async function countTasks(db: DbOrTx, now: Date) {
  const [open, overdue] = await Promise.all([
    db.adminTask.count({ where: { status: { in: ["PENDING", "IN_PROGRESS"] } } }),
    db.adminTask.count({ where: { status: { in: ["PENDING", "IN_PROGRESS"] }, dueDate: { lt: now } } }),
  ]);
  return { open, overdue };
}

export function findTask(db: DbOrTx, id: string) {
  return db.adminTask.findUnique({ where: { id }, select: taskSelect });
}
