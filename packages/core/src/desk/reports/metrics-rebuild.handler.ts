import type { Db } from "@quartet/db/client";
import { deskMetricsRebuildJob } from "@quartet/jobs/definitions";
import type { Clock, Logger } from "../../deps.ts";
import { recomputeDeskMetrics } from "./metrics-daily.handler.ts";
import * as repo from "./metrics-rebuild.repository.ts";
import { addDays } from "./report-days.ts";

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/**
 * `desk.metrics-rebuild`: recomputes the rollups of the request's days, chunk by chunk, recording
 * the days done after each chunk (the reports screen polls it). A retry resumes after the last
 * recorded chunk (recomputing is idempotent, so a chunk redone is harmless); the last failed
 * attempt marks the request FAILED.
 */
export async function handleMetricsRebuild(
  deps: { db: Db; clock: Clock; log: Logger },
  payload: { rebuildId: string },
  job: { retryCount: number },
): Promise<{ days: number } | { skipped: string }> {
  const row = await repo.findRebuild(deps.db, payload.rebuildId);
  if (!row) return { skipped: "gone" };
  if (row.status === "DONE" || row.status === "FAILED") return { skipped: row.status };
  const from = addDays(isoDay(row.fromDate), row.daysDone);
  const to = isoDay(row.toDate);
  try {
    await repo.markRunning(deps.db, row.id, deps.clock.now());
    if (from <= to) {
      await recomputeDeskMetrics(deps, row.organizationId, { from, to }, (done) =>
        repo.markProgress(deps.db, row.id, row.daysDone + done, deps.clock.now()).then(() => {}),
      );
    }
    await repo.markFinished(deps.db, row.id, { status: "DONE", now: deps.clock.now() });
    deps.log.info(
      { job: deskMetricsRebuildJob.name, rebuildId: row.id, days: row.daysTotal },
      "desk metrics rebuilt",
    );
    return { days: row.daysTotal };
  } catch (error) {
    if (job.retryCount >= deskMetricsRebuildJob.queue.retryLimit) {
      await repo.markFinished(deps.db, row.id, {
        status: "FAILED",
        error: error instanceof Error ? error.message.slice(0, 500) : String(error),
        now: deps.clock.now(),
      });
    }
    throw error;
  }
}
