import { register } from "node:module";

/**
 * OpenTelemetry tracing, off unless an OTLP endpoint is configured (OTEL_EXPORTER_OTLP_ENDPOINT or
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT; the SDK reads the other OTEL_* variables itself). On, it
 * traces incoming and outgoing HTTP, Fastify routes, the tRPC procedures (packages/api), Prisma
 * operations, pg queries and the jobs a request enqueued (their payload carries the trace context).
 *
 * Runs before the app is loaded (`node --import ./instrument.js main.js`): ES modules can only be
 * instrumented when the loader hook is registered before they are imported. Off, it loads nothing.
 */
export function tracingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED === "true") return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

export async function startTracing(serviceName: string): Promise<{ shutdown: () => Promise<void> } | null> {
  if (!tracingEnabled()) return null;
  // Prometheus (/metrics) carries the metrics and stdout the logs: the SDK exports traces only.
  process.env.OTEL_METRICS_EXPORTER ??= "none";
  process.env.OTEL_LOGS_EXPORTER ??= "none";
  register("@opentelemetry/instrumentation/hook.mjs", import.meta.url);

  const [
    { NodeSDK },
    { HttpInstrumentation },
    { UndiciInstrumentation },
    { PgInstrumentation },
    fastifyOtel,
    prisma,
  ] = await Promise.all([
    import("@opentelemetry/sdk-node"),
    import("@opentelemetry/instrumentation-http"),
    import("@opentelemetry/instrumentation-undici"),
    import("@opentelemetry/instrumentation-pg"),
    import("@fastify/otel"),
    import("@prisma/instrumentation"),
  ]);
  const probes = /^\/(healthz|readyz|metrics)(\?|$)/;
  const sdk = new NodeSDK({
    serviceName: process.env.OTEL_SERVICE_NAME ?? serviceName,
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => probes.test(req.url ?? "") }),
      new UndiciInstrumentation(),
      // Queries outside any trace (pg-boss polling, LISTEN) would each start a trace of their own.
      new PgInstrumentation({ requireParentSpan: true }),
      new fastifyOtel.FastifyOtelInstrumentation({
        registerOnInitialization: true,
        ignorePaths: (route: { url: string }) => probes.test(route.url),
      }),
      new prisma.PrismaInstrumentation(),
    ],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}
