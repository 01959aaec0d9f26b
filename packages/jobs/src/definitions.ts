import { z } from "zod";
import { defineJob } from "./job-definition.ts";

/** Renders and sends one EmailLog row's message; the row carries type, recipient, locale and data. */
export const emailSendJob = defineJob({
  name: "email.send",
  schema: z.object({ emailLogId: z.uuid() }),
  queue: {
    retryLimit: 4,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: 60,
    deadLetter: "email.send.dead",
    notify: true,
  },
  // A batch finishes with its slowest send: 2 loops x 20 mails in flight stay well inside the 60 s
  // expiry even on a slow relay (an expired attempt would be retried while still sending).
  work: { batchSize: 20 },
});

/**
 * The public identity request behind a job: who asked, when, and a request id that makes a retry
 * after a committed attempt a no-op.
 */
const identityRequestFields = {
  requestId: z.uuid(),
  email: z.string().min(3).max(255),
  ip: z.string().max(64),
  userAgent: z.string().max(500),
  requestedAt: z.iso.datetime({ offset: true }),
};

/**
 * A password-reset request, decided off the request path: the request only enqueues this (the same
 * work whether the address has an account or not), and the job mails the link or records the miss.
 */
export const identityPasswordResetJob = defineJob({
  name: "identity.password-reset",
  schema: z.object(identityRequestFields),
  queue: { retryLimit: 3, retryDelay: 5, retryBackoff: true, expireInSeconds: 60 },
});

/**
 * A sign-up, decided off the request path: the request checks and hashes the password and enqueues
 * this whatever the address, and the job creates the PENDING account (personal workspace,
 * verification mail) or records that the address is taken. It carries the argon2 hash, never the
 * password; finished jobs are deleted after a minute so the hash doesn't stay in the job table.
 */
export const identitySignUpJob = defineJob({
  name: "identity.sign-up",
  schema: z.object({
    ...identityRequestFields,
    name: z.string().min(1).max(100),
    passwordHash: z.string().startsWith("$argon2").max(500),
    locale: z.string().min(2).max(35),
    timezone: z.string().min(1).max(64),
  }),
  queue: {
    retryLimit: 3,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: 60,
    notify: true,
    deleteAfterSeconds: 60,
  },
});

/**
 * A "send me a new verification link" request, decided off the request path like a password reset:
 * the job mails a still-pending account a fresh link and does nothing for any other address.
 */
export const identityVerificationResendJob = defineJob({
  name: "identity.verification-resend",
  schema: z.object(identityRequestFields),
  queue: { retryLimit: 3, retryDelay: 5, retryBackoff: true, expireInSeconds: 60, notify: true },
});

/** Deletes expired sessions, used/expired tokens, stale pending sign-ups and rate-limit counters. */
export const maintenanceCleanupJob = defineJob({
  name: "maintenance.cleanup",
  schema: z.object({}).passthrough(),
  queue: { retryLimit: 2, retryDelay: 60, retryBackoff: false, expireInSeconds: 300 },
  cron: "*/15 * * * *",
});

/**
 * Prunes the realtime event log (events older than an hour): a browser away longer resyncs
 * instead of replaying. One DELETE on an indexed timestamp, idempotent.
 */
export const realtimePruneJob = defineJob({
  name: "realtime.prune",
  schema: z.object({}).passthrough(),
  queue: { retryLimit: 1, retryDelay: 60, retryBackoff: false, expireInSeconds: 120 },
  cron: "*/10 * * * *",
});

/**
 * Desk SLA clock: records breaches (once, compare-and-set) and sends the pre-deadline warning.
 * Set-based and idempotent, so an overlapping run or a second worker does no harm.
 */
export const deskSlaCheckJob = defineJob({
  name: "desk.sla-check",
  schema: z.object({}).passthrough(),
  queue: { retryLimit: 1, retryDelay: 30, retryBackoff: false, expireInSeconds: 120 },
  cron: "* * * * *",
});

/**
 * Desk SLA recomputation after a policy change (edit, new default, deletion): the deadlines of the
 * workspace's active tickets on `policyId` (and, with `includeUnassigned`, of those without a
 * policy, which follow the default) in batches, each under the tickets' row locks. Enqueued in the
 * policy change's transaction; recomputing from the ticket's state is idempotent, so a retry or a
 * second job for the same change converges.
 */
