import { createServer, type Server } from "node:http";
import { metricsAuthorized, renderMetrics } from "./metrics.ts";
import type { Readiness } from "./readiness.ts";

export interface OpsServerOptions {
  port: number;
  host: string;
  /** Required as a bearer token for /metrics when set. */
  metricsToken?: string;
  /** /readyz; absent: the server answers /metrics only (a web or admin METRICS_PORT). */
  readiness?: () => Promise<Readiness>;
}

/**
 * A small HTTP listener for operations: /metrics (Prometheus), and with `readiness` also /healthz
 * (the process is alive) and /readyz (database and migrations). The worker serves all three on
 * WORKER_PORT; web and admin serve /metrics here when METRICS_PORT is set.
 */
export async function startOpsServer(
  options: OpsServerOptions,
): Promise<{ server: Server; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const send = (status: number, body: string, type = "application/json; charset=utf-8") => {
      res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
      res.end(body);
    };
    if (req.method !== "GET" && req.method !== "HEAD") return send(405, '{"error":"method not allowed"}');
    if (path === "/metrics") {
      if (!metricsAuthorized(req.headers.authorization, options.metricsToken))
        return send(401, '{"error":"unauthorized"}');
      renderMetrics().then(
        (m) => send(200, m.body, m.contentType),
        () => send(500, '{"error":"metrics failed"}'),
      );
      return;
    }
    if (options.readiness && path === "/healthz") return send(200, '{"status":"ok"}');
    if (options.readiness && path === "/readyz") {
      options.readiness().then(
        (r) => send(r.ready ? 200 : 503, JSON.stringify(r.body)),
        () => send(503, '{"status":"unavailable"}'),
      );
      return;
    }
    send(404, '{"error":"not found"}');
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
