import { deskMetricsRebuildJob } from "@quartet/jobs/definitions";
import { enqueue } from "@quartet/jobs/queue";
import type { Deps, UserActor } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import { requireMembership } from "../../orgs/org-access.service.ts";
import * as repo from "./metrics-rebuild.repository.ts";
import {
  daysBetween,
  type MetricsRebuildView,
  type RebuildMetricsInput,
  rebuildMetricsInput,
  rebuildStatusInput,
} from "./report.schema.ts";
import { addDays, earlierDay, localDate, workspaceTimezone } from "./report-days.ts";

/** A QUEUED or RUNNING rebuild that made no progress for this long is presumed dead. */
export const STALE_REBUILD_MS = 15 * 60_000;

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

function toView(row: NonNullable<Awaited<ReturnType<typeof repo.findRebuild>>>): MetricsRebuildView {
  return {
    id: row.id,
    from: isoDay(row.fromDate),
    to: isoDay(row.toDate),
    status: row.status,
    daysTotal: row.daysTotal,
    daysDone: row.daysDone,
    percent: row.daysTotal > 0 ? Math.floor((100 * row.daysDone) / row.daysTotal) : 100,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
    requestedBy: row.requestedBy,
  };
}

/**
 * An owner asks to recompute the stored daily figures of past days (after changing the time zone,
 * bulk edits, or to fill days from before the rollups ran). Today is always live, so the range
 * stops at yesterday. One rebuild per workspace at a time: CONFLICT while one is under way.
 */
export async function requestMetricsRebuild(
  deps: Deps,
  actor: UserActor,
  rawInput: RebuildMetricsInput,
): Promise<MetricsRebuildView> {
  const input = rebuildMetricsInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor.userId, "OWNER");
  const timezone = await workspaceTimezone(deps.db, input.orgId);
  const now = deps.clock.now();
  const yesterday = addDays(localDate(now, timezone), -1);
  if (input.from > yesterday) {
    throw new AppError("BAD_REQUEST", "Today is always counted live: choose days before today.", {
      from: "Choose a day before today.",
    });
  }
  const to = earlierDay(input.to, yesterday);
  const row = await deps.db.$transaction(async (tx) => {
    await repo.lockRebuilds(tx, input.orgId);
    const active = await repo.findActiveRebuild(tx, input.orgId, new Date(now.getTime() - STALE_REBUILD_MS));
    if (active) {
      throw new AppError(
        "CONFLICT",
        "The figures are already being rebuilt. Wait for it to finish.",
        undefined,
        "REBUILD_RUNNING",
      );
    }
    const created = await repo.createRebuild(tx, {
      orgId: input.orgId,
      userId: actor.userId,
      from: new Date(`${input.from}T00:00:00Z`),
      to: new Date(`${to}T00:00:00Z`),
      days: daysBetween(input.from, to),
      now,
    });
    await enqueue(deps.boss, tx, deskMetricsRebuildJob, { rebuildId: created.id });
    return created;
  });
  return toView(row);
}

/** The workspace's latest rebuild (OWNER), or null: what the reports screen shows. */
export async function getMetricsRebuildStatus(
  deps: Deps,
  actor: UserActor,
  rawInput: { orgId: string },
): Promise<MetricsRebuildView | null> {
  const input = rebuildStatusInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor.userId, "OWNER");
  const row = await repo.findLatestRebuild(deps.db, input.orgId);
  return row ? toView(row) : null;
}
