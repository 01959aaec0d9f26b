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
 * queue maintenance and cron belong to the worker.
 */
export function createBoss(
  connectionString: string,
  options: { max?: number; senderOnly?: boolean } = {},
): PgBoss {
  return new PgBoss({
    connectionString,
    max: options.max ?? 4,
    schema: "pgboss",
    ...(options.senderOnly ? { supervise: false, schedule: false } : {}),
  });
}

/** Creates each job's queue (and its dead-letter queue) with the definition's retry policy. */
export async function ensureQueues(boss: PgBoss, defs: readonly JobDefinition[]): Promise<void> {
  for (const def of defs) {
    if (def.queue.deadLetter) await boss.createQueue(def.queue.deadLetter);
    const { expireInSeconds, ...queueOptions } = def.queue;
    await boss.createQueue(def.name, { ...queueOptions, expireInSeconds });
  }
}

/**
 * Enqueues a job on the caller's connection, so with a Prisma transaction client the job exists
 * only if the transaction commits. The payload is validated against the job's schema first.
 */
export async function enqueue<S extends z.ZodType>(
  boss: JobSender,
  runner: SqlRunner,
  def: JobDefinition<S>,
  payload: z.input<S>,
  options: SendOptions = {},
): Promise<string | null> {
  const data = def.schema.parse(payload) as object;
  const db = {
    executeSql: async (text: string, values: unknown[] = []) => ({
      rows: await runner.$queryRawUnsafe<unknown[]>(text, ...values),
    }),
  };
  return boss.send(def.name, data, { ...def.defaultSendOptions, ...options, db });
}
