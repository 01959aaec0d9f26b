import type { SendOptions } from "pg-boss";
import type { z } from "zod";

/** One job: a dotted name, the zod schema of its payload, and its queue's retry policy. */
export interface JobDefinition<Schema extends z.ZodType = z.ZodType> {
  name: string;
  schema: Schema;
  queue: {
    retryLimit: number;
    retryDelay: number; // seconds
    retryBackoff: boolean;
    /** Seconds a claimed job may run before it is considered dead and retried. */
    expireInSeconds: number;
    /** Name of the queue that receives exhausted jobs; created at boot with the main queue. */
    deadLetter?: string;
    /**
     * Latency-sensitive queue: each send also emits a Postgres NOTIFY (in the sender's transaction)
     * and the worker, which LISTENs, fetches at once instead of waiting for its next poll.
     */
    notify?: boolean;
    /**
     * Seconds a finished (completed, failed or cancelled) job stays in pg-boss' table before the
     * retention sweep deletes it (pg-boss' default: 7 days). Set it low for payloads that must not
     * linger, such as a sign-up's password hash.
     */
    deleteAfterSeconds?: number;
  };
  /**
   * Worker fetch settings where the defaults don't fit: a batch finishes with its slowest job, so a
   * queue of slow jobs takes a smaller batch.
   */
  work?: { batchSize?: number };
  /** Cron schedule (minute granularity) for jobs the worker runs on a timetable. */
  cron?: string;
  defaultSendOptions?: SendOptions;
}

export function defineJob<Schema extends z.ZodType>(def: JobDefinition<Schema>): JobDefinition<Schema> {
  return def;
}

export type JobPayload<D> = D extends JobDefinition<infer S> ? z.infer<S> : never;
