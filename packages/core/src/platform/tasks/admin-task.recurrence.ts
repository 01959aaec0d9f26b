import { addDays, addMonths, addWeeks } from "date-fns";
import type { TaskRecurrence } from "./admin-task.schema.ts";

function step(date: Date, recurring: TaskRecurrence, intervalDays: number | null): Date {
  switch (recurring) {
    case "daily":
      return addDays(date, 1);
    case "weekly":
      return addWeeks(date, 1);
    case "monthly":
      // date-fns clamps to the month's last day: Jan 31 → Feb 28 (29) → Mar 28 …
      return addMonths(date, 1);
    case "quarterly":
      return addMonths(date, 3);
    case "interval":
      return addDays(date, Math.max(1, intervalDays ?? 1));
  }
}

/**
 * The due date of a recurring task's next occurrence: one period after this occurrence's due date
 * (or after its completion when it had none). Completed late, the missed periods are skipped: the
 * next one is the first still ahead of `now`, so a task done a month late doesn't come back overdue.
 */
export function nextOccurrence(
  task: { dueDate: Date | null; recurring: TaskRecurrence; intervalDays: number | null },
  now: Date,
): Date {
  const monthly = task.recurring === "monthly" || task.recurring === "quarterly";
  const anchor = task.dueDate ?? now;
  let n = 1;
  let next = step(anchor, task.recurring, task.intervalDays);
  // Monthly steps are taken from the anchor each time, so the 31st stays the 31st where it exists.
  while (next <= now && n < 10_000) {
    n++;
    next = monthly
      ? addMonths(anchor, (task.recurring === "quarterly" ? 3 : 1) * n)
      : step(next, task.recurring, task.intervalDays);
  }
  return next;
}
