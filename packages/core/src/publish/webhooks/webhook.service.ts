import { generateWebhookSecret } from "@quartet/integrations/http/standard-webhooks";
import type { Deps, UserActor } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import { requireMembership } from "../../orgs/org-access.service.ts";
import {
  type CreateWebhookInput,
  createWebhookInput,
  type DeliveryItem,
  type UpdateWebhookInput,
  updateWebhookInput,
  type WebhookIdInput,
  type WebhookItem,
  webhookIdInput,
} from "./webhook.schema.ts";
import { queueWebhookEvent } from "./webhook-events.ts";
import { sealWebhookSecret } from "./webhook-secrets.ts";

// Publish → Webhooks (ADMIN): endpoints told when a post is published or fails, signed per
// Standard Webhooks with a secret shown once at creation; "send test"; the delivery log.

const notFound = () => new AppError("NOT_FOUND", "Webhook not found.");
const select = {
  id: true,
  name: true,
  url: true,
  events: true,
  enabled: true,
  createdAt: true,
  integrations: { select: { integrationId: true } },
} as const;

type Row = {
  id: string;
  name: string | null;
  url: string;
  events: unknown;
  enabled: boolean;
  createdAt: Date;
  integrations: { integrationId: string }[];
};
const toItem = (r: Row): WebhookItem => ({
  id: r.id,
  name: r.name,
  url: r.url,
  events: Array.isArray(r.events) ? (r.events as string[]) : [],
  enabled: r.enabled,
  channelIds: r.integrations.map((i) => i.integrationId),
  createdAt: r.createdAt,
});

export async function listWebhooks(
  deps: Deps,
  actor: UserActor,
  rawInput: { orgId: string },
): Promise<WebhookItem[]> {
  const { orgId } = webhookIdInput.pick({ orgId: true }).parse(rawInput);
  await requireMembership(deps.db, orgId, actor, "ADMIN");
  const rows = await deps.db.webhooks.findMany({
    where: { organizationId: orgId, deletedAt: null },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select,
  });
  return rows.map(toItem);
}

/** Creates a webhook; the signing secret is returned this once (stored sealed). */
export async function createWebhook(
  deps: Deps,
  actor: UserActor,
  rawInput: CreateWebhookInput,
): Promise<WebhookItem & { secret: string }> {
  const input = createWebhookInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "ADMIN");
  const channelIds = [...new Set(input.channelIds)];
  const channels = await deps.db.integration.count({
    where: { id: { in: channelIds }, organizationId: input.orgId, deletedAt: null },
  });
  if (channels !== channelIds.length) throw new AppError("NOT_FOUND", "Channel not found.");
  const secret = generateWebhookSecret();
  const row = await deps.db.webhooks.create({
    data: {
      organizationId: input.orgId,
      name: input.name ?? null,
      url: input.url,
      events: [...new Set(input.events)],
      secret: sealWebhookSecret(deps.config, secret),
      integrations: {
        create: channelIds.map((integrationId) => ({ integrationId, organizationId: input.orgId })),
      },
    },
    select,
  });
  return { ...toItem(row), secret };
}

export async function updateWebhook(
  deps: Deps,
  actor: UserActor,
  rawInput: UpdateWebhookInput,
): Promise<WebhookItem> {
  const input = updateWebhookInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "ADMIN");
  const moved = await deps.db.webhooks.updateMany({
    where: { id: input.webhookId, organizationId: input.orgId, deletedAt: null },
    data: {
      name: input.name,
      url: input.url,
      events: input.events ? [...new Set(input.events)] : undefined,
      enabled: input.enabled,
    },
  });
  if (moved.count === 0) throw notFound();
  return toItem(await deps.db.webhooks.findUniqueOrThrow({ where: { id: input.webhookId }, select }));
}

export async function deleteWebhook(deps: Deps, actor: UserActor, rawInput: WebhookIdInput) {
  const input = webhookIdInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "ADMIN");
  const gone = await deps.db.webhooks.updateMany({
    where: { id: input.webhookId, organizationId: input.orgId, deletedAt: null },
    data: { deletedAt: deps.clock.now(), enabled: false, secret: null },
  });
  if (gone.count === 0) throw notFound();
  return { ok: true as const };
}

/** Queues a `webhook.test` delivery to this webhook (even while disabled). */
export async function sendTestWebhook(deps: Deps, actor: UserActor, rawInput: WebhookIdInput) {
  const input = webhookIdInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "ADMIN");
  const queued = await deps.db.$transaction((tx) =>
    queueWebhookEvent(
      tx,
      deps.boss,
      { organizationId: input.orgId, type: "webhook.test", integrationId: null, data: { test: true } },
      deps.clock.now(),
      input.webhookId,
    ),
  );
  if (queued === 0) throw notFound();
  return { ok: true as const };
}

/** The delivery log of one webhook, newest first. */
export async function listDeliveries(
  deps: Deps,
  actor: UserActor,
  rawInput: WebhookIdInput,
): Promise<DeliveryItem[]> {
  const input = webhookIdInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "ADMIN");
  const hook = await deps.db.webhooks.findFirst({
    where: { id: input.webhookId, organizationId: input.orgId },
    select: { id: true },
  });
  if (!hook) throw notFound();
  return deps.db.webhookDelivery.findMany({
    where: { webhookId: hook.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 100,
    select: {
      id: true,
      messageId: true,
      event: true,
      status: true,
      attempts: true,
      responseStatus: true,
      error: true,
      deliveredAt: true,
      createdAt: true,
    },
  });
}
