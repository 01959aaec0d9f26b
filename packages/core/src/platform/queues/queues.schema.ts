import { z } from "zod";

const queueName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[\w.\-/]+$/, "Invalid queue name.");

export const queueJobsInput = z.object({
  queue: queueName,
  /** failed: exhausted or failing jobs of a queue; dead: jobs waiting in a dead-letter queue. */
  kind: z.enum(["failed", "dead"]),
  limit: z.number().int().min(1).max(100).default(25),
});
export type QueueJobsInput = z.input<typeof queueJobsInput>;

export const retryJobInput = z.object({ queue: queueName, jobId: z.uuid() });
export type RetryJobInput = z.input<typeof retryJobInput>;

export const redriveInput = z.object({ queue: queueName });
export type RedriveInput = z.input<typeof redriveInput>;
