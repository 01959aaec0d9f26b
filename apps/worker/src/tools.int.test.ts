import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { syncToolCatalog } from "@quartet/core/tools/catalog/tool-catalog";
import { createToolJob, getToolJob } from "@quartet/core/tools/jobs/job.service";
import { guestCaller, uploadPng } from "@quartet/core/tools/tools-test-fixtures";
import { createTestDatabase, type TestDatabase } from "@quartet/db/testing/test-db";
import { createLocalStorage } from "@quartet/integrations/storage/local-storage";
import { emailSendJob, toolsExpireJob, toolsProcessJob } from "@quartet/jobs/definitions";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryLogger, startSender, testConfig, waitFor } from "./test-helpers.ts";
import { type RunningWorker, startWorker } from "./worker.ts";

// The worker as deployed runs Tools jobs: the registered `tools.process` handler takes a job the
// web app enqueued, runs the processor in its child process and completes it.

let t: TestDatabase;
let worker: RunningWorker;
let sender: PgBoss;
const storage = createLocalStorage(mkdtempSync(path.join(tmpdir(), "quartet-worker-tools-")));

beforeAll(async () => {
  t = await createTestDatabase();
  await syncToolCatalog(t.db);
  worker = await startWorker({
    databaseUrl: t.url,
    config: testConfig,
    log: memoryLogger(),
    storage,
    pollingIntervalSeconds: 0.5,
    schedule: false,
    jobs: [emailSendJob, toolsProcessJob, toolsExpireJob],
  });
  sender = await startSender(t.url);
});
afterAll(async () => {
  await sender?.stop({ graceful: false });
  await worker?.stop();
  await t?.drop();
});

describe("tools jobs in the worker", () => {
  it("runs a guest's resize enqueued by the web app to COMPLETED with its output and the mail sent", async () => {
    const deps = { db: t.db, boss: sender, clock: { now: () => new Date() }, config: testConfig, storage };
    const guest = guestCaller(deps);
    const file = await uploadPng(deps, guest);
    const job = await createToolJob(deps, guest, {
      slug: "image-resize",
      fileIds: [file.id],
      options: { width: 32 },
      notifyEmail: "guest@example.test",
    });
    const done = await waitFor(
      async () => {
        const current = await getToolJob(deps, guest, { id: job.id });
        return current.status === "COMPLETED" || current.status === "FAILED" ? current : null;
      },
      60_000,
      "the tools job to finish",
    );
    expect(done).toMatchObject({ status: "COMPLETED", progress: 100, metadata: { width: 32 } });
    expect(done.outputs[0]).toMatchObject({ mime: "image/png", width: 32 });
    await waitFor(
      () => t.db.capturedMail.findFirst({ where: { toAddress: "guest@example.test" } }),
      20_000,
      "the completion mail",
    );
  });
});
