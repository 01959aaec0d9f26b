import { devInboundEmailSecret } from "@quartet/core/desk/mail/email-inbound.signature";
import { indexNowKeyFrom } from "@quartet/core/platform/seo/indexnow";
import type { SessionKind } from "@quartet/db/enums";
import { setMetricsExposure } from "@quartet/observability/metrics";
import { startOpsServer } from "@quartet/observability/ops-server";
import { currentContext } from "@quartet/observability/request-context";
import type { AnyRouter } from "@trpc/server";
import pino from "pino";
import { createServerDeps } from "./deps.ts";
import { loadServerEnv } from "./env.ts";
import { buildServer, closeOnSignals } from "./server.ts";

/** Boots the web or admin server process: env → deps → Fastify → listen, with graceful shutdown. */
export async function startAppServer(options: { kind: SessionKind; router: AnyRouter; staticDir: string }) {
  const env = loadServerEnv();
  const name = options.kind === "ADMIN" ? "admin" : "web";
  // The inbound mail endpoint lives on the web server; its secret is required in production, and
  // derived from the encryption key in development (so `pnpm mail:inbound` works unconfigured; the
  // key is then the install's own generated one, never a value anyone can read in the source).
  if (options.kind === "WEB" && env.production && !env.INBOUND_EMAIL_SECRET) {
    console.error("Invalid environment:\n  - INBOUND_EMAIL_SECRET: required in production (32+ characters)");
    process.exit(1);
  }
  const inboundEmailSecret = env.INBOUND_EMAIL_SECRET ?? devInboundEmailSecret(env.encryptionKey);
  // Lines logged while serving a request carry its id (reqId), as Fastify's request logger does.
  const log = pino({ name, level: env.LOG_LEVEL, mixin: () => ({ ...currentContext() }) });
  // A local install without QUARTET_ENCRYPTION_KEY: say which file holds the generated key.
  if (env.encryptionKeyGenerated) log.warn(env.encryptionKeySource);
  else if (!env.QUARTET_ENCRYPTION_KEY) log.info(env.encryptionKeySource);
  const { deps, close } = await createServerDeps(env, log);
  const origin = options.kind === "ADMIN" ? env.adminUrl : env.webUrl;
  const port = options.kind === "ADMIN" ? env.ADMIN_PORT : env.WEB_PORT;

  const app = await buildServer({
    deps,
    kind: options.kind,
    router: options.router,
    origin,
    staticDir: options.staticDir,
    trustProxy: env.TRUST_PROXY,
    ...(options.kind === "WEB" ? { inboundEmail: { secret: inboundEmailSecret } } : {}),
    ...(options.kind === "WEB" && env.MAIL_WEBHOOK_SECRET
      ? { mailEvents: { secret: env.MAIL_WEBHOOK_SECRET } }
      : {}),
    indexNowKey: env.INDEXNOW_KEY ?? indexNowKeyFrom(env.encryptionKey),
    logger: { level: env.LOG_LEVEL === "info" ? "warn" : env.LOG_LEVEL },
    ...(env.METRICS_TOKEN ? { metricsToken: env.METRICS_TOKEN } : {}),
  });
  setMetricsExposure({
    port: env.METRICS_PORT ?? null,
    token: Boolean(env.METRICS_TOKEN),
    dashboardUrl: env.METRICS_DASHBOARD_URL ?? null,
  });
  const metricsServer = env.METRICS_PORT
    ? await startOpsServer({ port: env.METRICS_PORT, host: env.HOST, metricsToken: env.METRICS_TOKEN })
    : null;
  closeOnSignals(app, async () => {
    await metricsServer?.close();
    await close();
  });
  await app.listen({ port, host: env.HOST });
  log.info(`${name} ready on ${origin}`);
  return app;
}
