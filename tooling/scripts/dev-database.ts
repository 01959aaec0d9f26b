import { fileURLToPath } from "node:url";
import { startEmbeddedPostgres } from "@quartet/db/embedded-postgres";
import { migrateDeploy } from "@quartet/db/migrate";
import pg from "pg";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const DEV_PORT = Number(process.env.QUARTET_DEV_PG_PORT ?? 54329);

/**
 * DATABASE_URL when set; otherwise an embedded PostgreSQL with its data under `.data/postgres`
 * (kept across restarts). Either way the committed migrations are applied.
 */
export async function ensureDatabase(): Promise<{ url: string; stop: () => Promise<void> }> {
  if (process.env.DATABASE_URL) {
    await migrateDeploy(process.env.DATABASE_URL);
    return { url: process.env.DATABASE_URL, stop: async () => {} };
  }
  const server = await startEmbeddedPostgres({
    dataDir: `${repoRoot}.data/postgres`,
    port: DEV_PORT,
    persistent: true,
    quiet: true,
  });
  const admin = new pg.Client({ connectionString: server.url("postgres") });
  await admin.connect();
  const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = 'quartet'");
  if (!rowCount) await admin.query("CREATE DATABASE quartet");
  await admin.end();
  const url = server.url("quartet");
  await migrateDeploy(url);
  return { url, stop: server.stop };
}
