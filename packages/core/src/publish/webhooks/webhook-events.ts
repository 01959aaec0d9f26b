import { randomUUID } from "node:crypto";
import type { DbOrTx } from "@quartet/db/client";
import type { Prisma } from "@quartet/db/types";
import { publishWebhookDeliverJob } from "@quartet/jobs/definitions";
import { enqueue, type JobSender } from "@quartet/jobs/queue";
import type { WebhookEvent } from "./webhook.schema.ts";

// Queues an event for every enabled webhook of the workspace that wants it (and whose channel
// filter includes the channel), in the caller's transaction: one delivery row (its `webhook-id`
// fixed for all its retries) and one publish.webhook-deliver job each.

export async function queueWebhookEvent(
  tx: DbOrTx,
  boss: JobSender,
  event: {
    organizationId: string;
    type: WebhookEvent;
    integrationId: string | null;
    data: Record<string, unknown>;
  },
  now: Date,
  onlyWebhookId?: string,
): Promise<number> {
  const hooks = await tx.webhooks.findMany({
    where: {
      organizationId: event.organizationId,
      deletedAt: null,
      ...(onlyWebhookId ? { id: onlyWebhookId } : { enabled: true }),
    },
    select: { id: true, events: true, integrations: { select: { integrationId: true } } },
  });
  let queued = 0;
  for (const hook of hooks) {
    const wants = Array.isArray(hook.events) && (hook.events as unknown[]).includes(event.type);
    if (!onlyWebhookId && !wants) continue;
    const channels = hook.integrations.map((i) => i.integrationId);
    if (
      !onlyWebhookId &&
      channels.length > 0 &&
      (!event.integrationId || !channels.includes(event.integrationId))
    )
      continue;
    const messageId = `msg_${randomUUID().replaceAll("-", "")}`;
    const delivery = await tx.webhookDelivery.create({
      data: {
        organizationId: event.organizationId,
        webhookId: hook.id,
        messageId,
        event: event.type,
        payload: {
          type: event.type,
          timestamp: now.toISOString(),
          data: event.data,
        } as Prisma.InputJsonValue,
      },
      select: { id: true },
    });
    await enqueue(boss, tx, publishWebhookDeliverJob, { deliveryId: delivery.id });
    queued += 1;
  }
  return queued;
}
