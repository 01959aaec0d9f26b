import type { Tx } from "@quartet/db/client";
import type { JobStatus } from "@quartet/db/enums";
import { toolsProcessJob } from "@quartet/jobs/definitions";
import { enqueue } from "@quartet/jobs/queue";
import type { z } from "zod";
import { consumePersonal, workspacePlan } from "../../billing/entitlements.service.ts";
import { PlanLimitError } from "../../billing/plan-limit.error.ts";
import type { PersonTier } from "../../billing/plans.ts";
import type { Deps } from "../../deps.ts";
import { AppError, notFound } from "../../errors.ts";
import { decodeCursor, encodeCursor, rowsAfterDesc } from "../../keyset-cursor.ts";
import {
  assertToolAccess,
  limitsOfTier,
  paidWorkspaceOf,
  type ToolsCaller,
  tierLimitError,
  tierOfCaller,
} from "../access/tools-access.ts";
import { localizedText } from "../catalog/catalog.service.ts";
import * as files from "../files/tool-file.repository.ts";
import {
  batchZipPath,
  fileDownloadPath,
  MB,
  ownsFile,
  TOOLS_RETENTION_MS,
  toFileDto,
} from "../files/tool-file.service.ts";
import { type ProcessorId, processorDefinitions } from "../processors.ts";
import type { JobRow } from "./job.repository.ts";
import * as repo from "./job.repository.ts";
import {
  type BatchDto,
  batchIdInput,
  type CreateBatchInput,
  type CreateJobInput,
  createBatchInput,
  createJobInput,
  type JobDto,
  jobIdInput,
  type ListJobsInput,
  listJobsInput,
} from "./job.schema.ts";

// Tools jobs: create (one tool on the caller's uploaded files), batches (PREMIUM: one job per file,
// a bad file fails only its job), get / list (owner only: the same user, or the same guest cookie;
// anybody else gets NOT_FOUND), cancel and retry. The row and its `tools.process` job are written
// in one transaction, with the daily operation counted in it too (a refusal writes nothing).

type JobDeps = Pick<Deps, "db" | "boss" | "clock" | "config">;

/** A retry runs the job again; a job that keeps failing stops being retried after this. */
export const MAX_ATTEMPTS = 5;

export const ownsJob = (caller: ToolsCaller, row: { userId: string | null; guestKey: string | null }) =>
  caller.userId ? row.userId === caller.userId : row.userId === null && row.guestKey === caller.guestKey;

// ── DTOs ────────────────────────────────────────────────────────────────────────────────────────

async function toDtos(deps: Pick<Deps, "db" | "config">, rows: JobRow[], locale?: string): Promise<JobDto[]> {
  const ids = rows.flatMap((r) => [...r.inputFileIds, ...r.outputFileIds]);
  const byId = new Map((await files.findToolFiles(deps.db, ids)).map((f) => [f.id, f]));
  const secret = deps.config.encryptionKey;
  return rows.map((row) => ({
    id: row.id,
    status: row.status,
    progress: row.progress,
    tool: {
      slug: row.tool.slug,
      name: localizedText(row.tool.nameLocalized, row.tool.name, locale ?? row.locale),
    },
    inputs: row.inputFileIds.flatMap((id) => {
      const file = byId.get(id);
      return file ? [toFileDto(file)] : [];
    }),
    outputs: row.outputFileIds.flatMap((id) => {
      const file = byId.get(id);
      return file ? [{ ...toFileDto(file), downloadUrl: fileDownloadPath(secret, file) }] : [];
    }),
    errorMessage: row.errorMessage,
    resultMessage: row.resultMessage,
    metadata: (row.metadata as Record<string, unknown> | null) ?? null,
    createdAt: row.createdAt.toISOString(),
    completedAt: row.completedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt.toISOString(),
    batchId: row.batchId,
  }));
}

export async function jobDto(
  deps: Pick<Deps, "db" | "config">,
  row: JobRow,
  locale?: string,
): Promise<JobDto> {
  const [dto] = await toDtos(deps, [row], locale);
  return dto as JobDto;
}

// ── Checks shared by create and createBatch ─────────────────────────────────────────────────────

async function findUsableTool(deps: Pick<Deps, "db">, slug: string) {
  const tool = await deps.db.tool.findFirst({
    where: { slug, isActive: true },
    select: { id: true, slug: true, name: true, processor: true, accessLevel: true, countsAsOperation: true },
  });
  if (!tool) throw notFound("This tool doesn't exist.");
  const definition = processorDefinitions[tool.processor as ProcessorId];
  if (!definition) throw new AppError("INTERNAL", `Tool ${tool.slug} has no processor.`);
  return { tool, definition };
}

