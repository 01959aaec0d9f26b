import {
  failedWebhooksInput,
  listFailedWebhooks,
  retryAllFailedWebhooks,
  retryAllWebhooksInput,
  retryFailedWebhook,
  retryWebhookInput,
} from "@quartet/core/inbox/inbound/webhook-admin.service";
import { adminActorOf } from "@quartet/core/platform/admin-audit.schema";
import { adminProcedure, router } from "../trpc.ts";

/** Inbound inbox webhook deliveries whose normalisation failed: list (no bodies) and retry, audited. */
export const adminInboxWebhooksRouter = router({
  list: adminProcedure
    .input(failedWebhooksInput)
    .query(({ ctx, input }) => listFailedWebhooks(ctx.deps, adminActorOf(ctx), input)),
  retry: adminProcedure
    .input(retryWebhookInput)
    .mutation(({ ctx, input }) => retryFailedWebhook(ctx.deps, adminActorOf(ctx), input)),
  retryAll: adminProcedure
    .input(retryAllWebhooksInput)
    .mutation(({ ctx, input }) => retryAllFailedWebhooks(ctx.deps, adminActorOf(ctx), input)),
});
