import { timingSafeEqual } from "node:crypto";
import client from "prom-client";

// One registry per process (prom-client's default), read by GET /metrics. The metric objects are
// module singletons: a process registers each name once, whichever code paths record into it.

export const registry = client.register;

/** Latency buckets (seconds) from 5 ms to 10 s. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const httpRequestDuration = new client.Histogram({
  name: "quartet_http_request_duration_seconds",
  help: "HTTP requests by method, route (the route pattern, never the raw path) and status code",
  labelNames: ["method", "route", "status_code"] as const,
  buckets: LATENCY_BUCKETS,
});

export const trpcProcedureDuration = new client.Histogram({
  name: "quartet_trpc_procedure_duration_seconds",
  help: "tRPC procedure calls by procedure path, type and result code (OK or the tRPC error code)",
  labelNames: ["procedure", "type", "code"] as const,
  buckets: LATENCY_BUCKETS,
});

export const jobDuration = new client.Histogram({
  name: "quartet_job_duration_seconds",
  help: "Jobs run by this worker, by queue and outcome (completed, failed, deadletter)",
  labelNames: ["queue", "outcome"] as const,
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
});

export const jobsTotal = new client.Counter({
  name: "quartet_jobs_total",
  help: "Jobs run by this worker, by queue and outcome (failed: will be retried; deadletter: given up)",
  labelNames: ["queue", "outcome"] as const,
});

export interface PoolUsage {
  total: number;
  idle: number;
  waiting: number;
  max: number;
}

const pools = new Map<string, () => PoolUsage | null>();

/** Reports a connection pool under `pool` (e.g. "prisma", "pgboss") on every scrape. */
export function registerPool(name: string, usage: () => PoolUsage | null): void {
  pools.set(name, usage);
}

new client.Gauge({
  name: "quartet_db_pool_connections",
  help: "Database pool connections by pool and state (busy, idle) and the pool's maximum (max)",
  labelNames: ["pool", "state"] as const,
  collect() {
    this.reset();
    for (const [pool, usage] of pools) {
      const u = usage();
      if (!u) continue;
      this.set({ pool, state: "busy" }, u.total - u.idle);
      this.set({ pool, state: "idle" }, u.idle);
      this.set({ pool, state: "max" }, u.max);
    }
  },
});

new client.Gauge({
  name: "quartet_db_pool_waiting",
  help: "Queries waiting for a free connection, by pool",
  labelNames: ["pool"] as const,
  collect() {
    this.reset();
    for (const [pool, usage] of pools) {
      const u = usage();
      if (u) this.set({ pool }, u.waiting);
    }
  },
});

export interface QueueSample {
  queue: string;
  /** Jobs waiting by pg-boss state (created, retry, active, …). */
  counts: Record<string, number>;
  /** Seconds the oldest job that could run now has been waiting (0 when none). */
  oldestAgeSeconds: number;
}

let queueSampler: (() => Promise<QueueSample[]>) | null = null;

/** The worker's queue view (read from pg-boss' tables on each scrape). */
export function registerQueueSampler(sample: () => Promise<QueueSample[]>): void {
  queueSampler = sample;
}

/** One sample per scrape, shared by the two queue gauges. */
let pendingSample: Promise<QueueSample[]> | null = null;
function sampleQueues(): Promise<QueueSample[]> {
  if (!queueSampler) return Promise.resolve([]);
  pendingSample ??= queueSampler().finally(() => {
    setTimeout(() => {
      pendingSample = null;
    }, 1000).unref();
  });
  return pendingSample;
}

new client.Gauge({
  name: "quartet_queue_jobs",
  help: "pg-boss jobs by queue and state (created and retry are waiting, active are running)",
  labelNames: ["queue", "state"] as const,
  async collect() {
    this.reset();
    for (const s of await sampleQueues())
      for (const [state, n] of Object.entries(s.counts)) this.set({ queue: s.queue, state }, n);
  },
});

new client.Gauge({
  name: "quartet_queue_oldest_job_age_seconds",
  help: "Age of the oldest job waiting to run, by queue",
  labelNames: ["queue"] as const,
  async collect() {
    this.reset();
    for (const s of await sampleQueues()) this.set({ queue: s.queue }, s.oldestAgeSeconds);
  },
});

let processMetricsStarted = false;

/** Process metrics (CPU, memory, GC, event-loop lag) labelled with the app, once per process. */
export function startProcessMetrics(app: string): void {
  if (processMetricsStarted) return;
  processMetricsStarted = true;
  registry.setDefaultLabels({ app });
  client.collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });
}

/** The exposition text for GET /metrics. */
export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  return { contentType: registry.contentType, body: await registry.metrics() };
}

/**
 * Who may read /metrics: with METRICS_TOKEN set, a request must send `Authorization: Bearer <token>`
 * (compared in constant time); without one, only a dedicated metrics port serves it.
 */
export function metricsAuthorized(authorization: string | undefined, token: string | undefined): boolean {
  if (!token) return true;
  const expected = Buffer.from(`Bearer ${token}`);
  const given = Buffer.from(authorization ?? "");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** How this process serves /metrics, for the admin console's System page. */
export interface MetricsExposure {
  /** A port of its own (METRICS_PORT), or null. */
  port: number | null;
  /** The app's own port serves /metrics to a bearer of METRICS_TOKEN. */
  token: boolean;
  /** Where people read the metrics (METRICS_DASHBOARD_URL, e.g. a Grafana dashboard), or null. */
  dashboardUrl: string | null;
}

let exposure: MetricsExposure = { port: null, token: false, dashboardUrl: null };

export function setMetricsExposure(value: MetricsExposure): void {
  exposure = value;
}

export function metricsExposure(): MetricsExposure {
  return exposure;
}
