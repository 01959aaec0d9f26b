import { context, propagation, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { currentContext, runWithContext } from "./request-context.ts";

/**
 * The key under which a job's payload carries where it came from: the request id of the request
 * (or job) that enqueued it and the W3C trace context, so the handler's log lines and spans join
 * that request's. Stripped before the payload is validated.
 */
export const JOB_META_KEY = "_meta";

export interface JobMeta {
  reqId?: string;
  traceparent?: string;
  tracestate?: string;
}

/** The meta for a job enqueued now (null outside any request, job or trace). */
export function currentJobMeta(): JobMeta | null {
  const meta: JobMeta = {};
  const reqId = currentContext()?.reqId;
  if (reqId) meta.reqId = reqId;
  // Without a tracing SDK the propagator is a no-op and adds nothing.
  propagation.inject(context.active(), meta);
  return Object.keys(meta).length ? meta : null;
}

/** Adds the current meta to a payload about to be enqueued. */
export function withJobMeta<T extends object>(payload: T): T {
  const meta = currentJobMeta();
  return meta ? { ...payload, [JOB_META_KEY]: meta } : payload;
}

/** Splits a fetched job's data into its payload and the meta it was sent with. */
export function splitJobMeta(data: unknown): { payload: unknown; meta: JobMeta } {
  if (!data || typeof data !== "object" || Array.isArray(data) || !(JOB_META_KEY in data)) {
    return { payload: data, meta: {} };
  }
  const { [JOB_META_KEY]: raw, ...payload } = data as Record<string, unknown>;
  const meta: JobMeta = {};
  if (raw && typeof raw === "object") {
    for (const key of ["reqId", "traceparent", "tracestate"] as const) {
      const value = (raw as Record<string, unknown>)[key];
      if (typeof value === "string" && value.length <= 256) meta[key] = value;
    }
  }
  return { payload, meta };
}

const tracer = trace.getTracer("quartet-jobs");

/**
 * Runs one job's handler inside its context: the enqueuing request's id (or the job's own id when
 * none), the job's name and id for every log line, and a span that continues the enqueuing trace.
 */
export async function runJobInContext<T>(
  job: { id: string; name: string },
  meta: JobMeta,
  fn: () => Promise<T>,
): Promise<T> {
  const parent = propagation.extract(context.active(), meta);
  return runWithContext({ reqId: meta.reqId ?? `job:${job.id}`, job: job.name, jobId: job.id }, () =>
    tracer.startActiveSpan(
      `job ${job.name}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          "messaging.system": "pg-boss",
          "messaging.destination.name": job.name,
          "messaging.message.id": job.id,
        },
      },
      parent,
      async (span) => {
        try {
          return await fn();
        } catch (error) {
          span.recordException(error as Error);
          span.setStatus({ code: SpanStatusCode.ERROR });
          throw error;
        } finally {
          span.end();
        }
      },
    ),
  );
}
