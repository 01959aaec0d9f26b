import { execFile } from "node:child_process";
import { mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { seedDemo } from "@quartet/core/seed/demo.seed";
import { createDb, type Db } from "@quartet/db/client";
import { migrateDeploy } from "@quartet/db/migrate";
// The run's embedded server (its URL is provided by @quartet/db's global setup).
import type {} from "@quartet/db/testing/global-setup";
import { checkReadiness } from "@quartet/observability/readiness";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { productServer } from "./product-http.ts";
import { startSystemPostgres } from "./system-postgres.ts";

// tooling/scripts/backup.sh and restore.sh: a database with the product's data is dumped, restored
// into a fresh database, and the product starts on the copy with that data and its migrations in.

const run = promisify(execFile);
const scripts = fileURLToPath(new URL("../../../tooling/scripts/", import.meta.url));
let server: Awaited<ReturnType<typeof startSystemPostgres>>;
let backupDir: string;
let source: Db;
let restored: Db | undefined;

async function createDatabase(name: string) {
  const admin = new pg.Client({ connectionString: server.url("postgres") });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return server.url(name);
}

function script(name: string, args: string[], env: Record<string, string>) {
  return run("bash", [join(scripts, name), ...args], {
    env: { ...process.env, PG_BIN_DIR: server.bin, BACKUP_DIR: backupDir, ...env },
  }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      stdout: e.stdout,
      stderr: e.stderr,
    }),
  );
}

beforeAll(async () => {
  server = await startSystemPostgres();
  backupDir = await mkdtemp(join(tmpdir(), "quartet-backups-"));
  const url = await createDatabase("source");
  await migrateDeploy(url);
  source = createDb(url, { max: 3 });
});

afterAll(async () => {
  await source?.$disconnect();
  await restored?.$disconnect();
  await server?.stop();
  await rm(backupDir, { recursive: true, force: true });
});

describe("backup and restore", () => {
  it("dumps a database with data, restores it into a fresh one, and the product runs on the copy", async () => {
    // The product's data: the demo workspace and people, and a ticket made through the API.
    const demo = await seedDemo(source);
    const owner = demo.accounts.find((a) => a.label === "Owner")!;
    const org = await source.organization.findFirstOrThrow({ where: { slug: demo.workspaceSlug } });
    const before = await productServer(source, server.url("source"));
    await before.signIn(owner.email, owner.password);
    const ticket = await before.mutate("deskTickets.create", {
      orgId: org.id,
      subject: "Printer on fire, again",
      description: "Second time this week.",
      requester: { email: "customer@example.test", name: "Cara Customer" },
    });
    await before.close();
    const counts = async (db: Db) => ({
      users: await db.user.count(),
      orgs: await db.organization.count(),
      tickets: await db.ticket.count(),
    });
    const original = await counts(source);
    expect(original.tickets).toBeGreaterThan(0);

    const backup = await script("backup.sh", [], { DATABASE_URL: server.url("source") });
    expect(backup.stderr).not.toMatch(/error/i);
    expect(backup.code).toBe(0);
    const file = backup.stdout.trim().split("\n").at(-1)!;
    expect(file).toMatch(/quartet-\d{8}T\d{6}Z\.dump$/);
    // pg_dump's custom format starts with "PGDMP".
    const handle = await open(file);
    const { buffer } = await handle.read(Buffer.alloc(5), 0, 5, 0);
    await handle.close();
    expect(buffer.toString()).toBe("PGDMP");

    const copyUrl = await createDatabase("restored");
    const restore = await script("restore.sh", [file], { DATABASE_URL: copyUrl });
    expect(restore.code, restore.stderr).toBe(0);
    restored = createDb(copyUrl, { max: 3 });

    expect(await counts(restored)).toEqual(original);
    const readiness = await checkReadiness(restored);
    expect(readiness.ready).toBe(true);
    expect(readiness.body.migrations).toMatchObject({ upToDate: true, pending: 0 });

    // The product on the copy: the owner signs in with the same password and finds the ticket.
    const after = await productServer(restored, copyUrl);
    try {
      await after.signIn(owner.email, owner.password);
      const list = (await after.query("deskTickets.list", { orgId: org.id })) as unknown as {
        items: { id: string; subject: string }[];
      };
      expect(list.items.map((t) => t.subject)).toContain("Printer on fire, again");
      expect(list.items.map((t) => t.id)).toContain(ticket.id);
    } finally {
      await after.close();
    }
  });

  it("refuses to restore over a database that has tables", async () => {
    const [file] = (await run("bash", ["-c", `ls ${backupDir}/quartet-*.dump`])).stdout.trim().split("\n");
    const again = await script("restore.sh", [file!], { DATABASE_URL: server.url("restored") });
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/already has \d+ tables/);
  });

  it("says so when pg_dump is older than the server instead of writing a broken dump", async () => {
    // The test run's embedded PostgreSQL is newer than the machine's tools (18 against 15 here).
    const newer = new URL(inject("pgAdminUrl"));
    const client = new pg.Client({ connectionString: newer.toString() });
    await client.connect();
    const { rows } = await client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
    await client.end();
    const serverMajor = Math.floor(Number(rows[0]!.v) / 10000);
    const toolMajor = Number(
      /(\d+)/.exec((await run(join(server.bin, "pg_dump"), ["--version"])).stdout)![1],
    );
    const result = await script("backup.sh", [], { DATABASE_URL: newer.toString() });
    if (toolMajor < serverMajor) {
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain(
        `pg_dump ${toolMajor} is older than the server (PostgreSQL ${serverMajor})`,
      );
      expect(result.stdout).toBe("");
    } else {
      expect(result.code).toBe(0);
    }
  });
});
