import type { AppEvents } from "@quartet/core/app-events";
import { handleBillingLifecycle } from "@quartet/core/billing/billing-lifecycle.handler";
import type { AppConfig, Clock, Logger } from "@quartet/core/deps";
import { cleanupOrphanAttachments } from "@quartet/core/desk/attachments/attachment.service";
import {
  type AutomationJobPayload,
  handleAutomation,
  handleAutomationScan,
} from "@quartet/core/desk/automation/automation.engine";
import { handleNewTicketNotify } from "@quartet/core/desk/notifications/new-ticket-notify.handler";
import { handleMetricsDaily } from "@quartet/core/desk/reports/metrics-daily.handler";
import { handleMetricsRebuild } from "@quartet/core/desk/reports/metrics-rebuild.handler";
import { handleSlaCheck } from "@quartet/core/desk/sla/sla-check.handler";
import { handleSlaRecompute } from "@quartet/core/desk/sla/sla-policy.service";
import { handleAutoClose } from "@quartet/core/desk/tickets/auto-close.handler";
import { handleSearchReindex } from "@quartet/core/desk/tickets/ticket-search.handler";
import { handleEmailSend } from "@quartet/core/email/email-send.handler";
import {
  handlePasswordResetRequest,
  type PasswordResetJobPayload,
} from "@quartet/core/identity/password-reset.handler";
import {
  handleSignUp,
  handleVerificationResend,
  type SignUpJobPayload,
  type VerificationResendJobPayload,
} from "@quartet/core/identity/sign-up.handler";
import { handleAnalyticsRollup } from "@quartet/core/inbox/analytics/analytics.service";
import { handleTokenRefresh } from "@quartet/core/inbox/connections/token-refresh.handler";
import { wakeSnoozed } from "@quartet/core/inbox/conversations/conversation.service";
import { handleInboxMediaFetch } from "@quartet/core/inbox/inbound/media-fetch.handler";
import { handleInboxWebhookNormalize } from "@quartet/core/inbox/inbound/webhook-normalize.handler";
import { handleSendMessage } from "@quartet/core/inbox/messages/message-send.handler";
import { handleReadReceipt } from "@quartet/core/inbox/messages/read-receipt.handler";
import { handleInboxRetention } from "@quartet/core/inbox/retention/retention.handler";
import { handleMaintenanceCleanup } from "@quartet/core/maintenance/cleanup.handler";
import {
  handleCampaignSendBatch,
  handleCampaignStart,
  handleCampaignSync,
} from "@quartet/core/platform/campaigns/campaign.handler";
import { handleIndexNowSubmit } from "@quartet/core/platform/seo/indexnow";
import type { RuntimeSettings } from "@quartet/core/platform/settings/runtime-settings";
import { sweepStalePresence } from "@quartet/core/presence/presence.service";
import { handlePublishPost, handlePublishRecover } from "@quartet/core/publish/publisher/publish.handler";
import { handleWebhookDeliver } from "@quartet/core/publish/webhooks/webhook-deliver.handler";
import { handleRealtimePrune } from "@quartet/core/realtime/realtime-prune.handler";
import { handleReencryptSecrets } from "@quartet/core/security/reencrypt-secrets.handler";
import { handleToolsExpire } from "@quartet/core/tools/jobs/tools-expire.handler";
import { handleToolsProcess } from "@quartet/core/tools/jobs/tools-process.handler";
import type { Db } from "@quartet/db/client";
import type { MailTransport } from "@quartet/integrations/mail/mail-transport";
import type { SocialProviders } from "@quartet/integrations/social/registry";
import type { FileStorage } from "@quartet/integrations/storage/file-storage";
import {
  billingLifecycleJob,
  campaignSendBatchJob,
  campaignStartJob,
  campaignSyncJob,
  deskAutoCloseJob,
  deskAutomationJob,
  deskAutomationScanJob,
  deskMetricsDailyJob,
  deskMetricsRebuildJob,
  deskNewTicketNotifyJob,
  deskSearchReindexJob,
  deskSlaCheckJob,
  deskSlaRecomputeJob,
  emailSendJob,
  identityPasswordResetJob,
  identitySignUpJob,
  identityVerificationResendJob,
  inboxAnalyticsRollupJob,
  inboxMediaFetchJob,
  inboxReadReceiptJob,
  inboxRetentionJob,
  inboxSendMessageJob,
  inboxSnoozeWakeJob,
  inboxTokenRefreshJob,
  inboxWebhookNormalizeJob,
  maintenanceCleanupJob,
  publishPostJob,
  publishRecoverJob,
  publishWebhookDeliverJob,
  realtimePruneJob,
  securityReencryptSecretsJob,
  seoIndexNowJob,
  toolsExpireJob,
  toolsProcessJob,
} from "@quartet/jobs/definitions";
import type { JobPayload } from "@quartet/jobs/job-definition";
import type { JobSender } from "@quartet/jobs/queue";

/** What every job handler may use. */
export interface WorkerContext {
  db: Db;
  /** Enqueues follow-up jobs (ticket events published by handlers start automation jobs). */
  boss: JobSender;
  transport: MailTransport;
  log: Logger;
  clock: Clock;
  config: AppConfig;
  /** Uploaded files (inbound mail attachments are stored here). */
  storage: FileStorage;
  /** Ticket events published by handlers reach the same reactions as in the web app. */
  events: AppEvents;
  /** Runtime config and feature flags, refreshed by LISTEN/NOTIFY (see worker.ts). */
  settings?: RuntimeSettings;
  /** Inbox channel providers (webhook parsing, media, sending), built from the env at boot. */
  social?: SocialProviders;
}

