import { randomUUID } from "node:crypto";
import fastifyCookie from "@fastify/cookie";
import fastifyHelmet from "@fastify/helmet";
import { isSameOriginRequest } from "@quartet/auth/csrf";
import type { Deps } from "@quartet/core/deps";
import { AppError } from "@quartet/core/errors";
import { assertNoNul } from "@quartet/core/text-input";
import { poolUsage } from "@quartet/db/client";
import type { SessionKind } from "@quartet/db/enums";
import {
  httpRequestDuration,
  metricsAuthorized,
  type PoolUsage,
  registerPool,
  renderMetrics,
  startProcessMetrics,
} from "@quartet/observability/metrics";
import { checkReadiness } from "@quartet/observability/readiness";
import { acceptRequestId, REQUEST_ID_HEADER, runWithContext } from "@quartet/observability/request-context";
import type { AnyRouter } from "@trpc/server";
import Fastify, { type FastifyInstance } from "fastify";
import { billingPlugin } from "./billing.plugin.ts";
import { chatWidgetPlugin } from "./chat-widget.plugin.ts";
import { deskApiPlugin } from "./desk-api.plugin.ts";
import { deskFilesPlugin } from "./desk-files.plugin.ts";
import { inboundEmailPlugin } from "./inbound-email.plugin.ts";
import { inboxConnectPlugin } from "./inbox-connect.plugin.ts";
import { inboxFilesPlugin } from "./inbox-files.plugin.ts";
import { inboxHooksPlugin } from "./inbox-hooks.plugin.ts";
import { describeError, installJsonErrorHandlers, sendError } from "./json-errors.ts";
import { mailEventsPlugin } from "./mail-events.plugin.ts";
import { oauthPlugin } from "./oauth.plugin.ts";
import { seoPlugin } from "./seo.plugin.ts";
import { spaPlugin } from "./spa.plugin.ts";
import { toolsFilesPlugin } from "./tools-files.plugin.ts";
import { TRPC_PREFIX, trpcPlugin } from "./trpc.plugin.ts";
import { unsubscribePlugin } from "./unsubscribe.plugin.ts";

