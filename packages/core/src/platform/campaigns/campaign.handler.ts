import type { Db } from "@quartet/db/client";
import type { EmailType } from "@quartet/db/enums";
import { campaignSendBatchJob, emailSendJob } from "@quartet/jobs/definitions";
import { enqueue, type JobSender } from "@quartet/jobs/queue";
import type { AppConfig, Clock, Logger } from "../../deps.ts";
import { type CampaignMailData, campaignMailDataSchema } from "../../email/campaign-mail.ts";
import { insertEmailLog } from "../../email/email-log.repository.ts";
import { unsubscribeLinks } from "../../email/unsubscribe.ts";
import * as repo from "./campaign.repository.ts";
import { campaignSegmentSchema } from "./campaign.schema.ts";
import { wordsFor } from "./campaign-content.ts";

export interface CampaignJobDeps {
  db: Db;
  boss: JobSender;
  clock: Clock;
  log: Logger;
  config: Pick<AppConfig, "webUrl" | "encryptionKey" | "inboundEmailDomain">;
}

/** People added per expansion transaction, and mails queued per batch job. */
export const EXPAND_BATCH = 1000;
export const SEND_BATCH = 200;

/**
 * `campaign.start`: a due SCHEDULED campaign becomes SENDING; a SENDING one not yet expanded has
 * its segment written as recipient rows, EXPAND_BATCH people per transaction, and each new chunk
 * of SEND_BATCH rows gets its `campaign.send-batch` job in that same transaction. A retry resumes
 * after the last recipient written; rows already there are not added (or queued) twice.
 */
export async function handleCampaignStart(deps: CampaignJobDeps, payload: { campaignId: string }) {
  const now = deps.clock.now();
  const campaign = await deps.db.$transaction(async (tx) => {
    const c = await repo.lockCampaign(tx, payload.campaignId);
    if (!c) return null;
    if (c.status === "SCHEDULED") {
      // Rescheduled later (or this job is early): the job of the new time starts it.
      if (c.scheduledAt && c.scheduledAt.getTime() > now.getTime() + 5_000) return null;
      await tx.emailCampaign.update({ where: { id: c.id }, data: { status: "SENDING", startedAt: now } });
      return { ...c, status: "SENDING" as const };
    }
    return c.status === "SENDING" && !c.expandedAt ? c : null;
  });
  if (!campaign) return { outcome: "NOTHING_TO_DO" };

  const segment = campaignSegmentSchema.parse(campaign.recipientsFilter ?? {});
  let cursor = await repo.lastRecipientUserId(deps.db, campaign.id);
  let added = 0;
  for (;;) {
    const batch = await deps.db.$transaction(async (tx) => {
      const result = await repo.insertRecipientBatch(tx, campaign.id, segment, now, cursor, EXPAND_BATCH);
      for (let i = 0; i < result.ids.length; i += SEND_BATCH) {
        await enqueue(deps.boss, tx, campaignSendBatchJob, {
          campaignId: campaign.id,
          recipientIds: result.ids.slice(i, i + SEND_BATCH),
        });
      }
      if (result.ids.length)
        await tx.emailCampaign.update({
          where: { id: campaign.id },
          data: { totalRecipients: { increment: result.ids.length } },
        });
      return result;
    });
    added += batch.ids.length;
    cursor = batch.lastUserId ?? cursor;
    if (batch.picked < EXPAND_BATCH) break;
  }
  await deps.db.emailCampaign.update({ where: { id: campaign.id }, data: { expandedAt: deps.clock.now() } });
  deps.log.info({ campaignId: campaign.id, recipients: added }, "campaign expanded");
  // An empty segment completes at once.
  await syncCampaign(deps, campaign.id);
  return { outcome: "EXPANDED", recipients: added };
}

/** The mail data of one recipient: the words in their locale and their own unsubscribe link. */
export function campaignMailFor(
  config: CampaignJobDeps["config"],
  campaign: Parameters<typeof wordsFor>[0] & { id: string | null },
  user: { id: string; locale: string },
  test = false,
): { data: CampaignMailData; headers: Record<string, string> } {
  const links = unsubscribeLinks(config, { userId: user.id, campaignId: campaign.id });
  const data = campaignMailDataSchema.parse({
    campaignId: campaign.id,
    ...wordsFor(campaign, user.locale),
    unsubscribeUrl: links.url,
    ...(test ? { test: true } : {}),
  });
  return { data, headers: links.headers };
}