/** One attempt of one job, as the handler sees it. */
export interface JobRun {
  id: string;
  name: string;
  /** 0 on the first attempt, +1 per retry. */
  retryCount: number;
  /** Aborted when the worker gives up waiting for the job during shutdown. */
  signal: AbortSignal;
}

/** Receives the payload already validated against the job definition's schema. */
export type JobHandler = (payload: unknown, job: JobRun) => Promise<unknown>;

/** Job name → handler. Every definition in `allJobs` must have one (checked at boot). */
export function buildHandlers(ctx: WorkerContext): Record<string, JobHandler> {
  return {
    [emailSendJob.name]: (payload, job) => handleEmailSend(ctx, payload as { emailLogId: string }, job),
    [identityPasswordResetJob.name]: (payload) =>
      handlePasswordResetRequest(ctx, payload as PasswordResetJobPayload),
    [identitySignUpJob.name]: (payload) => handleSignUp(ctx, payload as SignUpJobPayload),
    [identityVerificationResendJob.name]: (payload) =>
      handleVerificationResend(ctx, payload as VerificationResendJobPayload),
    [maintenanceCleanupJob.name]: async () => {
      const counts = await handleMaintenanceCleanup(ctx);
      const orphanAttachments = await cleanupOrphanAttachments(ctx);
      const stalePresence = await sweepStalePresence(ctx);
      return { ...counts, orphanAttachments, stalePresence };
    },
    [realtimePruneJob.name]: () => handleRealtimePrune(ctx),
    [deskSlaCheckJob.name]: () => handleSlaCheck(ctx),
    [deskSlaRecomputeJob.name]: (payload) =>
      handleSlaRecompute(ctx, payload as JobPayload<typeof deskSlaRecomputeJob>),
    [deskAutomationJob.name]: (payload, job) => handleAutomation(ctx, payload as AutomationJobPayload, job),
    [deskAutomationScanJob.name]: () => handleAutomationScan(ctx),
    [deskAutoCloseJob.name]: () => handleAutoClose(ctx),
    [deskMetricsDailyJob.name]: () => handleMetricsDaily(ctx),
    [deskSearchReindexJob.name]: (payload) =>
      handleSearchReindex(ctx, payload as JobPayload<typeof deskSearchReindexJob>),
    [deskMetricsRebuildJob.name]: (payload, job) =>
      handleMetricsRebuild(ctx, payload as { rebuildId: string }, job),
    [deskNewTicketNotifyJob.name]: (payload) =>
      handleNewTicketNotify(ctx, payload as JobPayload<typeof deskNewTicketNotifyJob>),
    [campaignStartJob.name]: (payload) =>
      handleCampaignStart(ctx, payload as JobPayload<typeof campaignStartJob>),
    [campaignSendBatchJob.name]: (payload) =>
      handleCampaignSendBatch(ctx, payload as JobPayload<typeof campaignSendBatchJob>),
    [campaignSyncJob.name]: () => handleCampaignSync(ctx),
    [billingLifecycleJob.name]: () => handleBillingLifecycle(ctx),
    [inboxTokenRefreshJob.name]: (payload) =>
      handleTokenRefresh(ctx, payload as JobPayload<typeof inboxTokenRefreshJob>),
    [securityReencryptSecretsJob.name]: (payload) =>
      handleReencryptSecrets(ctx, payload as JobPayload<typeof securityReencryptSecretsJob>),
    [inboxWebhookNormalizeJob.name]: (payload) =>
      handleInboxWebhookNormalize(ctx, payload as JobPayload<typeof inboxWebhookNormalizeJob>),
    [inboxMediaFetchJob.name]: (payload) =>
      handleInboxMediaFetch(ctx, payload as JobPayload<typeof inboxMediaFetchJob>),
    [inboxSendMessageJob.name]: (payload, job) =>
      handleSendMessage(ctx, payload as JobPayload<typeof inboxSendMessageJob>, job),
    [inboxReadReceiptJob.name]: (payload) =>
      handleReadReceipt(ctx, payload as JobPayload<typeof inboxReadReceiptJob>),
    [inboxSnoozeWakeJob.name]: (payload) =>
      wakeSnoozed(ctx, payload as JobPayload<typeof inboxSnoozeWakeJob>),
    [inboxRetentionJob.name]: () => handleInboxRetention(ctx),
    [inboxAnalyticsRollupJob.name]: () => handleAnalyticsRollup(ctx),
    [seoIndexNowJob.name]: (payload) =>
      handleIndexNowSubmit(ctx, payload as JobPayload<typeof seoIndexNowJob>),
    [toolsProcessJob.name]: (payload, job) =>
      handleToolsProcess(ctx, payload as JobPayload<typeof toolsProcessJob>, job),
    [toolsExpireJob.name]: () => handleToolsExpire(ctx),
    [publishPostJob.name]: (payload, job) =>
      handlePublishPost(ctx, payload as JobPayload<typeof publishPostJob>, job),
    [publishRecoverJob.name]: () => handlePublishRecover(ctx),
    [publishWebhookDeliverJob.name]: (payload, job) =>
      handleWebhookDeliver(ctx, payload as JobPayload<typeof publishWebhookDeliverJob>, job),
  };
}
