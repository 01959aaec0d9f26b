import type { SessionKind } from "@quartet/db/enums";
import type { AnyRouter } from "@trpc/server";
import pino from "pino";
import { createServerDeps } from "./deps.ts";
import { loadServerEnv } from "./env.ts";
import { buildServer, closeOnSignals } from "./server.ts";

/** Boots the web or admin server process: env → deps → Fastify → listen, with graceful shutdown. */
export async function startAppServer(options: { kind: SessionKind; router: AnyRouter; staticDir: string }) {
  const env = loadServerEnv();
  const name = options.kind === "ADMIN" ? "admin" : "web";
  const log = pino({ name, level: env.LOG_LEVEL });
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
    logger: { level: env.LOG_LEVEL === "info" ? "warn" : env.LOG_LEVEL },
  });
  closeOnSignals(app, close);
  await app.listen({ port, host: env.HOST });
  log.info(`${name} ready on ${origin}`);
  return app;
}
