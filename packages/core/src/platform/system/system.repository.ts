import type { DbOrTx } from "@quartet/db/client";

/** The database server's version, e.g. "17.2". */
export async function postgresVersion(db: DbOrTx): Promise<string> {
  const [row] = await db.$queryRawUnsafe<{ server_version: string }[]>("SHOW server_version");
  return row?.server_version ?? "unknown";
}

export interface QueueHealthRow {
  name: string;
  queued: number;
  active: number;
  /** Seconds the oldest job that could run now has waited. */
  oldestAgeSeconds: number;
  failed24h: number;
  completed24h: number;
}

/**
 * Per queue: jobs waiting (created or retry, due now or later), running, the oldest due job's age,
 * and what finished in the last 24 hours. Finished jobs are counted only over that window (pg-boss'
 * partial indexes keep the waiting states cheap; completed rows are pruned by its retention).
 */
export function queueHealth(db: DbOrTx) {
  return db.$queryRawUnsafe<QueueHealthRow[]>(
    `SELECT name,
            count(*) FILTER (WHERE state IN ('created', 'retry'))::int AS "queued",
            count(*) FILTER (WHERE state = 'active')::int AS "active",
            COALESCE(EXTRACT(EPOCH FROM now() - min(created_on)
              FILTER (WHERE state IN ('created', 'retry') AND start_after <= now())), 0)::float8 AS "oldestAgeSeconds",
            count(*) FILTER (WHERE state = 'failed' AND completed_on > now() - interval '24 hours')::int AS "failed24h",
            count(*) FILTER (WHERE state = 'completed' AND completed_on > now() - interval '24 hours')::int AS "completed24h"
       FROM pgboss.job
      WHERE name NOT LIKE '\\_\\_pgboss%'
        AND (state IN ('created', 'retry', 'active') OR completed_on > now() - interval '24 hours')
      GROUP BY name`,
  );
}

export interface CronRunRow {
  name: string;
  state: string;
  createdOn: Date;
  startedOn: Date | null;
  completedOn: Date | null;
}

/** The latest run (started, finished or failed) of each scheduled queue. */
export function lastCronRuns(db: DbOrTx, queues: string[]) {
  return db.$queryRawUnsafe<CronRunRow[]>(
    `SELECT DISTINCT ON (name) name, state::text AS "state", created_on AS "createdOn",
            started_on AS "startedOn", completed_on AS "completedOn"
       FROM pgboss.job
      WHERE name = ANY($1::text[]) AND state IN ('active', 'completed', 'failed')
      ORDER BY name, created_on DESC`,
    queues,
  );
}