export const deskSlaRecomputeJob = defineJob({
  name: "desk.sla-recompute",
  schema: z.object({
    orgId: z.uuid(),
    policyId: z.uuid().nullable(),
    includeUnassigned: z.boolean(),
  }),
  queue: {
    retryLimit: 3,
    retryDelay: 15,
    retryBackoff: true,
    expireInSeconds: 1800,
    deadLetter: "desk.sla-recompute.dead",
  },
});

/**
 * Desk automation: runs the workspace's rules for one ticket event (enqueued with the change, in
 * its transaction). Idempotent: each rule's execution is keyed by the job id.
 */
export const deskAutomationJob = defineJob({
  name: "desk.automation",
  schema: z.object({
    orgId: z.uuid(),
    ticketId: z.uuid(),
    triggers: z.array(z.string().max(50)).min(1).max(10),
    changedFields: z.array(z.string().max(50)).max(20).default([]),
    depth: z.number().int().min(0).max(20),
    eventType: z.string().max(50),
    at: z.string().max(40),
  }),
  queue: {
    retryLimit: 3,
    retryDelay: 10,
    retryBackoff: true,
    expireInSeconds: 300,
    deadLetter: "desk.automation.dead",
    notify: true,
  },
});

/** Desk time-based automation ("pending for N hours"): one firing per ticket and pending period. */
export const deskAutomationScanJob = defineJob({
  name: "desk.automation-scan",
  schema: z.object({}).passthrough(),
  queue: { retryLimit: 1, retryDelay: 60, retryBackoff: false, expireInSeconds: 300 },
  cron: "*/5 * * * *",
});

/**
 * Desk auto-close: resolved tickets past their workspace's wait (DeskSettings.autoCloseDays) become
 * closed. Each ticket is closed under its row lock after a re-check, so overlapping runs close it once.
 */
export const deskAutoCloseJob = defineJob({
  name: "desk.auto-close",
  schema: z.object({}).passthrough(),
  queue: { retryLimit: 2, retryDelay: 60, retryBackoff: false, expireInSeconds: 900 },
  cron: "7 * * * *",
});

/**
 * Desk reports: rolls up (DailyTicketMetrics, AgentPerformance) the days before each workspace's
 * today, in its time zone, that are not rolled up yet — hourly, so each day is rolled up soon after
 * the workspace's midnight (delete + insert per workspace and range in one transaction: reruns converge).
 */
export const deskMetricsDailyJob = defineJob({
  name: "desk.metrics-daily",
  schema: z.object({}).passthrough(),
  queue: { retryLimit: 3, retryDelay: 300, retryBackoff: true, expireInSeconds: 3600 },
  cron: "20 * * * *",
});

/**
 * Desk reports: an owner's rebuild of the rollups for a range of past days (a DeskMetricsRebuild
 * row, whose progress the reports screen shows). Resumes where a failed attempt stopped.
 */
export const deskMetricsRebuildJob = defineJob({
  name: "desk.metrics-rebuild",
  schema: z.object({ rebuildId: z.uuid() }),
  queue: { retryLimit: 2, retryDelay: 30, retryBackoff: true, expireInSeconds: 3600 },
});

/**
 * Starts an email campaign (sent now, or when its scheduled time comes: enqueued with startAfter):
 * expands its segment into recipient rows in batches, each batch's rows and its
 * `campaign.send-batch` job written in one transaction, so a retry picks up where it stopped.
 */
export const campaignStartJob = defineJob({
  name: "campaign.start",
  schema: z.object({ campaignId: z.uuid() }),
  queue: {
    retryLimit: 3,
    retryDelay: 10,
    retryBackoff: true,
    expireInSeconds: 1800,
    deadLetter: "campaign.start.dead",
  },
});

/**
 * Queues one batch of a campaign's mails through `email.send`: each PENDING recipient still
 * consenting and not suppressed gets an EmailLog (QUEUED), the others are SKIPPED; compare-and-set
 * on the recipient's status makes a retry a no-op for the rows already done.
 */
