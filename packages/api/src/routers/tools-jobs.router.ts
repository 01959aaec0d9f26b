import {
  batchIdInput,
  createBatchInput,
  createJobInput,
  jobIdInput,
  listJobsInput,
} from "@quartet/core/tools/jobs/job.schema";
import {
  cancelToolJob,
  createToolBatch,
  createToolJob,
  getToolBatch,
  getToolJob,
  listToolJobs,
  retryToolJob,
} from "@quartet/core/tools/jobs/job.service";
import { z } from "zod";
import { publicProcedure, router } from "../trpc.ts";
import { toolsCaller } from "./tools-caller.ts";

const withLocale = { locale: z.string().trim().min(2).max(35).optional() };

/**
 * Tools jobs for guests and signed-in people alike (public procedures): every job and batch is
 * its owner's only — the same user, or the same guest cookie — and anybody else gets NOT_FOUND.
 */
export const toolsJobsRouter = router({
  create: publicProcedure
    .input(createJobInput)
    .mutation(({ ctx, input }) => createToolJob(ctx.deps, toolsCaller(ctx), input)),
  createBatch: publicProcedure
    .input(createBatchInput)
    .mutation(({ ctx, input }) => createToolBatch(ctx.deps, toolsCaller(ctx), input)),
  get: publicProcedure
    .input(jobIdInput.extend(withLocale))
    .query(({ ctx, input }) => getToolJob(ctx.deps, toolsCaller(ctx), input)),
  list: publicProcedure
    .input(listJobsInput.default({ limit: 20 }))
    .query(({ ctx, input }) => listToolJobs(ctx.deps, toolsCaller(ctx), input)),
  cancel: publicProcedure
    .input(jobIdInput)
    .mutation(({ ctx, input }) => cancelToolJob(ctx.deps, toolsCaller(ctx), input)),
  retry: publicProcedure
    .input(jobIdInput)
    .mutation(({ ctx, input }) => retryToolJob(ctx.deps, toolsCaller(ctx), input)),
  getBatch: publicProcedure
    .input(batchIdInput.extend(withLocale))
    .query(({ ctx, input }) => getToolBatch(ctx.deps, toolsCaller(ctx), input)),
});