/**
 * `campaign.send-batch`: for each of the batch's recipients still PENDING (locked, so a concurrent
 * retry skips them), one EmailLog and one `email.send` job, or SKIPPED when the person withdrew
 * consent, was deleted or their address is now suppressed. One transaction per batch.
 */
export async function handleCampaignSendBatch(
  deps: CampaignJobDeps,
  payload: { campaignId: string; recipientIds: string[] },
) {
  return deps.db.$transaction(
    async (tx) => {
      const campaign = await repo.findCampaign(tx, payload.campaignId);
      if (!campaign) return { queued: 0, skipped: 0 };
      if (campaign.status === "CANCELLED") {
        await repo.markRecipientsSkipped(tx, payload.recipientIds, "cancelled");
        return { queued: 0, skipped: payload.recipientIds.length };
      }
      const rows = await repo.lockPendingRecipients(tx, campaign.id, payload.recipientIds);
      const skip = { consent: [] as string[], suppressed: [] as string[], deleted: [] as string[] };
      let queued = 0;
      for (const r of rows) {
        if (r.deleted) skip.deleted.push(r.id);
        else if (!r.consent) skip.consent.push(r.id);
        else if (r.suppressed) skip.suppressed.push(r.id);
        else {
          const mail = campaignMailFor(deps.config, campaign, { id: r.user_id, locale: r.locale });
          const log = await insertEmailLog(tx, {
            userId: r.user_id,
            recipientEmail: r.email,
            recipientName: r.name,
            emailType: campaign.emailType as EmailType,
            subject: mail.data.subject,
            locale: r.locale,
            metadata: mail.data,
            headers: mail.headers,
          });
          await enqueue(deps.boss, tx, emailSendJob, { emailLogId: log.id });
          await repo.markRecipientQueued(tx, r.id, log.id);
          queued++;
        }
      }
      await repo.markRecipientsSkipped(tx, skip.deleted, "deleted");
      await repo.markRecipientsSkipped(tx, skip.consent, "no_consent");
      await repo.markRecipientsSkipped(tx, skip.suppressed, "suppressed");
      return { queued, skipped: skip.deleted.length + skip.consent.length + skip.suppressed.length };
    },
    { timeout: 60_000 },
  );
}

/**
 * Writes the campaign's current sent/failed counts and completes it (compare-and-set on SENDING)
 * once it is expanded and every recipient is sent, failed for good or skipped.
 */
export async function syncCampaign(deps: Pick<CampaignJobDeps, "db" | "clock">, campaignId: string) {
  const tally = await repo.tallyCampaign(deps.db, campaignId, emailSendJob.queue.retryLimit);
  const campaign = await repo.findCampaign(deps.db, campaignId);
  if (!campaign) return null;
  const done = tally.sent + tally.failed + tally.skipped;
  const complete = campaign.status === "SENDING" && campaign.expandedAt !== null && done >= tally.total;
  if (
    complete ||
    campaign.sentCount !== tally.sent ||
    campaign.failedCount !== tally.failed ||
    campaign.totalRecipients !== tally.total
  ) {
    await deps.db.emailCampaign.updateMany({
      where: { id: campaignId, ...(complete ? { status: "SENDING" } : {}) },
      data: {
        sentCount: tally.sent,
        failedCount: tally.failed,
        totalRecipients: tally.total,
        ...(complete ? { status: "COMPLETED", sentAt: deps.clock.now() } : {}),
      },
    });
  }
  return { tally, completed: complete };
}

/** `campaign.sync` (every minute): counts and completion of every sending campaign, nobody watching. */
export async function handleCampaignSync(deps: Pick<CampaignJobDeps, "db" | "clock">) {
  const sending = await repo.findSendingCampaignIds(deps.db);
  let completed = 0;
  for (const c of sending) if ((await syncCampaign(deps, c.id))?.completed) completed++;
  return { sending: sending.length, completed };
}