export const campaignSendBatchJob = defineJob({
  name: "campaign.send-batch",
  schema: z.object({ campaignId: z.uuid(), recipientIds: z.array(z.uuid()).min(1).max(500) }),
  queue: {
    retryLimit: 4,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: 300,
    deadLetter: "campaign.send-batch.dead",
  },
  work: { batchSize: 2 },
});

/** Refreshes the sent/failed counts of sending campaigns and completes those whose mails are all done. */
export const campaignSyncJob = defineJob({
  name: "campaign.sync",
  schema: z.object({}).passthrough(),
  queue: { retryLimit: 1, retryDelay: 30, retryBackoff: false, expireInSeconds: 120 },
  cron: "* * * * *",
});

/** Submits URLs to IndexNow (one request for the batch) and records the answer on each SeoSubmission. */
export const seoIndexNowJob = defineJob({
  name: "seo.indexnow-submit",
  schema: z.object({ submissionIds: z.array(z.uuid()).min(1).max(100) }),
  queue: { retryLimit: 3, retryDelay: 30, retryBackoff: true, expireInSeconds: 120 },
});

/**
 * Desk ticket search: rebuilds the search documents of a workspace's tickets after its content
 * language changed (stems in the new language), in batches newest first. Enqueued with the
 * settings change; rebuilding from the current data is idempotent, so retries and overlapping
 * jobs converge.
 */
export const deskSearchReindexJob = defineJob({
  name: "desk.search-reindex",
  schema: z.object({ orgId: z.uuid() }),
  queue: {
    retryLimit: 3,
    retryDelay: 30,
    retryBackoff: true,
    expireInSeconds: 3600,
    deadLetter: "desk.search-reindex.dead",
  },
});

/**
 * Desk: tells the agents who asked for it (desk.new_ticket preference: all, unassigned, my teams)
 * about a ticket that was just created, in the app and/or by mail. Enqueued in the creating
 * transaction; a retry skips the agents already notified.
 */
export const deskNewTicketNotifyJob = defineJob({
  name: "desk.new-ticket-notify",
  schema: z.object({ orgId: z.uuid(), ticketId: z.uuid() }),
  queue: {
    retryLimit: 3,
    retryDelay: 10,
    retryBackoff: true,
    expireInSeconds: 300,
    deadLetter: "desk.new-ticket-notify.dead",
    notify: true,
  },
});

/**
 * Billing clock: offline renewals and dunning retries, cancel-at-period-end / trial / grace
 * endings (→ FREE), SUBSCRIPTION_EXPIRING_SOON and Day Pass mails (each once), expired checkouts.
 * Set-based and idempotent (event ids and notice keys), so overlapping runs do no harm.
 */
export const billingLifecycleJob = defineJob({
  name: "billing.lifecycle",
  schema: z.object({}).passthrough(),
  queue: { retryLimit: 1, retryDelay: 30, retryBackoff: false, expireInSeconds: 300 },
  cron: "* * * * *",
});

/**
 * Inbox connection health (every 15 min): refreshes platform tokens that expire within 7 days
 * (and are past half their life) through the provider; a refusal marks the connection EXPIRED and
 * mails the owners once per outage; also mails about outages a failed send marked.
 */
export const inboxTokenRefreshJob = defineJob({
  name: "inbox.token-refresh",
  schema: z.object({ withinDays: z.number().int().min(1).max(60).optional() }).passthrough(),
  queue: { retryLimit: 1, retryDelay: 60, retryBackoff: false, expireInSeconds: 900 },
  cron: "*/15 * * * *",
});

/**
 * After an encryption key rotation: rewrites every stored secret (platform tokens, TOTP secrets)
 * still sealed under an older key with the newest one, in batches of compare-and-sets. Started by
 * a platform admin or `pnpm ops reencrypt-secrets`; safe to rerun.
 */
export const securityReencryptSecretsJob = defineJob({
  name: "security.reencrypt-secrets",
  schema: z.object({ batchSize: z.number().int().min(1).max(1000).optional() }),
  queue: { retryLimit: 2, retryDelay: 60, retryBackoff: true, expireInSeconds: 3600 },
});

