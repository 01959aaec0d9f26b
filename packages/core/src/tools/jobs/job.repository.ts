import type { DbOrTx } from "@quartet/db/client";
import type { JobStatus } from "@quartet/db/enums";
import type { Prisma } from "@quartet/db/types";

export const jobSelect = {
  id: true,
  userId: true,
  guestKey: true,
  ipHash: true,
  organizationId: true,
  batchId: true,
  status: true,
  progress: true,
  inputFileIds: true,
  outputFileIds: true,
  options: true,
  metadata: true,
  errorMessage: true,
  errorCode: true,
  resultMessage: true,
  notifyEmail: true,
  locale: true,
  attempts: true,
  startedAt: true,
  createdAt: true,
  completedAt: true,
  expiresAt: true,
  processingTimeMs: true,
  tool: {
    select: {
      id: true,
      slug: true,
      name: true,
      nameLocalized: true,
      processor: true,
      countsAsOperation: true,
    },
  },
} as const;

export type JobRow = Prisma.JobGetPayload<{ select: typeof jobSelect }>;

export const findJob = (db: DbOrTx, id: string): Promise<JobRow | null> =>
  db.job.findUnique({ where: { id }, select: jobSelect });

/** Jobs of one owner (user or guest cookie), newest first, not expired. */
export function listOwnedJobs(
  db: DbOrTx,
  owner: { userId: string } | { guestKey: string },
  now: Date,
  after: Prisma.JobWhereInput | null,
  take: number,
) {
  return db.job.findMany({
    where: { ...owner, expiresAt: { gt: now }, ...(after ?? {}) },
    select: jobSelect,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
  });
}

/** Compare-and-set on the status; returns whether this call moved it. */
export async function moveStatus(
  db: DbOrTx,
  id: string,
  from: readonly JobStatus[],
  data: Prisma.JobUncheckedUpdateInput,
): Promise<boolean> {
  const { count } = await db.job.updateMany({ where: { id, status: { in: [...from] } }, data });
  return count === 1;
}

/** Writes a progress value only while the job runs and only forwards; false when it no longer runs. */
export async function writeProgress(db: DbOrTx, id: string, progress: number): Promise<boolean> {
  const rows = await db.$queryRaw<{ status: JobStatus }[]>`
    UPDATE tool_jobs SET progress = GREATEST(progress, ${progress}), updated_at = now()
    WHERE id = ${id}::uuid AND status = 'PROCESSING'
    RETURNING status`;
  return rows.length === 1;
}

export const jobStatusOf = async (db: DbOrTx, id: string) =>
  (await db.job.findUnique({ where: { id }, select: { status: true } }))?.status ?? null;

/** Recounts a batch from its jobs and sets its status (PARTIAL when some failed and some completed). */
export async function refreshBatch(db: DbOrTx, batchId: string): Promise<void> {
  await db.$executeRaw`
    UPDATE tool_batches b SET
      completed_jobs = c.completed,
      failed_jobs = c.failed,
      status = (CASE
        WHEN c.completed + c.failed < b.total_jobs THEN
          CASE WHEN c.started > 0 OR c.completed + c.failed > 0 THEN 'PROCESSING' ELSE 'PENDING' END
        WHEN c.failed = 0 THEN 'COMPLETED'
        WHEN c.completed = 0 THEN 'FAILED'
        ELSE 'PARTIAL' END)::tool_batch_status,
      updated_at = now()
    FROM (
      SELECT count(*) FILTER (WHERE status = 'COMPLETED')::int AS completed,
             count(*) FILTER (WHERE status IN ('FAILED', 'CANCELLED'))::int AS failed,
             count(*) FILTER (WHERE status = 'PROCESSING')::int AS started
      FROM tool_jobs WHERE batch_id = ${batchId}::uuid
    ) c
    WHERE b.id = ${batchId}::uuid`;
}

export const findBatch = (db: DbOrTx, id: string) =>
  db.batch.findUnique({
    where: { id },
    select: {
      id: true,
      userId: true,
      status: true,
      totalJobs: true,
      completedJobs: true,
      failedJobs: true,
      createdAt: true,
      expiresAt: true,
    },
  });

export const listBatchJobs = (db: DbOrTx, batchId: string) =>
  db.job.findMany({ where: { batchId }, select: jobSelect, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
