import {
  createWebhookInput,
  updateWebhookInput,
  webhookIdInput,
} from "@quartet/core/publish/webhooks/webhook.schema";
import {
  createWebhook,
  deleteWebhook,
  listDeliveries,
  listWebhooks,
  sendTestWebhook,
  updateWebhook,
} from "@quartet/core/publish/webhooks/webhook.service";
import { z } from "zod";
import { orgProcedure, router } from "../trpc.ts";

/** Publish → Webhooks (admins): outgoing, signed per Standard Webhooks, with a delivery log. */
export const publishWebhooksRouter = router({
  list: orgProcedure("ADMIN")
    .input(z.object({ orgId: z.uuid() }))
    .query(({ ctx, input }) => listWebhooks(ctx.deps, ctx.actor, input)),
  create: orgProcedure("ADMIN")
    .input(createWebhookInput)
    .mutation(({ ctx, input }) => createWebhook(ctx.deps, ctx.actor, input)),
  update: orgProcedure("ADMIN")
    .input(updateWebhookInput)
    .mutation(({ ctx, input }) => updateWebhook(ctx.deps, ctx.actor, input)),
  delete: orgProcedure("ADMIN")
    .input(webhookIdInput)
    .mutation(({ ctx, input }) => deleteWebhook(ctx.deps, ctx.actor, input)),
  sendTest: orgProcedure("ADMIN")
    .input(webhookIdInput)
    .mutation(({ ctx, input }) => sendTestWebhook(ctx.deps, ctx.actor, input)),
  deliveries: orgProcedure("ADMIN")
    .input(webhookIdInput)
    .query(({ ctx, input }) => listDeliveries(ctx.deps, ctx.actor, input)),
});
