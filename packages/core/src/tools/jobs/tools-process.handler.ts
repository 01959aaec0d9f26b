import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import type { Tx } from "@quartet/db/client";
import { tierOf } from "../../billing/tier.service.ts";
import type { Deps } from "../../deps.ts";
import { queueEmail } from "../../email/email.queue.ts";
import { limitsOfTier } from "../access/tools-access.ts";
import { localizedText } from "../catalog/catalog.service.ts";
import * as files from "../files/tool-file.repository.ts";
import { cleanFileName, MB, processorLimits, storageKeyFor } from "../files/tool-file.service.ts";
import { isProcessorError, type ProcessorId, type ProcessorInput, runProcessor } from "../processors.ts";
import type { JobRow } from "./job.repository.ts";
import * as repo from "./job.repository.ts";

// The `tools.process` job: one Job through its processor (an isolated child with memory and time
// limits, see @quartet/processors). Idempotent by compare-and-set on the status: a job cancelled,
// finished or already taken is skipped. Progress is the processor's own, written throttled (every
// 5 points or 250 ms); a cancel is seen within a second and stops the child. A processor failure
// (bad file, wrong password, timeout…) is the job's result, FAILED with its sentence, not a retry.

type ProcessDeps = Pick<Deps, "db" | "boss" | "clock" | "log" | "config" | "storage">;

export const PROGRESS_STEP = 5;
export const PROGRESS_INTERVAL_MS = 250;
const CANCEL_POLL_MS = 1000;
const INTERNAL_MESSAGE = "Something went wrong while processing your file. Try again.";

export type ProcessOutcome =
  | { outcome: "completed"; outputs: number }
  | { outcome: "failed"; code: string }
  | { outcome: "cancelled" }
  | { outcome: "skipped"; why: string };

/** Progress writes: forward only, at most every PROGRESS_STEP points or PROGRESS_INTERVAL_MS. */
function progressWriter(deps: ProcessDeps, jobId: string, onStopped: () => void) {
  let written = 0;
  let writtenAt = 0;
  let pending = 0;
  let chain: Promise<void> = Promise.resolve();
  const write = (value: number) => {
    written = value;
    writtenAt = Date.now();
    chain = chain.then(async () => {
      const running = await repo.writeProgress(deps.db, jobId, value).catch(() => true);
      if (!running) onStopped();
    });
  };
  return {
    report(percent: number) {
      const value = Math.max(0, Math.min(99, Math.floor(percent)));
      if (value <= written) return;
      pending = value;
      if (value - written >= PROGRESS_STEP || Date.now() - writtenAt >= PROGRESS_INTERVAL_MS) write(value);
    },
    /** Writes the last value held back and waits for every write. */
    async flush() {
      if (pending > written) write(pending);
      await chain;
    },
  };
}

async function hashFile(file: string): Promise<string> {
  const hash = createHash("sha256");
  await pipeline(createReadStream(file), hash);
  return hash.digest("hex");
}

