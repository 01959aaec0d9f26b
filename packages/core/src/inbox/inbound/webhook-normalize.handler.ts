import { WebhookPayloadError } from "@quartet/integrations/social/errors";
import type { SocialEvent } from "@quartet/integrations/social/types";
import type { inboxWebhookNormalizeJob } from "@quartet/jobs/definitions";
import type { JobPayload } from "@quartet/jobs/job-definition";
import { type IngestDeps, type IngestResult, ingestEvents } from "./ingest.service.ts";
import { type InboxSocialDeps, socialProvider } from "./social-providers.ts";
import * as repo from "./webhook-event.repository.ts";

// inbox.webhook-normalize: one stored delivery → the normalized events of its platform, routed to
// every ACTIVE connection of the business account each event names, ingested through
// `ingestEvents`. The row records the outcome: PROCESSED, IGNORED (no connection wants it) or
// FAILED with the reason (the job is retried; `retryInboxWebhook` re-runs one by hand).

export type NormalizeDeps = IngestDeps & InboxSocialDeps;

/**
 * A receipt or reaction can name a message whose send the worker hasn't recorded yet: such a
 * delivery is tried again this many times before the unknown ids are let go.
 */
export const UNMATCHED_RETRIES = 2;

export class InboxWebhookRetry extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InboxWebhookRetry";
  }
}

export type NormalizeOutcome =
  | { outcome: "missing" | "done-before" }
  | { outcome: "PROCESSED" | "IGNORED"; events: number; routed: number; ignoredAccounts: string[] }
  | { outcome: "FAILED"; error: string };

export async function handleInboxWebhookNormalize(
  deps: NormalizeDeps,
  payload: JobPayload<typeof inboxWebhookNormalizeJob>,
): Promise<NormalizeOutcome> {
  const row = await repo.findWebhookEvent(deps.db, payload.eventId);
  if (!row) return { outcome: "missing" };
  if (row.status === "PROCESSED" || row.status === "IGNORED") return { outcome: "done-before" };

  let events: SocialEvent[];
  try {
    events = socialProvider(deps, row.platform).parseWebhook(Buffer.from(row.body, "utf8"));
  } catch (error) {
    if (!(error instanceof WebhookPayloadError)) return fail(deps, row.id, error);
    // Not this platform's JSON: no retry makes it parse (an operator may retry after a fix).
    const reason = `Unreadable payload: ${error.message}`;
    await repo.markWebhookEvent(deps.db, row.id, "FAILED", reason, deps.clock.now());
    return { outcome: "FAILED", error: reason };
  }

  try {
    const byAccount = new Map<string, SocialEvent[]>();
    for (const event of events) {
      const list = byAccount.get(event.accountId) ?? [];
      list.push(event);
      byAccount.set(event.accountId, list);
    }
    const ignoredAccounts: string[] = [];
    let routed = 0;
    let unmatched = 0;
    for (const [accountId, accountEvents] of byAccount) {
      const connections = await repo.findActiveConnections(deps.db, row.platform, accountId);
      if (connections.length === 0) ignoredAccounts.push(accountId);
      for (const connection of connections) {
        const result: IngestResult = await ingestEvents(deps, connection, accountEvents);
        routed += accountEvents.length;
        unmatched += result.unmatched;
      }
    }
    if (unmatched > 0 && row.attempts < UNMATCHED_RETRIES) {
      throw new InboxWebhookRetry(
        `${unmatched} receipt(s) or reaction(s) name a message not stored yet; trying again.`,
      );
    }
    const ignored = events.length > 0 && routed === 0;
    const note = ignoredAccounts.length
      ? `No active connection for account ${ignoredAccounts.slice(0, 5).join(", ")}.`
      : null;
    await repo.markWebhookEvent(deps.db, row.id, ignored ? "IGNORED" : "PROCESSED", note, deps.clock.now());
    return { outcome: ignored ? "IGNORED" : "PROCESSED", events: events.length, routed, ignoredAccounts };
  } catch (error) {
    return fail(deps, row.id, error);
  }
}

/** Records the reason on the row and rethrows, so pg-boss retries with backoff. */
async function fail(deps: NormalizeDeps, id: string, error: unknown): Promise<never> {
  const reason = error instanceof Error ? error.message : String(error);
  await repo.markWebhookEvent(deps.db, id, "FAILED", reason, deps.clock.now());
  if (!(error instanceof InboxWebhookRetry))
    deps.log.warn({ eventId: id, err: reason }, "inbox webhook failed");
  throw error;
}
