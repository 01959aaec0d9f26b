import { createAppEvents } from "@quartet/core/app-events";
import { type AppConfig, type Clock, type Logger, systemClock } from "@quartet/core/deps";
import { capturedMailFinder, capturedMailStore } from "@quartet/core/email/captured-mail.repository";
import {
  createRuntimeSettings,
  listenForSettingChanges,
} from "@quartet/core/platform/settings/runtime-settings";
import { createDb, type Db, poolUsage } from "@quartet/db/client";
import { createCaptureTransport } from "@quartet/integrations/mail/capture-transport";
import type { MailTransport } from "@quartet/integrations/mail/mail-transport";
import { type SocialProviders, socialProviders } from "@quartet/integrations/social/registry";
import type { FileStorage } from "@quartet/integrations/storage/file-storage";
import { createLocalStorage } from "@quartet/integrations/storage/local-storage";
import { DEFAULT_STORAGE_DIR } from "@quartet/integrations/storage/storage";
import { allJobs } from "@quartet/jobs/definitions";
import type { JobDefinition } from "@quartet/jobs/job-definition";
import { isPermanentJobError } from "@quartet/jobs/job-errors";
import { createBoss, ensureQueues } from "@quartet/jobs/queue";
import { runJobInContext, splitJobMeta } from "@quartet/observability/job-meta";
import {
  jobDuration,
  jobsTotal,
  type PoolUsage,
  type QueueSample,
  registerPool,
  registerQueueSampler,
  startProcessMetrics,
} from "@quartet/observability/metrics";
import { startOpsServer } from "@quartet/observability/ops-server";
import { checkReadiness } from "@quartet/observability/readiness";
import { withContextFields } from "@quartet/observability/request-context";
import type { Job, JobResult, PgBoss, WorkOptions } from "pg-boss";
import { buildHandlers, type JobHandler, type WorkerContext } from "./handlers.ts";

export interface StartWorkerOptions {
  databaseUrl: string;
  config: AppConfig;
  /** Mail transport; a function receives the worker's db (the capture transport stores mail there). Default: capture. */
  transport?: MailTransport | ((db: Db) => MailTransport);
  log: Logger;
  /** Where files go (default: `<repo>/.data/files`, as STORAGE_DRIVER=local). */
  storage?: FileStorage;
  /** Inbox channel providers (default: the local ones only, sandbox and chat widget). */
  social?: SocialProviders;
  clock?: Clock;
  /** Independent fetch loops per queue (pg-boss localConcurrency). Default 2. */
  concurrency?: number;
  /** Jobs fetched at once by one loop and run side by side. Default 100. */
  batchSize?: number;
  /** Job definitions to register (default: every job). Tests pass variants with short retry delays. */
  jobs?: readonly JobDefinition[];
  /** Extra or replacement handlers by job name (tests). */
  handlers?: Record<string, JobHandler>;
  /** Register cron schedules (default true). */
  schedule?: boolean;
  /**
   * Idle poll of queues without `notify` (default 1 s, pg-boss' minimum is 0.5). A loop whose fetch
   * came back full fetches again at once (burst), so the interval only matters for an idle queue.
   */
  pollingIntervalSeconds?: number;
  /** Backstop poll of `notify` queues, which are woken by NOTIFY (default 5 s). */
  notifyPollingIntervalSeconds?: number;
  /** How often the per-queue summary (jobs done and failed since the last one) is logged. Default 60 s. */
  statsIntervalMs?: number;
  /** How long a graceful stop waits for in-flight jobs before failing them back to the queue. */
  stopTimeoutMs?: number;
  /** The worker's HTTP port: /healthz, /readyz and /metrics (bearer `metricsToken` when set). */
  ops?: { port: number; host: string; metricsToken?: string };
}

export interface RunningWorker {
  db: Db;
  boss: PgBoss;
  transport: MailTransport;
  queues: string[];
  /** Jobs done, failed (to be retried) and dead-lettered per queue since the worker started. */
  stats: () => Record<string, QueueCounters>;
  /** The ops port actually listened on (when `ops` was given; port 0 picks a free one). */
  opsPort?: number;
  /** Stops fetching, lets in-flight jobs finish (up to stopTimeoutMs), closes pools. Idempotent. */
  stop: () => Promise<void>;
}

export interface QueueCounters {
  done: number;
  failed: number;
  deadLettered: number;
}

/** Per-queue job counters: totals since start, and a window the periodic summary drains. */
function createCounters() {
  const totals = new Map<string, QueueCounters>();
  let window = new Map<string, QueueCounters>();
  const zero = (): QueueCounters => ({ done: 0, failed: 0, deadLettered: 0 });
  const bump = (map: Map<string, QueueCounters>, queue: string, field: keyof QueueCounters) => {
    const c = map.get(queue) ?? zero();
    map.set(queue, c);
    c[field]++;
  };
  return {
    add(queue: string, field: keyof QueueCounters) {
      bump(totals, queue, field);
      bump(window, queue, field);
    },
    totals: () => Object.fromEntries([...totals].map(([q, c]) => [q, { ...c }])),
    /** The counts since the previous call. */
    drainWindow() {
      const out = window;
      window = new Map();
      return out;
    },
  };
}

