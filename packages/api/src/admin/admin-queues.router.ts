import { adminActorOf } from "@quartet/core/platform/admin-audit.schema";
import { queueJobsInput, redriveInput, retryJobInput } from "@quartet/core/platform/queues/queues.schema";
import {
  listQueueJobs,
  listQueues,
  redriveAll,
  retryJob,
} from "@quartet/core/platform/queues/queues.service";
import { adminProcedure, router } from "../trpc.ts";

export const adminQueuesRouter = router({
  list: adminProcedure.query(({ ctx }) => listQueues(ctx.deps, adminActorOf(ctx))),
  jobs: adminProcedure
    .input(queueJobsInput)
    .query(({ ctx, input }) => listQueueJobs(ctx.deps, adminActorOf(ctx), input)),
  retry: adminProcedure
    .input(retryJobInput)
    .mutation(({ ctx, input }) => retryJob(ctx.deps, adminActorOf(ctx), input)),
  redrive: adminProcedure
    .input(redriveInput)
    .mutation(({ ctx, input }) => redriveAll(ctx.deps, adminActorOf(ctx), input)),
});