function parseOptions(schema: z.ZodType, raw: unknown): unknown {
  const parsed = schema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const fieldErrors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = ["options", ...issue.path.map(String)].join(".");
    fieldErrors[key] ??= issue.message;
  }
  throw new AppError(
    "BAD_REQUEST",
    Object.values(fieldErrors)[0] ?? "Check the tool's options.",
    fieldErrors,
  );
}

/** The caller's files (NOT_FOUND for anybody else's or an expired one), checked against the tier. */
async function usableFiles(
  deps: Pick<Deps, "db" | "clock">,
  caller: ToolsCaller,
  tier: PersonTier,
  fileIds: readonly string[],
  accept: readonly string[],
) {
  const now = deps.clock.now();
  const rows = await files.findToolFiles(deps.db, fileIds);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const limits = limitsOfTier(tier);
  return fileIds.map((id) => {
    const file = byId.get(id);
    if (!file || !ownsFile(caller, file) || file.expiresAt.getTime() <= now.getTime()) {
      throw new AppError("NOT_FOUND", "A file was not found or has expired. Upload it again.", {
        fileIds: "A file was not found or has expired. Upload it again.",
      });
    }
    if (!accept.includes(file.mime)) {
      const message = `${file.name} can't be used with this tool.`;
      throw new AppError("BAD_REQUEST", message, { fileIds: message }, "TOOLS_UNSUPPORTED_TYPE");
    }
    if (file.size > limits.maxFileSizeMb * MB) {
      throw tierLimitError(
        tier,
        "tools.maxFileSizeMb",
        { limit: limits.maxFileSizeMb, current: limits.maxFileSizeMb, requested: Math.ceil(file.size / MB) },
        `${file.name} is larger than the ${limits.maxFileSizeMb} MB your plan allows. A Day Pass or the Pro plan lifts it.`,
      );
    }
    if (limits.maxPages !== null && file.pages !== null && file.pages > limits.maxPages) {
      throw tierLimitError(
        tier,
        "tools.maxPages",
        { limit: limits.maxPages, current: limits.maxPages, requested: file.pages },
        `${file.name} has ${file.pages} pages and your plan allows ${limits.maxPages}. A Day Pass or the Pro plan lifts it.`,
      );
    }
    return file;
  });
}

/** How long results are kept: the paid workspace's plan (tools.fileRetentionHours), else 24 h. */
async function retentionMs(deps: Pick<Deps, "db" | "clock">, organizationId: string | null): Promise<number> {
  if (!organizationId) return TOOLS_RETENTION_MS;
  const plan = await workspacePlan(deps.db, organizationId, deps.clock.now());
  return Math.max(TOOLS_RETENTION_MS, plan.entitlements["tools.fileRetentionHours"] * 3_600_000);
}

const personOf = (caller: ToolsCaller) =>
  caller.userId ? { userId: caller.userId } : { ipHash: caller.ipHash };

/** Billing's daily operations counter; its refusal carries the tier like the other Tools limits. */
async function consumeOperations(
  deps: { db: Tx; clock: Deps["clock"] },
  caller: ToolsCaller,
  tier: PersonTier,
  n: number,
) {
  try {
    await consumePersonal(deps, personOf(caller), "tools.operationsPerDay", n);
  } catch (error) {
    if (error instanceof PlanLimitError) Object.assign(error.details, { tier, signUp: tier === "GUEST" });
    throw error;
  }
}

// ── Create ──────────────────────────────────────────────────────────────────────────────────────

export async function createToolJob(
  deps: JobDeps,
  caller: ToolsCaller,
  raw: CreateJobInput,
): Promise<JobDto> {
  const input = createJobInput.parse(raw);
  const { tool, definition } = await findUsableTool(deps, input.slug);
  const tier = await tierOfCaller(deps, caller);
  assertToolAccess(tier, tool);
  const { min, max, accept } = definition.inputs;
  if (input.fileIds.length < min || input.fileIds.length > max) {
    const message =
      max === 0
        ? "This tool takes no files."
        : min === max
          ? `Add exactly ${min} file${min === 1 ? "" : "s"}.`
          : `Add between ${min} and ${max} files.`;
    throw new AppError("BAD_REQUEST", message, { fileIds: message });
  }
  const options = parseOptions(definition.options, input.options);
  const inputs = await usableFiles(deps, caller, tier, input.fileIds, accept);

  const organizationId =
    caller.userId && tier === "PREMIUM" ? await paidWorkspaceOf(deps, caller.userId) : null;
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + (await retentionMs(deps, organizationId)));
  const row = await deps.db.$transaction(async (tx) => {
    if (tool.countsAsOperation) await consumeOperations({ db: tx, clock: deps.clock }, caller, tier, 1);
    const job = await tx.job.create({
      data: {
        userId: caller.userId,
        organizationId,
        guestKey: caller.userId ? null : caller.guestKey,
        ipHash: caller.ipHash,
        toolId: tool.id,
        inputFileIds: inputs.map((f) => f.id),
        options: options as object,
        notifyEmail: input.notifyEmail?.toLowerCase() ?? null,
        locale: input.locale ?? "en",
        expiresAt,
      },
      select: repo.jobSelect,
    });
    await files.extendExpiry(tx, job.inputFileIds, expiresAt);
    await enqueue(deps.boss, tx, toolsProcessJob, { jobId: job.id });
    return job;
  });
  return jobDto(deps, row, input.locale);
}

