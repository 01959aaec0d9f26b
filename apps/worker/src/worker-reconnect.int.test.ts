import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { queueEmail } from "@quartet/core/email/email.queue";
import { createDb } from "@quartet/db/client";
import { type EmbeddedServer, startEmbeddedPostgres } from "@quartet/db/embedded-postgres";
import { migrateDeploy } from "@quartet/db/migrate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryLogger, testConfig, waitFor } from "./test-helpers.ts";
import { type RunningWorker, startWorker } from "./worker.ts";

// This file runs its own PostgreSQL so it can restart it without disturbing other test files.

let dir: string;
let server: EmbeddedServer;
let port: number;
let url: string;
let worker: RunningWorker | undefined;
const log = memoryLogger();
const processErrors: unknown[] = [];
const onProcessError = (e: unknown) => processErrors.push(e);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "quartet-worker-restart-"));
  server = await startEmbeddedPostgres({ dataDir: dir, persistent: true, quiet: true });
  port = server.port;
  const admin = createDb(server.url("postgres"), { max: 1 });
  await admin.$executeRawUnsafe("CREATE DATABASE quartet_restart");
  await admin.$disconnect();
  url = server.url("quartet_restart");
  await migrateDeploy(url);
  process.on("uncaughtException", onProcessError);
  process.on("unhandledRejection", onProcessError);
}, 120_000);

afterAll(async () => {
  process.off("uncaughtException", onProcessError);
  process.off("unhandledRejection", onProcessError);
  await worker?.stop().catch(() => {});
  await server?.stop().catch(() => {});
  if (dir) await rm(dir, { recursive: true, force: true });
}, 60_000);

describe("Postgres restart", () => {
  it("keeps the worker alive and processes jobs enqueued after the database comes back", async () => {
    worker = await startWorker({
      databaseUrl: url,
      config: testConfig,
      log,
      pollingIntervalSeconds: 0.5,
      schedule: false,
      stopTimeoutMs: 5000,
    });
    const w = worker;
    const send = (to: string) =>
      w.db.$transaction((tx) =>
        queueEmail(tx, w.boss, { type: "PASSWORD_CHANGED", to, locale: "fr", data: { name: "R" } }),
      );

    const before = await send("before@example.test");
    await waitFor(
      () => w.db.capturedMail.findUnique({ where: { emailLogId: before } }),
      20_000,
      "mail before the restart",
    );

    await server.stop();
    // Let the worker poll against a dead database for a while: it must log, not exit.
    await waitFor(
      async () => log.lines.some((l) => l.level === "error"),
      20_000,
      "a logged pg-boss error while Postgres is down",
    );
    await new Promise((r) => setTimeout(r, 1500));
    server = await startEmbeddedPostgres({ dataDir: dir, port, persistent: true, quiet: true });

    // Same pools, same worker: enqueue through the worker's own Prisma and pg-boss after the restart.
    const after = await waitFor(() => send("after@example.test"), 30_000, "enqueue after the restart");
    const mail = await waitFor(
      () => w.db.capturedMail.findUnique({ where: { emailLogId: after } }),
      30_000,
      "mail after the restart",
    );
    expect(mail.subject).toBe("Votre mot de passe Quartet a été modifié");
    expect((await w.db.emailLog.findUniqueOrThrow({ where: { id: after } })).status).toBe("SENT");
    expect(processErrors).toEqual([]);
  }, 120_000);
});
