import type { PgBoss } from "pg-boss";

/** The part of pg-boss the Queues page uses: counts, schedules, retry and redrive. */
export type QueueAdmin = Pick<PgBoss, "getQueues" | "getSchedules" | "retry" | "redrive">;
