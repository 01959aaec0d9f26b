import { migrationState } from "@quartet/db/migration-state";
import { allJobs } from "@quartet/jobs/definitions";
import { metricsExposure } from "@quartet/observability/metrics";
import type { Deps } from "../../deps.ts";
import type { AdminActor } from "../admin-audit.schema.ts";
import { lastCronRuns, postgresVersion, queueHealth } from "./system.repository.ts";

type SystemDeps = Pick<Deps, "db" | "queueAdmin">;

/** The build's version: QUARTET_VERSION (set when the image is built), else "development". */
function appVersion(): string {
  return process.env.QUARTET_VERSION?.trim() || "development";
}

/**
 * The admin console's System page: versions, migration state, queue health, the last run of each
 * scheduled job, and where the metrics are. Read-only, so no audit entry.
 */
export async function systemOverview(deps: SystemDeps, _actor: AdminActor) {
  const cronJobs = allJobs.filter((def) => def.cron);
  const [postgres, migrations, queues, runs, schedules] = await Promise.all([
    postgresVersion(deps.db),
    migrationState(deps.db),
    queueHealth(deps.db),
    lastCronRuns(
      deps.db,
      cronJobs.map((def) => def.name),
    ),
    deps.queueAdmin ? deps.queueAdmin.getSchedules() : Promise.resolve([]),
  ]);

  const deadLetterOf = new Map<string, string>();
  for (const def of allJobs) if (def.queue.deadLetter) deadLetterOf.set(def.queue.deadLetter, def.name);
  const health = new Map(queues.map((q) => [q.name, q]));
  // Every defined queue, idle ones included, then any other queue that has jobs.
  const names = [
    ...new Set([...allJobs.flatMap((d) => [d.name, d.queue.deadLetter ?? []].flat()), ...health.keys()]),
  ];
  const queueRows = names
    .map((name) => {
      const h = health.get(name);
      return {
        name,
        deadLetterFor: deadLetterOf.get(name) ?? null,
        queued: h?.queued ?? 0,
        active: h?.active ?? 0,
        oldestAgeSeconds: Math.round(h?.oldestAgeSeconds ?? 0),
        failed24h: h?.failed24h ?? 0,
        completed24h: h?.completed24h ?? 0,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));

  const lastRun = new Map(runs.map((r) => [r.name, r]));
  const cron = cronJobs.map((def) => {
    const run = lastRun.get(def.name);
    return {
      name: def.name,
      cron: def.cron as string,
      scheduled: schedules.some((s) => s.name === def.name),
      lastRun: run
        ? {
            state: run.state as "active" | "completed" | "failed",
            startedAt: run.startedOn ?? run.createdOn,
            finishedAt: run.completedOn,
          }
        : null,
    };
  });

  const exposure = metricsExposure();
  return {
    versions: { app: appVersion(), node: process.version, postgres },
    migrations: {
      expected: migrations.expected,
      applied: migrations.applied,
      appliedCount: migrations.appliedCount,
      pending: migrations.pending,
      unknown: migrations.unknown,
      upToDate: migrations.upToDate,
    },
    queues: queueRows,
    cron,
    metrics: {
      port: exposure.port,
      token: exposure.token,
      dashboardUrl: exposure.dashboardUrl,
    },
  };
}

export type SystemOverview = Awaited<ReturnType<typeof systemOverview>>;
