import { inboxWebhookNormalizeJob } from "@quartet/jobs/definitions";
import { enqueue } from "@quartet/jobs/queue";
import { z } from "zod";
import type { Deps } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import { insertAuditLog } from "../../platform/admin-audit.repository.ts";
import type { AdminActor } from "../../platform/admin-audit.schema.ts";
import { cursorSchema, limitSchema, type Page } from "../../platform/pagination.schema.ts";
import { WEBHOOK_PLATFORMS } from "./webhook.schema.ts";
import * as repo from "./webhook-event.repository.ts";

// The admin console's screen of inbound webhook deliveries whose normalisation FAILED: list them
// (never the body, which can hold people's messages; only its size), and put one or all of them
// back in line for inbox.webhook-normalize. Every retry is audited.

/** The most deliveries one "Retry all" puts back in line; press again for the rest. */
export const RETRY_ALL_CAP = 500;

const webhookPlatformSchema = z.enum(Object.values(WEBHOOK_PLATFORMS));

export const failedWebhooksInput = z.object({
  platform: webhookPlatformSchema.optional(),
  cursor: cursorSchema,
  limit: limitSchema,
});
export type FailedWebhooksInput = z.input<typeof failedWebhooksInput>;

export const retryWebhookInput = z.object({ id: z.uuid({ message: "Invalid delivery id." }) });
export const retryAllWebhooksInput = z.object({ platform: webhookPlatformSchema.optional() });

export async function listFailedWebhooks(
  deps: Pick<Deps, "db">,
  _actor: AdminActor,
  input: FailedWebhooksInput,
): Promise<Page<repo.FailedWebhookEventRow> & { total: number }> {
  const { platform, cursor, limit } = failedWebhooksInput.parse(input);
  const [rows, total] = await Promise.all([
    repo.findFailedWebhookEvents(deps.db, { platform }, cursor, limit + 1),
    repo.countFailedWebhookEvents(deps.db, { platform }),
  ]);
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null, total };
}

/** One FAILED delivery back to RECEIVED with a new normalisation job, audited, in one transaction. */
export async function retryFailedWebhook(
  deps: Pick<Deps, "db" | "boss">,
  actor: AdminActor,
  input: z.input<typeof retryWebhookInput>,
): Promise<{ id: string; jobId: string | null }> {
  const { id } = retryWebhookInput.parse(input);
  return deps.db.$transaction(async (tx) => {
    const event = await repo.findWebhookEventStatus(tx, id);
    if (!event) throw new AppError("NOT_FOUND", "That delivery no longer exists.");
    if (!(await repo.resetFailedWebhookEvent(tx, id)))
      throw new AppError("CONFLICT", "That delivery isn't failed any more; it may already be retried.");
    const jobId = await enqueue(deps.boss, tx, inboxWebhookNormalizeJob, { eventId: id });
    await insertAuditLog(tx, actor, {
      action: "inbox_webhook.retry",
      entityType: "inbox_webhook_event",
      entityId: id,
      changes: { before: { status: "FAILED" }, after: { status: "RECEIVED", jobId } },
    });
    return { id, jobId };
  });
}

/** Every FAILED delivery (up to RETRY_ALL_CAP, oldest first) back in line, audited once. */
export async function retryAllFailedWebhooks(
  deps: Pick<Deps, "db" | "boss">,
  actor: AdminActor,
  input: z.input<typeof retryAllWebhooksInput>,
): Promise<{ retried: number; remaining: number }> {
  const { platform } = retryAllWebhooksInput.parse(input);
  return deps.db.$transaction(
    async (tx) => {
      const rows = await repo.resetFailedWebhookEvents(tx, { platform }, RETRY_ALL_CAP);
      for (const row of rows) await enqueue(deps.boss, tx, inboxWebhookNormalizeJob, { eventId: row.id });
      const remaining = await repo.countFailedWebhookEvents(tx, { platform });
      if (rows.length > 0)
        await insertAuditLog(tx, actor, {
          action: "inbox_webhook.retry_all",
          entityType: "inbox_webhook_event",
          entityId: platform ?? "all",
          changes: {
            before: { failed: rows.length + remaining },
            after: { retried: rows.length, remaining, platform: platform ?? null },
          },
        });
      return { retried: rows.length, remaining };
    },
    { timeout: 30_000 },
  );
}
