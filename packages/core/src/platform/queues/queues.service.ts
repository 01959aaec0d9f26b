import { allJobs } from "@quartet/jobs/definitions";
import type { QueueAdmin } from "@quartet/jobs/queue-admin";
import type { Deps } from "../../deps.ts";
import { AppError, notFound } from "../../errors.ts";
import { insertAuditLog } from "../admin-audit.repository.ts";
import type { AdminActor } from "../admin-audit.schema.ts";
import {
  countJobsByState,
  findDeadJobs,
  findFailedJobs,
  findJobState,
  type JobRow,
} from "./queues.repository.ts";
import {
  type QueueJobsInput,
  queueJobsInput,
  type RedriveInput,
  type RetryJobInput,
  redriveInput,
  retryJobInput,
} from "./queues.schema.ts";

type QueueDeps = Pick<Deps, "db" | "queueAdmin">;

function admin(deps: QueueDeps): QueueAdmin {
  if (!deps.queueAdmin) throw new AppError("PRECONDITION_FAILED", "Queue inspection isn't available here.");
  return deps.queueAdmin;
}

/** Every queue with its counts by state, what feeds it and its cron schedule. */
export async function listQueues(deps: QueueDeps, _actor: AdminActor) {
  const boss = admin(deps);
  const [queues, schedules, counts] = await Promise.all([
    boss.getQueues(),
    boss.getSchedules(),
    countJobsByState(deps.db),
  ]);
  const deadLetterOf = new Map<string, string>();
  for (const def of allJobs) if (def.queue.deadLetter) deadLetterOf.set(def.queue.deadLetter, def.name);
  const defs = new Map(allJobs.map((d) => [d.name, d]));
  // pg-boss' own internal queues (`__pgboss__…`) are not ours to show.
  const items = queues
    .filter((q) => !q.name.startsWith("__pgboss"))
    .map((q) => {
      const def = defs.get(q.name);
      const schedule = schedules.find((s) => s.name === q.name);
      const c = counts.get(q.name) ?? {};
      const queued = (c.created ?? 0) + (c.retry ?? 0);
      return {
        name: q.name,
        /** A dead-letter queue: its queued jobs are the dead-lettered ones. */
        deadLetterFor: deadLetterOf.get(q.name) ?? null,
        deadLetter: q.deadLetter ?? null,
        known: Boolean(def) || deadLetterOf.has(q.name),
        queued,
        deferred: c.deferred ?? 0,
        active: c.active ?? 0,
        completed: c.completed ?? 0,
        failed: c.failed ?? 0,
        cancelled: c.cancelled ?? 0,
        retryLimit: q.retryLimit ?? null,
        cron: schedule?.cron ?? def?.cron ?? null,
        /** Whether the worker registered the schedule (a definition's cron shows even before it has). */
        scheduled: Boolean(schedule),
        timezone: schedule?.timezone ?? (def?.cron ? "UTC" : null),
      };
    });
  items.sort((a, b) => a.name.localeCompare(b.name));
  return items;
}

const errorOf = (output: unknown): string | null => {
  if (!output || typeof output !== "object") return output == null ? null : String(output);
  const o = output as Record<string, unknown>;
  if (typeof o.message === "string") return o.message;
  return JSON.stringify(output).slice(0, 500);
};

const view = (row: JobRow) => ({
  id: row.id,
  queue: row.name,
  state: row.state,
  retryCount: row.retryCount,
  retryLimit: row.retryLimit,
  // A dead-lettered copy keeps the failure of the job it came from.
  error: errorOf(row.sourceOutput ?? row.output),
  sourceQueue: row.sourceName,
  data: JSON.stringify(row.data ?? {}).slice(0, 300),
  createdOn: row.createdOn,
  completedOn: row.completedOn,
});

export async function listQueueJobs(deps: QueueDeps, _actor: AdminActor, raw: QueueJobsInput) {
  const input = queueJobsInput.parse(raw);
  const rows =
    input.kind === "failed"
      ? await findFailedJobs(deps.db, input.queue, input.limit)
      : await findDeadJobs(deps.db, input.queue, input.limit);
  return rows.map(view);
}

/**
 * Runs one job again: a failed job goes back to its queue (pg-boss `retry`), a dead-lettered one is
 * moved back to the queue it came from (`redrive` of that one id).
 */
export async function retryJob(deps: QueueDeps, actor: AdminActor, raw: RetryJobInput) {
  const input = retryJobInput.parse(raw);
  const boss = admin(deps);
  const state = await findJobState(deps.db, input.queue, input.jobId);
  if (!state) throw notFound("This job no longer exists.");
  let moved = 0;
  if (state === "failed") {
    // CommandResponse is typed `{}` though it carries `affected` (jobs changed).
    const result = (await boss.retry(input.queue, input.jobId)) as { affected?: number };
    moved = result.affected ?? 0;
  } else if (state === "created" || state === "retry") {
    moved = await boss.redrive(input.queue, { ids: [input.jobId] });
  }
  if (moved === 0)
    throw new AppError(
      "CONFLICT",
      "This job isn't failed or dead-lettered any more.",
      undefined,
      "NOT_RETRYABLE",
    );
  await insertAuditLog(deps.db, actor, {
    action: "queue.job.retry",
    entityType: "queue",
    entityId: input.queue,
    changes: { before: { jobId: input.jobId, state }, after: null },
  });
  return { retried: moved };
}

/** Moves every job of a dead-letter queue back to the queue each came from. */
export async function redriveAll(deps: QueueDeps, actor: AdminActor, raw: RedriveInput) {
  const input = redriveInput.parse(raw);
  const boss = admin(deps);
  let moved = 0;
  // pg-boss moves up to 1,000 per call: drain in rounds, bounded so a flood can't hold the request.
  for (let round = 0; round < 20; round++) {
    const n = await boss.redrive(input.queue, { limit: 1000 });
    moved += n;
    if (n < 1000) break;
  }
  await insertAuditLog(deps.db, actor, {
    action: "queue.redrive",
    entityType: "queue",
    entityId: input.queue,
    changes: { before: null, after: { moved } },
  });
  return { moved };
}