export interface ServerOptions {
  deps: Deps;
  kind: SessionKind;
  router: AnyRouter;
  /** This app's public origin; state-changing requests must come from it (CSRF). */
  origin: string;
  /** Built SPA to serve, with index.html as the fallback for client-side routes. */
  staticDir?: string;
  trustProxy?: boolean;
  logger?: boolean | { level: string };
  /** The web server's inbound mail endpoint (POST /hooks/desk/inbound-email); off when absent. */
  inboundEmail?: { secret: string };
  /** The mail provider's delivery events (POST /hooks/mail/events, "whsec_…" secret); off when absent. */
  mailEvents?: { secret: string };
  /** The IndexNow key the web server proves at `/<key>.txt` (null: no key file). */
  indexNowKey?: string | null;
  /**
   * GET /metrics on this server's own port, for a bearer of this token (METRICS_TOKEN). Absent:
   * no /metrics here (METRICS_PORT serves it on a port of its own).
   */
  metricsToken?: string;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The web and admin servers: security headers, CSRF, session cookie, tRPC, health, SPA. */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { deps, kind, router } = options;
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: options.trustProxy ?? false,
    // One id per request: the proxy's X-Request-Id when the proxy is trusted, else a new UUID.
    genReqId: (req) =>
      (options.trustProxy && acceptRequestId(req.headers[REQUEST_ID_HEADER])) || randomUUID(),
    routerOptions: { maxParamLength: 5000 },
    bodyLimit: 1024 * 1024,
    // A malformed address answers in our JSON error shape too.
    frameworkErrors: (error, req, reply) => {
      const described = describeError(error, req);
      return sendError(reply, described.status, described.code, described.message);
    },
  });
  // One error shape for every route and for Fastify's own errors (413, 415, bad JSON, 404).
  installJsonErrorHandlers(app, deps.log);

  // First hook: the rest of the request (hooks, tRPC, services) runs with its id in context, so
  // every log line and every job it enqueues carries it; the response repeats it.
  app.addHook("onRequest", (req, reply, done) => {
    reply.header(REQUEST_ID_HEADER, req.id);
    runWithContext({ reqId: req.id }, done);
  });
  // /metrics: this server's pools, and latency by route pattern (never the raw URL: one series per
  // route, not one per ticket id).
  startProcessMetrics(kind === "ADMIN" ? "admin" : "web");
  registerPool("prisma", () => poolUsage(deps.db));
  const boss = deps.boss as { getDb?: () => { poolCounts?: () => PoolUsage | null } };
  registerPool("pgboss", () => boss.getDb?.().poolCounts?.() ?? null);
  app.addHook("onResponse", async (req, reply) => {
    httpRequestDuration.observe(
      {
        method: req.method,
        route: req.routeOptions.url ?? "unmatched",
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", "data:", "https:"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameSrc: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: deps.config.production ? [] : null,
      },
    },
    hsts: deps.config.production,
  });
  await app.register(fastifyCookie);

  // CSRF: every state-changing request must come from our own origin (tRPC mutations are POSTs).
  app.addHook("onRequest", async (req) => {
    if (SAFE_METHODS.has(req.method) || req.routeOptions.config?.skipCsrf) return;
    const ok = isSameOriginRequest(
      {
        origin: req.headers.origin,
        referer: req.headers.referer,
        secFetchSite: req.headers["sec-fetch-site"] as string | undefined,
      },
      [options.origin],
    );
    if (!ok) {
      // Thrown, so the tRPC mount answers in its envelope and the other routes in the JSON shape.
      throw new AppError(
        "FORBIDDEN",
        "This request came from another site and was refused. Reload the page and try again.",
      );
    }
  });

  // Postgres text can't hold NUL: refuse it in any JSON body, query or route parameter, naming the
  // field (the tRPC mount checks each procedure's decoded input the same way).
  app.addHook("preValidation", async (req) => {
    if (req.routeOptions.url?.startsWith(`${TRPC_PREFIX}/`)) return;
    assertNoNul(req.params);
    assertNoNul(req.query);
    if (!Buffer.isBuffer(req.body)) assertNoNul(req.body);
  });

  if (options.inboundEmail && kind === "WEB") {
    await app.register(inboundEmailPlugin, { deps, secret: options.inboundEmail.secret });
  }

  if (kind === "WEB") {
    if (options.mailEvents) await app.register(mailEventsPlugin, { deps, secret: options.mailEvents.secret });
    await app.register(unsubscribePlugin, { deps });
    // Stripe webhooks, the offline checkout page and PDF receipts.
    await app.register(billingPlugin, { deps });
    // Inbox webhooks (WhatsApp, Messenger, Instagram, TikTok): raw body, signature, stored + job.
    await app.register(inboxHooksPlugin, { deps });
    await app.register(seoPlugin, { deps, indexNowKey: options.indexNowKey ?? null });
  }

  // Sign-in with Google / GitHub / OpenID Connect (each provider answers 404 unless configured).
  await app.register(oauthPlugin, { deps, kind });

  // tRPC, with the batch cap and its own error envelope for what Fastify refuses (trpc.plugin.ts).
  await app.register(trpcPlugin, { prefix: TRPC_PREFIX, deps, kind, router });

  // Desk attachments (upload / download) live on the customer app only.
  if (kind === "WEB") await app.register(deskFilesPlugin, { deps });
  // Inbox media: agents' uploads to send, stored message media for members.
  if (kind === "WEB") await app.register(inboxFilesPlugin, { deps });
  // The Tickets REST API (workspace API key, no cookies) is the customer app's too.
  if (kind === "WEB") await app.register(deskApiPlugin, { deps });
  // Inbox channels connected through Facebook Login / TikTok (customer app).
  if (kind === "WEB") await app.register(inboxConnectPlugin, { deps });
  // The website chat widget: its script, preview page and public visitor API (any origin).
  if (kind === "WEB") await app.register(chatWidgetPlugin, { deps });
  // Tools files: uploads (guests too), signed downloads and batch ZIPs.
  if (kind === "WEB") await app.register(toolsFilesPlugin, { deps });

  // Alive: the process answers (a liveness probe must not fail because the database is down).
  app.get("/healthz", async () => ({ status: "ok" }));
  // Ready for traffic: the database answers and every migration of this build is applied.
  app.get("/readyz", async (_req, reply) => {
    const readiness = await checkReadiness(deps.db);
    if (!readiness.ready) deps.log.warn(readiness.body, "not ready");
    return reply.code(readiness.ready ? 200 : 503).send(readiness.body);
  });
  if (options.metricsToken) {
    const token = options.metricsToken;
    app.get("/metrics", async (req, reply) => {
      if (!metricsAuthorized(req.headers.authorization, token))
        return sendError(reply, 401, "UNAUTHORIZED", "A metrics token is required.");
      const metrics = await renderMetrics();
      return reply
        .header("content-type", metrics.contentType)
        .header("cache-control", "no-store")
        .send(metrics.body);
    });
  }

  if (options.staticDir) await app.register(spaPlugin, { root: options.staticDir });
  return app;
}

/** Ends the process cleanly on SIGTERM/SIGINT: stop accepting, finish in-flight requests, close pools. */
export function closeOnSignals(app: FastifyInstance, cleanup: () => Promise<void>): void {
  let closing = false;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, async () => {
      if (closing) return;
      closing = true;
      app.log.info(`${signal} received, shutting down`);
      try {
        await app.close();
        await cleanup();
      } finally {
        process.exit(0);
      }
    });
  }
}
