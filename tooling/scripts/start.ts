import { type ChildProcess, spawn } from "node:child_process";
import { resolveEncryptionKey } from "@quartet/core/identity/encryption-key";
import { seedDemo } from "@quartet/core/seed/demo.seed";
import { createDb } from "@quartet/db/client";
import { ensureDatabase, repoRoot } from "./dev-database.ts";

// `pnpm start`: database (embedded unless DATABASE_URL), migrations, demo seed, then web, admin
// and worker side by side. Ctrl-C stops all of them and the embedded database.

const started = Date.now();
// No key in the source: an install without QUARTET_ENCRYPTION_KEY generates its own on first start
// (in .data/secrets.json) and every later start reuses it. Production must set one explicitly.
const key = resolveEncryptionKey({
  explicit: process.env.QUARTET_ENCRYPTION_KEY,
  production: process.env.NODE_ENV === "production",
  secretsFile: process.env.QUARTET_SECRETS_FILE,
});
if (!key.ok) {
  console.error(`Invalid environment:\n  - ${key.problem}`);
  process.exit(1);
}
const database = await ensureDatabase();
const db = createDb(database.url, { max: 2 });
const demo = await seedDemo(db);
await db.$disconnect();

const webPort = Number(process.env.WEB_PORT ?? 3000);
const adminPort = Number(process.env.ADMIN_PORT ?? 3001);
const env = {
  ...process.env,
  DATABASE_URL: database.url,
  // Resolved once here, so web, admin and worker use the same key.
  QUARTET_ENCRYPTION_KEY: key.key,
  WEB_PORT: String(webPort),
  ADMIN_PORT: String(adminPort),
  // The worker's /healthz, /readyz and /metrics.
  WORKER_PORT: process.env.WORKER_PORT ?? "3002",
  WEB_URL: process.env.WEB_URL ?? `http://localhost:${webPort}`,
  ADMIN_URL: process.env.ADMIN_URL ?? `http://localhost:${adminPort}`,
};

const children: ChildProcess[] = [];
// The compiled bundles (`pnpm start` builds them first, as production runs them);
// QUARTET_START_SOURCE=1 runs the TypeScript sources through tsx instead.
const fromSource = process.env.QUARTET_START_SOURCE === "1";
function run(name: string, cwd: string, dir: { source: string; dist: string }) {
  // instrument.* is preloaded: OpenTelemetry (on when OTEL_EXPORTER_OTLP_ENDPOINT is set) must hook
  // the modules before main.* imports them.
  const args = fromSource
    ? ["--import", "tsx", "--import", `./${dir.source}/instrument.ts`, `${dir.source}/main.ts`]
    : ["--enable-source-maps", "--import", `./${dir.dist}/instrument.js`, `${dir.dist}/main.js`];
  const child = spawn(process.execPath, args, {
    cwd: `${repoRoot}${cwd}`,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const prefix = `[${name}] `;
  child.stdout?.on("data", (d: Buffer) =>
    process.stdout.write(prefix + d.toString().replace(/\n(?!$)/g, `\n${prefix}`)),
  );
  child.stderr?.on("data", (d: Buffer) =>
    process.stderr.write(prefix + d.toString().replace(/\n(?!$)/g, `\n${prefix}`)),
  );
  child.on("exit", (code) => {
    if (!stopping) {
      console.error(`${name} exited with code ${code}; stopping everything.`);
      void stop(1);
    }
  });
  children.push(child);
}

let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  await Promise.all(
    children.map(
      (c) =>
        new Promise((resolve) => {
          if (c.exitCode !== null) return resolve(null);
          c.once("exit", resolve);
          c.kill("SIGTERM");
        }),
    ),
  );
  await database.stop();
  process.exit(code);
}
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());

run("web", "apps/web", { source: "server", dist: "dist-server" });
run("admin", "apps/admin", { source: "server", dist: "dist-server" });
run("worker", "apps/worker", { source: "src", dist: "dist" });

async function waitFor(url: string) {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not become ready`);
}
await Promise.all([
  waitFor(`http://127.0.0.1:${webPort}/readyz`),
  waitFor(`http://127.0.0.1:${adminPort}/readyz`),
  waitFor(`http://127.0.0.1:${env.WORKER_PORT}/readyz`),
]);

console.log(`
  Quartet is running (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)

  Customer app   ${env.WEB_URL}
  Admin console  ${env.ADMIN_URL}
  Database       ${database.url}${process.env.DATABASE_URL ? "" : " (embedded, data in .data/postgres)"}
  Encryption key ${
    key.source === "env"
      ? "from QUARTET_ENCRYPTION_KEY"
      : `${key.file} (${key.created ? "generated now" : "generated on first start"}, mode 0600: keep it with the data)`
  }

  Demo sign-ins
${demo.accounts.map((a) => `    ${a.label.padEnd(14)} ${a.email} / ${a.password}`).join("\n")}

  Mail is captured offline: read it in the admin console → Mail outbox.
  Press Ctrl-C to stop.
`);
