import { randomUUID } from "node:crypto";
import { Agent, createServer, request, type Server } from "node:http";

/**
 * A small reverse proxy for tests: each request goes to the next backend in turn (round-robin),
 * with X-Forwarded-For and X-Request-Id set as Caddy sets them in docker/compose.yaml, and answers
 * with `x-backend: <index>` so a test knows which process served it.
 */
export async function startRoundRobinProxy(backends: string[]): Promise<{
  origin: string;
  /** Requests sent to each backend so far. */
  served: number[];
  close: () => Promise<void>;
}> {
  const agent = new Agent({ keepAlive: true });
  const served: number[] = [];
  let next = 0;
  const server: Server = createServer((req, res) => {
    const index = next++ % backends.length;
    served[index] = (served[index] ?? 0) + 1;
    const target = new URL(req.url ?? "/", backends[index]);
    const headers = { ...req.headers };
    headers["x-forwarded-for"] = req.socket.remoteAddress ?? "127.0.0.1";
    headers["x-forwarded-proto"] = "http";
    headers["x-request-id"] = randomUUID();
    const upstream = request(target, { method: req.method, headers, agent }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, { ...answer.headers, "x-backend": String(index) });
      answer.pipe(res);
    });
    upstream.on("error", () => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
      res.end("bad gateway");
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    origin: `http://127.0.0.1:${port}`,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}
