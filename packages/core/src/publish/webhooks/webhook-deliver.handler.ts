import { type HostResolver, SafeFetchError, safeFetch } from "@quartet/integrations/http/safe-fetch";
import { signStandardWebhook } from "@quartet/integrations/http/standard-webhooks";
import { publishWebhookDeliverJob } from "@quartet/jobs/definitions";
import type { Deps } from "../../deps.ts";
import { openWebhookSecret } from "./webhook-secrets.ts";

// `publish.webhook-deliver`: POSTs one delivery, signed per Standard Webhooks, through the shared
// SSRF-guarded fetcher (public addresses only unless the server allows private targets; each
// address checked at connect time; redirects are not followed). A 2xx is SUCCEEDED; a refused
// target is FAILED at once; anything else is retried with backoff and FAILED after the last try.
// Every attempt's status and reason stay on the delivery row (the delivery log).

export type DeliverDeps = Pick<Deps, "db" | "clock" | "log" | "config"> & { resolve?: HostResolver };

const PERMANENT = new Set(["INVALID_URL", "PROTOCOL", "FORBIDDEN_ADDRESS"]);

export async function handleWebhookDeliver(
  deps: DeliverDeps,
  payload: { deliveryId: string },
  job: { retryCount: number },
): Promise<{ outcome: "succeeded" | "failed" | "retrying" | "skipped"; status?: number }> {
  const delivery = await deps.db.webhookDelivery.findUnique({
    where: { id: payload.deliveryId },
    select: {
      id: true,
      messageId: true,
      payload: true,
      status: true,
      webhook: { select: { url: true, secret: true, deletedAt: true } },
    },
  });
  if (delivery?.status !== "PENDING") return { outcome: "skipped" };
  if (delivery.webhook.deletedAt) {
    await deps.db.webhookDelivery.update({
      where: { id: delivery.id },
      data: { status: "FAILED", error: "The webhook was deleted." },
    });
    return { outcome: "skipped" };
  }
  const now = deps.clock.now();
  const body = JSON.stringify(delivery.payload);
  const secret = openWebhookSecret(deps.config, delivery.webhook.secret) ?? "";
  const lastAttempt = job.retryCount >= publishWebhookDeliverJob.queue.retryLimit;
  let status: number | null = null;
  let responseBody: string | null = null;
  let error: string | null = null;
  let permanent = false;
  try {
    const response = await safeFetch(delivery.webhook.url, {
      method: "POST",
      body,
      headers: {
        "content-type": "application/json",
        "user-agent": "Quartet-Webhooks/1",
        ...signStandardWebhook(secret, delivery.messageId, now, body),
      },
      allowPrivateAddresses: deps.config.allowPrivateWebhookTargets,
      redirect: "manual",
      timeoutMs: 10_000,
      maxResponseBytes: 64 * 1024,
      ...(deps.resolve ? { resolve: deps.resolve } : {}),
    });
    status = response.status;
    responseBody = response.body.toString("utf8").slice(0, 2000);
    if (status < 200 || status >= 300) error = `The endpoint answered ${status}.`;
  } catch (caught) {
    if (!(caught instanceof SafeFetchError)) throw caught;
    error = caught.message;
    permanent = PERMANENT.has(caught.code);
  }
  const ok = error === null;
  const final = ok || permanent || lastAttempt;
  await deps.db.webhookDelivery.update({
    where: { id: delivery.id },
    data: {
      attempts: { increment: 1 },
      responseStatus: status,
      responseBody,
      error: error?.slice(0, 1000) ?? null,
      status: ok ? "SUCCEEDED" : final ? "FAILED" : "PENDING",
      deliveredAt: ok ? now : null,
      nextAttemptAt: null,
    },
  });
  if (ok) return { outcome: "succeeded", status: status ?? undefined };
  if (final) return { outcome: "failed", status: status ?? undefined };
  throw new Error(`Webhook delivery failed (will retry): ${error}`);
}