export async function handleToolsProcess(
  deps: ProcessDeps,
  payload: { jobId: string },
  run: { retryCount: number; signal?: AbortSignal },
): Promise<ProcessOutcome> {
  const job = await repo.findJob(deps.db, payload.jobId);
  if (!job) return { outcome: "skipped", why: "job deleted" };
  // A redelivery after a worker died mid-job finds it PROCESSING and takes it again.
  const from = run.retryCount > 0 ? (["QUEUED", "PROCESSING"] as const) : (["QUEUED"] as const);
  const startedAt = deps.clock.now();
  const taken = await repo.moveStatus(deps.db, job.id, from, {
    status: "PROCESSING",
    startedAt,
    progress: 0,
    attempts: { increment: 1 },
  });
  if (!taken)
    return { outcome: "skipped", why: `status ${(await repo.jobStatusOf(deps.db, job.id)) ?? "gone"}` };
  if (job.batchId) await repo.refreshBatch(deps.db, job.batchId);

  const abort = new AbortController();
  let cancelled = false;
  const stop = () => {
    cancelled = true;
    abort.abort();
  };
  run.signal?.addEventListener("abort", () => abort.abort(), { once: true });
  const watch = setInterval(() => {
    repo
      .jobStatusOf(deps.db, job.id)
      .then((status) => {
        if (status !== "PROCESSING") stop();
      })
      .catch(() => {});
  }, CANCEL_POLL_MS);
  const progress = progressWriter(deps, job.id, stop);
  const workDir = await mkdtemp(path.join(tmpdir(), "quartet-tools-job-"));
  const started = Date.now();
  let inputBytes = 0;
  try {
    const rows = await files.findToolFiles(deps.db, job.inputFileIds);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const inputs: ProcessorInput[] = [];
    for (const [index, id] of job.inputFileIds.entries()) {
      const row = byId.get(id);
      const stored = row ? await deps.storage.get(row.storageKey) : null;
      if (!row || !stored) {
        return await fail(
          deps,
          job,
          started,
          inputBytes,
          "INVALID_FILE",
          "An input file has expired. Upload it again.",
        );
      }
      const local = path.join(workDir, `in-${index}${path.extname(row.name).slice(0, 10)}`);
      await pipeline(stored.body, createWriteStream(local));
      inputs.push({ path: local, name: row.name, mime: row.mime, size: row.size });
      inputBytes += row.size;
    }
    const tier = await tierOf(deps, job.userId);
    const result = await runProcessor(job.tool.processor as ProcessorId, {
      inputs,
      options: job.options,
      workDir: path.join(workDir, "work"),
      limits: processorLimits(limitsOfTier(tier)),
      onProgress: (percent) => progress.report(percent),
      signal: abort.signal,
    });
    await progress.flush();
    if (cancelled) return await cancelledOutcome(deps, job, started, inputBytes);

    // Outputs to storage first (streams), then one transaction for rows + status + usage + mail.
    const stored: { key: string; name: string; mime: string; size: number; sha256: string }[] = [];
    for (const output of result.outputs) {
      const size = (await stat(output.path)).size;
      const sha256 = await hashFile(output.path);
      const key = storageKeyFor(deps.clock.now());
      await deps.storage.put(key, createReadStream(output.path), { contentType: output.mime, size });
      stored.push({ key, name: cleanFileName(output.name, "result"), mime: output.mime, size, sha256 });
    }
    const elapsed = Date.now() - started;
    const done = await deps.db
      .$transaction(async (tx) => {
        const ids: string[] = [];
        for (const file of stored) {
          const row = await files.insertToolFile(tx, {
            kind: "OUTPUT",
            ownerUserId: job.userId,
            guestKey: job.guestKey,
            ipHash: job.ipHash,
            jobId: job.id,
            name: file.name,
            mime: file.mime,
            size: file.size,
            sha256: file.sha256,
            storageKey: file.key,
            expiresAt: job.expiresAt,
            // One output: the processor's measures describe it (pages of a PDF, size of an image).
            ...(stored.length === 1 ? measuresOf(result.metadata) : {}),
          });
          ids.push(row.id);
        }
        const moved = await repo.moveStatus(tx, job.id, ["PROCESSING"], {
          status: "COMPLETED",
          progress: 100,
          outputFileIds: ids,
          outputFileId: ids[0] ?? null,
          resultMessage: result.message?.slice(0, 1000) ?? null,
          metadata: (result.metadata ?? {}) as object,
          processingTimeMs: elapsed,
          completedAt: deps.clock.now(),
        });
        if (!moved) throw new CancelledMeanwhile();
        await finish(deps, tx, job, "success", elapsed, inputBytes);
        if (job.notifyEmail) {
          await queueEmail(tx, deps.boss, {
            type: "JOB_COMPLETED",
            to: job.notifyEmail,
            userId: job.userId,
            locale: job.locale,
            data: {
              toolName: toolName(job),
              expiresAt: `${job.expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC`,
              link: jobLink(deps, job),
            },
          });
          await markMailed(tx, job.id, deps.clock.now());
        }
        return ids.length;
      })
      .catch(async (error: unknown) => {
        await Promise.all(stored.map((f) => deps.storage.delete(f.key).catch(() => {})));
        if (error instanceof CancelledMeanwhile) return null;
        throw error;
      });
    if (done === null) return { outcome: "cancelled" };
    return { outcome: "completed", outputs: done };
  } catch (error) {
    await progress.flush().catch(() => {});
    if (cancelled || (isProcessorError(error) && error.code === "CANCELLED")) {
      if (cancelled) return await cancelledOutcome(deps, job, started, inputBytes);
      // The worker is shutting down: put the job back for the next worker.
      await repo.moveStatus(deps.db, job.id, ["PROCESSING"], { status: "QUEUED", progress: 0 });
      throw error;
    }
    if (isProcessorError(error)) return await fail(deps, job, started, inputBytes, error.code, error.message);
    deps.log.error({ err: error, jobId: job.id, tool: job.tool.slug }, "tools job failed unexpectedly");
    return await fail(deps, job, started, inputBytes, "INTERNAL", INTERNAL_MESSAGE);
  } finally {
    clearInterval(watch);
    await rm(workDir, { recursive: true, force: true }).catch(() => {});
  }
}

