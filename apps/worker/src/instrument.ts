import { startTracing } from "@quartet/observability/tracing";

// Preloaded with `node --import` before src/main.ts: tracing (off without an OTLP endpoint) must
// hook the modules before the worker imports them. See packages/observability/src/tracing.ts.
await startTracing("quartet-worker");