/** PREMIUM: one job per file with the same options; each job succeeds or fails on its own. */
export async function createToolBatch(
  deps: JobDeps,
  caller: ToolsCaller,
  raw: CreateBatchInput,
): Promise<{ batchId: string; jobs: JobDto[] }> {
  const input = createBatchInput.parse(raw);
  const { tool, definition } = await findUsableTool(deps, input.slug);
  const tier = await tierOfCaller(deps, caller);
  assertToolAccess(tier, tool);
  const limits = limitsOfTier(tier);
  const count = input.fileIds.length;
  if (tier !== "PREMIUM" || !caller.userId || count > limits.batchSize) {
    throw tierLimitError(
      tier,
      "tools.batchSize",
      { limit: limits.batchSize, current: 0, requested: count },
      tier === "PREMIUM"
        ? `A batch can have at most ${limits.batchSize} files.`
        : "Batches are a Premium feature. A Day Pass or the Pro plan unlocks them.",
    );
  }
  if (definition.inputs.min > 1 || definition.inputs.max < 1) {
    throw new AppError("BAD_REQUEST", "This tool can't run as a batch.", {
      slug: "This tool can't run as a batch.",
    });
  }
  const options = parseOptions(definition.options, input.options);
  const inputs = await usableFiles(deps, caller, tier, input.fileIds, definition.inputs.accept);
  const userId = caller.userId;
  const organizationId = await paidWorkspaceOf(deps, userId);

  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + (await retentionMs(deps, organizationId)));
  const { batchId, rows } = await deps.db.$transaction(async (tx) => {
    if (tool.countsAsOperation) await consumeOperations({ db: tx, clock: deps.clock }, caller, tier, count);
    const batch = await tx.batch.create({
      data: { userId, organizationId, toolId: tool.id, totalJobs: count, expiresAt },
      select: { id: true },
    });
    const rows: JobRow[] = [];
    for (const file of inputs) {
      const job = await tx.job.create({
        data: {
          userId,
          organizationId,
          ipHash: caller.ipHash,
          toolId: tool.id,
          batchId: batch.id,
          inputFileIds: [file.id],
          options: options as object,
          locale: input.locale ?? "en",
          expiresAt,
        },
        select: repo.jobSelect,
      });
      await enqueue(deps.boss, tx, toolsProcessJob, { jobId: job.id });
      rows.push(job);
    }
    await files.extendExpiry(
      tx,
      inputs.map((f) => f.id),
      expiresAt,
    );
    return { batchId: batch.id, rows };
  });
  return { batchId, jobs: await toDtos(deps, rows, input.locale) };
}

// ── Read ────────────────────────────────────────────────────────────────────────────────────────

async function ownedJob(deps: Pick<Deps, "db" | "clock">, caller: ToolsCaller, id: string): Promise<JobRow> {
  const row = await repo.findJob(deps.db, id);
  if (!row || !ownsJob(caller, row) || row.expiresAt.getTime() <= deps.clock.now().getTime())
    throw notFound("Job not found. Results are deleted after 24 hours.");
  return row;
}

export async function getToolJob(
  deps: Pick<Deps, "db" | "clock" | "config">,
  caller: ToolsCaller,
  raw: { id: string; locale?: string },
): Promise<JobDto> {
  const { id } = jobIdInput.parse(raw);
  return jobDto(deps, await ownedJob(deps, caller, id), raw.locale);
}