class CancelledMeanwhile extends Error {}

function measuresOf(metadata: Record<string, unknown> | undefined) {
  const int = (value: unknown) =>
    Number.isSafeInteger(value) && (value as number) > 0 ? (value as number) : null;
  return { pages: int(metadata?.pages), width: int(metadata?.width), height: int(metadata?.height) };
}

const toolName = (job: JobRow) => localizedText(job.tool.nameLocalized, job.tool.name, job.locale);
const jobLink = (deps: Pick<Deps, "config">, job: JobRow) =>
  `${deps.config.webUrl}/tools/${job.tool.slug}?job=${job.id}`;

const markMailed = (tx: Tx, id: string, now: Date) =>
  tx.job.update({
    where: { id },
    data: { emailNotificationSentAt: now, emailNotificationCount: { increment: 1 } },
    select: { id: true },
  });

/** The usage log line and the batch's counts, in the transaction that ends the job. */
async function finish(
  deps: ProcessDeps,
  tx: Tx,
  job: JobRow,
  status: "success" | "failed" | "cancelled",
  elapsed: number,
  inputBytes: number,
) {
  await tx.usageLog.create({
    data: {
      userId: job.userId,
      toolId: job.tool.id,
      jobId: job.id,
      fileSizeMb: Math.round((inputBytes / MB) * 100) / 100,
      processingTimeMs: elapsed,
      status,
      ipHash: job.ipHash,
    },
    select: { id: true },
  });
  if (job.batchId) await repo.refreshBatch(tx, job.batchId);
  void deps;
}

async function fail(
  deps: ProcessDeps,
  job: JobRow,
  started: number,
  inputBytes: number,
  code: string,
  message: string,
): Promise<ProcessOutcome> {
  const elapsed = Date.now() - started;
  await deps.db.$transaction(async (tx) => {
    const moved = await repo.moveStatus(tx, job.id, ["PROCESSING"], {
      status: "FAILED",
      errorCode: code.slice(0, 40),
      errorMessage: message.slice(0, 1000),
      processingTimeMs: elapsed,
      completedAt: deps.clock.now(),
    });
    if (!moved) return;
    await finish(deps, tx, job, "failed", elapsed, inputBytes);
    if (job.notifyEmail) {
      await queueEmail(tx, deps.boss, {
        type: "JOB_FAILED",
        to: job.notifyEmail,
        userId: job.userId,
        locale: job.locale,
        data: { toolName: toolName(job), reason: message.slice(0, 500), link: jobLink(deps, job) },
      });
      await markMailed(tx, job.id, deps.clock.now());
    }
  });
  return { outcome: "failed", code };
}

async function cancelledOutcome(
  deps: ProcessDeps,
  job: JobRow,
  started: number,
  inputBytes: number,
): Promise<ProcessOutcome> {
  await deps.db.$transaction((tx) => finish(deps, tx, job, "cancelled", Date.now() - started, inputBytes));
  return { outcome: "cancelled" };
}