/**
 * Wires the worker: Prisma + pg-boss on one database, a queue per job definition (with its retry
 * policy and dead-letter queue), a handler per job, cron schedules. pg-boss and Prisma errors are
 * logged, never fatal: when Postgres restarts, both pools reconnect on the next poll.
 */
export async function startWorker(options: StartWorkerOptions): Promise<RunningWorker> {
  // Every line a handler logs carries the job, and the id of the request that enqueued it.
  const log = withContextFields(options.log);
  const jobs = options.jobs ?? allJobs;
  const concurrency = options.concurrency ?? 2;
  const batchSize = options.batchSize ?? 100;
  const db = createDb(options.databaseUrl, { max: 10 });
  const transport =
    typeof options.transport === "function"
      ? options.transport(db)
      : (options.transport ??
        createCaptureTransport({ store: capturedMailStore(db), find: capturedMailFinder(db) }));
  // Fetch loops hold a connection only while they fetch or settle a batch.
  const boss = createBoss(options.databaseUrl, { max: Math.max(6, concurrency * 3), listen: true });
  const counters = createCounters();

  // Without an 'error' listener an EventEmitter error kills the process; a lost connection is
  // expected during a Postgres restart and pg-boss retries on its own.
  let lastErrorLog = 0;
  boss.on("error", (error) => {
    const now = Date.now();
    if (now - lastErrorLog > 5000) {
      lastErrorLog = now;
      log.error({ err: error }, "pg-boss error (will keep retrying)");
    }
  });
  boss.on("warning", (warning) => log.warn({ warning: warning.message }, "pg-boss warning"));

  // Runtime config and flags, refreshed by NOTIFY: one LISTEN connection, opened once pg-boss runs.
  const settings = createRuntimeSettings(db);
  let settingsListener: { close(): Promise<void> } | null = null;

  const ctx: WorkerContext = {
    db,
    boss,
    transport,
    log,
    clock: options.clock ?? systemClock,
    config: options.config,
    storage: options.storage ?? createLocalStorage(DEFAULT_STORAGE_DIR),
    social: options.social ?? socialProviders({}),
    events: createAppEvents(),
    settings,
  };
  const handlers = { ...buildHandlers(ctx), ...options.handlers };
  const missing = jobs.filter((def) => !handlers[def.name]).map((def) => def.name);
  if (missing.length) throw new Error(`No handler for job(s): ${missing.join(", ")}`);

  try {
    await boss.start({ attempts: 3 });
    settingsListener = await listenForSettingChanges(settings, boss.getDb(), log);
    await ensureQueues(boss, jobs);
    for (const def of jobs) {
      const handler = handlers[def.name] as JobHandler;
      const runOne = async (job: Job<unknown>): Promise<JobResult> => {
        const started = Date.now();
        const done = (outcome: "completed" | "failed" | "deadletter") => {
          jobsTotal.inc({ queue: def.name, outcome });
          jobDuration.observe({ queue: def.name, outcome }, (Date.now() - started) / 1000);
        };
        const { payload: data, meta } = splitJobMeta(job.data ?? {});
        try {
          const payload = def.schema.safeParse(data ?? {});
          if (!payload.success) {
            log.error(
              { job: def.name, jobId: job.id, issues: payload.error.issues },
              "job payload invalid: dead-lettered",
            );
            counters.add(def.name, "deadLettered");
            done("deadletter");
            return { id: job.id, status: "deadletter", output: { message: "invalid payload" } };
          }
          await runJobInContext({ id: job.id, name: def.name }, meta, async () => {
            await handler(payload.data, {
              id: job.id,
              name: def.name,
              retryCount: job.retryCount,
              signal: job.signal,
            });
            counters.add(def.name, "done");
            log.debug?.({ ms: Date.now() - started }, "job done");
          });
          done("completed");
          return { id: job.id, status: "completed" };
        } catch (error) {
          const permanent = isPermanentJobError(error);
          const message = error instanceof Error ? error.message : String(error);
          const retriesLeft = def.queue.retryLimit - job.retryCount;
          counters.add(def.name, permanent ? "deadLettered" : "failed");
          done(permanent ? "deadletter" : "failed");
          log.warn(
            {
              ...(meta.reqId ? { reqId: meta.reqId } : {}),
              job: def.name,
              jobId: job.id,
              attempt: job.retryCount + 1,
              err: message,
              retriesLeft: permanent ? 0 : retriesLeft,
            },
            permanent || retriesLeft <= 0 ? "job failed for good" : "job failed, will retry",
          );
          return { id: job.id, status: permanent ? "deadletter" : "failed", output: { message } };
        }
      };
      // perJobResults: one failing mail in a batch is retried alone, the rest complete.
      // burstWhenBatchFull: a loop whose fetch came back full fetches again at once instead of
      // waiting out the polling interval (without it a queue is capped at batchSize jobs per poll).
      await boss.work<unknown, unknown, WorkOptions & { perJobResults: true }>(
        def.name,
        // A scheduled job runs once per period: one loop fetching one job is enough there.
        def.cron
          ? {
              batchSize: 1,
              localConcurrency: 1,
              pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2,
              perJobResults: true,
            }
          : {
              batchSize: def.work?.batchSize ?? batchSize,
              localConcurrency: concurrency,
              burstWhenBatchFull: true,
              pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1,
              // pg-boss never bursts at batchSize 1 (every fetch is "full"), so a loop that finished
              // one heavy job (a file tool) would sit out the backstop until the next job is queued:
              // a backlog drained at one job per loop per 5 s. 1 s keeps it moving.
              notifyPollingIntervalSeconds:
                options.notifyPollingIntervalSeconds ?? ((def.work?.batchSize ?? batchSize) === 1 ? 1 : 5),
              perJobResults: true,
            },
        (batch) => Promise.all(batch.map(runOne)),
      );
      if (def.cron && options.schedule !== false) await boss.schedule(def.name, def.cron, {}, { tz: "UTC" });
    }
  } catch (error) {
    await settingsListener?.close().catch(() => {});
    await boss.stop({ graceful: false }).catch(() => {});
    await db.$disconnect().catch(() => {});
    throw error;
  }

  const queues = jobs.flatMap((def) =>
    def.queue.deadLetter ? [def.name, def.queue.deadLetter] : [def.name],
  );
  // One info line per queue and interval instead of one per job (those are at debug level).
  const logSummary = () => {
    for (const [queue, c] of counters.drainWindow())
      log.info(
        { queue, done: c.done, failed: c.failed, deadLettered: c.deadLettered },
        "jobs since last summary",
      );
  };
  const summaryTimer = setInterval(logSummary, options.statsIntervalMs ?? 60_000);
  summaryTimer.unref();

  // /metrics: both pools, and the queues as pg-boss' table shows them on each scrape.
  registerPool("prisma", () => poolUsage(db));
  registerPool(
    "pgboss",
    () => (boss.getDb() as { poolCounts?: () => PoolUsage | null }).poolCounts?.() ?? null,
  );
  registerQueueSampler(() => sampleQueues(boss, queues));
  let ops: Awaited<ReturnType<typeof startOpsServer>> | null = null;
  if (options.ops) {
    startProcessMetrics("worker");
    try {
      ops = await startOpsServer({
        port: options.ops.port,
        host: options.ops.host,
        metricsToken: options.ops.metricsToken,
        readiness: () => checkReadiness(db),
      });
    } catch (error) {
      clearInterval(summaryTimer);
      await settingsListener?.close().catch(() => {});
      await boss.stop({ graceful: false }).catch(() => {});
      await db.$disconnect().catch(() => {});
      throw error;
    }
  }
  const address = ops?.server.address();

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      clearInterval(summaryTimer);
      log.info("worker stopping: finishing in-flight jobs");
      await ops?.close();
      try {
        await settingsListener?.close();
        await boss.stop({ graceful: true, timeout: options.stopTimeoutMs ?? 30_000 });
      } finally {
        await transport.close?.().catch(() => {});
        await db.$disconnect().catch(() => {});
        logSummary();
        log.info("worker stopped");
      }
    })();
    return stopping;
  };
  return {
    db,
    boss,
    transport,
    queues,
    stats: counters.totals,
    stop,
    ...(address && typeof address === "object" ? { opsPort: address.port } : {}),
  };
}

