import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../embedded-postgres.ts";
import { migrateDeploy } from "../migrate.ts";

export const TEMPLATE_DB = "quartet_template";

declare module "vitest" {
  export interface ProvidedContext {
    /** Admin URL of the test server (database `postgres`), used to create per-file databases. */
    pgAdminUrl: string;
  }
}

/**
 * One PostgreSQL per test run: DATABASE_URL's server when given, else an embedded one in a temp dir.
 * The committed migrations are applied once to a template database that each test file clones.
 */
export default async function setup(project: TestProject) {
  let adminUrl: string;
  let stop: () => Promise<void> = async () => {};
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = "/postgres";
    adminUrl = url.toString();
  } else {
    const dir = await mkdtemp(join(tmpdir(), "quartet-test-pg-"));
    const server = await startEmbeddedPostgres({ dataDir: dir, persistent: false, quiet: true });
    adminUrl = server.url("postgres");
    stop = async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    };
  }

  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  await admin.end();
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${TEMPLATE_DB}`;
  await migrateDeploy(templateUrl.toString());

  project.provide("pgAdminUrl", adminUrl);
  return stop;
}
