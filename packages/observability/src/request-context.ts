import { AsyncLocalStorage } from "node:async_hooks";

/**
 * What a log line says about the work it belongs to: the request id (a web or admin request, or
 * the request that enqueued a job) and, in the worker, the job. Kept in AsyncLocalStorage so every
 * log line and every job a request enqueues carry it without passing it around.
 */
export interface RequestContext {
  reqId?: string;
  job?: string;
  jobId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

export function runWithContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** The header a proxy (Caddy, a load balancer) sets and every response repeats. */
export const REQUEST_ID_HEADER = "x-request-id";

const REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/** An incoming request id worth keeping (short, printable, no spaces), or null. */
export function acceptRequestId(value: unknown): string | null {
  const id = Array.isArray(value) ? value[0] : value;
  return typeof id === "string" && REQUEST_ID.test(id) ? id : null;
}

/** Minimal logger shape (core's Logger): wrapped so each line also carries the context's fields. */
interface LineLogger {
  debug?(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}

/** A logger whose every line carries the current request id and job (fields the line sets win). */
export function withContextFields<L extends LineLogger>(log: L): L {
  const wrap =
    (write: (obj: object | string, msg?: string) => void) =>
    (obj: object | string, msg?: string): void => {
      const context = storage.getStore();
      if (!context) write(obj, msg);
      else if (typeof obj === "string") write({ ...context }, obj);
      else write({ ...context, ...obj }, msg);
    };
  return {
    ...log,
    ...(log.debug ? { debug: wrap(log.debug.bind(log)) } : {}),
    info: wrap(log.info.bind(log)),
    warn: wrap(log.warn.bind(log)),
    error: wrap(log.error.bind(log)),
  };
}