/**
 * Inbox: turns one stored webhook delivery (inbox_webhook_events) into conversations, messages,
 * receipts and reactions of the connections it names. Enqueued with the stored row, in its
 * transaction; ingest is idempotent on the platform's message ids, so a retry converges.
 */
export const inboxWebhookNormalizeJob = defineJob({
  name: "inbox.webhook-normalize",
  schema: z.object({ eventId: z.uuid() }),
  queue: {
    retryLimit: 5,
    retryDelay: 10,
    retryBackoff: true,
    expireInSeconds: 120,
    deadLetter: "inbox.webhook-normalize.dead",
    notify: true,
  },
  work: { batchSize: 10 },
});

/**
 * Inbox: copies an inbound message's attachment from the platform into our storage (provider
 * fetchMedia or the SSRF-safe fetcher); a failure leaves the message "media unavailable" and retries.
 */
export const inboxMediaFetchJob = defineJob({
  name: "inbox.media-fetch",
  schema: z.object({ messageId: z.uuid() }),
  queue: {
    retryLimit: 4,
    retryDelay: 30,
    retryBackoff: true,
    expireInSeconds: 300,
    deadLetter: "inbox.media-fetch.dead",
    notify: true,
  },
});

/**
 * Inbox: sends one outbound message (PENDING, written with this job in the sender's transaction)
 * through its channel's provider: SENT with the platform's id, or FAILED with the provider's reason.
 * Retried with backoff while the provider says it may pass later; a compare-and-set on the status
 * makes a repeat a no-op.
 */
export const inboxSendMessageJob = defineJob({
  name: "inbox.send-message",
  schema: z.object({ messageId: z.uuid() }),
  queue: {
    retryLimit: 4,
    retryDelay: 10,
    retryBackoff: true,
    expireInSeconds: 120,
    deadLetter: "inbox.send-message.dead",
    notify: true,
  },
  work: { batchSize: 5 },
});

/**
 * Inbox: tells the platform the business read a conversation, up to one inbound message (WhatsApp's
 * blue ticks, Messenger's "seen"), enqueued when an agent opens it. Best effort: retried while the
 * platform says later, dropped when it refuses.
 */
export const inboxReadReceiptJob = defineJob({
  name: "inbox.read-receipt",
  schema: z.object({ messageId: z.uuid() }),
  queue: { retryLimit: 3, retryDelay: 10, retryBackoff: true, expireInSeconds: 60 },
  work: { batchSize: 10 },
});

/**
 * Inbox: a snoozed conversation's time came (the job starts then): it is woken (the snooze cleared
 * unless it changed since) and open inbox screens are told, so it reappears without a reload.
 */
export const inboxSnoozeWakeJob = defineJob({
  name: "inbox.snooze-wake",
  schema: z.object({ conversationId: z.uuid(), until: z.iso.datetime({ offset: true }) }),
  queue: { retryLimit: 3, retryDelay: 10, retryBackoff: true, expireInSeconds: 60 },
});

/**
 * Inbox retention: deletes messages older than each workspace's plan allows (inbox.historyDays;
 * unlimited plans keep everything), in batches, then fixes the previews of the conversations it
 * touched; also removes uploads never sent. Idempotent: a rerun deletes what is still too old.
 */
export const inboxRetentionJob = defineJob({
  name: "inbox.retention",
  schema: z.object({}).passthrough(),
  queue: { retryLimit: 2, retryDelay: 300, retryBackoff: true, expireInSeconds: 3600 },
  cron: "40 3 * * *",
});

/**
 * Inbox analytics: rebuilds DailyAnalytics (all, per platform, per agent) for each workspace's
 * yesterday and today in its time zone, from the messages and conversations (delete + insert per
 * workspace and day: reruns converge). Hourly, so every time zone's night is covered soon after
 * its midnight; the analytics screen computes today live as well.
 */
export const inboxAnalyticsRollupJob = defineJob({
  name: "inbox.analytics-rollup",
  schema: z.object({}).passthrough(),
  queue: { retryLimit: 2, retryDelay: 300, retryBackoff: true, expireInSeconds: 3600 },
  cron: "25 * * * *",
});

