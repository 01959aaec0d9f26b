import { makeOrg, makeUser } from "@quartet/db/testing/factories";
import { toolsProcessJob } from "@quartet/jobs/definitions";
import { splitJobMeta } from "@quartet/observability/job-meta";
import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestEnv } from "../testing/integration.ts";
import { syncToolCatalog } from "./catalog/tool-catalog.ts";
import { openSignedToolFile } from "./files/tool-file.service.ts";
import { openBatchZipEntries } from "./jobs/batch-zip.service.ts";
import type { JobDto } from "./jobs/job.schema.ts";
import {
  cancelToolJob,
  createToolBatch,
  createToolJob,
  getToolBatch,
  getToolJob,
  retryToolJob,
} from "./jobs/job.service.ts";
import { handleToolsExpire } from "./jobs/tools-expire.handler.ts";
import { handleToolsProcess } from "./jobs/tools-process.handler.ts";
import { guestCaller, uploadPdf, uploadPng, uploadTruncatedPng, userCaller } from "./tools-test-fixtures.ts";

// Tools jobs through the real pg-boss queue: a worker loop on `tools.process` (the handler the
// worker registers) runs real processors in their child processes.

const { db, deps, boss } = await useTestEnv();
const progressSeen = new Map<string, number[]>();

beforeAll(async () => {
  await syncToolCatalog(db);
  await boss.work<{ jobId: string }>(
    toolsProcessJob.name,
    { batchSize: 1, pollingIntervalSeconds: 0.5 },
    async ([job]) => {
      if (!job) return;
      const { payload } = splitJobMeta(job.data);
      return handleToolsProcess(deps, payload as { jobId: string }, {
        retryCount: job.retryCount,
        signal: job.signal,
      });
    },
  );
});
afterAll(async () => {
  await boss.offWork(toolsProcessJob.name);
});

