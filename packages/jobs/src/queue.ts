import { withJobMeta } from "@quartet/observability/job-meta";
import { PgBoss, type SendOptions } from "pg-boss";
import type { z } from "zod";
import type { JobDefinition } from "./job-definition.ts";

/** Anything that can run SQL inside the caller's transaction: a Prisma client or transaction client. */
export interface SqlRunner {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

/** The part of pg-boss that services use: enqueue only. Tests and the web app pass a real PgBoss. */
export type JobSender = Pick<PgBoss, "send">;

/**
 * A pg-boss instance on our schema. `senderOnly` processes (the web and admin servers) only enqueue:
 * queue maintenance and cron belong to the worker. `listen` (the worker) holds one connection that
 * LISTENs for the NOTIFY of `notify` queues, so their jobs are picked up at once.
 */
export function createBoss(
  connectionString: string,
  options: { max?: number; senderOnly?: boolean; listen?: boolean } = {},
): PgBoss {
  return new PgBoss({
    connectionString,
    max: options.max ?? 4,
    schema: "pgboss",
    ...(options.senderOnly
      ? { supervise: false, schedule: false }
      : { maintenanceIntervalSeconds: MAINTENANCE_INTERVAL_SECONDS }),
    ...(options.listen ? { useListenNotify: true } : {}),
  });
}

/** pg-boss' own retention of finished jobs (7 days), for queues that don't set `deleteAfterSeconds`. */
const DEFAULT_DELETE_AFTER_SECONDS = 7 * 24 * 60 * 60;

/**
 * How often the worker's retention sweep visits each queue (pg-boss' default is once a day, which
 * would keep a short-lived queue's finished jobs, and their payloads, for up to a day).
 */
export const MAINTENANCE_INTERVAL_SECONDS = 300;

/**
 * Creates each job's queue (and its dead-letter queue) with the definition's retry policy, and
 * brings an existing queue up to the definition (createQueue leaves an existing one as it was).
 */
export async function ensureQueues(boss: PgBoss, defs: readonly JobDefinition[]): Promise<void> {
  for (const def of defs) {
    if (def.queue.deadLetter) await boss.createQueue(def.queue.deadLetter);
    const { expireInSeconds, notify, deleteAfterSeconds, ...queueOptions } = def.queue;
    const options = {
      ...queueOptions,
      expireInSeconds,
      notify: notify === true,
      // Explicit, so a queue whose definition drops the option goes back to pg-boss' default.
      deleteAfterSeconds: deleteAfterSeconds ?? DEFAULT_DELETE_AFTER_SECONDS,
    };
    await boss.createQueue(def.name, options);
    await boss.updateQueue(def.name, options);
  }
}

/**
 * Enqueues a job on the caller's connection, so with a Prisma transaction client the job exists
 * only if the transaction commits. The payload is validated against the job's schema first, then
 * carries the current request id and trace context (`_meta`, read back by the worker).
 */
export async function enqueue<S extends z.ZodType>(
  boss: JobSender,
  runner: SqlRunner,
  def: JobDefinition<S>,
  payload: z.input<S>,
  options: SendOptions = {},
): Promise<string | null> {
  const data = withJobMeta(def.schema.parse(payload) as object);
  const db = {
    executeSql: async (text: string, values: unknown[] = []) => ({
      rows: await runner.$queryRawUnsafe<unknown[]>(text, ...values),
    }),
  };
  return boss.send(def.name, data, { ...def.defaultSendOptions, ...options, db });
}
