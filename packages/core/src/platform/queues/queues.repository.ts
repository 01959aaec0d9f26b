import type { DbOrTx } from "@quartet/db/client";

export interface JobRow {
  id: string;
  name: string;
  state: string;
  retryCount: number;
  retryLimit: number;
  output: unknown;
  data: unknown;
  sourceName: string | null;
  sourceOutput: unknown;
  createdOn: Date;
  completedOn: Date | null;
}

const columns = `id::text AS "id", name, state::text AS "state", retry_count AS "retryCount",
  retry_limit AS "retryLimit", output, data, source_name AS "sourceName", source_output AS "sourceOutput",
  created_on AS "createdOn", completed_on AS "completedOn"`;

/** A queue's failed jobs, newest failure first (pg-boss keeps them until its retention deletes them). */
export function findFailedJobs(db: DbOrTx, queue: string, limit: number) {
  return db.$queryRawUnsafe<JobRow[]>(
    `SELECT ${columns} FROM pgboss.job WHERE name = $1 AND state = 'failed'
     ORDER BY completed_on DESC NULLS LAST, id DESC LIMIT $2`,
    queue,
    limit,
  );
}

/** Jobs waiting in a dead-letter queue (they sit there queued until redriven), oldest first. */
export function findDeadJobs(db: DbOrTx, queue: string, limit: number) {
  return db.$queryRawUnsafe<JobRow[]>(
    `SELECT ${columns} FROM pgboss.job WHERE name = $1 AND state IN ('created', 'retry')
     ORDER BY created_on, id LIMIT $2`,
    queue,
    limit,
  );
}

export async function findJobState(db: DbOrTx, queue: string, id: string) {
  const rows = await db.$queryRawUnsafe<{ state: string }[]>(
    `SELECT state::text AS state FROM pgboss.job WHERE name = $1 AND id = $2::uuid`,
    queue,
    id,
  );
  return rows[0]?.state ?? null;
}

/** Live job counts per queue and state (pg-boss' own queue counts lag behind its monitor). */
export async function countJobsByState(db: DbOrTx) {
  const rows = await db.$queryRawUnsafe<{ name: string; state: string; count: bigint; deferred: bigint }[]>(
    `SELECT name, state::text AS state, count(*) AS count,
            count(*) FILTER (WHERE state IN ('created', 'retry') AND start_after > now()) AS deferred
       FROM pgboss.job GROUP BY name, state`,
  );
  const out = new Map<string, Record<string, number>>();
  for (const r of rows) {
    const c = out.get(r.name) ?? {};
    c[r.state] = Number(r.count);
    c.deferred = (c.deferred ?? 0) + Number(r.deferred);
    out.set(r.name, c);
  }
  return out;
}