/**
 * Tools: runs one Job (a tool on uploaded files) through @quartet/processors in an isolated child,
 * writing Job.progress as the processor reports it, the outputs to storage and the result (or a
 * reason a person can act on) to the row. A compare-and-set on the status makes a redelivery or a
 * cancelled job a no-op; processor failures are the job's result, not a queue retry.
 */
export const toolsProcessJob = defineJob({
  name: "tools.process",
  schema: z.object({ jobId: z.uuid() }),
  queue: {
    retryLimit: 1,
    retryDelay: 5,
    retryBackoff: false,
    expireInSeconds: 300,
    deadLetter: "tools.process.dead",
    notify: true,
  },
  // One file job per fetch: each loop runs one processor at a time (they are CPU- and memory-heavy).
  work: { batchSize: 1 },
});

/** Tools: deletes jobs, batches and stored files past their expiry (24 h), in batches. */
export const toolsExpireJob = defineJob({
  name: "tools.expire",
  schema: z.object({}).passthrough(),
  queue: { retryLimit: 2, retryDelay: 60, retryBackoff: true, expireInSeconds: 900 },
  cron: "*/10 * * * *",
});

/**
 * Publish: one (post, channel) publication at its time — and the replies of its thread — through
 * the channel's provider. Enqueued with startAfter at the post's time, in the transaction that
 * schedules it. A compare-and-set PENDING → PUBLISHING (with an attempt id) lets one run post; the
 * provider call carries the publication's idempotency key; a retry after a crash asks the provider
 * by that key before posting. Transient provider errors are retried with backoff.
 */
export const publishPostJob = defineJob({
  name: "publish.post",
  schema: z.object({ publicationId: z.uuid() }),
  queue: {
    retryLimit: 5,
    retryDelay: 15,
    retryBackoff: true,
    expireInSeconds: 120,
    deadLetter: "publish.post.dead",
    notify: true,
  },
  work: { batchSize: 10 },
});

/**
 * Publish recovery (every minute): publications held PUBLISHING past their lease (a worker killed
 * mid-publish) and PENDING ones past their time with no job left are handed to publish.post again,
 * which asks the provider by idempotency key before posting.
 */
export const publishRecoverJob = defineJob({
  name: "publish.recover",
  schema: z.object({}).passthrough(),
  queue: { retryLimit: 1, retryDelay: 30, retryBackoff: false, expireInSeconds: 120 },
  cron: "* * * * *",
});

/**
 * Publish: POSTs one outgoing webhook delivery (post.published, post.failed, webhook.test), signed
 * per Standard Webhooks, through the SSRF-guarded fetcher; retried with backoff, every attempt
 * recorded on the delivery row.
 */
export const publishWebhookDeliverJob = defineJob({
  name: "publish.webhook-deliver",
  schema: z.object({ deliveryId: z.uuid() }),
  queue: {
    retryLimit: 5,
    retryDelay: 30,
    retryBackoff: true,
    expireInSeconds: 60,
    deadLetter: "publish.webhook-deliver.dead",
  },
  work: { batchSize: 5 },
});

/** Every job the worker registers at boot. */
export const allJobs = [
  emailSendJob,
  identityPasswordResetJob,
  identitySignUpJob,
  identityVerificationResendJob,
  maintenanceCleanupJob,
  deskSlaCheckJob,
  deskSlaRecomputeJob,
  deskAutomationJob,
  deskAutomationScanJob,
  deskAutoCloseJob,
  deskMetricsDailyJob,
  deskMetricsRebuildJob,
  deskNewTicketNotifyJob,
  deskSearchReindexJob,
  campaignStartJob,
  campaignSendBatchJob,
  campaignSyncJob,
  seoIndexNowJob,
  billingLifecycleJob,
  inboxTokenRefreshJob,
  securityReencryptSecretsJob,
  inboxWebhookNormalizeJob,
  inboxMediaFetchJob,
  inboxSendMessageJob,
  inboxReadReceiptJob,
  inboxSnoozeWakeJob,
  inboxRetentionJob,
  inboxAnalyticsRollupJob,
  realtimePruneJob,
  toolsProcessJob,
  toolsExpireJob,
  publishPostJob,
  publishRecoverJob,
  publishWebhookDeliverJob,
] as const;
