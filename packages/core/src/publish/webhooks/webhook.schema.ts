import { z } from "zod";
import { text } from "../../text-input.ts";

// Inputs and DTOs of Publish → Webhooks (outgoing, signed per Standard Webhooks).

export const WEBHOOK_EVENTS = ["post.published", "post.failed"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number] | "webhook.test";

const url = z
  .string()
  .trim()
  .max(2000, "At most 2000 characters.")
  .refine(
    (value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol),
    "Enter an http(s) URL.",
  );
const events = z.array(z.enum(WEBHOOK_EVENTS)).min(1, "Pick at least one event.");

export const createWebhookInput = z.object({
  orgId: z.uuid(),
  name: text().trim().max(100).optional(),
  url,
  events,
  /** Only these channels' posts (absent or empty: every channel). */
  channelIds: z.array(z.uuid()).max(50).default([]),
});
export type CreateWebhookInput = z.input<typeof createWebhookInput>;

export const updateWebhookInput = z.object({
  orgId: z.uuid(),
  webhookId: z.uuid(),
  name: text().trim().max(100).nullable().optional(),
  url: url.optional(),
  events: events.optional(),
  enabled: z.boolean().optional(),
});
export type UpdateWebhookInput = z.infer<typeof updateWebhookInput>;

export const webhookIdInput = z.object({ orgId: z.uuid(), webhookId: z.uuid() });
export type WebhookIdInput = z.infer<typeof webhookIdInput>;

export interface WebhookItem {
  id: string;
  name: string | null;
  url: string;
  events: string[];
  enabled: boolean;
  channelIds: string[];
  createdAt: Date;
}

export interface DeliveryItem {
  id: string;
  messageId: string;
  event: string;
  status: string;
  attempts: number;
  responseStatus: number | null;
  error: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
}
