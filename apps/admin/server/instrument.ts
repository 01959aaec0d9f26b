import { startTracing } from "@quartet/observability/tracing";

// Preloaded with `node --import` before server/main.ts: tracing (off without an OTLP endpoint) must
// hook the modules before the server imports them. See packages/observability/src/tracing.ts.
await startTracing("quartet-admin");