export async function listToolJobs(
  deps: Pick<Deps, "db" | "clock" | "config">,
  caller: ToolsCaller,
  raw: ListJobsInput = {},
): Promise<{ jobs: JobDto[]; nextCursor: string | null }> {
  const input = listJobsInput.parse(raw);
  const after = input.cursor ? rowsAfterDesc("createdAt", decodeCursor(input.cursor)) : null;
  const owner = caller.userId === null ? { guestKey: caller.guestKey } : { userId: caller.userId };
  const rows = await repo.listOwnedJobs(deps.db, owner, deps.clock.now(), after, input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    jobs: await toDtos(deps, page, input.locale),
    nextCursor: rows.length > input.limit && last ? encodeCursor({ at: last.createdAt, id: last.id }) : null,
  };
}

export async function getToolBatch(
  deps: Pick<Deps, "db" | "clock" | "config">,
  caller: ToolsCaller,
  raw: { id: string; locale?: string },
): Promise<BatchDto> {
  const { id } = batchIdInput.parse(raw);
  const batch = await repo.findBatch(deps.db, id);
  const now = deps.clock.now();
  if (
    !batch ||
    !caller.userId ||
    batch.userId !== caller.userId ||
    (batch.expiresAt && batch.expiresAt <= now)
  )
    throw notFound("Batch not found. Results are deleted after 24 hours.");
  const rows = await repo.listBatchJobs(deps.db, id);
  const until = batch.expiresAt ?? new Date(now.getTime() + 3_600_000);
  return {
    id: batch.id,
    status: batch.status,
    totalJobs: batch.totalJobs,
    completedJobs: batch.completedJobs,
    failedJobs: batch.failedJobs,
    createdAt: batch.createdAt.toISOString(),
    expiresAt: batch.expiresAt?.toISOString() ?? null,
    zipUrl: batch.completedJobs > 0 ? batchZipPath(deps.config.encryptionKey, batch, until) : null,
    jobs: await toDtos(deps, rows, raw.locale),
  };
}

// ── Cancel / retry ──────────────────────────────────────────────────────────────────────────────

const RUNNING: JobStatus[] = ["QUEUED", "PROCESSING"];

/** Stops a queued or running job (the worker notices within a second and stops the processor). */
export async function cancelToolJob(
  deps: JobDeps,
  caller: ToolsCaller,
  raw: { id: string },
): Promise<JobDto> {
  const { id } = jobIdInput.parse(raw);
  const row = await ownedJob(deps, caller, id);
  const moved = await deps.db.$transaction(async (tx) => {
    const ok = await repo.moveStatus(tx, id, RUNNING, {
      status: "CANCELLED",
      completedAt: deps.clock.now(),
      errorMessage: "Cancelled.",
      errorCode: "CANCELLED",
    });
    if (ok && row.batchId) await repo.refreshBatch(tx, row.batchId);
    return ok;
  });
  if (!moved) throw new AppError("CONFLICT", "This job has already finished.");
  return jobDto(deps, (await repo.findJob(deps.db, id)) as JobRow);
}

/** Runs a failed or cancelled job again on the same files (not counted as a new operation). */
export async function retryToolJob(deps: JobDeps, caller: ToolsCaller, raw: { id: string }): Promise<JobDto> {
  const { id } = jobIdInput.parse(raw);
  const row = await ownedJob(deps, caller, id);
  if (row.status !== "FAILED" && row.status !== "CANCELLED")
    throw new AppError("CONFLICT", "Only a failed or cancelled job can be retried.");
  if (row.attempts >= MAX_ATTEMPTS)
    throw new AppError(
      "CONFLICT",
      `This job was tried ${row.attempts} times. Check the file and start a new job.`,
    );
  const now = deps.clock.now();
  const inputs = await files.findToolFiles(deps.db, row.inputFileIds);
  if (inputs.length !== new Set(row.inputFileIds).size || inputs.some((f) => f.expiresAt <= now))
    throw new AppError("CONFLICT", "The files of this job have expired. Upload them again.");
  const moved = await deps.db.$transaction(async (tx) => {
    const ok = await repo.moveStatus(tx, id, ["FAILED", "CANCELLED"], {
      status: "QUEUED",
      progress: 0,
      errorMessage: null,
      errorCode: null,
      resultMessage: null,
      startedAt: null,
      completedAt: null,
      processingTimeMs: null,
    });
    if (!ok) return false;
    await enqueue(deps.boss, tx, toolsProcessJob, { jobId: id });
    if (row.batchId) await repo.refreshBatch(tx, row.batchId);
    return true;
  });
  if (!moved) throw new AppError("CONFLICT", "Only a failed or cancelled job can be retried.");
  return jobDto(deps, (await repo.findJob(deps.db, id)) as JobRow);
}