/**
 * Waiting and running jobs per queue, and how long the oldest job that could run now has waited
 * (created or retry, past its start time). Queues without jobs report zeros, so every series exists.
 */
export async function sampleQueues(boss: PgBoss, queues: readonly string[]): Promise<QueueSample[]> {
  const { rows } = await boss.getDb().executeSql(
    `SELECT name, state::text AS state, count(*)::int AS n,
            COALESCE(EXTRACT(EPOCH FROM now() - min(created_on)
              FILTER (WHERE state IN ('created', 'retry') AND start_after <= now())), 0)::float8 AS oldest
       FROM pgboss.job
      WHERE name = ANY($1) AND state IN ('created', 'retry', 'active')
      GROUP BY name, state`,
    [queues],
  );
  const byQueue = new Map<string, QueueSample>(
    queues.map((queue) => [
      queue,
      { queue, counts: { created: 0, retry: 0, active: 0 }, oldestAgeSeconds: 0 },
    ]),
  );
  for (const row of rows as { name: string; state: string; n: number; oldest: number }[]) {
    const sample = byQueue.get(row.name);
    if (!sample) continue;
    sample.counts[row.state] = row.n;
    sample.oldestAgeSeconds = Math.max(sample.oldestAgeSeconds, row.oldest);
  }
  return [...byQueue.values()];
}
