import { createHash } from "node:crypto";
import { pgRunner, pgTransaction } from "@quartet/db/client";
import type { Platform } from "@quartet/db/enums";
import { inboxWebhookNormalizeJob } from "@quartet/jobs/definitions";
import { enqueue } from "@quartet/jobs/queue";
import type { Deps } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import * as repo from "./webhook-event.repository.ts";

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Stores a delivery whose signature the caller checked, and enqueues its normalisation in the same
 * transaction: once this returns, the delivery can't be lost and the platform can be answered 200.
 * The same bytes delivered again are stored once (SHA-256 of the body) and enqueue nothing.
 */
export async function storeInboxWebhook(
  deps: Pick<Deps, "db" | "boss" | "clock">,
  platform: Platform,
  raw: Buffer,
): Promise<{ eventId: string; duplicate: boolean }> {
  let body: string;
  try {
    body = utf8.decode(raw);
  } catch {
    throw new AppError("BAD_REQUEST", "The webhook body isn't UTF-8 text.");
  }
  // Postgres text can't hold NUL; no platform sends a raw one (JSON escapes it).
  if (body.includes("\u0000")) throw new AppError("BAD_REQUEST", "The webhook body contains a NUL byte.");
  const bodyHash = createHash("sha256").update(raw).digest("hex");
  // On pg directly: the platforms' delivery rate is the hot path (see pgTransaction).
  return pgTransaction(deps.db, async (tx) => {
    const stored = await repo.insertWebhookEventOnce(tx, { platform, body, bodyHash, now: deps.clock.now() });
    if (stored.fresh)
      await enqueue(deps.boss, pgRunner(tx), inboxWebhookNormalizeJob, { eventId: stored.id });
    return { eventId: stored.id, duplicate: !stored.fresh };
  });
}

/**
 * Normalises a FAILED delivery again (after a fix or an outage): back to RECEIVED and a new job,
 * in one transaction. false when the delivery isn't FAILED.
 */
export async function retryInboxWebhook(deps: Pick<Deps, "db" | "boss">, eventId: string): Promise<boolean> {
  return deps.db.$transaction(async (tx) => {
    if (!(await repo.resetFailedWebhookEvent(tx, eventId))) return false;
    await enqueue(deps.boss, tx, inboxWebhookNormalizeJob, { eventId });
    return true;
  });
}