async function streamToBuffer(body: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

/** Polls the job (as its owner would) until it leaves QUEUED/PROCESSING, recording progress. */
async function settle(get: () => Promise<JobDto>, timeoutMs = 60_000): Promise<JobDto> {
  const started = Date.now();
  for (;;) {
    const job = await get();
    const seen = progressSeen.get(job.id) ?? [];
    if (seen.at(-1) !== job.progress) seen.push(job.progress);
    progressSeen.set(job.id, seen);
    if (job.status !== "QUEUED" && job.status !== "PROCESSING") return job;
    if (Date.now() - started > timeoutMs) throw new Error(`job ${job.id} still ${job.status}`);
    await new Promise((r) => setTimeout(r, 40));
  }
}

async function settleWhen<T>(
  get: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 60_000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await get();
    if (done(value)) return value;
    if (Date.now() - started > timeoutMs) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("a job through the queue", () => {
  it("merges two PDFs to COMPLETED with progress, a downloadable output, a usage line and the completion mail", async () => {
    const guest = guestCaller(deps, "192.0.2.60");
    const a = await uploadPdf(deps, guest, 3, "a.pdf");
    const b = await uploadPdf(deps, guest, 4, "b.pdf");
    const created = await createToolJob(deps, guest, {
      slug: "pdf-merge",
      fileIds: [a.id, b.id],
      notifyEmail: "Guest@Example.test",
    });
    expect(created).toMatchObject({
      status: "QUEUED",
      progress: 0,
      tool: { slug: "pdf-merge", name: "Merge PDF" },
    });

    const done = await settle(() => getToolJob(deps, guest, { id: created.id }));
    expect(done.status).toBe("COMPLETED");
    expect(done.progress).toBe(100);
    expect(done.errorMessage).toBeNull();
    expect(done.completedAt).not.toBeNull();
    expect(done.outputs).toHaveLength(1);
    const [output] = done.outputs;
    expect(output).toMatchObject({ mime: "application/pdf" });
    // Progress values were written along the way, forward only.
    const seen = progressSeen.get(created.id) ?? [];
    expect(seen).toEqual([...seen].sort((x, y) => x - y));

    // The signed link opens the merged PDF: 7 pages in order.
    const url = new URL(output?.downloadUrl ?? "", "http://x");
    const file = await openSignedToolFile(deps, {
      id: output?.id ?? "",
      exp: Number(url.searchParams.get("exp")),
      sig: url.searchParams.get("sig") ?? "",
    });
    const merged = await PDFDocument.load(await streamToBuffer(file.body));
    expect(merged.getPageCount()).toBe(7);
    // A tampered link is refused.
    await expect(
      openSignedToolFile(deps, {
        id: output?.id ?? "",
        exp: Number(url.searchParams.get("exp")),
        sig: "x".repeat(43),
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });

    const row = await db.job.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.attempts).toBe(1);
    expect(row.processingTimeMs).toBeGreaterThan(0);
    expect(row.emailNotificationCount).toBe(1);
    const usage = await db.usageLog.findMany({ where: { jobId: created.id } });
    expect(usage).toMatchObject([{ status: "success", userId: null, ipHash: row.ipHash }]);
    const mail = await db.emailLog.findMany({ where: { recipientEmail: "guest@example.test" } });
    expect(mail).toMatchObject([{ emailType: "JOB_COMPLETED" }]);
    expect(mail[0]?.subject).toBe("Your file is ready: Merge PDF");
    expect(JSON.stringify(mail[0]?.metadata)).toContain(`/tools/pdf-merge?job=${created.id}`);
  });

  it("reports progress from the processor (values between 0 and 100) on a bigger merge", async () => {
    const user = userCaller(deps, await makeUser(db));
    const files = [];
    for (let i = 0; i < 3; i++) files.push(await uploadPdf(deps, user, 12, `part-${i}.pdf`));
    const created = await createToolJob(deps, user, { slug: "pdf-merge", fileIds: files.map((f) => f.id) });
    const done = await settle(() => getToolJob(deps, user, { id: created.id }));
    expect(done.status).toBe("COMPLETED");
    const seen = progressSeen.get(created.id) ?? [];
    expect(seen.at(-1)).toBe(100);
    expect(seen.some((p) => p > 0 && p < 100)).toBe(true);
  });

  it("fails a file the processor can't read with its reason and the failure mail; retry runs it again", async () => {
    const user = await makeUser(db, { email: "failing@example.test" });
    const caller = userCaller(deps, user);
    const broken = await uploadTruncatedPng(deps, caller);
    const created = await createToolJob(deps, caller, {
      slug: "image-compress",
      fileIds: [broken.id],
      notifyEmail: "failing@example.test",
    });
    const failed = await settle(() => getToolJob(deps, caller, { id: created.id }));
    expect(failed.status).toBe("FAILED");
    expect(failed.errorMessage).toMatch(/\w+ \w+/); // a sentence, not a code
    expect(failed.outputs).toEqual([]);
    const row = await db.job.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.errorCode).toBe("INVALID_FILE");
    expect(await db.usageLog.findMany({ where: { jobId: created.id } })).toMatchObject([
      { status: "failed" },
    ]);
    expect(await db.emailLog.findMany({ where: { recipientEmail: "failing@example.test" } })).toMatchObject([
      { emailType: "JOB_FAILED" },
    ]);

    const retried = await retryToolJob(deps, caller, { id: created.id });
    expect(retried).toMatchObject({ status: "QUEUED", progress: 0, errorMessage: null });
    const again = await settle(() => getToolJob(deps, caller, { id: created.id }));
    expect(again.status).toBe("FAILED");
    expect((await db.job.findUniqueOrThrow({ where: { id: created.id } })).attempts).toBe(2);
    // A completed job can't be retried.
    const good = await uploadPng(deps, caller);
    const ok = await createToolJob(deps, caller, { slug: "image-compress", fileIds: [good.id] });
    expect((await settle(() => getToolJob(deps, caller, { id: ok.id }))).status).toBe("COMPLETED");
    await expect(retryToolJob(deps, caller, { id: ok.id })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("a cancelled job is never run, and can be retried to completion", async () => {
    const caller = guestCaller(deps, "192.0.2.61");
    const png = await uploadPng(deps, caller);
    // Enqueued with a delay through the same path: cancel before the worker fetches it.
    await boss.offWork(toolsProcessJob.name);
    const created = await createToolJob(deps, caller, {
      slug: "image-resize",
      fileIds: [png.id],
      options: { width: 40 },
    });
    const cancelled = await cancelToolJob(deps, caller, { id: created.id });
    expect(cancelled.status).toBe("CANCELLED");
    // The queued attempt, when it runs, does nothing.
    const outcome = await handleToolsProcess(deps, { jobId: created.id }, { retryCount: 0 });
    expect(outcome).toEqual({ outcome: "skipped", why: "status CANCELLED" });
    await boss.work<{ jobId: string }>(
      toolsProcessJob.name,
      { batchSize: 1, pollingIntervalSeconds: 0.5 },
      async ([job]) => {
        if (!job) return;
        const { payload } = splitJobMeta(job.data);
        return handleToolsProcess(deps, payload as { jobId: string }, {
          retryCount: job.retryCount,
          signal: job.signal,
        });
      },
    );
    await retryToolJob(deps, caller, { id: created.id });
    const done = await settle(() => getToolJob(deps, caller, { id: created.id }));
    expect(done.status).toBe("COMPLETED");
    expect(done.metadata).toMatchObject({ width: 40 });
  });
});

describe("cancelling a running job", () => {
  it("stops the processor mid-run: CANCELLED, no outputs, a cancelled usage line", async () => {
    const user = await makeUser(db);
    const caller = userCaller(deps, user);
    const pdf = await uploadPdf(deps, caller, 40, "long.pdf");
    const created = await createToolJob(deps, caller, {
      slug: "pdf-to-images",
      fileIds: [pdf.id],
      options: { dpi: 600, format: "png" },
    });
    const running = await settleWhen(
      () => getToolJob(deps, caller, { id: created.id }),
      (j) => j.status === "PROCESSING",
    );
    expect(running.status).toBe("PROCESSING");
    const cancelled = await cancelToolJob(deps, caller, { id: created.id });
    expect(cancelled.status).toBe("CANCELLED");
    // The worker notices, stops the child and logs the cancellation.
    await settleWhen(
      () => db.usageLog.count({ where: { jobId: created.id } }),
      (n) => n === 1,
    );
    const row = await db.job.findUniqueOrThrow({ where: { id: created.id } });
    expect(row).toMatchObject({ status: "CANCELLED", outputFileIds: [] });
    expect(await db.usageLog.findMany({ where: { jobId: created.id } })).toMatchObject([
      { status: "cancelled" },
    ]);
    expect(await db.toolFile.count({ where: { jobId: created.id } })).toBe(0);
  });
});

describe("batches", () => {
  it("runs one job per file; one bad file fails only its job and the batch ends PARTIAL with a ZIP of the rest", async () => {
    const user = await makeUser(db);
    await makeOrg(db, user, { plan: "PRO" });
    const caller = userCaller(deps, user);
    const files = [
      await uploadPng(deps, caller, "one.png"),
      await uploadTruncatedPng(deps, caller),
      await uploadPng(deps, caller, "three.png"),
    ];
    const { batchId, jobs } = await createToolBatch(deps, caller, {
      slug: "image-convert",
      fileIds: files.map((f) => f.id),
      options: { format: "webp" },
    });
    expect(jobs).toHaveLength(3);
    for (const job of jobs) await settle(() => getToolJob(deps, caller, { id: job.id }));
    const batch = await getToolBatch(deps, caller, { id: batchId });
    expect(batch).toMatchObject({ status: "PARTIAL", totalJobs: 3, completedJobs: 2, failedJobs: 1 });
    expect(batch.jobs.map((j) => j.status)).toEqual(["COMPLETED", "FAILED", "COMPLETED"]);
    expect(batch.jobs[0]?.outputs[0]).toMatchObject({ mime: "image/webp" });
    expect(batch.zipUrl).toMatch(new RegExp(`^/api/tools/batches/${batchId}/zip\\?exp=\\d+&sig=`));
    const url = new URL(batch.zipUrl ?? "", "http://x");
    const zip = await openBatchZipEntries(deps, {
      id: batchId,
      exp: Number(url.searchParams.get("exp")),
      sig: url.searchParams.get("sig") ?? "",
    });
    expect(zip.entries).toHaveLength(2);
    for (const entry of zip.entries) entry.stream.destroy();
    // Another user can't see it.
    const other = userCaller(deps, await makeUser(db));
    await expect(getToolBatch(deps, other, { id: batchId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("expiry", () => {
  it("tools.expire deletes jobs, batches, rows and stored files after 24 h, and nothing before", async () => {
    const caller = guestCaller(deps, "192.0.2.62");
    const png = await uploadPng(deps, caller);
    const created = await createToolJob(deps, caller, { slug: "image-compress", fileIds: [png.id] });
    const done = await settle(() => getToolJob(deps, caller, { id: created.id }));
    expect(done.status).toBe("COMPLETED");
    const fileIds = [png.id, ...done.outputs.map((o) => o.id)];
    const keys = (await db.toolFile.findMany({ where: { id: { in: fileIds } } })).map((f) => f.storageKey);
    expect(keys).toHaveLength(2);

    deps.clock.advance(23 * 3_600_000);
    await handleToolsExpire(deps);
    expect(await db.job.count({ where: { id: created.id } })).toBe(1);
    for (const key of keys) expect(await deps.storage.get(key)).not.toBeNull();

    deps.clock.advance(2 * 3_600_000);
    const counts = await handleToolsExpire(deps);
    expect(counts.files).toBeGreaterThanOrEqual(2);
    expect(counts.jobs).toBeGreaterThanOrEqual(1);
    expect(await db.job.count({ where: { id: created.id } })).toBe(0);
    expect(await db.toolFile.count({ where: { id: { in: fileIds } } })).toBe(0);
    for (const key of keys) expect(await deps.storage.get(key)).toBeNull();
    // The usage log stays for analytics.
    expect(await db.usageLog.count({ where: { jobId: created.id } })).toBe(1);
    // A rerun finds nothing more.
    expect(await handleToolsExpire(deps)).toMatchObject({ jobs: 0 });
    deps.clock.advance(-25 * 3_600_000);
  });
});
