// Docker HEALTHCHECK: GET /readyz on whichever Quartet port this container listens on (web 3000,
// admin 3001, worker 3002). Healthy only on a 200: the database answers and the migrations are in.
const ports = [process.env.WEB_PORT, process.env.ADMIN_PORT, process.env.WORKER_PORT].filter(Boolean);

for (const port of ports) {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(2500) });
    process.exit(res.status === 200 ? 0 : 1);
  } catch {
    // Not this process's port (connection refused): try the next.
  }
}
process.exit(1);
