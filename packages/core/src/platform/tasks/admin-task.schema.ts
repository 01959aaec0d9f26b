import { z } from "zod";
import { cursorSchema, limitSchema } from "../pagination.schema.ts";

export const taskCategories = ["daily", "weekly", "monthly", "quarterly", "other"] as const;
export const taskRecurrences = ["daily", "weekly", "monthly", "quarterly", "interval"] as const;
export const taskStatuses = ["PENDING", "IN_PROGRESS", "COMPLETED", "CANCELLED"] as const;
export type TaskRecurrence = (typeof taskRecurrences)[number];

const taskFields = z.object({
  title: z.string().trim().min(1, "Give the task a title.").max(200),
  description: z.string().trim().max(5000).optional().nullable(),
  category: z.enum(taskCategories),
  dueDate: z.coerce.date().optional().nullable(),
  recurring: z.enum(taskRecurrences).optional().nullable(),
  intervalDays: z.number().int().min(1, "1 to 365 days.").max(365, "1 to 365 days.").optional().nullable(),
});

const intervalRule = <T extends { recurring?: string | null; intervalDays?: number | null }>(
  v: T,
  ctx: z.RefinementCtx,
) => {
  if (v.recurring === "interval" && !v.intervalDays)
    ctx.addIssue({ code: "custom", path: ["intervalDays"], message: "Say every how many days." });
};

export const taskCreateInput = taskFields.superRefine(intervalRule);
export type TaskCreateInput = z.input<typeof taskCreateInput>;

export const taskUpdateInput = taskFields
  .extend({ id: z.uuid(), status: z.enum(["PENDING", "IN_PROGRESS", "CANCELLED"]).optional() })
  .superRefine(intervalRule);
export type TaskUpdateInput = z.input<typeof taskUpdateInput>;

export const taskIdInput = z.object({ id: z.uuid() });

export const taskListInput = z.object({
  category: z.enum(taskCategories).optional(),
  status: z.enum(taskStatuses).optional(),
  /** overdue: open and due before now; week: open and due within 7 days. */
  due: z.enum(["overdue", "today", "week", "none"]).optional(),
  sort: z.enum(["due", "created"]).default("due"),
  cursor: cursorSchema,
  limit: limitSchema,
});
export type TaskListInput = z.input<typeof taskListInput>;
